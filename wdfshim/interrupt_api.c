// SPDX-License-Identifier: GPL-2.0
/*
 * interrupt_api.c - the WdfInterrupt* DDIs.
 *
 * Each entry point has the same shape: resolve the handle with its
 * expected type (an invalid one is a bug check inside the resolver),
 * check the arguments KMDF checks, then dispatch to interrupt.c.
 */
#include <linux/device.h>
#include <linux/workqueue.h>

#include "bugcheck.h"
#include "compat.h"
#include "interrupt.h"

/**
 * WdfInterruptCreate - create an interrupt object for a device
 * @Device: the device; the interrupt is its next resource (creation order)
 * @Configuration: WDF_INTERRUPT_CONFIG of any KMDF version (by Size)
 * @Attributes: object attributes, or WDF_NO_OBJECT_ATTRIBUTES
 * @Interrupt: receives the handle
 *
 * Checks, in KMDF's order: handles and pointers (bug check), Size,
 * EvtInterruptIsr, DPC/work-item exclusivity, lock type against
 * PassiveHandling, parent. The IRQ is requested at wdfshim_device_start().
 *
 * Context: PASSIVE_LEVEL, before the device is started.
 * Return: STATUS_SUCCESS; STATUS_INFO_LENGTH_MISMATCH for an unknown Size;
 * STATUS_INVALID_PARAMETER for an invalid configuration;
 * STATUS_INVALID_DEVICE_STATE once the device is started;
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS WdfInterruptCreate(WDFDEVICE Device, PWDF_INTERRUPT_CONFIG Configuration,
			    PWDF_OBJECT_ATTRIBUTES Attributes,
			    WDFINTERRUPT *Interrupt)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(Device, __func__);

	if (!wdev)
		return STATUS_INVALID_HANDLE;
	if (!Configuration || !Interrupt) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL,
				 (ULONG_PTR)Configuration, (ULONG_PTR)Interrupt,
				 __func__, "Configuration or Interrupt is NULL");
		return STATUS_INVALID_PARAMETER;
	}
	return wdfshim_interrupt_create(wdev, Configuration, Attributes, Interrupt);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptCreate, WDFSHIM_NS);

/**
 * WdfInterruptQueueDpcForIsr - queue the interrupt's DPC
 * @Interrupt: the interrupt
 *
 * The DPC runs EvtInterruptDpc at DISPATCH_LEVEL (a tasklet), or queues
 * EvtInterruptWorkItem when the interrupt has a work item and no DPC. It
 * runs once however many times it was queued before it started.
 *
 * Context: any; never sleeps, allocates nothing.
 * Return: TRUE if newly queued; FALSE if already queued and not started,
 * or once the interrupt is being disconnected or deleted.
 */
BOOLEAN WdfInterruptQueueDpcForIsr(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	return intr ? wdfshim_interrupt_queue_dpc(intr) : FALSE;
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptQueueDpcForIsr, WDFSHIM_NS);

/**
 * WdfInterruptQueueWorkItemForIsr - queue the interrupt's work item
 * @Interrupt: the interrupt; must have EvtInterruptWorkItem (else bug check)
 *
 * Above DISPATCH_LEVEL (an ISR at DIRQL, or under a DIRQL interrupt lock)
 * the internal DPC is queued, and queues the work item when it runs. At
 * DISPATCH_LEVEL or PASSIVE_LEVEL the work item is queued directly.
 *
 * Context: any; never sleeps, allocates nothing.
 * Return: above DISPATCH_LEVEL, TRUE if the DPC was newly queued; else TRUE
 * if the work item was newly queued. FALSE if already queued and not yet
 * started, or once the interrupt is being disconnected or deleted.
 */
BOOLEAN WdfInterruptQueueWorkItemForIsr(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	return intr ? wdfshim_interrupt_queue_work(intr) : FALSE;
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptQueueWorkItemForIsr, WDFSHIM_NS);

/**
 * WdfInterruptEnable - connect the interrupt and call EvtInterruptEnable
 * @Interrupt: the interrupt of a started device
 *
 * Context: PASSIVE_LEVEL.
 */
VOID WdfInterruptEnable(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);
	struct wdfshim_device *wdev;

	if (!intr)
		return;
	might_sleep();
	wdev = intr->device;
	mutex_lock(&wdev->lock);
	if (wdev->started)
		wdfshim_interrupt_connect(intr);
	else
		dev_err(wdev->dev, "wdfshim: %s: device not started, interrupt %u left disconnected\n",
			__func__, intr->message_id);
	mutex_unlock(&wdev->lock);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptEnable, WDFSHIM_NS);

/**
 * WdfInterruptDisable - call EvtInterruptDisable and disconnect
 * @Interrupt: the interrupt
 *
 * Waits for the ISR, the DPC and the work item: on return none of them is
 * running or will run. Called from the interrupt's own work item this
 * would wait for itself (a deadlock in KMDF): wdfshim refuses it with an
 * error message and leaves the interrupt connected.
 *
 * Context: PASSIVE_LEVEL.
 */
VOID WdfInterruptDisable(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);
	struct wdfshim_device *wdev;

	if (!intr)
		return;
	might_sleep();
	wdev = intr->device;
	if (current_work() == &intr->work) {
		dev_err(wdev->dev, "wdfshim: %s called from interrupt %u's own work item: refused (it would wait for itself)\n",
			__func__, intr->message_id);
		return;
	}
	mutex_lock(&wdev->lock);
	wdfshim_interrupt_disconnect(intr);
	mutex_unlock(&wdev->lock);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptDisable, WDFSHIM_NS);

/**
 * WdfInterruptAcquireLock - take the interrupt lock
 * @Interrupt: the interrupt
 *
 * DIRQL interrupt: its spinlock with interrupts off; the caller runs at
 * DIRQL (KeGetCurrentIrql()) until WdfInterruptReleaseLock(). Passive
 * interrupt: its wait lock. Not recursive.
 *
 * Context: DIRQL interrupt: any but its own ISR; passive: PASSIVE_LEVEL.
 */
VOID WdfInterruptAcquireLock(WDFINTERRUPT Interrupt)
	__acquires(intr->spinlock)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr)
		wdfshim_interrupt_lock(intr);
	else
		__acquire(intr->spinlock);	/* sparse: a bug check took no lock */
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptAcquireLock, WDFSHIM_NS);

/**
 * WdfInterruptReleaseLock - release the interrupt lock
 * @Interrupt: the interrupt, its lock held by the caller
 *
 * Context: the holder.
 */
VOID WdfInterruptReleaseLock(WDFINTERRUPT Interrupt)
	__releases(intr->spinlock)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr)
		wdfshim_interrupt_unlock(intr);
	else
		__release(intr->spinlock);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptReleaseLock, WDFSHIM_NS);

/**
 * WdfInterruptSynchronize - run a callback under the interrupt lock
 * @Interrupt: the interrupt
 * @Callback: the callback; NULL is a bug check
 * @Context: passed to @Callback
 *
 * Context: as WdfInterruptAcquireLock().
 * Return: what @Callback returned.
 */
BOOLEAN WdfInterruptSynchronize(WDFINTERRUPT Interrupt,
				PFN_WDF_INTERRUPT_SYNCHRONIZE Callback,
				WDFCONTEXT Context)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);
	BOOLEAN ret;

	if (!intr)
		return FALSE;
	if (!Callback) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL, intr->obj.handle,
				 0, __func__, "Callback is NULL");
		return FALSE;
	}
	wdfshim_interrupt_lock(intr);
	ret = Callback(Interrupt, Context);
	wdfshim_interrupt_unlock(intr);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptSynchronize, WDFSHIM_NS);

/**
 * WdfInterruptGetDevice - the device an interrupt belongs to
 * @Interrupt: the interrupt
 *
 * Context: any.
 * Return: the WDFDEVICE passed to WdfInterruptCreate().
 */
WDFDEVICE WdfInterruptGetDevice(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	return intr ? wdfshim_device_handle(intr->device) : NULL;
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptGetDevice, WDFSHIM_NS);

/**
 * wdfshim_interrupt_get_stats - read an interrupt's counters
 * @Interrupt: the interrupt
 * @stats: filled in
 *
 * Context: any.
 */
void wdfshim_interrupt_get_stats(WDFINTERRUPT Interrupt,
				 struct wdfshim_interrupt_stats *stats)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	memset(stats, 0, sizeof(*stats));
	if (!intr)
		return;
	stats->isr_calls = atomic64_read(&intr->stats.isr_calls);
	stats->isr_claimed = atomic64_read(&intr->stats.isr_claimed);
	stats->dpc_queued = atomic64_read(&intr->stats.dpc_queued);
	stats->dpc_coalesced = atomic64_read(&intr->stats.dpc_coalesced);
	stats->dpc_runs = atomic64_read(&intr->stats.dpc_runs);
	stats->work_queued = atomic64_read(&intr->stats.work_queued);
	stats->work_coalesced = atomic64_read(&intr->stats.work_coalesced);
	stats->work_runs = atomic64_read(&intr->stats.work_runs);
	stats->refused = atomic64_read(&intr->stats.refused);
}
EXPORT_SYMBOL_NS_GPL(wdfshim_interrupt_get_stats, WDFSHIM_NS);

/**
 * wdfshim_interrupt_linux_irq - the Linux IRQ an interrupt is connected to
 * @Interrupt: the interrupt
 *
 * Context: any.
 * Return: the IRQ number, or 0 while disconnected.
 */
unsigned int wdfshim_interrupt_linux_irq(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	return intr ? READ_ONCE(intr->irq) : 0;
}
EXPORT_SYMBOL_NS_GPL(wdfshim_interrupt_linux_irq, WDFSHIM_NS);
