/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync.h - WDFSPINLOCK and WDFWAITLOCK objects.
 */
#ifndef _WDFSHIM_SYNC_H
#define _WDFSHIM_SYNC_H

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <wdfsync.h>

#include "object.h"

/**
 * struct wdfshim_lock - a KMDF lock: a spinlock or a mutex that knows its holder
 * @spin: the spin lock, always taken with interrupts off (!@passive);
 *        raw, so that on PREEMPT_RT too the holder runs with interrupts
 *        off and cannot be preempted, as at DISPATCH_LEVEL or DIRQL in
 *        KMDF (there a spinlock_t is a sleeping lock). The holder must not
 *        take a spinlock_t or anything else that sleeps on RT, which is
 *        KMDF's rule at those levels too.
 * @mutex: the mutex (@passive)
 * @passive: a wait lock (a mutex) rather than a spin lock
 * @owner: the task holding the lock, or NULL; written only by that task
 * @flags: the holder's saved interrupt state (spin; under the lock)
 * @frame: the holder's IRQL mark (under the lock)
 *
 * Every lock wdfshim hands a driver is one of these: a WDFSPINLOCK, a
 * WDFWAITLOCK, an interrupt's built-in lock and a device's callback lock.
 * Knowing the holder lets each DDI report what KMDF's lock verifier
 * reports: the holder acquiring it again (a deadlock: bug check
 * WDF_RECURSIVE_LOCK) and a release by a task that does not hold it
 * (reported and ignored). @owner compares equal to current only while
 * current holds the lock, so it is read without the lock.
 */
struct wdfshim_lock {
	union {
		raw_spinlock_t spin;	/* !passive: taken with IRQs off */
		struct mutex mutex;	/* passive */
	};
	bool passive;
	struct task_struct *owner;
	unsigned long flags;
	int frame;
};

void __wdfshim_lock_init(struct wdfshim_lock *l, bool passive,
			 const char *name, struct lock_class_key *key);

/*
 * One lockdep class per call site, as spin_lock_init() and mutex_init()
 * give; a spin lock and a mutex made at one site get a class each.
 */
#define wdfshim_lock_init(l, passive)					\
do {									\
	static struct lock_class_key __spin_key, __mutex_key;		\
	bool __passive = (passive);					\
									\
	__wdfshim_lock_init((l), __passive, #l,				\
			    __passive ? &__mutex_key : &__spin_key);	\
} while (0)

bool wdfshim_lock_acquire(struct wdfshim_lock *l, KIRQL irql,
			  const void *handle, const char *ddi);
bool wdfshim_lock_try(struct wdfshim_lock *l, const void *handle,
		      const char *ddi);
bool wdfshim_lock_release(struct wdfshim_lock *l, const void *handle,
			  const char *ddi);

static inline bool wdfshim_lock_held(const struct wdfshim_lock *l)
{
	return READ_ONCE(l->owner) == current;
}

/**
 * struct wdfshim_spinlock - a WDFSPINLOCK
 * @obj: object header
 * @lock: the lock, a spin lock; taken at DISPATCH_LEVEL by
 *        WdfSpinLockAcquire(), at DIRQL as an interrupt's lock
 */
struct wdfshim_spinlock {
	struct wdfshim_object obj;
	struct wdfshim_lock lock;
};

/**
 * struct wdfshim_waitlock - a WDFWAITLOCK
 * @obj: object header
 * @lock: the lock, a mutex
 */
struct wdfshim_waitlock {
	struct wdfshim_object obj;
	struct wdfshim_lock lock;
};

struct wdfshim_spinlock *wdfshim_spinlock_from_handle(WDFSPINLOCK h,
						      const char *ddi);
struct wdfshim_waitlock *wdfshim_waitlock_from_handle(WDFWAITLOCK h,
						      const char *ddi);

#endif /* _WDFSHIM_SYNC_H */
