// SPDX-License-Identifier: GPL-2.0
/*
 * sync.c - WDFSPINLOCK (raw_spinlock_t, interrupts off) and WDFWAITLOCK (mutex).
 *
 * A WDFSPINLOCK passed as WDF_INTERRUPT_CONFIG.SpinLock becomes the
 * interrupt's lock: its ISR runs under it, and so do the ISRs of every
 * other interrupt given the same lock.
 */
#include <linux/lockdep.h>
#include <linux/sched.h>

#include "bugcheck.h"
#include "compat.h"
#include "irql.h"
#include "sync.h"

static const struct wdfshim_object_ops wdfshim_spinlock_ops = {
	.type = WDFSHIM_TYPE_SPINLOCK,
};

static const struct wdfshim_object_ops wdfshim_waitlock_ops = {
	.type = WDFSHIM_TYPE_WAITLOCK,
};

struct wdfshim_spinlock *wdfshim_spinlock_from_handle(WDFSPINLOCK h,
						      const char *ddi)
{
	struct wdfshim_object *obj;

	obj = wdfshim_handle_resolve(h, WDFSHIM_TYPE_SPINLOCK, ddi);
	return obj ? container_of(obj, struct wdfshim_spinlock, obj) : NULL;
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_spinlock_from_handle);

struct wdfshim_waitlock *wdfshim_waitlock_from_handle(WDFWAITLOCK h,
						      const char *ddi)
{
	struct wdfshim_object *obj;

	obj = wdfshim_handle_resolve(h, WDFSHIM_TYPE_WAITLOCK, ddi);
	return obj ? container_of(obj, struct wdfshim_waitlock, obj) : NULL;
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
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS or the object-creation failure.
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
	raw_spin_lock_init(&sl->lock);
	*SpinLock = (WDFSPINLOCK)wdfshim_object_handle(obj);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_NS_GPL(WdfSpinLockCreate, WDFSHIM_NS);

/**
 * WdfSpinLockAcquire - take a WDFSPINLOCK, interrupts off
 * @SpinLock: the lock
 *
 * The holder runs at DISPATCH_LEVEL (KeGetCurrentIrql()), as in KMDF.
 * Not recursive: lockdep reports a second acquire by the same holder.
 *
 * Context: any but NMI; never sleeps.
 */
VOID WdfSpinLockAcquire(WDFSPINLOCK SpinLock)
	__acquires(SpinLock)
{
	struct wdfshim_spinlock *sl = wdfshim_spinlock_from_handle(SpinLock, __func__);
	unsigned long flags;

	if (!sl) {
		__acquire(SpinLock);	/* sparse: a bug check took no lock */
		return;
	}
	raw_spin_lock_irqsave(&sl->lock, flags);
	sl->flags = flags;
	sl->frame = wdfshim_irql_enter(DISPATCH_LEVEL);
}
EXPORT_SYMBOL_NS_GPL(WdfSpinLockAcquire, WDFSHIM_NS);

/**
 * WdfSpinLockRelease - release a WDFSPINLOCK
 * @SpinLock: the lock, held by the caller
 *
 * Context: the holder.
 */
VOID WdfSpinLockRelease(WDFSPINLOCK SpinLock)
	__releases(SpinLock)
{
	struct wdfshim_spinlock *sl = wdfshim_spinlock_from_handle(SpinLock, __func__);

	if (!sl) {
		__release(SpinLock);
		return;
	}
	lockdep_assert_held(&sl->lock);
	wdfshim_irql_exit(sl->frame);
	raw_spin_unlock_irqrestore(&sl->lock, sl->flags);
}
EXPORT_SYMBOL_NS_GPL(WdfSpinLockRelease, WDFSHIM_NS);

/**
 * WdfWaitLockCreate - create a WDFWAITLOCK
 * @LockAttributes: attributes (parent, context, callbacks), or NULL
 * @Lock: receives the handle
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS or the object-creation failure.
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
	mutex_init(&wl->lock);
	*Lock = (WDFWAITLOCK)wdfshim_object_handle(obj);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_NS_GPL(WdfWaitLockCreate, WDFSHIM_NS);

/**
 * WdfWaitLockAcquire - take a WDFWAITLOCK
 * @Lock: the lock
 * @Timeout: NULL to wait forever; a pointer to 0 to try without waiting
 *
 * Other timeouts are not supported on Linux (a mutex cannot time out):
 * they are treated as "try once", which is a valid outcome of any finite
 * timeout.
 *
 * Context: task context (PASSIVE_LEVEL); a mutex is never taken from a DPC,
 * even with a zero timeout.
 * Return: STATUS_SUCCESS when the lock is held, STATUS_TIMEOUT otherwise.
 */
NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK Lock, PLONGLONG Timeout)
{
	struct wdfshim_waitlock *wl = wdfshim_waitlock_from_handle(Lock, __func__);

	if (!wl)
		return STATUS_INVALID_HANDLE;
	if (Timeout)
		return mutex_trylock(&wl->lock) ? STATUS_SUCCESS : STATUS_TIMEOUT;
	mutex_lock(&wl->lock);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_NS_GPL(WdfWaitLockAcquire, WDFSHIM_NS);

/**
 * WdfWaitLockRelease - release a WDFWAITLOCK
 * @Lock: the lock, held by the caller
 *
 * Context: the holder, PASSIVE_LEVEL.
 */
VOID WdfWaitLockRelease(WDFWAITLOCK Lock)
{
	struct wdfshim_waitlock *wl = wdfshim_waitlock_from_handle(Lock, __func__);

	if (!wl)
		return;
	mutex_unlock(&wl->lock);
}
EXPORT_SYMBOL_NS_GPL(WdfWaitLockRelease, WDFSHIM_NS);
