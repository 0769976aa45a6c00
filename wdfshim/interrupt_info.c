// SPDX-License-Identifier: GPL-2.0
/*
 * interrupt_info.c - describe and steer the Linux IRQ of a WDFINTERRUPT:
 * processor policy (WdfInterruptSetPolicy/SetExtendedPolicy), its
 * description (WdfInterruptGetInfo, WdfInterruptWdmGetInterrupt) and the
 * active/inactive reports (WdfInterruptReportActive/Inactive).
 *
 * The lifecycle (interrupt.c) calls three hooks of this file while it
 * connects and runs an interrupt down: wdfshim_interrupt_policy_prepare()
 * before request_irq(), _apply() after it, _release() before free_irq().
 * Nothing here connects, queues or tears down.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define dev_fmt(fmt) pr_fmt(fmt)

#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "compat.h"
#include "interrupt.h"
#include "irql.h"

/* ---- processor policy -------------------------------------------------- */

/*
 * Fill @mask with the CPUs @p asks for. Processor group g is Linux CPUs
 * 64g to 64g + 63; "close" means the device's NUMA node.
 * Return: false for WdfIrqPolicyMachineDefault (leave the IRQ alone).
 */
static bool wdfshim_interrupt_policy_cpus(struct wdfshim_interrupt *intr,
					  const struct wdfshim_interrupt_policy *p,
					  struct cpumask *mask)
{
	int node = dev_to_node(intr->device->dev);
	unsigned long bits = p->target.Mask;
	unsigned int bit, cpu;

	cpumask_clear(mask);
	switch (p->policy) {
	case WdfIrqPolicyAllCloseProcessors:
		if (node == NUMA_NO_NODE)
			cpumask_copy(mask, cpu_online_mask);
		else
			cpumask_and(mask, cpumask_of_node(node), cpu_online_mask);
		break;
	case WdfIrqPolicyOneCloseProcessor:
		cpumask_set_cpu(cpumask_local_spread(0, node), mask);
		break;
	case WdfIrqPolicyAllProcessorsInMachine:
		cpumask_copy(mask, cpu_online_mask);
		break;
	case WdfIrqPolicySpecifiedProcessors:
		for_each_set_bit(bit, &bits, BITS_PER_LONG) {
			cpu = p->target.Group * BITS_PER_LONG + bit;
			if (cpu < nr_cpu_ids && cpu_possible(cpu))
				cpumask_set_cpu(cpu, mask);
		}
		break;
	case WdfIrqPolicySpreadMessagesAcrossAllProcessors:
		cpumask_set_cpu(cpumask_local_spread(intr->message_id, node), mask);
		break;
	default:
		return false;
	}
	return true;
}

/**
 * wdfshim_interrupt_policy_prepare - connect's first hook: the policy's CPUs
 * @intr: the interrupt, being connected
 *
 * Before request_irq(): compute the policy's CPUs into @intr->affinity. The
 * hint itself is installed by wdfshim_interrupt_policy_apply() once the IRQ
 * is ours. A policy that names no CPU of this machine is reported and
 * ignored.
 *
 * Context: PASSIVE_LEVEL, under the device lock (allocates).
 * Return: STATUS_SUCCESS, or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS wdfshim_interrupt_policy_prepare(struct wdfshim_interrupt *intr)
{
	struct wdfshim_interrupt_policy p;

	raw_spin_lock_irq(&intr->queue_lock);
	p = intr->policy;
	raw_spin_unlock_irq(&intr->queue_lock);
	if (p.policy == WdfIrqPolicyMachineDefault)
		return STATUS_SUCCESS;
	if (!zalloc_cpumask_var(&intr->affinity, GFP_KERNEL))
		return STATUS_INSUFFICIENT_RESOURCES;
	if (!wdfshim_interrupt_policy_cpus(intr, &p, intr->affinity) ||
	    cpumask_empty(intr->affinity)) {
		dev_warn(intr->device->dev, "interrupt %u: processor policy %d names no CPU of this machine (group %u, mask 0x%lx): ignored\n",
			 intr->message_id, p.policy, p.target.Group,
			 (unsigned long)p.target.Mask);
		free_cpumask_var(intr->affinity);
		return STATUS_SUCCESS;
	}
	intr->hinted = true;
	return STATUS_SUCCESS;
}

/**
 * wdfshim_interrupt_policy_apply - connect's second hook: steer the IRQ
 * @intr: the interrupt, its IRQ just requested
 *
 * The policy is a request, as in KMDF: the IRQ's affinity is set where its
 * chip allows it (failures are not reported by the kernel), and the hint
 * tells irqbalance and /proc/irq/N/affinity_hint. A failure is reported.
 *
 * Context: PASSIVE_LEVEL, under the device lock.
 */
void wdfshim_interrupt_policy_apply(struct wdfshim_interrupt *intr)
{
	int ret;

	if (!intr->hinted)
		return;
	ret = irq_set_affinity_and_hint(intr->irq, intr->affinity);
	if (ret)
		dev_warn(intr->device->dev, "interrupt %u: affinity hint for IRQ %u not set: %d\n",
			 intr->message_id, intr->irq, ret);
}

/**
 * wdfshim_interrupt_policy_release - rundown's hook: clear the hint
 * @intr: the interrupt, before free_irq() (or after a failed request)
 *
 * free_irq() WARNs on a hint left set, and the hint points at our mask,
 * which is freed here. The IRQ's affinity itself stays.
 *
 * Context: PASSIVE_LEVEL, under the device lock.
 */
void wdfshim_interrupt_policy_release(struct wdfshim_interrupt *intr)
{
	if (!intr->hinted)
		return;
	if (intr->irq)
		irq_update_affinity_hint(intr->irq, NULL);
	free_cpumask_var(intr->affinity);
	intr->hinted = false;
}

/**
 * wdfshim_interrupt_set_policy - WdfInterruptSetPolicy()/SetExtendedPolicy()
 * @intr: the interrupt
 * @policy: checked by the caller
 *
 * Stored; applied when the interrupt is next connected (KMDF applies it
 * when resources are next assigned).
 *
 * Context: any; never sleeps.
 */
void wdfshim_interrupt_set_policy(struct wdfshim_interrupt *intr,
				  const struct wdfshim_interrupt_policy *policy)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&intr->queue_lock, flags);
	intr->policy = *policy;
	raw_spin_unlock_irqrestore(&intr->queue_lock, flags);
}

/* ---- information ------------------------------------------------------- */

static WDF_INTERRUPT_POLARITY wdfshim_irq_polarity(u32 type)
{
	switch (type & IRQ_TYPE_SENSE_MASK) {
	case IRQ_TYPE_EDGE_RISING:
	case IRQ_TYPE_LEVEL_HIGH:
		return WdfInterruptActiveHigh;
	case IRQ_TYPE_EDGE_FALLING:
	case IRQ_TYPE_LEVEL_LOW:
		return WdfInterruptActiveLow;
	default:
		return WdfInterruptPolarityUnknown;
	}
}

/* The processor group of the first CPU in @aff, and its CPUs in that group. */
static void wdfshim_irq_affinity(const struct cpumask *aff,
				 WDF_INTERRUPT_INFO *info)
{
	unsigned int first = cpumask_first(aff), cpu;

	if (first >= nr_cpu_ids)
		return;
	info->Group = first / BITS_PER_LONG;
	for_each_cpu(cpu, aff)
		if (cpu / BITS_PER_LONG == info->Group)
			info->TargetProcessorSet |= BIT(cpu % BITS_PER_LONG);
}

/**
 * wdfshim_interrupt_get_info - WdfInterruptGetInfo() of a full structure
 * @intr: the interrupt
 * @info: filled in
 *
 * MessageNumber is always the creation order (as KMDF stores it; it is
 * meaningful when MessageSignaled). The rest describes the Linux IRQ
 * while connected, and is zero otherwise: Vector is the Linux IRQ number,
 * Irql is DIRQL (PASSIVE_LEVEL for PassiveHandling), Mode and Polarity come
 * from the IRQ's trigger type (an MSI is Latched), ShareDisposition from
 * IRQF_SHARED, and TargetProcessorSet/Group from the effective affinity
 * (the requested one when the chip reports none).
 *
 * Context: any; never sleeps. A call racing with connect or disconnect
 * sees either state.
 */
void wdfshim_interrupt_get_info(struct wdfshim_interrupt *intr,
				WDF_INTERRUPT_INFO *info)
{
	const struct cpumask *aff;
	unsigned int irq;
	struct irq_data *d;
	u32 type;

	WDF_INTERRUPT_INFO_INIT(info);
	info->MessageNumber = intr->message_id;
	irq = smp_load_acquire(&intr->irq);	/* then msi, irqflags */
	d = irq ? irq_get_irq_data(irq) : NULL;
	if (!d)
		return;
	type = irqd_get_trigger_type(d);
	info->Vector = irq;
	info->Irql = intr->passive ? PASSIVE_LEVEL : WDFSHIM_DIRQL;
	info->Mode = intr->msi || (type & IRQ_TYPE_EDGE_BOTH) ? Latched :
		     LevelSensitive;
	info->Polarity = wdfshim_irq_polarity(type);
	info->MessageSignaled = intr->msi;
	info->ShareDisposition = intr->irqflags & IRQF_SHARED ?
				 CmResourceShareShared :
				 CmResourceShareDeviceExclusive;
	aff = irq_data_get_effective_affinity_mask(d);
	if (cpumask_empty(aff))
		aff = irq_data_get_affinity_mask(d);
	wdfshim_irq_affinity(aff, info);
}

/**
 * wdfshim_interrupt_wdm - WdfInterruptWdmGetInterrupt()
 * @intr: the interrupt
 *
 * Linux has no KINTERRUPT. While connected the cookie is the Linux IRQ's
 * struct irq_data, as an opaque pointer that drivers must not dereference;
 * KMDF likewise returns NULL while the interrupt is not connected.
 *
 * Context: any.
 * Return: the cookie, or NULL while disconnected.
 */
PKINTERRUPT wdfshim_interrupt_wdm(struct wdfshim_interrupt *intr)
{
	unsigned int irq = READ_ONCE(intr->irq);

	return irq ? (PKINTERRUPT)irq_get_irq_data(irq) : NULL;
}

/* ---- active and inactive (PoFx) ---------------------------------------- */

/**
 * wdfshim_interrupt_report_active - WdfInterruptReportActive()/Inactive()
 * @intr: the interrupt
 * @active: the state to report
 *
 * Inactive: EvtInterruptIsr is not called (the thunk returns IRQ_NONE)
 * until the interrupt is reported active again. An exclusive IRQ is also
 * disabled with disable_irq_nosync(), so Linux keeps an interrupt raised
 * meanwhile pending and delivers it at enable_irq(); a shared one stays
 * enabled for the other devices on the line. Reporting the current state
 * again does nothing, as in KMDF. An ISR already running on another CPU
 * is not waited for.
 *
 * Context: any where the IRQ may be disabled (task context for an IRQ
 * chip behind a slow bus); never sleeps otherwise.
 * Return: false if @intr is not connected (nothing changed).
 */
bool wdfshim_interrupt_report_active(struct wdfshim_interrupt *intr,
				     bool active)
{
	unsigned long flags;
	bool connected;

	raw_spin_lock_irqsave(&intr->queue_lock, flags);
	connected = !intr->dying && READ_ONCE(intr->irq);
	if (connected && active && intr->inactive) {
		WRITE_ONCE(intr->inactive, false);
		if (intr->masked)
			enable_irq(intr->irq);
		intr->masked = false;
	} else if (connected && !active && !intr->inactive) {
		WRITE_ONCE(intr->inactive, true);
		intr->masked = !(intr->irqflags & IRQF_SHARED);
		if (intr->masked)
			disable_irq_nosync(intr->irq);
	}
	raw_spin_unlock_irqrestore(&intr->queue_lock, flags);
	return connected;
}
