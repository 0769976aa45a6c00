// SPDX-License-Identifier: GPL-2.0
/*
 * queue_test.c - WdfInterruptQueueDpcForIsr / WdfInterruptQueueWorkItemForIsr
 * from every context, on real (simulated-line) interrupts.
 *
 * The context matrix is data: each row of a table names the interrupt,
 * the context the queue DDIs are called from (a task, the ISR, a DPC, the
 * interrupt's lock), and what must follow, counters included. One driver,
 * wst_call_from(), takes a row's calls into its context.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/string.h>

#include "interrupt.h"
#include "irql.h"
#include "wst.h"

/* ---- calling a DDI from a given context --------------------------------- */

enum wst_where {
	WST_FROM_TASK,		/* the test's thread, PASSIVE_LEVEL */
	WST_FROM_ISR,		/* the caller's EvtInterruptIsr */
	WST_FROM_DPC,		/* the caller's EvtInterruptDpc */
	WST_UNDER_LOCK,		/* the test's thread, in the caller's lock */
};

enum wst_ddi { WST_QUEUE_DPC, WST_QUEUE_WORK };

/* The queue DDIs to call, their results, and where they ran. */
struct wst_call {
	void *target;			/* the handle the DDIs get */
	enum wst_ddi ddi[2];
	unsigned int n;			/* calls made: ddi[0], then ddi[1] */
	BOOLEAN ret[2];
	KIRQL irql;			/* the caller's, at the calls */
	bool made;
};

static BOOLEAN wst_queue(enum wst_ddi ddi, WDFINTERRUPT intr)
{
	return ddi == WST_QUEUE_WORK ? WdfInterruptQueueWorkItemForIsr(intr) :
				       WdfInterruptQueueDpcForIsr(intr);
}

/* A hook of the caller's: make the calls of the wst_call in ctx->priv. */
static void wst_call_now(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_call *c = ctx->priv;
	unsigned int i;

	c->irql = KeGetCurrentIrql();
	for (i = 0; i < c->n; i++)
		c->ret[i] = wst_queue(c->ddi[i], c->target);
	c->made = true;
}

/*
 * Make @c's calls from @where, on behalf of @caller (on sim line @line),
 * and return once they are made and the line's delivery and @caller's
 * DPC are over. From a DPC: @caller's ISR queues its DPC, which calls.
 */
static void wst_call_from(struct wst_env *env, enum wst_where where,
			  WDFINTERRUPT caller, unsigned int line, struct wst_call *c)
{
	WST_INTR_CTX *ctx = wst_ctx(caller);

	ctx->priv = c;
	switch (where) {
	case WST_FROM_TASK:
		wst_call_now(caller, ctx);
		break;
	case WST_UNDER_LOCK:
		WdfInterruptAcquireLock(caller);
		wst_call_now(caller, ctx);
		WdfInterruptReleaseLock(caller);
		break;
	case WST_FROM_ISR:
		ctx->isr_hook = wst_call_now;
		wst_fire(env, line);
		break;
	case WST_FROM_DPC:
		ctx->isr_hook = wst_isr_queue_dpc;
		ctx->dpc_hook = wst_call_now;
		wst_fire(env, line);
		break;
	}
	wst_settle(env, line, caller);
	KUNIT_ASSERT_TRUE_MSG(env->test, c->made, "the calls were not made");
}

static const char * const wst_where_names[] = {
	[WST_FROM_TASK]		= "task",
	[WST_FROM_ISR]		= "isr",
	[WST_FROM_DPC]		= "dpc",
	[WST_UNDER_LOCK]	= "under_lock",
};

/* ---- one queueing, then one run, from each context ---------------------- */

/*
 * @kind/@passive: the interrupt queued (line 0); @work: the DDI is
 * QueueWorkItemForIsr, else QueueDpcForIsr; @twice: called twice (TRUE,
 * then FALSE), else once (TRUE); @irql: the caller's IRQL. From a DPC, the
 * caller is a second interrupt (line 1) with a DPC. What runs is the
 * interrupt's own callback (EvtInterruptDpc, or EvtInterruptWorkItem),
 * once, and @stats are its counters then, every one.
 */
struct wst_queue_row {
	const char *name;
	enum wst_kind kind;
	bool passive;
	enum wst_where where;
	bool work;
	bool twice;
	KIRQL irql;
	struct wdfshim_interrupt_stats stats;
};

static const struct wst_queue_row wst_queue_rows[] = {
	{ "dpc_twice_from_dirql_isr", WST_DPC, false, WST_FROM_ISR, false, true,
	  WDFSHIM_DIRQL, { .isr_calls = 1, .isr_claimed = 1, .dpc_queued = 1,
			   .dpc_coalesced = 1, .dpc_runs = 1 } },
	{ "dpc_from_task", WST_DPC, false, WST_FROM_TASK, false, false,
	  PASSIVE_LEVEL, { .dpc_queued = 1, .dpc_runs = 1 } },
	/* an interrupt with a work item and no DPC: the DPC queues the work item */
	{ "dpc_standing_in_for_work_item", WST_WORK, false, WST_FROM_ISR, false,
	  false, WDFSHIM_DIRQL, { .isr_calls = 1, .isr_claimed = 1, .dpc_queued = 1,
				  .dpc_runs = 1, .work_queued = 1, .work_runs = 1 } },
	/* at DIRQL the result is the internal DPC's */
	{ "work_twice_from_dirql_isr", WST_WORK, false, WST_FROM_ISR, true, true,
	  WDFSHIM_DIRQL, { .isr_calls = 1, .isr_claimed = 1, .dpc_queued = 1,
			   .dpc_coalesced = 1, .dpc_runs = 1, .work_queued = 1,
			   .work_runs = 1 } },
	/* at PASSIVE_LEVEL (PassiveHandling ISR) the work item is queued directly */
	{ "work_twice_from_passive_isr", WST_WORK, true, WST_FROM_ISR, true, true,
	  PASSIVE_LEVEL, { .isr_calls = 1, .isr_claimed = 1, .work_queued = 1,
			   .work_coalesced = 1, .work_runs = 1 } },
	/* from a DPC (DISPATCH_LEVEL): direct queueing, the work item's result */
	{ "work_twice_from_dpc", WST_WORK, false, WST_FROM_DPC, true, true,
	  DISPATCH_LEVEL, { .work_queued = 1, .work_coalesced = 1, .work_runs = 1 } },
	/* under a DIRQL interrupt's lock the caller is at DIRQL: DPC path */
	{ "work_twice_under_dirql_lock", WST_WORK, false, WST_UNDER_LOCK, true, true,
	  WDFSHIM_DIRQL, { .dpc_queued = 1, .dpc_coalesced = 1, .dpc_runs = 1,
			   .work_queued = 1, .work_runs = 1 } },
	/* a passive interrupt's lock is a wait lock: the caller stays PASSIVE */
	{ "work_under_passive_lock", WST_WORK, true, WST_UNDER_LOCK, true, false,
	  PASSIVE_LEVEL, { .work_queued = 1, .work_runs = 1 } },
};

static void wst_queue_row_desc(const struct wst_queue_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_queue, wst_queue_rows, wst_queue_row_desc);

static void wdfshim_queue_call_coalesces_then_runs_once(struct kunit *test)
{
	const struct wst_queue_row *row = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, row->kind, row->passive);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_call *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	enum wst_ddi ddi = row->work ? WST_QUEUE_WORK : WST_QUEUE_DPC;
	WDFINTERRUPT caller;
	unsigned int line;

	KUNIT_ASSERT_NOT_NULL(test, c);
	caller = intr;
	line = 0;
	if (row->where == WST_FROM_DPC && row->kind != WST_DPC) {
		caller = wst_new(env, WST_DPC, false);	/* one with a DPC */
		line = 1;
	}
	*c = (struct wst_call){ .target = intr, .ddi = { ddi, ddi },
				.n = row->twice ? 2 : 1 };
	wst_start(env);
	wst_call_from(env, row->where, caller, line, c);
	KUNIT_ASSERT_TRUE(test, wst_wait(row->kind == WST_DPC ? &ctx->dpc_done :
							       &ctx->work_done));
	wst_flush(intr);	/* nothing more runs */

	KUNIT_EXPECT_EQ(test, c->irql, row->irql);
	KUNIT_EXPECT_EQ(test, c->ret[0], TRUE);	/* newly queued */
	if (row->twice)
		KUNIT_EXPECT_EQ(test, c->ret[1], FALSE);	/* already queued */
	if (row->where == WST_FROM_ISR)
		KUNIT_EXPECT_EQ(test, ctx->isr_irql, row->irql);
	if (row->kind == WST_DPC) {
		KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
		KUNIT_EXPECT_EQ(test, ctx->dpc_irql, DISPATCH_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, ctx->dpc_assoc, (WDFOBJECT)env->device);
	} else {
		KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 1);
		KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, ctx->work_assoc, (WDFOBJECT)env->device);
	}
	wst_expect_stats(test, intr, &row->stats);
}

/* The pending bit is cleared before EvtInterruptDpc: it can queue itself. */
static void wst_dpc_requeue_once(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	if (atomic_read(&ctx->dpc_calls) == 1)
		wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

static void wst_isr_queue_dpc_twice(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
	wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

static void wdfshim_queue_dpc_queued_by_itself_runs_again(struct kunit *test)
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
	wst_settle(env, 0, intr);
	KUNIT_EXPECT_EQ(test, ctx->ret[2], TRUE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 2);
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
static void wdfshim_queue_work_item_queueable_again_once_started(struct kunit *test)
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
	wst_flush(intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 2);
	KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
}

/* ---- bug checks: missing EvtInterruptWorkItem, from each context -------- */

/* From a DPC the interrupt's own DPC calls: it has run, once. */
struct wst_no_work_row {
	enum wst_where where;
	KIRQL irql;
	u64 dpc_queued;
	int dpc_calls;
};

static const struct wst_no_work_row wst_no_work_rows[] = {
	{ WST_FROM_TASK, PASSIVE_LEVEL, 0, 0 },
	{ WST_FROM_ISR, WDFSHIM_DIRQL, 0, 0 },	/* not even the DPC */
	{ WST_FROM_DPC, DISPATCH_LEVEL, 1, 1 },
};

static void wst_no_work_row_desc(const struct wst_no_work_row *row, char *desc)
{
	strscpy(desc, wst_where_names[row->where], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_no_work, wst_no_work_rows, wst_no_work_row_desc);

static void wdfshim_queue_work_item_without_one_bug_checks(struct kunit *test)
{
	const struct wst_no_work_row *row = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_call *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct wdfshim_interrupt_stats st;
	const struct wst_bugcheck *r;

	KUNIT_ASSERT_NOT_NULL(test, c);
	*c = (struct wst_call){ .target = intr, .ddi = { WST_QUEUE_WORK }, .n = 1 };
	env->expect_bugchecks = true;
	wst_start(env);
	wst_call_from(env, row->where, intr, 0, c);
	wst_flush(intr);

	KUNIT_EXPECT_EQ(test, c->ret[0], FALSE);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	r = wst_report(test, 0, "WdfInterruptQueueWorkItemForIsr");
	KUNIT_EXPECT_EQ(test, r->bc.param1, (ULONG_PTR)WDF_VERIFIER_FATAL_ERROR);
	KUNIT_EXPECT_EQ(test, r->bc.param2, (ULONG_PTR)intr);
	KUNIT_EXPECT_EQ(test, r->irql, row->irql);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.work_queued + st.work_coalesced, 0ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, row->dpc_queued);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), row->dpc_calls);
}

/* ---- bug checks: invalid handles, each class from each context ---------- */

struct wst_bad_row {
	enum wst_where where;
	KIRQL irql;
	enum wst_bad bad;
};

static const struct wst_bad_row wst_bad_rows[] = {
	{ WST_FROM_TASK, PASSIVE_LEVEL, WST_BAD_NULL },
	{ WST_FROM_TASK, PASSIVE_LEVEL, WST_BAD_GARBAGE },
	{ WST_FROM_TASK, PASSIVE_LEVEL, WST_BAD_STALE },
	{ WST_FROM_TASK, PASSIVE_LEVEL, WST_BAD_WRONG_TYPE },
	{ WST_FROM_ISR, WDFSHIM_DIRQL, WST_BAD_NULL },
	{ WST_FROM_ISR, WDFSHIM_DIRQL, WST_BAD_GARBAGE },
	{ WST_FROM_ISR, WDFSHIM_DIRQL, WST_BAD_STALE },
	{ WST_FROM_ISR, WDFSHIM_DIRQL, WST_BAD_WRONG_TYPE },
	{ WST_FROM_DPC, DISPATCH_LEVEL, WST_BAD_NULL },
	{ WST_FROM_DPC, DISPATCH_LEVEL, WST_BAD_GARBAGE },
	{ WST_FROM_DPC, DISPATCH_LEVEL, WST_BAD_STALE },
	{ WST_FROM_DPC, DISPATCH_LEVEL, WST_BAD_WRONG_TYPE },
};

static void wst_bad_row_desc(const struct wst_bad_row *row, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s_%s", wst_where_names[row->where],
		 wst_bad_names[row->bad]);
}

KUNIT_ARRAY_PARAM(wst_bad, wst_bad_rows, wst_bad_row_desc);

/* Both queue DDIs on a bad handle: each refuses, each reports. */
static void wdfshim_queue_bad_handle_bug_checks(struct kunit *test)
{
	static const char * const ddis[] = {
		"WdfInterruptQueueDpcForIsr", "WdfInterruptQueueWorkItemForIsr",
	};
	const struct wst_bad_row *row = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	struct wst_call *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	env->expect_bugchecks = true;
	*c = (struct wst_call){ .target = wst_bad_handle(env, row->bad),
				.ddi = { WST_QUEUE_DPC, WST_QUEUE_WORK }, .n = 2 };
	wst_bugcheck_arm();	/* making a stale handle is not under test */
	wst_start(env);
	wst_call_from(env, row->where, intr, 0, c);

	KUNIT_EXPECT_EQ(test, c->ret[0], FALSE);
	KUNIT_EXPECT_EQ(test, c->ret[1], FALSE);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 2U);
	for (i = 0; i < 2; i++) {
		wst_expect_invalid_handle(test, i, ddis[i], c->target,
					  WDFSHIM_TYPE_INTERRUPT);
		KUNIT_EXPECT_EQ(test, wst_bugcheck_get(i)->irql, row->irql);
	}
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
	wst_flush(intr);
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
	/* teardown sets dying right after the test's delete call starts */
	unsigned long timeout = jiffies + WST_TIMEOUT;
	struct wst_dying *d = ctx->priv;

	atomic_inc(&d->runs);
	complete(&d->started);
	while (!READ_ONCE(obj->dying) && time_before(jiffies, timeout))
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
	/*
	 * Delete waited for the work item, which queued nothing more, and
	 * flushed the DPC and the work item before it returned: the count
	 * is final.
	 */
	KUNIT_EXPECT_EQ(test, d->ret[0], FALSE);
	KUNIT_EXPECT_EQ(test, d->ret[1], FALSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
}

/* ---- ISR connection state ----------------------------------------------- */

struct wst_shared {
	unsigned int irq;
	atomic_t calls;
	struct completion done;
};

static irqreturn_t wst_shared_handler(int irq, void *data)
{
	struct wst_shared *sh = data;

	atomic_inc(&sh->calls);
	complete(&sh->done);
	return IRQ_HANDLED;
}

static void wst_shared_free(void *data)
{
	struct wst_shared *sh = data;

	free_irq(sh->irq, sh);
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
	init_completion(&sh->done);
	sh->irq = env->irq[0];
	KUNIT_ASSERT_EQ(test, request_irq(sh->irq, wst_shared_handler,
					  IRQF_SHARED, "wst-shared", sh), 0);
	wst_defer(test, wst_shared_free, sh);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&sh->done));
	wst_settle(env, 0, intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&sh->calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 0);

	wst_start(env);
	ctx->claim = FALSE;	/* not ours: the other handler's */
	reinit_completion(&sh->done);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
	wst_settle(env, 0, intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&sh->calls), 2);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.isr_calls, 1ULL);
	KUNIT_EXPECT_EQ(test, st.isr_claimed, 0ULL);

	wdfshim_device_stop(env->device);
	reinit_completion(&sh->done);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&sh->done));
	wst_settle(env, 0, intr);
	KUNIT_EXPECT_EQ(test, atomic_read(&sh->calls), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);
}

/* One DPC per interrupt when each is waited for: nothing lost. */
static void wdfshim_queue_interrupt_stream(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wdfshim_interrupt_stats st;
	int i;

	ctx->isr_hook = wst_isr_queue_dpc;
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
	KUNIT_CASE_PARAM(wdfshim_queue_call_coalesces_then_runs_once,
			 wst_queue_gen_params),
	KUNIT_CASE(wdfshim_queue_dpc_queued_by_itself_runs_again),
	KUNIT_CASE(wdfshim_queue_work_item_queueable_again_once_started),
	KUNIT_CASE_PARAM(wdfshim_queue_work_item_without_one_bug_checks,
			 wst_no_work_gen_params),
	KUNIT_CASE_PARAM(wdfshim_queue_bad_handle_bug_checks, wst_bad_gen_params),
	KUNIT_CASE(wdfshim_queue_refused_while_disabled),
	KUNIT_CASE(wdfshim_queue_refused_during_delete),
	KUNIT_CASE(wdfshim_queue_isr_only_while_connected),
	KUNIT_CASE(wdfshim_queue_interrupt_stream),
	{}
};

static struct kunit_suite wdfshim_queue_suite = {
	.name = "wdfshim_queue",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_queue_cases,
};

kunit_test_suites(&wdfshim_queue_suite);
