// SPDX-License-Identifier: GPL-2.0
/*
 * interrupt.c - the WDFINTERRUPT object's life: the interrupt lock, ISR,
 * DPC and work-item thunks, queueing, creation, connect and teardown. The
 * Linux IRQ's description and steering (policy, GetInfo, PoFx reports)
 * are in interrupt_info.c; the DDIs that check and dispatch to both are in
 * interrupt_api.c.
 *
 * Mapping:
 *   EvtInterruptIsr at DIRQL     request_irq() handler, under the interrupt
 *                                spinlock with interrupts off
 *   EvtInterruptIsr, passive     request_threaded_irq(IRQF_ONESHOT) thread,
 *                                under the interrupt wait lock
 *   internal DPC                 one wdfshim_dpc per interrupt: a tasklet,
 *                                or BH work (build time, see dpc.c)
 *   EvtInterruptWorkItem         one work_struct per interrupt, on
 *                                wdfshim_wq
 *
 * Queueing state, per interrupt:
 *
 *   DPC        wdfshim_dpc_queue() is true only for the call that queued
 *              it, and "queued" is cleared before the DPC thunk runs: a
 *              call made while EvtInterruptDpc runs queues it again.
 *   work item  the workqueue's own PENDING bit: queue_work() is false while
 *              queued and not started, and the bit is cleared just before
 *              EvtInterruptWorkItem is entered. Exactly KMDF's rule.
 *   dying      set by teardown under queue_lock: queue calls made after it
 *              return FALSE and queue nothing; everything queued before it
 *              is run, not cancelled.
 *   inactive   WdfInterruptReportInactive: the ISR thunks return IRQ_NONE
 *              until WdfInterruptReportActive; an exclusive Linux IRQ is
 *              also disabled meanwhile ("masked"). Reset at connect.
 *
 * Neither the ISR nor the DPC path allocates or sleeps.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define dev_fmt(fmt) pr_fmt(fmt)

#include <linux/device.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/msi.h>

#include "bugcheck.h"
#include "compat.h"
#include "device.h"
#include "interrupt.h"
#include "irql.h"
#include "sync.h"

static struct workqueue_struct *wdfshim_wq;

struct wdfshim_interrupt *wdfshim_interrupt_from_handle(WDFINTERRUPT h, const char *ddi)
{
	return wdfshim_resolve_as(h, WDFSHIM_TYPE_INTERRUPT, struct wdfshim_interrupt, ddi);
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_interrupt_from_handle);

/* ---- the interrupt lock ------------------------------------------------ */

/**
 * __wdfshim_interrupt_lock - take the interrupt lock
 * @intr: the interrupt
 * @ddi: the calling DDI or callback, for reports
 *
 * DIRQL interrupt: its spin lock with interrupts off, and the caller runs
 * at DIRQL while it holds it. Passive interrupt: its wait lock. The holder
 * taking it again is bug check WDF_RECURSIVE_LOCK.
 *
 * Context: DIRQL interrupt: any; passive: PASSIVE_LEVEL (checked by the
 * caller).
 * Return: true if the lock is now held.
 */
bool __wdfshim_interrupt_lock(struct wdfshim_interrupt *intr, const char *ddi)
{
	return wdfshim_lock_acquire(intr->lock,
				      intr->passive ? PASSIVE_LEVEL : WDFSHIM_DIRQL,
				      wdfshim_interrupt_handle(intr), ddi);
}

/**
 * __wdfshim_interrupt_unlock - release the interrupt lock
 * @intr: the interrupt
 * @ddi: the calling DDI or callback, for reports
 *
 * Context: the holder; anyone else is reported and nothing is released.
 */
void __wdfshim_interrupt_unlock(struct wdfshim_interrupt *intr, const char *ddi)
{
	wdfshim_lock_release(intr->lock, wdfshim_interrupt_handle(intr), ddi);
}

/*
 * The interrupt lock as sparse sees it. The __ functions are the lock's
 * operations; like wdfshim_lock_acquire() they are not counted, because
 * WdfInterruptAcquireLock() returns holding the lock. Code in this file
 * that takes and releases it uses the three below: "maybe acquired"
 * (wdfshim_cond_lock()), then released, and sparse checks the pair.
 */
static inline bool wdfshim_interrupt_lock(struct wdfshim_interrupt *intr,
					  const char *ddi)
{
	return wdfshim_cond_lock(intr->lock, __wdfshim_interrupt_lock(intr, ddi));
}

static inline void wdfshim_interrupt_unlock(struct wdfshim_interrupt *intr,
					    const char *ddi)
	__releases(intr->lock)
{
	__release(intr->lock);
	__wdfshim_interrupt_unlock(intr, ddi);
}

/**
 * wdfshim_interrupt_trylock - WdfInterruptTryToAcquireLock()
 * @intr: the interrupt
 *
 * Passive interrupt: a try of its wait lock. A DIRQL interrupt has no
 * lock to try: KMDF's verifier breaks in and the call returns FALSE;
 * wdfshim logs the misuse and returns FALSE without locking.
 *
 * Context: PASSIVE_LEVEL (checked by the DDI).
 * Return: TRUE if the wait lock is now held by the caller, else FALSE.
 */
BOOLEAN wdfshim_interrupt_trylock(struct wdfshim_interrupt *intr)
{
	if (!intr->passive) {
		dev_err_ratelimited(intr->device->dev,
				    "WdfInterruptTryToAcquireLock: interrupt %u is handled at DIRQL: only passive interrupts have a lock to try\n",
				    intr->message_id);
		return FALSE;
	}
	return wdfshim_lock_try(intr->lock, wdfshim_interrupt_handle(intr),
				"WdfInterruptTryToAcquireLock") ? TRUE : FALSE;
}

/*
 * May the caller take @intr's lock? A passive interrupt's wait lock needs
 * PASSIVE_LEVEL; a DIRQL interrupt's spin lock can be taken at any IRQL.
 */
static bool wdfshim_interrupt_lock_allowed(struct wdfshim_interrupt *intr,
					   const char *ddi)
{
	return !intr->passive || wdfshim_irql_allows(PASSIVE_LEVEL, ddi);
}

/**
 * __wdfshim_interrupt_acquire - WdfInterruptAcquireLock()
 * @intr: the interrupt
 * @ddi: the calling DDI, for reports
 *
 * __wdfshim_interrupt_lock() for a caller at an IRQL the lock allows: a
 * passive interrupt's wait lock at PASSIVE_LEVEL only; elsewhere the call
 * is reported and nothing is taken.
 *
 * Context: DIRQL interrupt: any; passive: PASSIVE_LEVEL.
 * Return: true if the lock is now held.
 */
bool __wdfshim_interrupt_acquire(struct wdfshim_interrupt *intr, const char *ddi)
{
	return wdfshim_interrupt_lock_allowed(intr, ddi) &&
	       __wdfshim_interrupt_lock(intr, ddi);
}

static inline bool wdfshim_interrupt_acquire(struct wdfshim_interrupt *intr,
					     const char *ddi)
{
	return wdfshim_cond_lock(intr->lock, __wdfshim_interrupt_acquire(intr, ddi));
}

/**
 * wdfshim_interrupt_synchronize - WdfInterruptSynchronize()
 * @intr: the interrupt
 * @callback: the callback, not NULL (checked by the DDI)
 * @context: passed to @callback
 *
 * Context: as wdfshim_interrupt_acquire(); when the lock is refused,
 * @callback is not called.
 * Return: what @callback returned, or FALSE when it was not called.
 */
BOOLEAN wdfshim_interrupt_synchronize(struct wdfshim_interrupt *intr,
				      PFN_WDF_INTERRUPT_SYNCHRONIZE callback,
				      WDFCONTEXT context)
{
	const char *ddi = "WdfInterruptSynchronize";
	BOOLEAN ret;

	if (!wdfshim_interrupt_acquire(intr, ddi))
		return FALSE;
	ret = callback(wdfshim_interrupt_handle(intr), context);
	wdfshim_interrupt_unlock(intr, ddi);
	return ret;
}

/*
 * AutomaticSerialization: the device's callback lock around EvtInterruptDpc
 * (DISPATCH_LEVEL) or EvtInterruptWorkItem (PASSIVE_LEVEL), when the device
 * has one in effect (intr->callback_lock, chosen at create). Sparse cannot
 * follow a lock taken under a condition; wdfshim_lock_acquire() is not
 * counted, so the pair needs no bookkeeping.
 */
static void wdfshim_interrupt_serialize(struct wdfshim_interrupt *intr,
					KIRQL irql)
{
	if (intr->callback_lock)
		wdfshim_lock_acquire(intr->callback_lock, irql,
				     wdfshim_device_handle(intr->device),
				     "AutomaticSerialization");
}

static void wdfshim_interrupt_unserialize(struct wdfshim_interrupt *intr)
{
	if (intr->callback_lock)
		wdfshim_lock_release(intr->callback_lock,
				     wdfshim_device_handle(intr->device),
				     "AutomaticSerialization");
}

/* ---- thunks ------------------------------------------------------------ */

/* EvtInterruptIsr is called only while connected and reported active. */
static bool wdfshim_interrupt_isr_allowed(struct wdfshim_interrupt *intr)
{
	return READ_ONCE(intr->connected) && !READ_ONCE(intr->inactive);
}

static ULONG wdfshim_interrupt_message_id(struct wdfshim_interrupt *intr)
{
	return intr->msi ? intr->message_id : 0;
}

static irqreturn_t wdfshim_interrupt_claimed(struct wdfshim_interrupt *intr,
					     BOOLEAN claimed)
{
	atomic64_inc(&intr->stats.isr_calls);
	if (!claimed)
		return IRQ_NONE;
	atomic64_inc(&intr->stats.isr_claimed);
	return IRQ_HANDLED;
}

/*
 * EvtInterruptIsr under the interrupt lock: the request_irq() handler of
 * a DIRQL interrupt (the spin lock, IRQs off, DIRQL), and the
 * request_threaded_irq() thread of a passive one (the wait lock,
 * PASSIVE_LEVEL).
 */
static irqreturn_t wdfshim_interrupt_isr(int irq, void *data)
{
	struct wdfshim_interrupt *intr = data;
	BOOLEAN claimed;

	if (!wdfshim_interrupt_isr_allowed(intr))
		return IRQ_NONE;
	if (!wdfshim_interrupt_lock(intr, "EvtInterruptIsr"))
		return IRQ_NONE;
	claimed = intr->config.EvtInterruptIsr(wdfshim_interrupt_handle(intr),
					       wdfshim_interrupt_message_id(intr));
	wdfshim_interrupt_unlock(intr, "EvtInterruptIsr");
	return wdfshim_interrupt_claimed(intr, claimed);
}

static BOOLEAN wdfshim_interrupt_queue_work_item(struct wdfshim_interrupt *intr,
						 bool from_driver);

/* The internal DPC: EvtInterruptDpc, or the work item it stands in for. */
static void wdfshim_interrupt_dpc(struct wdfshim_dpc *dpc)
{
	struct wdfshim_interrupt *intr = wdfshim_from_dpc(intr, dpc, dpc);
	struct wdfshim_device *wdev = intr->device;
	int frame;

	atomic64_inc(&intr->stats.dpc_runs);

	frame = wdfshim_irql_enter(DISPATCH_LEVEL);
	if (intr->config.EvtInterruptDpc) {
		wdfshim_interrupt_serialize(intr, DISPATCH_LEVEL);
		intr->config.EvtInterruptDpc(wdfshim_interrupt_handle(intr),
					     wdfshim_object_handle(&wdev->obj));
		wdfshim_interrupt_unserialize(intr);
	} else if (intr->config.EvtInterruptWorkItem) {
		wdfshim_interrupt_queue_work_item(intr, false);
	}
	wdfshim_irql_exit(frame);
}

static void wdfshim_interrupt_work(struct work_struct *work)
{
	struct wdfshim_interrupt *intr =
		container_of(work, struct wdfshim_interrupt, work);
	struct wdfshim_device *wdev = intr->device;

	atomic64_inc(&intr->stats.work_runs);
	wdfshim_interrupt_serialize(intr, PASSIVE_LEVEL);
	intr->config.EvtInterruptWorkItem(wdfshim_interrupt_handle(intr),
					  wdfshim_object_handle(&wdev->obj));
	wdfshim_interrupt_unserialize(intr);
}

/* ---- queueing ---------------------------------------------------------- */

/**
 * wdfshim_interrupt_queue_dpc - WdfInterruptQueueDpcForIsr()
 * @intr: the interrupt
 *
 * Context: any; allocates nothing, never sleeps.
 * Return: TRUE if the DPC was newly queued; FALSE if it was already queued
 * and has not started, or teardown has begun.
 */
BOOLEAN wdfshim_interrupt_queue_dpc(struct wdfshim_interrupt *intr)
{
	/*
	 * From task context, raising the softirq would only wake ksoftirqd;
	 * with BHs off around it the DPC runs at local_bh_enable(), as a
	 * KMDF DPC queued at PASSIVE_LEVEL runs at once.
	 */
	bool bh = in_task() && !irqs_disabled();
	unsigned long flags;
	BOOLEAN queued;
	bool refused;

	if (bh)
		local_bh_disable();
	raw_spin_lock_irqsave(&intr->queue_lock, flags);
	refused = intr->dying;
	queued = !refused && wdfshim_dpc_queue(&intr->dpc);
	/* Counted before the DPC can run (local_bh_enable(), preemption on RT). */
	if (refused)
		atomic64_inc(&intr->stats.refused);
	else if (queued)
		atomic64_inc(&intr->stats.dpc_queued);
	else
		atomic64_inc(&intr->stats.dpc_coalesced);
	raw_spin_unlock_irqrestore(&intr->queue_lock, flags);
	if (bh)
		local_bh_enable();
	return queued;
}

/*
 * @from_driver: a queue DDI (refused once dying) rather than the internal
 * DPC that a DIRQL caller queued (which teardown lets run to completion).
 */
static BOOLEAN wdfshim_interrupt_queue_work_item(struct wdfshim_interrupt *intr,
						 bool from_driver)
{
	unsigned long flags;
	BOOLEAN queued;
	bool refused;

	raw_spin_lock_irqsave(&intr->queue_lock, flags);
	refused = from_driver && intr->dying;
	queued = !refused && queue_work(wdfshim_wq, &intr->work);
	/* Counted before the worker can preempt us (a DPC is preemptible on RT). */
	if (refused)
		atomic64_inc(&intr->stats.refused);
	else if (queued)
		atomic64_inc(&intr->stats.work_queued);
	else
		atomic64_inc(&intr->stats.work_coalesced);
	raw_spin_unlock_irqrestore(&intr->queue_lock, flags);
	return queued;
}

/**
 * wdfshim_interrupt_queue_work - WdfInterruptQueueWorkItemForIsr()
 * @intr: the interrupt
 *
 * Above DISPATCH_LEVEL (ISR at DIRQL, or under a DIRQL interrupt lock) the
 * internal DPC is queued and queues the work item when it runs; the result
 * is the DPC's. At DISPATCH_LEVEL and below the work item is queued
 * directly. An interrupt without EvtInterruptWorkItem is a bug check,
 * raised before anything is queued.
 *
 * Context: any; allocates nothing, never sleeps.
 * Return: TRUE if newly queued, FALSE if already queued and not started,
 * or teardown has begun.
 */
BOOLEAN wdfshim_interrupt_queue_work(struct wdfshim_interrupt *intr)
{
	if (!intr->config.EvtInterruptWorkItem) {
		wdfshim_bugcheck(WDF_VERIFIER_FATAL_ERROR, intr->obj.handle, 0,
				 "WdfInterruptQueueWorkItemForIsr",
				 "interrupt has no EvtInterruptWorkItem");
		return FALSE;
	}
	if (wdfshim_current_irql() > DISPATCH_LEVEL)
		return wdfshim_interrupt_queue_dpc(intr);
	return wdfshim_interrupt_queue_work_item(intr, true);
}

/* ---- creation ---------------------------------------------------------- */

/*
 * AutomaticSerialization, as KMDF's FxInterrupt resolves it: nothing
 * unless the device's SynchronizationScope serializes; then the callbacks
 * wdfshim will run (a work item or a passive ISR: PASSIVE_LEVEL; a DPC:
 * DISPATCH_LEVEL) must match the device's ExecutionLevel, else
 * STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL.
 */
static NTSTATUS wdfshim_interrupt_callback_lock(const WDF_INTERRUPT_CONFIG *cfg,
						struct wdfshim_device *wdev,
						struct wdfshim_lock **lockp)
{
	static const char * const why[] = {
		"AutomaticSerialization of a DPC needs a device of WdfExecutionLevelDispatch",
		"AutomaticSerialization of a work item needs a device of WdfExecutionLevelPassive",
	};
	bool passive_callbacks;

	*lockp = NULL;
	if (!cfg->AutomaticSerialization || !wdev->serialized)
		return STATUS_SUCCESS;
	if (cfg->EvtInterruptWorkItem)
		passive_callbacks = true;
	else if (cfg->EvtInterruptDpc)
		passive_callbacks = false;
	else
		passive_callbacks = cfg->PassiveHandling;
	if (passive_callbacks != wdev->callback_lock.passive)
		return wdfshim_reject("WdfInterruptCreate",
				      STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL,
				      why[passive_callbacks]);
	*lockp = &wdev->callback_lock;
	return STATUS_SUCCESS;
}

/*
 * The config's WDFSPINLOCK/WDFWAITLOCK, resolved (an invalid handle is a
 * bug check) and referenced: deleting the lock object while the interrupt
 * lives then cannot free the lock under the ISR.
 */
static NTSTATUS wdfshim_interrupt_get_lock(const WDF_INTERRUPT_CONFIG *cfg,
					   struct wdfshim_object **lock)
{
	struct wdfshim_spinlock *sl;
	struct wdfshim_waitlock *wl;

	*lock = NULL;
	if (cfg->SpinLock) {
		sl = wdfshim_spinlock_from_handle(cfg->SpinLock, "WdfInterruptCreate");
		if (!sl)
			return STATUS_INVALID_HANDLE;
		*lock = &sl->obj;
	} else if (cfg->WaitLock) {
		wl = wdfshim_waitlock_from_handle(cfg->WaitLock, "WdfInterruptCreate");
		if (!wl)
			return STATUS_INVALID_HANDLE;
		*lock = &wl->obj;
	}
	if (*lock)
		wdfshim_object_get(*lock);
	return STATUS_SUCCESS;
}

static void wdfshim_interrupt_init_lock(struct wdfshim_interrupt *intr,
					struct wdfshim_object *lock)
{
	wdfshim_lock_init(&intr->builtin_lock, intr->passive);
	intr->lock = &intr->builtin_lock;
	intr->lock_obj = lock;
	if (lock && intr->passive)
		intr->lock = &container_of(lock, struct wdfshim_waitlock, obj)->lock;
	else if (lock)
		intr->lock = &container_of(lock, struct wdfshim_spinlock, obj)->lock;
}

static void wdfshim_interrupt_dispose(struct wdfshim_object *obj);
static NTSTATUS wdfshim_interrupt_connect(struct wdfshim_interrupt *intr);
static void wdfshim_interrupt_disconnect(struct wdfshim_interrupt *intr);

static int wdfshim_interrupt_start(struct wdfshim_device_irq *di)
{
	struct wdfshim_interrupt *intr =
		container_of(di, struct wdfshim_interrupt, dev_irq);

	return wdfshim_ntstatus_to_errno(wdfshim_interrupt_connect(intr));
}

static void wdfshim_interrupt_stop(struct wdfshim_device_irq *di)
{
	struct wdfshim_interrupt *intr =
		container_of(di, struct wdfshim_interrupt, dev_irq);

	wdfshim_interrupt_disconnect(intr);
}

/* How the device's start and stop reach its interrupts. */
static const struct wdfshim_device_irq_ops wdfshim_interrupt_irq_ops = {
	.connect = wdfshim_interrupt_start,
	.disconnect = wdfshim_interrupt_stop,
};

static const struct wdfshim_object_ops wdfshim_interrupt_ops = {
	.type = WDFSHIM_TYPE_INTERRUPT,
	.no_delete_ddi = true,
	.dispose = wdfshim_interrupt_dispose,
};

/**
 * wdfshim_interrupt_create - WdfInterruptCreate() once its arguments are valid
 * @wdev: the device
 * @cfg: the configuration, normalised to the current Size and checked by
 *       the DDI
 * @attrs: object attributes, or NULL
 * @out: receives the handle
 *
 * What depends on the device and on other objects is settled here:
 * AutomaticSerialization against the device's callback lock, the config's
 * WDFSPINLOCK/WDFWAITLOCK (an invalid handle is a bug check), and the
 * device not yet started.
 *
 * Context: PASSIVE_LEVEL, device not started.
 * Return: NTSTATUS as KMDF's WdfInterruptCreate.
 */
NTSTATUS wdfshim_interrupt_create(struct wdfshim_device *wdev,
				  const WDF_INTERRUPT_CONFIG *cfg,
				  PWDF_OBJECT_ATTRIBUTES attrs,
				  WDFINTERRUPT *out)
{
	struct wdfshim_object *lock, *obj;
	struct wdfshim_lock *callback_lock;
	struct wdfshim_interrupt *intr;
	NTSTATUS status;

	might_sleep();
	status = wdfshim_interrupt_callback_lock(cfg, wdev, &callback_lock);
	if (!NT_SUCCESS(status))
		return status;
	status = wdfshim_interrupt_get_lock(cfg, &lock);
	if (!NT_SUCCESS(status))
		return status;

	mutex_lock(&wdev->lock);
	if (wdev->started) {
		status = wdfshim_reject("WdfInterruptCreate",
					STATUS_INVALID_DEVICE_STATE,
					"device already started: create interrupts before wdfshim_device_start()");
		goto err_unlock;
	}
	status = wdfshim_object_create(sizeof(*intr), &wdfshim_interrupt_ops,
				       attrs, &wdev->obj, "WdfInterruptCreate", &obj);
	if (!NT_SUCCESS(status))
		goto err_unlock;
	intr = container_of(obj, struct wdfshim_interrupt, obj);
	intr->device = wdev;
	intr->config = *cfg;
	intr->passive = cfg->PassiveHandling;
	intr->explicit_irq = cfg->InterruptTranslated ?
			     cfg->InterruptTranslated->u.Interrupt.Vector : -1;
	raw_spin_lock_init(&intr->queue_lock);
	wdfshim_dpc_init(&intr->dpc, wdfshim_interrupt_dpc);
	INIT_WORK(&intr->work, wdfshim_interrupt_work);
	wdfshim_interrupt_init_lock(intr, lock);
	intr->callback_lock = callback_lock;
	intr->message_id = wdfshim_device_add_irq(wdev, &intr->dev_irq,
						  &wdfshim_interrupt_irq_ops);
	mutex_unlock(&wdev->lock);
	*out = wdfshim_interrupt_handle(intr);
	return STATUS_SUCCESS;

err_unlock:
	mutex_unlock(&wdev->lock);
	if (lock)
		wdfshim_object_put(lock);
	return status;
}

/* ---- connect and teardown ---------------------------------------------- */

static bool wdfshim_irq_is_msi(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	return d && irq_data_get_msi_desc(d);
}

static NTSTATUS wdfshim_errno_to_ntstatus(int err)
{
	switch (err) {
	case -ENOMEM:
		return STATUS_INSUFFICIENT_RESOURCES;
	case -EBUSY:
		return STATUS_DEVICE_BUSY;
	case -EINVAL:
		return STATUS_INVALID_PARAMETER;
	default:
		return STATUS_UNSUCCESSFUL;
	}
}

/*
 * EvtInterruptEnable or EvtInterruptDisable (one signature) under the
 * interrupt lock. A lock refused by its bug check (KUnit's hook) calls
 * nothing: STATUS_SUCCESS.
 */
static NTSTATUS wdfshim_interrupt_call_locked(struct wdfshim_interrupt *intr,
					      PFN_WDF_INTERRUPT_ENABLE fn,
					      const char *what)
{
	NTSTATUS status;

	if (!wdfshim_interrupt_lock(intr, what))
		return STATUS_SUCCESS;
	status = fn(wdfshim_interrupt_handle(intr),
		    wdfshim_device_handle(intr->device));
	wdfshim_interrupt_unlock(intr, what);
	return status;
}

/* Steps 2-4 below: refuse queue calls, then run what was queued. */
static void wdfshim_interrupt_quiesce(struct wdfshim_interrupt *intr)
{
	raw_spin_lock_irq(&intr->queue_lock);
	intr->dying = true;
	raw_spin_unlock_irq(&intr->queue_lock);
	wdfshim_interrupt_flush(intr);
}

/*
 * The teardown order, written once. Callers have run EvtInterruptDisable
 * (or never enabled the device's interrupt).
 *  1. stop the ISR: later calls of the thunk return IRQ_NONE, and
 *     synchronize_irq() waits for one in progress (hard or threaded);
 *  2. refuse queue calls (FALSE) and activity reports from here on;
 *  3. flush the DPC: wdfshim_dpc_flush() lets a queued DPC run to its end,
 *     and a DPC standing in for the work item queues it;
 *  4. wait for the work item, queued or running; nothing is cancelled;
 *  5. clear the affinity hint, then disconnect: free_irq() (which also
 *     shuts down a line left disabled by an inactive report).
 */
static void wdfshim_interrupt_rundown(struct wdfshim_interrupt *intr)
{
	WRITE_ONCE(intr->connected, false);
	synchronize_irq(intr->irq);
	wdfshim_interrupt_quiesce(intr);
	wdfshim_interrupt_policy_release(intr);
	free_irq(intr->irq, intr);
	WRITE_ONCE(intr->irq, 0);
}

/**
 * wdfshim_interrupt_connect - connect the IRQ and run EvtInterruptEnable
 * @intr: the interrupt, not connected
 *
 * The device's @message_id-th vector, or the IRQ named by
 * InterruptTranslated. DIRQL: request_irq(); passive: request_threaded_irq()
 * with IRQF_ONESHOT, so a level-triggered line stays masked until the
 * passive ISR has quieted the device. Shared unless the IRQ is an MSI
 * or ShareVector is WdfFalse.
 *
 * Context: PASSIVE_LEVEL, under the device lock.
 * Return: STATUS_SUCCESS, or the failure, with nothing left connected.
 */
static NTSTATUS wdfshim_interrupt_connect(struct wdfshim_interrupt *intr)
{
	struct wdfshim_device *wdev = intr->device;
	unsigned long irqflags = 0;
	NTSTATUS status = STATUS_SUCCESS;
	int irq, ret;

	lockdep_assert_held(&wdev->lock);
	if (intr->irq)
		return STATUS_SUCCESS;
	irq = intr->explicit_irq >= 0 ? intr->explicit_irq :
	      wdev->irq_of(wdev, intr->message_id);
	if (irq <= 0) {
		dev_err(wdev->dev, "interrupt %u: the device has no interrupt resource #%u\n",
			intr->message_id, intr->message_id);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	intr->msi = wdfshim_irq_is_msi(irq);
	if (intr->config.ShareVector == WdfTrue ||
	    (intr->config.ShareVector == WdfUseDefault && !intr->msi))
		irqflags |= IRQF_SHARED;
	intr->irqflags = irqflags;
	status = wdfshim_interrupt_policy_prepare(intr);
	if (!NT_SUCCESS(status))
		return status;

	raw_spin_lock_irq(&intr->queue_lock);
	intr->dying = false;
	WRITE_ONCE(intr->inactive, false);
	intr->masked = false;
	raw_spin_unlock_irq(&intr->queue_lock);
	WRITE_ONCE(intr->connected, true);
	if (intr->passive)
		ret = request_threaded_irq(irq, NULL, wdfshim_interrupt_isr,
					   irqflags | IRQF_ONESHOT,
					   dev_name(wdev->dev), intr);
	else
		ret = request_irq(irq, wdfshim_interrupt_isr, irqflags,
				  dev_name(wdev->dev), intr);
	if (ret) {
		WRITE_ONCE(intr->connected, false);
		wdfshim_interrupt_policy_release(intr);
		dev_err(wdev->dev, "interrupt %u: request of IRQ %d failed: %d\n",
			intr->message_id, irq, ret);
		return wdfshim_errno_to_ntstatus(ret);
	}
	smp_store_release(&intr->irq, irq);	/* after msi, irqflags */
	wdfshim_interrupt_policy_apply(intr);

	if (intr->config.EvtInterruptEnable)
		status = wdfshim_interrupt_call_locked(intr, intr->config.EvtInterruptEnable,
						       "EvtInterruptEnable");
	if (!NT_SUCCESS(status)) {
		dev_err(wdev->dev, "interrupt %u: EvtInterruptEnable failed: 0x%08x\n",
			intr->message_id, status);
		wdfshim_interrupt_rundown(intr);
	}
	return status;
}

/**
 * wdfshim_interrupt_disconnect - EvtInterruptDisable, then tear down
 * @intr: the interrupt
 *
 * A failing EvtInterruptDisable is reported and otherwise ignored, as in
 * KMDF. On return no callback of @intr runs or will run.
 *
 * Context: PASSIVE_LEVEL, under the device lock.
 */
static void wdfshim_interrupt_disconnect(struct wdfshim_interrupt *intr)
{
	struct wdfshim_device *wdev = intr->device;
	NTSTATUS status;

	lockdep_assert_held(&wdev->lock);
	if (!intr->irq)
		return;
	if (intr->config.EvtInterruptDisable) {
		status = wdfshim_interrupt_call_locked(intr, intr->config.EvtInterruptDisable,
						       "EvtInterruptDisable");
		if (!NT_SUCCESS(status))
			dev_warn(wdev->dev, "interrupt %u: EvtInterruptDisable failed: 0x%08x (ignored)\n",
				 intr->message_id, status);
	}
	wdfshim_interrupt_rundown(intr);
}

/**
 * wdfshim_interrupt_enable - WdfInterruptEnable()
 * @intr: the interrupt
 *
 * Connects the interrupt and runs EvtInterruptEnable, if its device is
 * started; otherwise reports the call and leaves it disconnected.
 *
 * Context: PASSIVE_LEVEL (checked by the DDI); takes the device lock.
 */
void wdfshim_interrupt_enable(struct wdfshim_interrupt *intr)
{
	struct wdfshim_device *wdev = intr->device;

	mutex_lock(&wdev->lock);
	if (wdev->started)
		wdfshim_interrupt_connect(intr);
	else
		dev_err(wdev->dev, "WdfInterruptEnable: device not started, interrupt %u left disconnected\n",
			intr->message_id);
	mutex_unlock(&wdev->lock);
}

/**
 * wdfshim_interrupt_disable - WdfInterruptDisable()
 * @intr: the interrupt
 *
 * Runs EvtInterruptDisable and disconnects, waiting for the ISR, the DPC
 * and the work item. From the interrupt's own work item this would wait
 * for itself (a deadlock in KMDF): the call is refused with an error
 * message and the interrupt stays connected.
 *
 * Context: PASSIVE_LEVEL (checked by the DDI); takes the device lock.
 */
void wdfshim_interrupt_disable(struct wdfshim_interrupt *intr)
{
	struct wdfshim_device *wdev = intr->device;

	if (current_work() == &intr->work) {
		dev_err(wdev->dev, "WdfInterruptDisable called from interrupt %u's own work item: refused (it would wait for itself)\n",
			intr->message_id);
		return;
	}
	mutex_lock(&wdev->lock);
	wdfshim_interrupt_disconnect(intr);
	mutex_unlock(&wdev->lock);
}

/* Deletion, with the device: disconnect if needed, then queue nothing more. */
static void wdfshim_interrupt_dispose(struct wdfshim_object *obj)
{
	struct wdfshim_interrupt *intr =
		container_of(obj, struct wdfshim_interrupt, obj);
	struct wdfshim_device *wdev = intr->device;

	mutex_lock(&wdev->lock);
	wdfshim_interrupt_disconnect(intr);
	wdfshim_interrupt_quiesce(intr);	/* also when never connected */
	wdfshim_device_remove_irq(wdev, &intr->dev_irq);
	mutex_unlock(&wdev->lock);
	if (intr->lock_obj)
		wdfshim_object_put(intr->lock_obj);
}

int wdfshim_interrupt_init(void)
{
	wdfshim_wq = alloc_workqueue("wdfshim", WQ_PERCPU, 0);
	return wdfshim_wq ? 0 : -ENOMEM;
}

void wdfshim_interrupt_exit(void)
{
	destroy_workqueue(wdfshim_wq);
}

/* ---- KUnit only: flush ------------------------------------------------- */

/**
 * wdfshim_interrupt_flush - wait until an interrupt's DPC and work item are idle
 * @intr: the interrupt
 *
 * What is queued runs; nothing is cancelled and the interrupt stays usable.
 * The DPC goes first, since a DPC standing in for the work item queues it.
 * Teardown's wdfshim_interrupt_quiesce() runs it once queueing is
 * refused; a KUnit case runs it to prove that nothing more ran, where it
 * would otherwise have to sleep and hope. It is not a DDI. Like
 * wdfshim_dpc_flush(), it is exact only once nothing queues the DPC any
 * more: the ISR that queued it has returned (synchronize_irq()).
 *
 * Context: task context, may sleep; not from @intr's own DPC or work item.
 */
void wdfshim_interrupt_flush(struct wdfshim_interrupt *intr)
{
	wdfshim_dpc_flush(&intr->dpc);
	flush_work(&intr->work);
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_interrupt_flush);
