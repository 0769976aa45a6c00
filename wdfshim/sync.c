// SPDX-License-Identifier: GPL-2.0
/*
 * sync.c - KMDF's locks: WDFSPINLOCK (raw_spinlock_t, interrupts off),
 * WDFWAITLOCK (mutex) and WdfObjectAcquireLock() on a device's callback
 * lock, all built on struct wdfshim_lock, which knows its holder.
 *
 * A WDFSPINLOCK passed as WDF_INTERRUPT_CONFIG.SpinLock becomes the
 * interrupt's lock: its ISR runs under it, and so do the ISRs of every
 * other interrupt given the same lock.
 *
 * Misuse has one outcome per kind, the one KMDF's verifier gives it:
 *  - the holder acquiring a lock again: bug check WDF_RECURSIVE_LOCK
 *    (parameter 2 the handle, 3 the lock); it would deadlock;
 *  - releasing a lock the caller does not hold: reported, ignored;
 *  - a lock that may sleep (a wait lock, a passive callback lock) at
 *    DISPATCH_LEVEL or above: reported, the acquisition refused
 *    (STATUS_INVALID_DEVICE_REQUEST where the DDI returns a status);
 *  - WdfObjectAcquireLock() on an object without a callback lock: bug
 *    check WDF_INVALID_LOCK_OPERATION.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sched.h>

#include "bugcheck.h"
#include "compat.h"
#include "irql.h"
#include "sync.h"

/* ---- the lock core ----------------------------------------------------- */

void __wdfshim_lock_init(struct wdfshim_lock *l, bool passive,
			 const char *name, struct lock_class_key *key)
{
	l->passive = passive;
	l->owner = NULL;
	if (passive) {
		mutex_init(&l->mutex);
		lockdep_set_class_and_name(&l->mutex, key, name);
	} else {
		raw_spin_lock_init(&l->spin);
		lockdep_set_class_and_name(&l->spin, key, name);
	}
}

/* The holder acquiring again: a deadlock in KMDF; its verifier bug checks. */
static bool wdfshim_lock_recursive(struct wdfshim_lock *l, const void *handle,
				   const char *ddi)
{
	if (!wdfshim_lock_held(l))
		return false;
	wdfshim_bugcheck(WDF_RECURSIVE_LOCK, (ULONG_PTR)handle, (ULONG_PTR)l,
			 ddi, "the caller already holds this lock");
	return true;
}

static void wdfshim_lock_owned(struct wdfshim_lock *l, KIRQL irql)
{
	WRITE_ONCE(l->owner, current);
	l->frame = irql > PASSIVE_LEVEL ? wdfshim_irql_enter(irql) : -1;
}

/**
 * wdfshim_lock_acquire - take a lock for its holder
 * @l: the lock
 * @irql: the IRQL the holder runs at (DISPATCH_LEVEL, WDFSHIM_DIRQL;
 *        PASSIVE_LEVEL for a mutex)
 * @handle: the object the lock belongs to, for reports
 * @ddi: the calling DDI, for reports
 *
 * A spin lock is taken with interrupts off. The caller checked the IRQL
 * for a mutex. Sparse does not count the lock here: it outlives the call
 * (and a DDI such as WdfSpinLockAcquire() returns holding it). A caller
 * that releases it in the same function says "maybe acquired" with
 * wdfshim_cond_lock(), as the interrupt lock's wdfshim_interrupt_lock()
 * does, and sparse checks the pair there.
 *
 * Context: spin: any; mutex: PASSIVE_LEVEL.
 * Return: true if the lock is now held; false if the caller already held
 * it (after the WDF_RECURSIVE_LOCK bug check, which returns only under
 * KUnit's hook).
 */
bool wdfshim_lock_acquire(struct wdfshim_lock *l, KIRQL irql,
			  const void *handle, const char *ddi)
{
	unsigned long flags;

	if (wdfshim_lock_recursive(l, handle, ddi))
		return false;
	if (l->passive) {
		mutex_lock(&l->mutex);
	} else {
		raw_spin_lock_irqsave(&l->spin, flags);
		__release(&l->spin);	/* sparse: held on return, see above */
		l->flags = flags;
	}
	wdfshim_lock_owned(l, irql);
	return true;
}

/**
 * wdfshim_lock_try - take a wait lock if it is free
 * @l: the lock, a mutex
 * @handle: the object the lock belongs to, for reports
 * @ddi: the calling DDI, for reports
 *
 * A holder trying again gets false, as KMDF's wait lock answers it.
 *
 * Context: PASSIVE_LEVEL or DISPATCH_LEVEL (never sleeps).
 * Return: true if the lock is now held by the caller.
 */
bool wdfshim_lock_try(struct wdfshim_lock *l, const void *handle,
		      const char *ddi)
{
	if (WARN_ON_ONCE(!l->passive) || wdfshim_lock_held(l) ||
	    !mutex_trylock(&l->mutex))
		return false;
	wdfshim_lock_owned(l, PASSIVE_LEVEL);
	return true;
}

/**
 * wdfshim_lock_release - release a lock its holder took
 * @l: the lock
 * @handle: the object the lock belongs to, for reports
 * @ddi: the calling DDI, for reports
 *
 * A caller that does not hold @l is reported and nothing is released,
 * as KMDF's verifier does. Not counted by sparse; see
 * wdfshim_lock_acquire().
 *
 * Context: the holder.
 * Return: true if released.
 */
bool wdfshim_lock_release(struct wdfshim_lock *l, const void *handle,
			  const char *ddi)
{
	if (!wdfshim_lock_held(l)) {
		pr_err_ratelimited("%s: the caller does not hold the lock of %p: release ignored\n",
				   ddi, handle);
		return false;
	}
	WRITE_ONCE(l->owner, NULL);
	wdfshim_irql_exit(l->frame);
	if (l->passive) {
		mutex_unlock(&l->mutex);
	} else {
		__acquire(&l->spin);	/* sparse: taken by wdfshim_lock_acquire() */
		raw_spin_unlock_irqrestore(&l->spin, l->flags);
	}
	return true;
}

/* ---- WDFSPINLOCK, WDFWAITLOCK ------------------------------------------ */

static const struct wdfshim_object_ops wdfshim_spinlock_ops = {
	.type = WDFSHIM_TYPE_SPINLOCK,
};

static const struct wdfshim_object_ops wdfshim_waitlock_ops = {
	.type = WDFSHIM_TYPE_WAITLOCK,
};

struct wdfshim_spinlock *wdfshim_spinlock_from_handle(WDFSPINLOCK h, const char *ddi)
{
	return wdfshim_resolve_as(h, WDFSHIM_TYPE_SPINLOCK, struct wdfshim_spinlock, ddi);
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_spinlock_from_handle);

struct wdfshim_waitlock *wdfshim_waitlock_from_handle(WDFWAITLOCK h, const char *ddi)
{
	return wdfshim_resolve_as(h, WDFSHIM_TYPE_WAITLOCK, struct wdfshim_waitlock, ddi);
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_waitlock_from_handle);

/*
 * What WdfSpinLockCreate and WdfWaitLockCreate share: the output pointer
 * is required (bug check), the parent is any live object or none, then
 * the object is created.
 */
static NTSTATUS wdfshim_sync_create(size_t size,
				    const struct wdfshim_object_ops *ops,
				    PWDF_OBJECT_ATTRIBUTES attrs, void *out,
				    const char *ddi, struct wdfshim_object **obj)
{
	struct wdfshim_object *parent = NULL;

	if (!out) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL, 0, 0, ddi,
				 "output handle pointer is NULL");
		return STATUS_INVALID_PARAMETER;
	}
	if (attrs && attrs->Size == sizeof(*attrs) && attrs->ParentObject) {
		parent = wdfshim_handle_resolve(attrs->ParentObject,
						WDFSHIM_TYPE_ANY, ddi);
		if (!parent)
			return STATUS_INVALID_HANDLE;
	}
	return wdfshim_object_create(size, ops, attrs, parent, ddi, obj);
}

/**
 * WdfSpinLockCreate - create a WDFSPINLOCK
 * @SpinLockAttributes: attributes (parent, context, callbacks), or NULL
 * @SpinLock: receives the handle
 *
 * Context: PASSIVE_LEVEL (allocates with GFP_KERNEL).
 * Return: STATUS_SUCCESS, STATUS_INVALID_HANDLE for a bad parent,
 * STATUS_INFO_LENGTH_MISMATCH, STATUS_INVALID_PARAMETER,
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS WdfSpinLockCreate(PWDF_OBJECT_ATTRIBUTES SpinLockAttributes,
			   WDFSPINLOCK *SpinLock)
{
	struct wdfshim_spinlock *sl;
	struct wdfshim_object *obj;
	NTSTATUS status;

	status = wdfshim_sync_create(sizeof(*sl), &wdfshim_spinlock_ops,
				     SpinLockAttributes, SpinLock, __func__, &obj);
	if (!NT_SUCCESS(status))
		return status;
	sl = container_of(obj, struct wdfshim_spinlock, obj);
	wdfshim_lock_init(&sl->lock, false);
	*SpinLock = (WDFSPINLOCK)wdfshim_object_handle(obj);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_NS_GPL(WdfSpinLockCreate, WDFSHIM_NS);

/**
 * WdfSpinLockAcquire - take a WDFSPINLOCK
 * @SpinLock: the lock
 *
 * Interrupts off; the caller runs at DISPATCH_LEVEL until the release.
 * The holder acquiring it again is bug check WDF_RECURSIVE_LOCK.
 *
 * Context: IRQL <= DISPATCH_LEVEL; never sleeps.
 */
VOID WdfSpinLockAcquire(WDFSPINLOCK SpinLock)
{
	struct wdfshim_spinlock *sl = wdfshim_spinlock_from_handle(SpinLock, __func__);

	if (sl)
		wdfshim_lock_acquire(&sl->lock, DISPATCH_LEVEL, SpinLock, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfSpinLockAcquire, WDFSHIM_NS);

/**
 * WdfSpinLockRelease - release a WDFSPINLOCK
 * @SpinLock: the lock, held by the caller (else reported and ignored)
 *
 * Context: the holder.
 */
VOID WdfSpinLockRelease(WDFSPINLOCK SpinLock)
{
	struct wdfshim_spinlock *sl = wdfshim_spinlock_from_handle(SpinLock, __func__);

	if (sl)
		wdfshim_lock_release(&sl->lock, SpinLock, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfSpinLockRelease, WDFSHIM_NS);

/**
 * WdfWaitLockCreate - create a WDFWAITLOCK
 * @LockAttributes: attributes (parent, context, callbacks), or NULL
 * @Lock: receives the handle
 *
 * Context: PASSIVE_LEVEL (allocates with GFP_KERNEL).
 * Return: as WdfSpinLockCreate().
 */
NTSTATUS WdfWaitLockCreate(PWDF_OBJECT_ATTRIBUTES LockAttributes,
			   WDFWAITLOCK *Lock)
{
	struct wdfshim_waitlock *wl;
	struct wdfshim_object *obj;
	NTSTATUS status;

	status = wdfshim_sync_create(sizeof(*wl), &wdfshim_waitlock_ops,
				     LockAttributes, Lock, __func__, &obj);
	if (!NT_SUCCESS(status))
		return status;
	wl = container_of(obj, struct wdfshim_waitlock, obj);
	wdfshim_lock_init(&wl->lock, true);
	*Lock = (WDFWAITLOCK)wdfshim_object_handle(obj);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_NS_GPL(WdfWaitLockCreate, WDFSHIM_NS);

/*
 * A KMDF timeout in 100 ns units: negative is relative, positive an
 * absolute system time (100 ns since 1601-01-01), as KeWaitForSingleObject
 * takes it. Return the deadline in jiffies.
 */
#define WDFSHIM_EPOCH_1601_TO_1970	11644473600LL	/* seconds */

static unsigned long wdfshim_timeout_deadline(LONGLONG timeout)
{
	s64 ticks;	/* 100 ns units from now */

	if (timeout < 0)
		ticks = -timeout;
	else
		ticks = timeout - WDFSHIM_EPOCH_1601_TO_1970 * 10000000LL -
			div_s64(ktime_get_real_ns(), 100);
	ticks = clamp_t(s64, ticks, 0, S64_MAX / 100);
	return jiffies + nsecs_to_jiffies(ticks * 100);
}

/* A wait lock with a non-zero timeout: try until the deadline. */
static bool wdfshim_waitlock_wait(struct wdfshim_waitlock *wl, WDFWAITLOCK h,
				  LONGLONG timeout)
{
	unsigned long deadline = wdfshim_timeout_deadline(timeout);

	for (;;) {
		if (wdfshim_lock_try(&wl->lock, h, "WdfWaitLockAcquire"))
			return true;
		if (time_after_eq(jiffies, deadline))
			return false;
		usleep_range(500, 1000);
	}
}

/**
 * WdfWaitLockAcquire - take a WDFWAITLOCK
 * @Lock: the lock
 * @Timeout: NULL to wait for ever; a pointer to 0 to try once; else a
 *           KMDF timeout in 100 ns units (negative: relative; positive:
 *           absolute system time), waited in steps of about a millisecond
 *
 * The holder acquiring it again is bug check WDF_RECURSIVE_LOCK (without
 * @Timeout; with one, the holder's attempt times out as in KMDF).
 *
 * Context: PASSIVE_LEVEL; DISPATCH_LEVEL with a zero @Timeout. At a higher
 * IRQL the call is reported and refused.
 * Return: STATUS_SUCCESS, STATUS_TIMEOUT, STATUS_INVALID_DEVICE_REQUEST
 * at the wrong IRQL, STATUS_INVALID_HANDLE after a handle bug check.
 */
NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK Lock, PLONGLONG Timeout)
{
	struct wdfshim_waitlock *wl = wdfshim_waitlock_from_handle(Lock, __func__);
	bool try_once = Timeout && *Timeout == 0;

	if (!wl)
		return STATUS_INVALID_HANDLE;
	if (!wdfshim_irql_allows(try_once ? DISPATCH_LEVEL : PASSIVE_LEVEL, __func__))
		return STATUS_INVALID_DEVICE_REQUEST;
	if (try_once)
		return wdfshim_lock_try(&wl->lock, Lock, __func__) ?
		       STATUS_SUCCESS : STATUS_TIMEOUT;
	if (Timeout)
		return wdfshim_waitlock_wait(wl, Lock, *Timeout) ?
		       STATUS_SUCCESS : STATUS_TIMEOUT;
	if (!wdfshim_lock_acquire(&wl->lock, PASSIVE_LEVEL, Lock, __func__))
		return STATUS_INVALID_DEVICE_REQUEST;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_NS_GPL(WdfWaitLockAcquire, WDFSHIM_NS);

/**
 * WdfWaitLockRelease - release a WDFWAITLOCK
 * @Lock: the lock, held by the caller (else reported and ignored)
 *
 * Context: the holder.
 */
VOID WdfWaitLockRelease(WDFWAITLOCK Lock)
{
	struct wdfshim_waitlock *wl = wdfshim_waitlock_from_handle(Lock, __func__);

	if (wl)
		wdfshim_lock_release(&wl->lock, Lock, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfWaitLockRelease, WDFSHIM_NS);

/* ---- WdfObjectAcquireLock: a device's callback lock -------------------- */

/*
 * The callback lock of an object, through its type's ops: only a WDFDEVICE
 * has one in wdfshim.
 */
static struct wdfshim_lock *wdfshim_callback_lock(WDFOBJECT h, const char *ddi)
{
	struct wdfshim_object *obj = wdfshim_handle_resolve(h, WDFSHIM_TYPE_ANY, ddi);

	if (!obj)
		return NULL;
	if (!obj->ops->callback_lock) {
		wdfshim_bugcheck(WDF_INVALID_LOCK_OPERATION, (ULONG_PTR)h, 0, ddi,
				 "the object has no callback lock (only a WDFDEVICE has one)");
		return NULL;
	}
	return obj->ops->callback_lock(obj);
}

/**
 * WdfObjectAcquireLock - take a device's callback synchronization lock
 * @Object: a WDFDEVICE (any other object: bug check
 *          WDF_INVALID_LOCK_OPERATION)
 *
 * The lock that AutomaticSerialization holds around the device's
 * interrupts' EvtInterruptDpc or EvtInterruptWorkItem, so driver code can
 * serialize with them: a spin lock (interrupts off, DISPATCH_LEVEL) for a
 * device of WdfExecutionLevelDispatch (the default), a mutex for
 * WdfExecutionLevelPassive. The holder acquiring it again is bug check
 * WDF_RECURSIVE_LOCK; a passive one at DISPATCH_LEVEL or above is
 * reported and not taken.
 *
 * Context: IRQL <= DISPATCH_LEVEL; PASSIVE_LEVEL for a passive device.
 */
VOID WdfObjectAcquireLock(WDFOBJECT Object)
{
	struct wdfshim_lock *l = wdfshim_callback_lock(Object, __func__);

	if (!l)
		return;
	if (l->passive && !wdfshim_irql_allows(PASSIVE_LEVEL, __func__))
		return;
	wdfshim_lock_acquire(l, l->passive ? PASSIVE_LEVEL : DISPATCH_LEVEL,
			     Object, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfObjectAcquireLock, WDFSHIM_NS);

/**
 * WdfObjectReleaseLock - release a device's callback synchronization lock
 * @Object: the WDFDEVICE whose lock the caller holds (else reported and
 *          ignored)
 *
 * Context: the holder.
 */
VOID WdfObjectReleaseLock(WDFOBJECT Object)
{
	struct wdfshim_lock *l = wdfshim_callback_lock(Object, __func__);

	if (l)
		wdfshim_lock_release(l, Object, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfObjectReleaseLock, WDFSHIM_NS);
