// SPDX-License-Identifier: GPL-2.0
/*
 * dpc.c - the KMDF internal DPC of an interrupt, on a Linux bottom half.
 *
 * KMDF's rules for the DPC, which both backends keep:
 *
 *   queue     returns true only if the DPC was not already queued; a DPC
 *             queued again before it started runs once
 *   run       "queued" is cleared just before the callback is entered, so
 *             a queue call made while the callback runs (from itself, or
 *             from an ISR on another CPU) queues it again: it runs again
 *   context   softirq (DISPATCH_LEVEL for wdfshim's IRQL marks), on the
 *             CPU that queued it; never concurrently with itself
 *   flush     waits until the DPC is neither queued nor running; what is
 *             queued runs, nothing is cancelled. The DPC stays usable.
 *
 * Backends (make WDFSHIM_DPC=tasklet|bh, see dpc.h):
 *
 *   tasklet   tasklet_schedule() returns nothing, so the queue call owns
 *             bit 0 of @pending (test_and_set_bit()), and the tasklet
 *             thunk clears it before the callback. tasklet_kill() flushes.
 *   bh        a work item on system_bh_wq: queue_work() returns false while
 *             the item is pending, and the workqueue clears PENDING before
 *             it calls the function: KMDF's rule as it is. flush_work()
 *             flushes. A BH work item queued while it runs on another CPU
 *             is run again on that CPU (the workqueue is non-reentrant);
 *             a tasklet would spin on the queuing CPU instead.
 *
 * Whoever queues from task context wraps the call in local_bh_disable()/
 * local_bh_enable(): both backends only raise TASKLET_SOFTIRQ, which then
 * runs at local_bh_enable() rather than in ksoftirqd.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>

#include "dpc.h"

/* The compiled-in backend, for the load message and the KUnit suites. */
const char wdfshim_dpc_backend[] = WDFSHIM_DPC_BACKEND;
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_dpc_backend);

#ifdef WDFSHIM_DPC_BH

/* ---- bh backend: a work item on system_bh_wq -------------------------- */

static void wdfshim_dpc_work(struct work_struct *work)
{
	struct wdfshim_dpc *dpc = container_of(work, struct wdfshim_dpc, work);

	dpc->fn(dpc);
}

static void wdfshim_dpc_setup(struct wdfshim_dpc *dpc)
{
	INIT_WORK(&dpc->work, wdfshim_dpc_work);
}

static bool wdfshim_dpc_schedule(struct wdfshim_dpc *dpc)
{
	return queue_work(system_bh_wq, &dpc->work);
}

static void wdfshim_dpc_wait(struct wdfshim_dpc *dpc)
{
	flush_work(&dpc->work);
}

#else

/* ---- tasklet backend: a tasklet and wdfshim's pending bit -------------- */

#define WDFSHIM_DPC_PENDING	0	/* bit of wdfshim_dpc.pending */

static void wdfshim_dpc_tasklet(struct tasklet_struct *t)
{
	struct wdfshim_dpc *dpc = from_tasklet(dpc, t, tasklet);

	clear_bit(WDFSHIM_DPC_PENDING, &dpc->pending);
	smp_mb__after_atomic();	/* a queue call from here on queues again */
	dpc->fn(dpc);
}

static void wdfshim_dpc_setup(struct wdfshim_dpc *dpc)
{
	dpc->pending = 0;
	tasklet_setup(&dpc->tasklet, wdfshim_dpc_tasklet);
}

static bool wdfshim_dpc_schedule(struct wdfshim_dpc *dpc)
{
	if (test_and_set_bit(WDFSHIM_DPC_PENDING, &dpc->pending))
		return false;
	tasklet_schedule(&dpc->tasklet);
	return true;
}

static void wdfshim_dpc_wait(struct wdfshim_dpc *dpc)
{
	tasklet_kill(&dpc->tasklet);
}

#endif /* WDFSHIM_DPC_BH */

/* ---- the interface ----------------------------------------------------- */

/**
 * wdfshim_dpc_init - set up a DPC that is not queued
 * @dpc: the DPC
 * @fn: its callback, run in softirq context each time the DPC runs
 *
 * Context: any; allocates nothing.
 */
void wdfshim_dpc_init(struct wdfshim_dpc *dpc, wdfshim_dpc_fn_t fn)
{
	dpc->fn = fn;
	wdfshim_dpc_setup(dpc);
}

/**
 * wdfshim_dpc_queue - queue a DPC to run on this CPU
 * @dpc: the DPC
 *
 * Context: any (hard IRQ, softirq or task context, with or without locks,
 * raw spinlocks included); never sleeps, allocates nothing. From task
 * context, call it with BHs disabled to have the DPC run at
 * local_bh_enable().
 * Return: true if newly queued; false if it was queued and has not started.
 */
bool wdfshim_dpc_queue(struct wdfshim_dpc *dpc)
{
	return wdfshim_dpc_schedule(dpc);
}

/**
 * wdfshim_dpc_flush - wait until a DPC is neither queued nor running
 * @dpc: the DPC
 *
 * A queued DPC runs first; nothing is cancelled, and the DPC can be queued
 * again afterwards. Callers first stop whatever could queue it again.
 *
 * Context: task context, may sleep; not from @dpc's own callback.
 */
void wdfshim_dpc_flush(struct wdfshim_dpc *dpc)
{
	wdfshim_dpc_wait(dpc);
}
