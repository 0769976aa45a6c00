// SPDX-License-Identifier: GPL-2.0
/*
 * interrupt_api.c - the WdfInterrupt* DDIs.
 *
 * The DDI layer, as KMDF's fxinterruptapi.cpp. Each entry point has the
 * same shape: resolve the handle with its expected type (an invalid one
 * is a bug check inside the resolver), check the IRQL and the arguments
 * KMDF checks, then dispatch to interrupt.c in a line or two. A DDI
 * called above the IRQL it allows is reported and refused, as KMDF's
 * verifier does (wdfshim_irql_allows()). WdfInterruptCreate normalises
 * the configuration's Size and checks it here; what the object does with
 * it, and every rule about its state (device lock, started, connected),
 * is interrupt.c's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define dev_fmt(fmt) pr_fmt(fmt)

#include <linux/device.h>

#include "bugcheck.h"
#include "compat.h"
#include "interrupt.h"
#include "irql.h"

/*
 * Start from WDF_INTERRUPT_CONFIG_INIT's defaults and copy the part of the
 * caller's structure its Size covers: older drivers pass older, shorter
 * structures. Everything after this works on the full-size copy.
 */
static NTSTATUS wdfshim_interrupt_config_normalize(const char *ddi,
						   const WDF_INTERRUPT_CONFIG *in,
						   WDF_INTERRUPT_CONFIG *out)
{
	static const size_t known[] = {
		WDF_INTERRUPT_CONFIG_SIZE_V1_9,
		WDF_INTERRUPT_CONFIG_SIZE_V1_11_BETA,
		WDF_INTERRUPT_CONFIG_SIZE_V1_11,
		sizeof(WDF_INTERRUPT_CONFIG),
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (in->Size == known[i])
			break;
	if (i == ARRAY_SIZE(known))
		return wdfshim_reject(ddi, STATUS_INFO_LENGTH_MISMATCH,
				      "unknown WDF_INTERRUPT_CONFIG Size");
	WDF_INTERRUPT_CONFIG_INIT(out, NULL, NULL);
	memcpy(out, in, in->Size);
	out->Size = sizeof(*out);
	return STATUS_SUCCESS;
}

/*
 * KMDF's checks, in KMDF's order, on the normalised configuration (the
 * Size was checked by the normalisation, handles come after).
 */
static NTSTATUS wdfshim_interrupt_config_check(const char *ddi,
					       const WDF_INTERRUPT_CONFIG *cfg,
					       PWDF_OBJECT_ATTRIBUTES attrs)
{
	NTSTATUS status;

	if (!cfg->EvtInterruptIsr)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "EvtInterruptIsr is NULL");
	/*
	 * "Driver can specify a parent only in the AutomaticSerialization
	 * case" (KMDF's WdfInterruptCreate): without it, any ParentObject is
	 * STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED, before its handle is
	 * looked at.
	 */
	status = wdfshim_object_attributes_check(attrs,
						 cfg->AutomaticSerialization,
						 ddi);
	if (!NT_SUCCESS(status))
		return status;
	if (cfg->EvtInterruptDpc && cfg->EvtInterruptWorkItem)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "EvtInterruptDpc and EvtInterruptWorkItem are exclusive");
	if (!cfg->PassiveHandling && cfg->WaitLock)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "WaitLock needs PassiveHandling");
	if (!cfg->PassiveHandling && cfg->CanWakeDevice)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "CanWakeDevice needs PassiveHandling");
	if (cfg->PassiveHandling && cfg->SpinLock)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "SpinLock is for DIRQL interrupts, not PassiveHandling");
	if (!cfg->InterruptRaw != !cfg->InterruptTranslated)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "InterruptRaw and InterruptTranslated go together");
	if (cfg->InterruptTranslated &&
	    cfg->InterruptTranslated->Type != CmResourceTypeInterrupt)
		return wdfshim_reject(ddi, STATUS_INVALID_PARAMETER,
				      "InterruptTranslated is not an interrupt resource");
	return STATUS_SUCCESS;
}

/*
 * With AutomaticSerialization (the attributes check refused a parent
 * without it), KMDF lets an interrupt's parent be its device or a queue
 * of it; any other object is STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED.
 * wdfshim has no queues: the parent is the device. An invalid
 * ParentObject handle is a bug check.
 */
static NTSTATUS wdfshim_interrupt_parent_check(const char *ddi,
					       PWDF_OBJECT_ATTRIBUTES attrs,
					       struct wdfshim_device *wdev)
{
	struct wdfshim_object *parent;

	if (!attrs || !attrs->ParentObject)
		return STATUS_SUCCESS;
	parent = wdfshim_handle_resolve(attrs->ParentObject, WDFSHIM_TYPE_ANY,
					ddi);
	if (!parent)
		return STATUS_INVALID_HANDLE;
	if (parent == &wdev->obj)
		return STATUS_SUCCESS;
	return wdfshim_reject(ddi, STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED,
			      "the parent must be the device (KMDF also allows a WDFQUEUE; wdfshim has none)");
}

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
 * AutomaticSerialization takes the device's callback lock when the
 * device's SynchronizationScope is WdfSynchronizationScopeDevice; its
 * ExecutionLevel must then suit the callbacks (work item: passive; DPC:
 * dispatch).
 *
 * Context: PASSIVE_LEVEL (KMDF allows DISPATCH_LEVEL; wdfshim allocates
 * and takes the device mutex), before the device is started.
 * Return: STATUS_SUCCESS; STATUS_INFO_LENGTH_MISMATCH for an unknown Size;
 * STATUS_INVALID_PARAMETER for an invalid configuration;
 * STATUS_WDF_OBJECT_ATTRIBUTES_INVALID for invalid attributes;
 * STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED for a ParentObject without
 * AutomaticSerialization, or one that is not the device;
 * STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL for AutomaticSerialization
 * against the device's ExecutionLevel; STATUS_INVALID_DEVICE_STATE once
 * the device is started; STATUS_INVALID_DEVICE_REQUEST above
 * PASSIVE_LEVEL; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS WdfInterruptCreate(WDFDEVICE Device, PWDF_INTERRUPT_CONFIG Configuration,
			    PWDF_OBJECT_ATTRIBUTES Attributes,
			    WDFINTERRUPT *Interrupt)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(Device, __func__);
	WDF_INTERRUPT_CONFIG cfg;
	NTSTATUS status;

	if (!wdev)
		return STATUS_INVALID_HANDLE;
	if (!wdfshim_irql_allows(PASSIVE_LEVEL, __func__))
		return STATUS_INVALID_DEVICE_REQUEST;
	if (!Configuration || !Interrupt) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL,
				 (ULONG_PTR)Configuration, (ULONG_PTR)Interrupt,
				 __func__, "Configuration or Interrupt is NULL");
		return STATUS_INVALID_PARAMETER;
	}
	status = wdfshim_interrupt_config_normalize(__func__, Configuration, &cfg);
	if (!NT_SUCCESS(status))
		return status;
	status = wdfshim_interrupt_config_check(__func__, &cfg, Attributes);
	if (!NT_SUCCESS(status))
		return status;
	status = wdfshim_interrupt_parent_check(__func__, Attributes, wdev);
	if (!NT_SUCCESS(status))
		return status;
	return wdfshim_interrupt_create(wdev, &cfg, Attributes, Interrupt);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptCreate, WDFSHIM_NS);

/**
 * WdfInterruptQueueDpcForIsr - queue the interrupt's DPC
 * @Interrupt: the interrupt
 *
 * The DPC runs EvtInterruptDpc at DISPATCH_LEVEL (in softirq context: a
 * tasklet, or BH work when built with WDFSHIM_DPC=bh), or queues
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
 * Context: PASSIVE_LEVEL; above it the call is reported and refused.
 */
VOID WdfInterruptEnable(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr && wdfshim_irql_allows(PASSIVE_LEVEL, __func__))
		wdfshim_interrupt_enable(intr);
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
 * Context: PASSIVE_LEVEL; above it the call is reported and refused.
 */
VOID WdfInterruptDisable(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr && wdfshim_irql_allows(PASSIVE_LEVEL, __func__))
		wdfshim_interrupt_disable(intr);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptDisable, WDFSHIM_NS);

/**
 * WdfInterruptAcquireLock - take the interrupt lock
 * @Interrupt: the interrupt
 *
 * DIRQL interrupt: its spinlock with interrupts off; the caller runs at
 * DIRQL (KeGetCurrentIrql()) until WdfInterruptReleaseLock(). Passive
 * interrupt: its wait lock. Not recursive: the holder acquiring it again
 * (including the interrupt's own EvtInterruptIsr, EvtInterruptEnable or
 * EvtInterruptDisable, which run under it) is bug check WDF_VIOLATION
 * WDF_RECURSIVE_LOCK (parameter 2 the interrupt, 3 the lock) instead of a
 * deadlock.
 *
 * Context: DIRQL interrupt: any; passive: PASSIVE_LEVEL, else the call
 * is reported and the lock not taken.
 */
VOID WdfInterruptAcquireLock(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr)
		__wdfshim_interrupt_acquire(intr, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptAcquireLock, WDFSHIM_NS);

/**
 * WdfInterruptReleaseLock - release the interrupt lock
 * @Interrupt: the interrupt, its lock held by the caller
 *
 * A caller that does not hold the lock is reported and nothing is
 * released (KMDF's verifier does the same).
 *
 * Context: the holder.
 */
VOID WdfInterruptReleaseLock(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr)
		__wdfshim_interrupt_unlock(intr, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptReleaseLock, WDFSHIM_NS);

/**
 * WdfInterruptSynchronize - run a callback under the interrupt lock
 * @Interrupt: the interrupt
 * @Callback: the callback; NULL is a bug check
 * @Context: passed to @Callback
 *
 * Called by the lock's holder: bug check WDF_RECURSIVE_LOCK, as
 * WdfInterruptAcquireLock().
 *
 * Context: as WdfInterruptAcquireLock(); when refused, @Callback is not
 * called and the return is FALSE.
 * Return: what @Callback returned.
 */
BOOLEAN WdfInterruptSynchronize(WDFINTERRUPT Interrupt,
				PFN_WDF_INTERRUPT_SYNCHRONIZE Callback,
				WDFCONTEXT Context)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (!intr)
		return FALSE;
	if (!Callback) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL, intr->obj.handle,
				 0, __func__, "Callback is NULL");
		return FALSE;
	}
	return wdfshim_interrupt_synchronize(intr, Callback, Context);
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
 * WdfInterruptTryToAcquireLock - try to take a passive interrupt's lock
 * @Interrupt: the interrupt
 *
 * Passive interrupt: mutex_trylock() of its wait lock; on success release
 * it with WdfInterruptReleaseLock(). DIRQL interrupt: the DDI is only for
 * passive interrupts (KMDF's verifier breaks in); wdfshim logs the misuse
 * and returns FALSE, taking nothing.
 *
 * Context: PASSIVE_LEVEL; above it the call is reported and refused.
 * Return: TRUE if the caller now holds the interrupt lock, else FALSE
 * (also when the caller already holds it).
 */
BOOLEAN WdfInterruptTryToAcquireLock(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (!intr || !wdfshim_irql_allows(PASSIVE_LEVEL, __func__))
		return FALSE;
	return wdfshim_interrupt_trylock(intr);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptTryToAcquireLock, WDFSHIM_NS);

/**
 * WdfInterruptGetInfo - describe the interrupt's resource
 * @Interrupt: the interrupt
 * @Info: initialised with WDF_INTERRUPT_INFO_INIT() (or a KMDF 1.7-sized
 *        structure); filled in
 *
 * While the interrupt is connected, the Linux IRQ: Vector is its number,
 * Irql is DIRQL (PASSIVE_LEVEL with PassiveHandling), Mode and Polarity
 * follow its trigger type, MessageSignaled says MSI/MSI-X,
 * ShareDisposition is CmResourceShareShared or
 * CmResourceShareDeviceExclusive, TargetProcessorSet and Group give its
 * effective affinity. Otherwise only Size and MessageNumber (the creation
 * order) are set. A NULL @Info is a bug check; an unknown Size is logged
 * and @Info is left unchanged (KMDF: a verifier break).
 *
 * Context: any; never sleeps.
 */
VOID WdfInterruptGetInfo(WDFINTERRUPT Interrupt, PWDF_INTERRUPT_INFO Info)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);
	WDF_INTERRUPT_INFO info;
	ULONG size;

	if (!intr)
		return;
	if (!Info) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL, intr->obj.handle,
				 0, __func__, "Info is NULL");
		return;
	}
	size = Info->Size;
	if (size != sizeof(*Info) && size != WDF_INTERRUPT_INFO_SIZE_V1_7) {
		pr_err("%s: WDF_INTERRUPT_INFO Size %u is not %zu (or %zu): nothing returned\n",
		       __func__, size, sizeof(*Info),
		       (size_t)WDF_INTERRUPT_INFO_SIZE_V1_7);
		return;
	}
	wdfshim_interrupt_get_info(intr, &info);
	memcpy(Info, &info, size);
	Info->Size = size;
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptGetInfo, WDFSHIM_NS);

/* KMDF's range checks; a failure is logged and the call does nothing. */
static bool wdfshim_policy_valid(const char *ddi, WDF_INTERRUPT_POLICY policy,
				 WDF_INTERRUPT_PRIORITY priority)
{
	if ((u32)policy > WdfIrqPolicySpreadMessagesAcrossAllProcessors) {
		pr_err("%s: policy %d is out of range: ignored\n",
		       ddi, policy);
		return false;
	}
	if ((u32)priority < WdfIrqPriorityLow ||
	    (u32)priority > WdfIrqPriorityHigh) {
		pr_err("%s: priority %d is out of range: ignored\n",
		       ddi, priority);
		return false;
	}
	return true;
}

/**
 * WdfInterruptSetPolicy - processor policy and priority, group 0
 * @Interrupt: the interrupt
 * @Policy: a WDF_INTERRUPT_POLICY
 * @Priority: WdfIrqPriorityLow, WdfIrqPriorityNormal or WdfIrqPriorityHigh;
 *            accepted and otherwise unused (Linux IRQs have no priority)
 * @TargetProcessorSet: CPUs 0-63, for WdfIrqPolicySpecifiedProcessors
 *
 * Stored and applied when the interrupt is next connected, as the IRQ's
 * affinity and affinity hint: all CPUs close to the device (its NUMA
 * node), one of them, all online CPUs, @TargetProcessorSet, or one CPU
 * per interrupt (creation order) for SpreadMessages. MachineDefault leaves
 * the IRQ as Linux set it. The hint is cleared at disconnect; the affinity
 * stays. A policy or priority out of range is logged and ignored (KMDF:
 * a verifier break).
 *
 * Context: any; never sleeps.
 */
VOID WdfInterruptSetPolicy(WDFINTERRUPT Interrupt, WDF_INTERRUPT_POLICY Policy,
			   WDF_INTERRUPT_PRIORITY Priority,
			   KAFFINITY TargetProcessorSet)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);
	struct wdfshim_interrupt_policy p = {
		.policy = Policy,
		.priority = Priority,
		.target.Mask = TargetProcessorSet,
	};

	if (intr && wdfshim_policy_valid(__func__, Policy, Priority))
		wdfshim_interrupt_set_policy(intr, &p);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptSetPolicy, WDFSHIM_NS);

/**
 * WdfInterruptSetExtendedPolicy - processor policy, priority and group
 * @Interrupt: the interrupt
 * @PolicyAndGroup: initialised with WDF_INTERRUPT_EXTENDED_POLICY_INIT()
 *
 * As WdfInterruptSetPolicy(), with TargetProcessorSetAndGroup: group g is
 * Linux CPUs 64g to 64g + 63. A NULL @PolicyAndGroup is a bug check (KMDF
 * dereferences it). A Size other than sizeof(WDF_INTERRUPT_EXTENDED_POLICY),
 * nonzero Reserved fields, or a policy or priority out of range is logged
 * and ignored (KMDF: a verifier break).
 *
 * Context: any; never sleeps.
 */
VOID WdfInterruptSetExtendedPolicy(WDFINTERRUPT Interrupt,
				   PWDF_INTERRUPT_EXTENDED_POLICY PolicyAndGroup)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);
	const GROUP_AFFINITY *target;
	struct wdfshim_interrupt_policy p;

	if (!intr)
		return;
	if (!PolicyAndGroup) {
		wdfshim_bugcheck(WDF_REQUIRED_PARAMETER_IS_NULL, intr->obj.handle,
				 0, __func__, "PolicyAndGroup is NULL");
		return;
	}
	if (PolicyAndGroup->Size != sizeof(*PolicyAndGroup)) {
		pr_err("%s: WDF_INTERRUPT_EXTENDED_POLICY Size %u is not %zu: ignored\n",
		       __func__, PolicyAndGroup->Size, sizeof(*PolicyAndGroup));
		return;
	}
	target = &PolicyAndGroup->TargetProcessorSetAndGroup;
	if (target->Reserved[0] || target->Reserved[1] || target->Reserved[2]) {
		pr_err("%s: TargetProcessorSetAndGroup.Reserved is not zero: ignored\n",
		       __func__);
		return;
	}
	if (!wdfshim_policy_valid(__func__, PolicyAndGroup->Policy,
				  PolicyAndGroup->Priority))
		return;
	p = (struct wdfshim_interrupt_policy) {
		.policy = PolicyAndGroup->Policy,
		.priority = PolicyAndGroup->Priority,
		.target = *target,
	};
	wdfshim_interrupt_set_policy(intr, &p);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptSetExtendedPolicy, WDFSHIM_NS);

static void wdfshim_report(struct wdfshim_interrupt *intr, bool active,
			   const char *ddi)
{
	if (!wdfshim_interrupt_report_active(intr, active))
		dev_err_ratelimited(intr->device->dev, "%s: interrupt %u is not connected: ignored\n",
				    ddi, intr->message_id);
}

/**
 * WdfInterruptReportActive - the interrupt expects requests again
 * @Interrupt: the interrupt, connected and reported inactive
 *
 * EvtInterruptIsr is called again; an exclusive Linux IRQ disabled by
 * WdfInterruptReportInactive() is enabled, and an interrupt that arrived
 * meanwhile is delivered now. On an active interrupt it does nothing. Not
 * connected: logged, nothing happens (KMDF: a verifier break). Connecting
 * makes an interrupt active.
 *
 * Context: any; never sleeps (IRQ chips behind a slow bus: PASSIVE_LEVEL).
 */
VOID WdfInterruptReportActive(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr)
		wdfshim_report(intr, true, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptReportActive, WDFSHIM_NS);

/**
 * WdfInterruptReportInactive - the interrupt expects no requests
 * @Interrupt: the interrupt, connected
 *
 * Until WdfInterruptReportActive(), EvtInterruptIsr is not called: the
 * handler returns IRQ_NONE. An exclusive Linux IRQ (MSI, or ShareVector
 * WdfFalse) is also disabled with disable_irq_nosync(); a shared one stays
 * enabled for the other devices on the line. An ISR already running is not
 * waited for. On an inactive interrupt it does nothing. Not connected:
 * logged, nothing happens (KMDF: a verifier break).
 *
 * Context: any; never sleeps (IRQ chips behind a slow bus: PASSIVE_LEVEL).
 */
VOID WdfInterruptReportInactive(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	if (intr)
		wdfshim_report(intr, false, __func__);
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptReportInactive, WDFSHIM_NS);

/**
 * WdfInterruptWdmGetInterrupt - the WDM interrupt object
 * @Interrupt: the interrupt
 *
 * Linux has no KINTERRUPT, and wdfshim provides no DDI that takes one.
 * While connected the result is an opaque, non-NULL cookie of the
 * connection (the Linux IRQ's struct irq_data): comparable, not to be
 * dereferenced. Like KMDF, NULL while not connected.
 *
 * Context: any.
 * Return: the cookie, or NULL.
 */
PKINTERRUPT WdfInterruptWdmGetInterrupt(WDFINTERRUPT Interrupt)
{
	struct wdfshim_interrupt *intr = wdfshim_interrupt_from_handle(Interrupt, __func__);

	return intr ? wdfshim_interrupt_wdm(intr) : NULL;
}
EXPORT_SYMBOL_NS_GPL(WdfInterruptWdmGetInterrupt, WDFSHIM_NS);

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
