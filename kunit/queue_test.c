// SPDX-License-Identifier: GPL-2.0
/*
 * queue_test.c - WdfInterruptQueueDpcForIsr / WdfInterruptQueueWorkItemForIsr
 * from every context, on real (simulated-line) interrupts.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>

#include "interrupt.h"
#include "irql.h"
#include "wst.h"

/* Give anything wrongly queued time to run before counting. */
#define WST_SETTLE_MS	50

static void wst_isr_queue_dpc_twice(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
	wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

static void wst_isr_queue_work_twice(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

static void wdfshim_queue_dpc_from_isr(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	ctx->isr_hook = wst_isr_queue_dpc_twice;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	msleep(WST_SETTLE_MS);

	KUNIT_EXPECT_EQ(test, ctx->ret[0], TRUE);	/* newly queued */
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);	/* already queued */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
	KUNIT_EXPECT_PTR_EQ(test, ctx->dpc_assoc, (WDFOBJECT)env->device);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_coalesced, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, 1ULL);
}

/* The pending bit is cleared before EvtInterruptDpc: it can queue itself. */
static void wst_dpc_requeue_once(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	if (atomic_read(&ctx->dpc_calls) == 1)
		wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

static void wdfshim_queue_dpc_requeue_from_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	ctx->isr_hook = wst_isr_queue_dpc_twice;
	ctx->dpc_hook = wst_dpc_requeue_once;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, ctx->ret[2], TRUE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 2);
}

static void wdfshim_queue_dpc_from_task(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	wst_start(env);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueDpcForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->dpc_irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 0);
}

/* An interrupt with a work item and no DPC: the DPC queues the work item. */
static void wst_isr_queue_dpc_once(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

static void wdfshim_queue_dpc_stands_in_for_work(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	ctx->isr_hook = wst_isr_queue_dpc_once;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	KUNIT_EXPECT_EQ(test, ctx->ret[0], TRUE);
	KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_PTR_EQ(test, ctx->work_assoc, (WDFOBJECT)env->device);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, 1ULL);
	KUNIT_EXPECT_EQ(test, st.work_queued, 1ULL);
}

/* At DIRQL the result is the internal DPC's. */
static void wdfshim_queue_work_from_dirql_isr(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	ctx->isr_hook = wst_isr_queue_work_twice;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	msleep(WST_SETTLE_MS);

	KUNIT_EXPECT_EQ(test, ctx->ret[0], TRUE);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 1);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_coalesced, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, 1ULL);
	KUNIT_EXPECT_EQ(test, st.work_queued, 1ULL);
}

/* At PASSIVE_LEVEL (PassiveHandling ISR) the work item is queued directly. */
static void wdfshim_queue_work_from_passive_isr(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, true);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	ctx->isr_hook = wst_isr_queue_work_twice;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	msleep(WST_SETTLE_MS);

	KUNIT_EXPECT_EQ(test, ctx->isr_irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, ctx->ret[0], TRUE);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 1);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);
	KUNIT_EXPECT_EQ(test, st.work_queued, 1ULL);
	KUNIT_EXPECT_EQ(test, st.work_coalesced, 1ULL);
}

/* First run blocks until the test releases it; later runs return at once. */
static void wst_work_block_first(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	if (atomic_read(&ctx->work_calls) != 1)
		return;
	complete(ctx->priv);
	wait_for_completion_timeout(&ctx->go, WST_TIMEOUT);
}

/*
 * Queued once before it runs; queueable again once it has started: the
 * call made while the first instance runs returns TRUE, the next FALSE.
 */
static void wdfshim_queue_work_from_task(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	DECLARE_COMPLETION_ONSTACK(started);

	ctx->priv = &started;
	ctx->work_hook = wst_work_block_first;
	wst_start(env);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&started));
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), TRUE);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), FALSE);
	complete(&ctx->go);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 2);
	KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
}

/* From a DPC (DISPATCH_LEVEL): direct queueing, the work item's result. */
static void wst_dpc_queue_other_work(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(ctx->priv));
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(ctx->priv));
}

static void wdfshim_queue_work_from_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT a = wst_new(env, WST_DPC, false);
	WDFINTERRUPT b = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *actx = wst_ctx(a), *bctx = wst_ctx(b);
	struct wdfshim_interrupt_stats st;

	actx->isr_hook = wst_isr_queue_dpc_once;
	actx->dpc_hook = wst_dpc_queue_other_work;
	actx->priv = b;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&bctx->work_done));
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, actx->ret[1], TRUE);
	KUNIT_EXPECT_EQ(test, actx->ret[2], FALSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&bctx->work_calls), 1);
	wst_stats(b, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);
	KUNIT_EXPECT_EQ(test, st.work_queued, 1ULL);
	KUNIT_EXPECT_EQ(test, st.work_coalesced, 1ULL);
}

/* Under a DIRQL interrupt's lock the caller is at DIRQL: DPC path. */
static void wdfshim_queue_work_under_dirql_lock(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;
	BOOLEAN r1, r2;

	wst_start(env);
	WdfInterruptAcquireLock(intr);
	r1 = WdfInterruptQueueWorkItemForIsr(intr);
	r2 = WdfInterruptQueueWorkItemForIsr(intr);
	WdfInterruptReleaseLock(intr);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	KUNIT_EXPECT_EQ(test, r1, TRUE);
	KUNIT_EXPECT_EQ(test, r2, FALSE);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_coalesced, 1ULL);
	KUNIT_EXPECT_EQ(test, st.work_queued, 1ULL);
}

/* A passive interrupt's lock is a wait lock: the caller stays PASSIVE. */
static void wdfshim_queue_work_under_passive_lock(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, true);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;
	BOOLEAN r;

	wst_start(env);
	WdfInterruptAcquireLock(intr);
	r = WdfInterruptQueueWorkItemForIsr(intr);
	WdfInterruptReleaseLock(intr);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	KUNIT_EXPECT_EQ(test, r, TRUE);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);
	KUNIT_EXPECT_EQ(test, st.work_queued, 1ULL);
}

/* ---- bug checks: missing EvtInterruptWorkItem, from each context -------- */

static void wst_expect_no_work_item_bugcheck(struct kunit *test,
					     WDFINTERRUPT intr, KIRQL irql)
{
	const struct wst_bugcheck *r;

	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	r = wst_report(test, 0, "WdfInterruptQueueWorkItemForIsr");
	KUNIT_EXPECT_EQ(test, r->bc.param1, (ULONG_PTR)WDF_VERIFIER_FATAL_ERROR);
	KUNIT_EXPECT_EQ(test, r->bc.param2, (ULONG_PTR)intr);
	KUNIT_EXPECT_EQ(test, r->irql, irql);
}

static void wst_expect_nothing_queued(struct kunit *test, WDFINTERRUPT intr)
{
	struct wdfshim_interrupt_stats st;

	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.work_queued + st.work_coalesced, 0ULL);
}

static void wdfshim_queue_no_work_item_task(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	env->expect_bugchecks = true;
	wst_start(env);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), FALSE);
	msleep(WST_SETTLE_MS);
	wst_expect_no_work_item_bugcheck(test, intr, PASSIVE_LEVEL);
	wst_expect_nothing_queued(test, intr);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 0);
}

static void wst_isr_queue_work_once(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

static void wdfshim_queue_no_work_item_isr(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	env->expect_bugchecks = true;
	ctx->isr_hook = wst_isr_queue_work_once;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, ctx->ret[0], FALSE);
	wst_expect_no_work_item_bugcheck(test, intr, WDFSHIM_DIRQL);
	wst_expect_nothing_queued(test, intr);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);	/* not even the DPC */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 0);
}

static void wst_dpc_queue_own_work(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

static void wdfshim_queue_no_work_item_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	env->expect_bugchecks = true;
	ctx->isr_hook = wst_isr_queue_dpc_once;
	ctx->dpc_hook = wst_dpc_queue_own_work;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);
	wst_expect_no_work_item_bugcheck(test, intr, DISPATCH_LEVEL);
	wst_expect_nothing_queued(test, intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
}

/* ---- bug checks: invalid handles, each class from each context ---------- */

static const enum wst_bad wst_bad_kinds[] = {
	WST_BAD_NULL, WST_BAD_GARBAGE, WST_BAD_STALE, WST_BAD_WRONG_TYPE,
};

KUNIT_ARRAY_PARAM(wst_bad, wst_bad_kinds, wst_bad_desc);

/* Both queue DDIs on the bad handle in ctx->priv. */
static void wst_queue_bad(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueDpcForIsr(ctx->priv));
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(ctx->priv));
}

static void wst_expect_bad_handle_reports(struct kunit *test, void *bad,
					  KIRQL irql)
{
	static const char * const ddis[] = {
		"WdfInterruptQueueDpcForIsr", "WdfInterruptQueueWorkItemForIsr",
	};
	int i;

	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 2U);
	for (i = 0; i < 2; i++) {
		wst_expect_invalid_handle(test, i, ddis[i], bad,
					  WDFSHIM_TYPE_INTERRUPT);
		KUNIT_EXPECT_EQ(test, wst_bugcheck_get(i)->irql, irql);
	}
}

static void wdfshim_queue_bad_handle_task(struct kunit *test)
{
	const enum wst_bad *kind = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	env->expect_bugchecks = true;
	ctx->priv = wst_bad_handle(env, *kind);
	wst_bugcheck_arm();	/* making a stale handle is not under test */
	wst_start(env);
	wst_queue_bad(intr, ctx);
	KUNIT_EXPECT_EQ(test, ctx->ret[0], FALSE);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);
	wst_expect_bad_handle_reports(test, ctx->priv, PASSIVE_LEVEL);
}

static void wdfshim_queue_bad_handle_isr(struct kunit *test)
{
	const enum wst_bad *kind = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	env->expect_bugchecks = true;
	ctx->priv = wst_bad_handle(env, *kind);
	wst_bugcheck_arm();
	ctx->isr_hook = wst_queue_bad;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, ctx->ret[0], FALSE);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);
	wst_expect_bad_handle_reports(test, ctx->priv, WDFSHIM_DIRQL);
}

static void wdfshim_queue_bad_handle_dpc(struct kunit *test)
{
	const enum wst_bad *kind = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	env->expect_bugchecks = true;
	ctx->priv = wst_bad_handle(env, *kind);
	wst_bugcheck_arm();
	ctx->dpc_hook = wst_queue_bad;
	wst_start(env);
	KUNIT_ASSERT_EQ(test, WdfInterruptQueueDpcForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->ret[0], FALSE);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], FALSE);
	wst_expect_bad_handle_reports(test, ctx->priv, DISPATCH_LEVEL);
}

/* ---- teardown and connection state -------------------------------------- */

static void wdfshim_queue_refused_while_disabled(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	wst_start(env);
	WdfInterruptDisable(intr);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueDpcForIsr(intr), FALSE);
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 0);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.refused, 1ULL);

	WdfInterruptEnable(intr);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueDpcForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
}

/*
 * While the device is being deleted, the running work item (which teardown
 * waits for) finds both queue DDIs refusing with FALSE. The results live
 * in test memory: the interrupt's context is gone once delete returns.
 */
struct wst_dying {
	struct completion started;
	BOOLEAN ret[2];
	atomic_t runs;
};

static void wst_work_queue_when_dying(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wdfshim_interrupt *obj = wdfshim_interrupt_from_handle(intr, "test");
	unsigned long end = jiffies + WST_TIMEOUT;
	struct wst_dying *d = ctx->priv;

	atomic_inc(&d->runs);
	complete(&d->started);
	while (!READ_ONCE(obj->dying) && time_before(jiffies, end))
		usleep_range(5000, 10000);
	d->ret[0] = WdfInterruptQueueWorkItemForIsr(intr);
	d->ret[1] = WdfInterruptQueueDpcForIsr(intr);
}

static void wdfshim_queue_refused_during_delete(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_dying *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	init_completion(&d->started);
	d->ret[0] = TRUE;
	d->ret[1] = TRUE;
	ctx->priv = d;
	ctx->work_hook = wst_work_queue_when_dying;
	wst_start(env);
	KUNIT_ASSERT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&d->started));
	wdfshim_device_delete(env->device);
	env->device = NULL;
	/* delete waited for the work item, which queued nothing more */
	KUNIT_EXPECT_EQ(test, d->ret[0], FALSE);
	KUNIT_EXPECT_EQ(test, d->ret[1], FALSE);
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
}

/* ---- ISR connection state ----------------------------------------------- */

struct wst_shared {
	atomic_t calls;
};

static irqreturn_t wst_shared_handler(int irq, void *data)
{
	struct wst_shared *sh = data;

	atomic_inc(&sh->calls);
	return IRQ_HANDLED;
}

/* A shared line: the shim's ISR runs only while its interrupt is connected. */
static void wdfshim_queue_isr_only_while_connected(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_shared *sh = kunit_kzalloc(test, sizeof(*sh), GFP_KERNEL);
	struct wdfshim_interrupt_stats st;

	KUNIT_ASSERT_NOT_NULL(test, sh);
	KUNIT_ASSERT_EQ(test, request_irq(env->irq[0], wst_shared_handler,
					  IRQF_SHARED, "wst-shared", sh), 0);
	wst_fire(env, 0);
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&sh->calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 0);

	wst_start(env);
	ctx->claim = FALSE;	/* not ours: the other handler's */
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&sh->calls), 2);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.isr_calls, 1ULL);
	KUNIT_EXPECT_EQ(test, st.isr_claimed, 0ULL);

	wdfshim_device_stop(env->device);
	wst_fire(env, 0);
	msleep(WST_SETTLE_MS);
	KUNIT_EXPECT_EQ(test, atomic_read(&sh->calls), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);
	free_irq(env->irq[0], sh);
}

/* One DPC per interrupt when each is waited for: nothing lost. */
static void wdfshim_queue_interrupt_stream(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;
	int i;

	ctx->isr_hook = wst_isr_queue_dpc_once;
	wst_start(env);
	for (i = 0; i < 200; i++) {
		wst_fire(env, 0);
		KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	}
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.isr_claimed, 200ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 200ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, 200ULL);
}

static struct kunit_case wdfshim_queue_cases[] = {
	KUNIT_CASE(wdfshim_queue_dpc_from_isr),
	KUNIT_CASE(wdfshim_queue_dpc_requeue_from_dpc),
	KUNIT_CASE(wdfshim_queue_dpc_from_task),
	KUNIT_CASE(wdfshim_queue_dpc_stands_in_for_work),
	KUNIT_CASE(wdfshim_queue_work_from_dirql_isr),
	KUNIT_CASE(wdfshim_queue_work_from_passive_isr),
	KUNIT_CASE(wdfshim_queue_work_from_task),
	KUNIT_CASE(wdfshim_queue_work_from_dpc),
	KUNIT_CASE(wdfshim_queue_work_under_dirql_lock),
	KUNIT_CASE(wdfshim_queue_work_under_passive_lock),
	KUNIT_CASE(wdfshim_queue_no_work_item_task),
	KUNIT_CASE(wdfshim_queue_no_work_item_isr),
	KUNIT_CASE(wdfshim_queue_no_work_item_dpc),
	KUNIT_CASE_PARAM(wdfshim_queue_bad_handle_task, wst_bad_gen_params),
	KUNIT_CASE_PARAM(wdfshim_queue_bad_handle_isr, wst_bad_gen_params),
	KUNIT_CASE_PARAM(wdfshim_queue_bad_handle_dpc, wst_bad_gen_params),
	KUNIT_CASE(wdfshim_queue_refused_while_disabled),
	KUNIT_CASE(wdfshim_queue_refused_during_delete),
	KUNIT_CASE(wdfshim_queue_isr_only_while_connected),
	KUNIT_CASE(wdfshim_queue_interrupt_stream),
	{}
};

static struct kunit_suite wdfshim_queue_suite = {
	.name = "wdfshim_queue",
	.init = wst_suite_init,
	.exit = wst_suite_exit,
	.test_cases = wdfshim_queue_cases,
};

kunit_test_suites(&wdfshim_queue_suite);
