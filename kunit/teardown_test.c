// SPDX-License-Identifier: GPL-2.0
/*
 * teardown_test.c - start/stop order (D0Entry/D0Exit), enable/disable
 * callbacks, and the rundown guarantee: once stop, disable or delete
 * returns, no callback of the interrupt is running or will run.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/string.h>

#include "interrupt.h"
#include "wst.h"

/*
 * How long the callback in progress takes, so that a stop which did not
 * wait for it would return before it ends. Not a settle: what is tested
 * is the order, with nothing left to chance.
 */
#define WST_SLOW_MS	100

/* Order in which enable/disable callbacks ran, by interrupt index. */
struct wst_order {
	int enabled[8], disabled[8];
	atomic_t nenabled, ndisabled;
	int fail_enable;		/* index whose enable fails, or -1 */
};

static int wst_index(WST_INTR_CTX *ctx)
{
	return (int)(long)ctx->priv;
}

/* One ordering record per test, in test memory (tests run one at a time). */
static struct wst_order *wst_order_new(struct wst_env *env)
{
	struct wst_order *o = kunit_kzalloc(env->test, sizeof(*o), GFP_KERNEL);

	if (o)
		o->fail_enable = -1;
	return o;
}

static struct wst_order *wst_cur_order;

static void wst_enable_note(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_order *o = wst_cur_order;
	int i = atomic_inc_return(&o->nenabled) - 1;

	o->enabled[i] = wst_index(ctx);
	ctx->enable_status = wst_index(ctx) == o->fail_enable ?
			     STATUS_UNSUCCESSFUL : STATUS_SUCCESS;
}

static void wst_disable_note(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_order *o = wst_cur_order;
	int i = atomic_inc_return(&o->ndisabled) - 1;

	o->disabled[i] = wst_index(ctx);
}

static void wst_make_ordered(struct wst_env *env, WDFINTERRUPT *intr, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		WST_INTR_CTX *ctx;

		intr[i] = wst_new(env, WST_DPC, false);
		ctx = wst_ctx(intr[i]);
		ctx->priv = (void *)(long)i;
		ctx->enable_hook = wst_enable_note;
		ctx->disable_hook = wst_disable_note;
	}
}

static void wdfshim_teardown_start_stop_order(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr[3];
	int i;

	wst_cur_order = wst_order_new(env);
	KUNIT_ASSERT_NOT_NULL(test, wst_cur_order);
	wst_make_ordered(env, intr, 3);
	wst_start(env);
	wdfshim_device_stop(env->device);

	KUNIT_ASSERT_EQ(test, atomic_read(&wst_cur_order->nenabled), 3);
	KUNIT_ASSERT_EQ(test, atomic_read(&wst_cur_order->ndisabled), 3);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, wst_cur_order->enabled[i], i);
		KUNIT_EXPECT_EQ(test, wst_cur_order->disabled[i], 2 - i);
		KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr[i]), 0U);
	}
}

/* A failing EvtInterruptEnable fails the start and leaves nothing connected. */
static void wdfshim_teardown_enable_failure_unwinds(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr[3];
	int i;

	wst_cur_order = wst_order_new(env);
	KUNIT_ASSERT_NOT_NULL(test, wst_cur_order);
	wst_cur_order->fail_enable = 1;
	wst_make_ordered(env, intr, 3);
	KUNIT_EXPECT_LT(test, wdfshim_device_start(env->device), 0);

	KUNIT_EXPECT_EQ(test, atomic_read(&wst_cur_order->nenabled), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&wst_cur_order->ndisabled), 1);
	KUNIT_EXPECT_EQ(test, wst_cur_order->disabled[0], 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr[i]), 0U);

	/* Nothing is left half-done: the next start succeeds. */
	wst_cur_order->fail_enable = -1;
	wst_start(env);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr[i]),
				env->irq[i]);
	wst_fire(env, 2);
	KUNIT_EXPECT_TRUE(test, wst_wait(&wst_ctx(intr[2])->isr_done));
}

/* A failing EvtInterruptDisable is reported and ignored. */
static void wdfshim_teardown_disable_failure_ignored(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	ctx->disable_status = STATUS_UNSUCCESSFUL;
	wst_start(env);
	wdfshim_device_stop(env->device);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 1);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), 0U);
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
}

/* Stop waits for a callback in progress; nothing is cancelled. */
struct wst_slow {
	struct completion started;
	atomic_t finished;
};

static void wst_slow_hook(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_slow *s = ctx->priv;

	complete(&s->started);
	msleep(WST_SLOW_MS);
	atomic_inc(&s->finished);
}

/* @passive: a passive ISR (raised on the line), else a work item (queued). */
struct wst_slow_row {
	const char *name;
	bool passive;
};

static const struct wst_slow_row wst_slow_rows[] = {
	{ "work_item", false },
	{ "passive_isr", true },
};

static void wst_slow_row_desc(const struct wst_slow_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_slow, wst_slow_rows, wst_slow_row_desc);

static void wdfshim_teardown_stop_waits_for_the_callback_in_progress(struct kunit *test)
{
	const struct wst_slow_row *row = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, row->passive);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_slow *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	init_completion(&s->started);
	ctx->priv = s;
	if (row->passive)
		ctx->isr_hook = wst_slow_hook;
	else
		ctx->work_hook = wst_slow_hook;
	wst_start(env);
	if (row->passive)
		wst_fire(env, 0);
	else
		KUNIT_ASSERT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&s->started));
	wdfshim_device_stop(env->device);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->finished), 1);
}

/*
 * A DPC queued just before stop still runs, before stop returns: queued
 * under the DIRQL lock (interrupts off), the softirq cannot have run yet.
 */
static void wdfshim_teardown_stop_runs_queued_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	BOOLEAN queued;
	int before;

	wst_start(env);
	WdfInterruptAcquireLock(intr);
	queued = WdfInterruptQueueDpcForIsr(intr);
	before = atomic_read(&ctx->dpc_calls);
	WdfInterruptReleaseLock(intr);
	wdfshim_device_stop(env->device);
	KUNIT_EXPECT_EQ(test, queued, TRUE);
	KUNIT_EXPECT_EQ(test, before, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
}

static void wdfshim_teardown_nothing_after_stop(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;

	wst_start(env);
	wdfshim_device_stop(env->device);
	wst_fire(env, 0);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), FALSE);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueDpcForIsr(intr), FALSE);
	wst_settle(env, 0, intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 0);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.refused, 2ULL);
}

/* Delete runs what was queued (not cancelled), then nothing more. */
static void wst_work_count(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	atomic_inc(ctx->priv);
}

static void wdfshim_teardown_delete_runs_queued_work(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	atomic_t *runs = kunit_kzalloc(test, sizeof(*runs), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, runs);
	ctx->priv = runs;
	ctx->work_hook = wst_work_count;
	wst_start(env);
	KUNIT_ASSERT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), TRUE);
	wdfshim_device_delete(env->device);
	env->device = NULL;
	/*
	 * The queued run happened before delete returned, and delete flushed
	 * the DPC and the work item: nothing more can run.
	 */
	KUNIT_EXPECT_EQ(test, atomic_read(runs), 1);
}

/* WdfInterruptDisable from the interrupt's own work item: refused. */
static void wst_work_disable_self(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptDisable(intr);
}

static void wdfshim_teardown_disable_from_own_work_item(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_WORK, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	ctx->work_hook = wst_work_disable_self;
	wst_start(env);
	KUNIT_ASSERT_EQ(test, WdfInterruptQueueWorkItemForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 0);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), env->irq[0]);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
}

static void wdfshim_teardown_interrupt_disable_enable(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	wst_start(env);
	WdfInterruptDisable(intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 1);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), 0U);
	wst_fire(env, 0);
	wst_settle(env, 0, intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 0);

	WdfInterruptEnable(intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->enable_calls), 2);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), env->irq[0]);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
}

static void wdfshim_teardown_enable_before_start(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	WdfInterruptEnable(intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->enable_calls), 0);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), 0U);
}

static void wdfshim_teardown_restart(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	wst_start(env);
	KUNIT_EXPECT_EQ(test, wdfshim_device_start(env->device), -EBUSY);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	wdfshim_device_stop(env->device);
	wdfshim_device_stop(env->device);	/* idempotent */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 1);
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 2);
	KUNIT_EXPECT_EQ(test, WdfInterruptQueueDpcForIsr(intr), TRUE);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->dpc_done));
}

static struct kunit_case wdfshim_teardown_cases[] = {
	KUNIT_CASE(wdfshim_teardown_start_stop_order),
	KUNIT_CASE(wdfshim_teardown_enable_failure_unwinds),
	KUNIT_CASE(wdfshim_teardown_disable_failure_ignored),
	KUNIT_CASE_PARAM(wdfshim_teardown_stop_waits_for_the_callback_in_progress,
			 wst_slow_gen_params),
	KUNIT_CASE(wdfshim_teardown_stop_runs_queued_dpc),
	KUNIT_CASE(wdfshim_teardown_nothing_after_stop),
	KUNIT_CASE(wdfshim_teardown_delete_runs_queued_work),
	KUNIT_CASE(wdfshim_teardown_disable_from_own_work_item),
	KUNIT_CASE(wdfshim_teardown_interrupt_disable_enable),
	KUNIT_CASE(wdfshim_teardown_enable_before_start),
	KUNIT_CASE(wdfshim_teardown_restart),
	{}
};

static struct kunit_suite wdfshim_teardown_suite = {
	.name = "wdfshim_teardown",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_teardown_cases,
};

kunit_test_suites(&wdfshim_teardown_suite);
