/* SPDX-License-Identifier: GPL-2.0 */
/*
 * interrupt.h - the WDFINTERRUPT object.
 */
#ifndef _WDFSHIM_INTERRUPT_H
#define _WDFSHIM_INTERRUPT_H

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <wdfinterrupt.h>

#include "device.h"
#include "dpc.h"
#include "object.h"
#include "sync.h"

/* The processor policy of WdfInterruptSetPolicy/SetExtendedPolicy. */
struct wdfshim_interrupt_policy {
	WDF_INTERRUPT_POLICY policy;
	WDF_INTERRUPT_PRIORITY priority;
	GROUP_AFFINITY target;
};

/**
 * struct wdfshim_interrupt - a WDFINTERRUPT
 * @obj: object header
 * @device: owning device
 * @dev_irq: what @device sees of it: its entry in @device->interrupts
 *           (under @device->lock) and the connect/disconnect that start
 *           and stop call
 * @config: the driver's WDF_INTERRUPT_CONFIG, normalised to the current size
 * @message_id: creation order on the device; selects the device's vector
 * @irq: Linux IRQ while connected
 * @irqflags: the request_irq() flags of the connection (IRQF_SHARED)
 * @explicit_irq: IRQ named by InterruptTranslated, or -1
 * @passive: PassiveHandling: threaded ISR, wait lock
 * @msi: connected to a message-signaled IRQ: EvtInterruptIsr gets
 *       @message_id as MessageID, a line-based interrupt gets 0, as
 *       Microsoft's EvtInterruptIsr page says (KMDF's code passes the
 *       creation index either way)
 * @lock: the interrupt lock: a spin lock for a DIRQL interrupt, a wait
 *        lock for a passive one (built-in or the config's WDFSPINLOCK or
 *        WDFWAITLOCK)
 * @builtin_lock: storage for @lock when the config has none
 * @lock_obj: the config's lock object, referenced while the interrupt lives
 * @callback_lock: AutomaticSerialization in effect: the device's callback
 *                 lock, held around EvtInterruptDpc/EvtInterruptWorkItem;
 *                 else NULL
 * @queue_lock: makes "check @dying, queue" atomic against teardown
 * @connected: the ISR thunk calls EvtInterruptIsr only while set
 * @dying: queue DDIs return FALSE (under @queue_lock)
 * @inactive: reported inactive: the ISR thunks return IRQ_NONE without
 *            calling EvtInterruptIsr (under @queue_lock)
 * @masked: the inactive report disabled the (exclusive) Linux IRQ
 *          (under @queue_lock)
 * @policy: the processor policy, applied at connect (under @queue_lock)
 * @affinity: while @hinted, the CPUs of @policy; the Linux IRQ's affinity
 *            hint points here until it is cleared before free_irq()
 * @hinted: @affinity is allocated and installed as the hint (device lock)
 * @dpc: the KMDF internal DPC (tasklet or BH work, see dpc.h)
 * @work: the KMDF interrupt work item
 * @stats: counters (atomic, any context)
 */
struct wdfshim_interrupt {
	struct wdfshim_object obj;
	struct wdfshim_device *device;
	struct wdfshim_device_irq dev_irq;
	WDF_INTERRUPT_CONFIG config;
	ULONG message_id;
	unsigned int irq;
	unsigned long irqflags;
	int explicit_irq;
	bool passive;
	bool msi;

	struct wdfshim_lock *lock;	/* ISR, AcquireLock, Synchronize */
	struct wdfshim_lock builtin_lock;
	struct wdfshim_object *lock_obj;
	struct wdfshim_lock *callback_lock;

	raw_spinlock_t queue_lock;
	bool connected;
	bool dying;
	bool inactive;
	bool masked;
	struct wdfshim_interrupt_policy policy;
	cpumask_var_t affinity;
	bool hinted;
	struct wdfshim_dpc dpc;
	struct work_struct work;

	struct {
		atomic64_t isr_calls, isr_claimed;
		atomic64_t dpc_queued, dpc_coalesced, dpc_runs;
		atomic64_t work_queued, work_coalesced, work_runs;
		atomic64_t refused;
	} stats;
};

struct wdfshim_interrupt *wdfshim_interrupt_from_handle(WDFINTERRUPT h,
							const char *ddi);
void wdfshim_interrupt_flush(struct wdfshim_interrupt *intr);	/* KUnit only */

static inline WDFINTERRUPT wdfshim_interrupt_handle(struct wdfshim_interrupt *intr)
{
	return (WDFINTERRUPT)wdfshim_object_handle(&intr->obj);
}

NTSTATUS wdfshim_interrupt_create(struct wdfshim_device *wdev,
				  const WDF_INTERRUPT_CONFIG *cfg,
				  PWDF_OBJECT_ATTRIBUTES attrs,
				  WDFINTERRUPT *out);
void wdfshim_interrupt_enable(struct wdfshim_interrupt *intr);
void wdfshim_interrupt_disable(struct wdfshim_interrupt *intr);
BOOLEAN wdfshim_interrupt_queue_dpc(struct wdfshim_interrupt *intr);
BOOLEAN wdfshim_interrupt_queue_work(struct wdfshim_interrupt *intr);
bool __wdfshim_interrupt_lock(struct wdfshim_interrupt *intr, const char *ddi);
void __wdfshim_interrupt_unlock(struct wdfshim_interrupt *intr, const char *ddi);
BOOLEAN wdfshim_interrupt_trylock(struct wdfshim_interrupt *intr);
bool __wdfshim_interrupt_acquire(struct wdfshim_interrupt *intr, const char *ddi);
BOOLEAN wdfshim_interrupt_synchronize(struct wdfshim_interrupt *intr,
				      PFN_WDF_INTERRUPT_SYNCHRONIZE callback,
				      WDFCONTEXT context);

/* interrupt_info.c: describe and steer the Linux IRQ. */
void wdfshim_interrupt_get_info(struct wdfshim_interrupt *intr,
				WDF_INTERRUPT_INFO *info);
void wdfshim_interrupt_set_policy(struct wdfshim_interrupt *intr,
				  const struct wdfshim_interrupt_policy *policy);
bool wdfshim_interrupt_report_active(struct wdfshim_interrupt *intr,
				     bool active);
PKINTERRUPT wdfshim_interrupt_wdm(struct wdfshim_interrupt *intr);
/* ... and its hooks in connect and rundown (interrupt.c). */
NTSTATUS wdfshim_interrupt_policy_prepare(struct wdfshim_interrupt *intr);
void wdfshim_interrupt_policy_apply(struct wdfshim_interrupt *intr);
void wdfshim_interrupt_policy_release(struct wdfshim_interrupt *intr);

int wdfshim_interrupt_init(void);
void wdfshim_interrupt_exit(void);

#endif /* _WDFSHIM_INTERRUPT_H */
