// SPDX-License-Identifier: GPL-2.0
/*
 * irql.c - what KeGetCurrentIrql() answers, and why.
 *
 * Linux has no IRQL. The preempt count says "hard IRQ" or "softirq", but
 * under threadirqs and PREEMPT_RT an ISR runs in a thread and a DPC in
 * ksoftirqd, so the preempt count cannot tell an ISR at DIRQL from a
 * thread at PASSIVE_LEVEL. wdfshim therefore marks the places where it
 * raises the IRQL itself: the ISR thunk and the interrupt lock (DIRQL) and
 * the DPC thunk (DISPATCH_LEVEL).
 *
 * A mark is a frame in a small per-CPU table: {task, context class, irql}.
 * The code holding a frame cannot migrate (it holds a spinlock, runs in
 * hard IRQ or in a softirq), so the frame stays on this CPU. A caller sees
 * only frames of its own task and context class; that keeps a hard IRQ
 * from inheriting the IRQL of the task it interrupted and, on PREEMPT_RT,
 * keeps a preempting thread from inheriting the IRQL of the one it
 * preempted. Frames are not a stack: each owner frees its own slot.
 *
 * Without a frame: hard IRQ is DIRQL, serving a softirq is DISPATCH_LEVEL,
 * anything else is PASSIVE_LEVEL.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "compat.h"
#include "irql.h"

#define WDFSHIM_IRQL_FRAMES	16

enum wdfshim_ctx_class {
	WDFSHIM_CTX_TASK = 1,
	WDFSHIM_CTX_SOFTIRQ,
	WDFSHIM_CTX_HARDIRQ,
};

struct wdfshim_irql_frame {
	struct task_struct *task;	/* NULL: free */
	u8 ctx;
	KIRQL irql;
};

struct wdfshim_irql_table {
	struct wdfshim_irql_frame frame[WDFSHIM_IRQL_FRAMES];
};

static DEFINE_PER_CPU(struct wdfshim_irql_table, wdfshim_irql_table);

static enum wdfshim_ctx_class wdfshim_ctx_class(void)
{
	if (in_hardirq())
		return WDFSHIM_CTX_HARDIRQ;
	if (in_serving_softirq())
		return WDFSHIM_CTX_SOFTIRQ;
	return WDFSHIM_CTX_TASK;
}

/**
 * wdfshim_irql_enter - mark the caller as running at @irql
 * @irql: DISPATCH_LEVEL or WDFSHIM_DIRQL
 *
 * Context: the caller cannot migrate until wdfshim_irql_exit() (it holds
 * a spinlock, or runs in hard IRQ or softirq context). Allocates nothing.
 * Return: the frame to pass to wdfshim_irql_exit(), or -1 when the table
 * is full (then the IRQL is not raised and a warning is printed once).
 */
int wdfshim_irql_enter(KIRQL irql)
{
	struct wdfshim_irql_frame *f;
	unsigned long flags;
	int i;

	local_irq_save(flags);
	f = this_cpu_ptr(&wdfshim_irql_table)->frame;
	for (i = 0; i < WDFSHIM_IRQL_FRAMES; i++) {
		if (!f[i].task) {
			f[i].task = current;
			f[i].ctx = wdfshim_ctx_class();
			f[i].irql = irql;
			break;
		}
	}
	local_irq_restore(flags);
	if (WARN_ON_ONCE(i == WDFSHIM_IRQL_FRAMES))
		return -1;
	return i;
}

/**
 * wdfshim_irql_exit - drop a mark made by wdfshim_irql_enter()
 * @frame: its return value
 *
 * Context: same CPU, task and context as the matching enter.
 */
void wdfshim_irql_exit(int frame)
{
	unsigned long flags;

	if (frame < 0)
		return;
	local_irq_save(flags);
	this_cpu_ptr(&wdfshim_irql_table)->frame[frame].task = NULL;
	local_irq_restore(flags);
}

KIRQL wdfshim_current_irql(void)
{
	enum wdfshim_ctx_class ctx = wdfshim_ctx_class();
	struct wdfshim_irql_frame *f;
	unsigned long flags;
	bool marked = false;
	KIRQL irql = PASSIVE_LEVEL;
	int i;

	local_irq_save(flags);
	f = this_cpu_ptr(&wdfshim_irql_table)->frame;
	for (i = 0; i < WDFSHIM_IRQL_FRAMES; i++) {
		if (f[i].task == current && f[i].ctx == ctx) {
			marked = true;
			irql = max(irql, f[i].irql);
		}
	}
	local_irq_restore(flags);
	if (marked)
		return irql;
	if (ctx == WDFSHIM_CTX_HARDIRQ)
		return WDFSHIM_DIRQL;
	if (ctx == WDFSHIM_CTX_SOFTIRQ)
		return DISPATCH_LEVEL;
	return PASSIVE_LEVEL;
}

/**
 * wdfshim_irql_allows - KMDF's verifier IRQL check at a DDI's entry
 * @max: the highest IRQL the DDI may be called at
 * @ddi: the DDI, for the report
 *
 * The caller's IRQL is wdfshim_current_irql(), raised to DISPATCH_LEVEL
 * when Linux says the caller may not sleep (interrupts off, a preempt
 * count: a spinlock held or preemption off, bottom halves off, an RCU
 * read-side section), which is
 * where a Windows driver holding a spin lock would be. Kernels without
 * CONFIG_PREEMPT_COUNT do not count spinlocks; wdfshim's own locks are
 * marked either way.
 *
 * Context: any.
 * Return: true if the DDI may go on; false after a one-line report (what
 * KMDF's verifier prints, "called at wrong IRQL"): the DDI then refuses
 * the call.
 */
bool wdfshim_irql_allows(KIRQL max, const char *ddi)
{
	KIRQL irql = wdfshim_current_irql();

	/*
	 * What might_sleep() looks at: interrupts off, a preempt count, an
	 * RCU read side; and bottom halves off, which PREEMPT_RT counts per
	 * task rather than in the preempt count.
	 */
	if (irql == PASSIVE_LEVEL &&
	    (irqs_disabled() || preempt_count() || softirq_count() ||
	     rcu_preempt_depth()))
		irql = DISPATCH_LEVEL;
	if (irql <= max)
		return true;
	pr_err_ratelimited("%s: called at IRQL %u, the DDI requires IRQL <= %u: refused\n",
			   ddi, irql, max);
	return false;
}

/**
 * KeGetCurrentIrql - the KMDF IRQL of the caller
 *
 * DIRQL (WDFSHIM_DIRQL) inside an ISR at DIRQL or under a DIRQL
 * interrupt's lock, DISPATCH_LEVEL inside an interrupt's DPC, and
 * PASSIVE_LEVEL in task context, also when ISRs and DPCs are threaded.
 *
 * Context: any.
 * Return: the current KIRQL.
 */
KIRQL KeGetCurrentIrql(void)
{
	return wdfshim_current_irql();
}
EXPORT_SYMBOL_NS_GPL(KeGetCurrentIrql, WDFSHIM_NS);
