// SPDX-License-Identifier: GPL-2.0
/*
 * dpc_test.c - the DPC backend compiled in (make WDFSHIM_DPC=tasklet|bh) is
 * the one that runs the DPC.
 *
 * The harness runs every suite once per backend on kernels that have both;
 * this suite is what makes the two runs provably different. The kernel's
 * own bookkeeping is asked, not wdfshim's: TASKLET_STATE_RUN for a tasklet,
 * work_busy() for BH work. current_work() is NULL in both, because a BH
 * work item runs in softirq context, not in a kworker task.
 */
#include <linux/interrupt.h>
#include <linux/workqueue.h>

#include "dpc.h"
#include "interrupt.h"
#include "wst.h"

/* What the DPC saw of itself while it ran. */
struct wst_dpc_seen {
	bool softirq;			/* in_serving_softirq() */
	bool task;			/* in_task() */
	bool kworker;			/* current_work() != NULL */
	bool tasklet_running;		/* TASKLET_STATE_RUN of the DPC's tasklet */
	unsigned int work_busy;		/* work_busy() of the DPC's work item */
};

static void wst_dpc_note_backend(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wdfshim_interrupt *obj __maybe_unused =
		wdfshim_interrupt_from_handle(intr, "test");
	struct wst_dpc_seen *seen = ctx->priv;

	seen->softirq = in_serving_softirq();
	seen->task = in_task();
	seen->kworker = current_work();
#ifdef WDFSHIM_DPC_BH
	seen->work_busy = work_busy(&obj->dpc.work);
#elif defined(CONFIG_SMP) || defined(CONFIG_PREEMPT_RT)
	seen->tasklet_running = test_bit(TASKLET_STATE_RUN, &obj->dpc.tasklet.state);
#else
	seen->tasklet_running = true;	/* UP: tasklets keep no RUN bit */
#endif
}

/* The DPC, queued by a DIRQL ISR, runs on the backend the build chose. */
static void wdfshim_dpc_backend_in_use(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_dpc_seen *seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, seen);
	/* the shim and this module were built with the same choice */
	KUNIT_EXPECT_STREQ(test, wdfshim_dpc_backend, WDFSHIM_DPC_BACKEND);
	kunit_info(test, "DPC backend: %s\n", wdfshim_dpc_backend);

	ctx->priv = seen;
	ctx->isr_hook = wst_isr_queue_dpc;
	ctx->dpc_hook = wst_dpc_note_backend;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->ret[0], TRUE);
	KUNIT_EXPECT_EQ(test, ctx->dpc_irql, DISPATCH_LEVEL);

	/* a bottom half either way, not a task (not a kworker either) */
	KUNIT_EXPECT_TRUE(test, seen->softirq);
	KUNIT_EXPECT_FALSE(test, seen->task);
	KUNIT_EXPECT_FALSE(test, seen->kworker);
#ifdef WDFSHIM_DPC_BH
	/* the workqueue core is executing the DPC's work item */
	KUNIT_EXPECT_TRUE(test, seen->work_busy & WORK_BUSY_RUNNING);
	KUNIT_EXPECT_FALSE(test, seen->work_busy & WORK_BUSY_PENDING);
#else
	/* the tasklet softirq is executing the DPC's tasklet */
	KUNIT_EXPECT_TRUE(test, seen->tasklet_running);
#endif
}

/*
 * Queued from task context: the same once-only rule and the run at
 * local_bh_enable() or later, on either backend; flushing at stop leaves
 * nothing queued.
 */
static void wdfshim_dpc_coalesce_from_task(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_dpc_seen *seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);
	struct wdfshim_interrupt_stats st;
	BOOLEAN r1, r2;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	ctx->priv = seen;
	ctx->dpc_hook = wst_dpc_note_backend;
	wst_start(env);
	local_bh_disable();
	r1 = WdfInterruptQueueDpcForIsr(intr);
	r2 = WdfInterruptQueueDpcForIsr(intr);
	local_bh_enable();
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	wdfshim_device_stop(env->device);
	KUNIT_EXPECT_EQ(test, r1, TRUE);
	KUNIT_EXPECT_EQ(test, r2, FALSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
	KUNIT_EXPECT_TRUE(test, seen->softirq);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_coalesced, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, 1ULL);
}

static struct kunit_case wdfshim_dpc_cases[] = {
	KUNIT_CASE(wdfshim_dpc_backend_in_use),
	KUNIT_CASE(wdfshim_dpc_coalesce_from_task),
	{}
};

static struct kunit_suite wdfshim_dpc_suite = {
	.name = "wdfshim_dpc",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_dpc_cases,
};

kunit_test_suites(&wdfshim_dpc_suite);
