// SPDX-License-Identifier: GPL-2.0
/*
 * irql_test.c - KeGetCurrentIrql() in every context wdfshim creates.
 *
 * The suite also runs on a kernel booted with threadirqs (the harness boots
 * twice): there ISRs run in threads, and the expectations do not change,
 * because the IRQL comes from wdfshim's own markers.
 */
#include <linux/interrupt.h>
#include <linux/string.h>

#include "irql.h"
#include "wst.h"

static void wdfshim_irql_task_is_passive(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

static void wst_isr_note_hardirq(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, !!in_hardirq());
	WdfInterruptQueueDpcForIsr(intr);
}

static void wdfshim_irql_dirql_isr(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	ctx->isr_hook = wst_isr_note_hardirq;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->isr_irql, WDFSHIM_DIRQL);
	KUNIT_EXPECT_GT(test, ctx->isr_irql, DISPATCH_LEVEL);
	kunit_info(test, "ISR ran %s\n", ctx->ret[0] ? "in hard IRQ" : "in an IRQ thread");
}

/* What runs after the ISR, and at what IRQL each runs. */
struct wst_irql_row {
	const char *name;
	enum wst_kind kind;
	bool passive;
	KIRQL isr;			/* EvtInterruptIsr */
	KIRQL then;			/* the DPC or work item it queued */
};

static const struct wst_irql_row wst_irql_rows[] = {
	{ "dpc_after_dirql_isr", WST_DPC, false, WDFSHIM_DIRQL, DISPATCH_LEVEL },
	{ "work_item_after_dirql_isr", WST_WORK, false, WDFSHIM_DIRQL, PASSIVE_LEVEL },
	{ "work_item_after_passive_isr", WST_WORK, true, PASSIVE_LEVEL, PASSIVE_LEVEL },
};

static void wst_irql_row_desc(const struct wst_irql_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_irql, wst_irql_rows, wst_irql_row_desc);

static void wdfshim_irql_of_each_callback_is_kmdfs(struct kunit *test)
{
	const struct wst_irql_row *row = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, row->kind, row->passive);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	bool dpc = row->kind == WST_DPC;

	ctx->isr_hook = dpc ? wst_isr_queue_dpc : wst_isr_queue_work;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(dpc ? &ctx->dpc_done : &ctx->work_done));
	KUNIT_EXPECT_EQ(test, ctx->isr_irql, row->isr);
	KUNIT_EXPECT_EQ(test, dpc ? ctx->dpc_irql : ctx->work_irql, row->then);
}

/*
 * Under the interrupt lock (AcquireLock, and EvtInterruptEnable, which
 * runs under it): DIRQL, or PASSIVE_LEVEL for a passive interrupt.
 */
struct wst_lock_row {
	const char *name;
	bool passive;
	KIRQL held;
};

static const struct wst_lock_row wst_lock_rows[] = {
	{ "dirql", false, WDFSHIM_DIRQL },
	{ "passive", true, PASSIVE_LEVEL },
};

static void wst_lock_row_desc(const struct wst_lock_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_lock, wst_lock_rows, wst_lock_row_desc);

static void wdfshim_irql_under_the_interrupt_lock(struct kunit *test)
{
	const struct wst_lock_row *row = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, row->passive ? WST_WORK : WST_DPC,
				    row->passive);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	KIRQL held;

	WdfInterruptAcquireLock(intr);
	held = KeGetCurrentIrql();
	WdfInterruptReleaseLock(intr);
	KUNIT_EXPECT_EQ(test, held, row->held);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);

	wst_start(env);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->enable_calls), 1);
	KUNIT_EXPECT_EQ(test, ctx->enable_irql, row->held);
}

/* A WDFSPINLOCK holder is at DISPATCH_LEVEL, as in KMDF. */
static void wdfshim_irql_spinlock_object(struct kunit *test)
{
	WDFSPINLOCK sl;
	KIRQL held;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	WdfSpinLockAcquire(sl);
	held = KeGetCurrentIrql();
	WdfSpinLockRelease(sl);
	KUNIT_EXPECT_EQ(test, held, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	WdfObjectDelete(sl);
}

static BOOLEAN wst_sync_cb(WDFINTERRUPT intr, WDFCONTEXT context)
{
	KIRQL *irql = context;

	*irql = KeGetCurrentIrql();
	return *irql == WDFSHIM_DIRQL;
}

static void wdfshim_irql_synchronize(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	KIRQL seen = PASSIVE_LEVEL;

	KUNIT_EXPECT_EQ(test, WdfInterruptSynchronize(intr, wst_sync_cb, &seen), TRUE);
	KUNIT_EXPECT_EQ(test, seen, WDFSHIM_DIRQL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* A DPC that takes its interrupt's lock is at DIRQL, then back at DISPATCH. */
static void wst_dpc_take_lock(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptAcquireLock(intr);
	wst_record(ctx, KeGetCurrentIrql());
	WdfInterruptReleaseLock(intr);
	wst_record(ctx, KeGetCurrentIrql());
}

static void wdfshim_irql_dpc_under_lock(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	ctx->dpc_hook = wst_dpc_take_lock;
	wst_start(env);
	KUNIT_ASSERT_EQ(test, WdfInterruptQueueDpcForIsr(intr), TRUE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->ret[0], WDFSHIM_DIRQL);
	KUNIT_EXPECT_EQ(test, ctx->ret[1], DISPATCH_LEVEL);
}

/* Code wdfshim did not enter: the preempt count decides. */
struct wst_foreign {
	KIRQL irql;
	bool hardirq;
	struct completion done;
	struct tasklet_struct tasklet;
};

static irqreturn_t wst_foreign_handler(int irq, void *data)
{
	struct wst_foreign *f = data;

	f->irql = KeGetCurrentIrql();
	f->hardirq = in_hardirq();
	complete(&f->done);
	return IRQ_HANDLED;
}

static void wdfshim_irql_foreign_handler(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	struct wst_foreign *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	init_completion(&f->done);
	KUNIT_ASSERT_EQ(test, request_irq(env->irq[3], wst_foreign_handler, 0,
					  "wst-foreign", f), 0);
	wst_fire(env, 3);
	KUNIT_EXPECT_TRUE(test, wst_wait(&f->done));
	free_irq(env->irq[3], f);
	KUNIT_EXPECT_EQ(test, f->irql, f->hardirq ? WDFSHIM_DIRQL : PASSIVE_LEVEL);
}

static void wst_foreign_tasklet(struct tasklet_struct *t)
{
	struct wst_foreign *f = from_tasklet(f, t, tasklet);

	f->irql = KeGetCurrentIrql();
	complete(&f->done);
}

static void wdfshim_irql_foreign_tasklet(struct kunit *test)
{
	struct wst_foreign *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	init_completion(&f->done);
	tasklet_setup(&f->tasklet, wst_foreign_tasklet);
	tasklet_schedule(&f->tasklet);
	KUNIT_EXPECT_TRUE(test, wst_wait(&f->done));
	tasklet_kill(&f->tasklet);
	KUNIT_EXPECT_EQ(test, f->irql, DISPATCH_LEVEL);
}

static struct kunit_case wdfshim_irql_cases[] = {
	KUNIT_CASE(wdfshim_irql_task_is_passive),
	KUNIT_CASE(wdfshim_irql_dirql_isr),
	KUNIT_CASE_PARAM(wdfshim_irql_of_each_callback_is_kmdfs, wst_irql_gen_params),
	KUNIT_CASE_PARAM(wdfshim_irql_under_the_interrupt_lock, wst_lock_gen_params),
	KUNIT_CASE(wdfshim_irql_spinlock_object),
	KUNIT_CASE(wdfshim_irql_synchronize),
	KUNIT_CASE(wdfshim_irql_dpc_under_lock),
	KUNIT_CASE(wdfshim_irql_foreign_handler),
	KUNIT_CASE(wdfshim_irql_foreign_tasklet),
	{}
};

static struct kunit_suite wdfshim_irql_suite = {
	.name = "wdfshim_irql",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_irql_cases,
};

kunit_test_suites(&wdfshim_irql_suite);
