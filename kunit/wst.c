// SPDX-License-Identifier: GPL-2.0
/*
 * wst.c - the wdfshim test fixture (see wst.h).
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <kunit/resource.h>

#include "interrupt.h"
#include "wst.h"

/* ---- bug-check recorder ------------------------------------------------ */

#define WST_BUGCHECK_MAX	8

static DEFINE_RAW_SPINLOCK(wst_bugcheck_lock);
static struct wst_bugcheck wst_bugchecks[WST_BUGCHECK_MAX];
static unsigned int wst_bugcheck_n;

/* Runs in the reporting DDI's context, possibly hard IRQ: copy and return. */
static void wst_bugcheck_hook(const struct wdfshim_bugcheck *bc)
{
	KIRQL irql = KeGetCurrentIrql();
	unsigned long flags;

	raw_spin_lock_irqsave(&wst_bugcheck_lock, flags);
	if (wst_bugcheck_n < WST_BUGCHECK_MAX) {
		struct wst_bugcheck *r = &wst_bugchecks[wst_bugcheck_n];

		r->bc = *bc;
		r->bc.reason = NULL;	/* may point at the reporter's stack */
		r->irql = irql;
		strscpy(r->reason, bc->reason, sizeof(r->reason));
	}
	wst_bugcheck_n++;
	raw_spin_unlock_irqrestore(&wst_bugcheck_lock, flags);
}

void wst_bugcheck_arm(void)
{
	raw_spin_lock_irq(&wst_bugcheck_lock);
	wst_bugcheck_n = 0;
	memset(wst_bugchecks, 0, sizeof(wst_bugchecks));
	raw_spin_unlock_irq(&wst_bugcheck_lock);
	wdfshim_set_bugcheck_hook(wst_bugcheck_hook);
}

unsigned int wst_bugcheck_count(void)
{
	unsigned int n;

	raw_spin_lock_irq(&wst_bugcheck_lock);
	n = wst_bugcheck_n;
	raw_spin_unlock_irq(&wst_bugcheck_lock);
	return n;
}

const struct wst_bugcheck *wst_bugcheck_get(unsigned int i)
{
	return i < WST_BUGCHECK_MAX ? &wst_bugchecks[i] : NULL;
}

/*
 * Report @i, which must exist and be a WDF_VIOLATION raised by @ddi (any
 * DDI when NULL); the test stops here if it does not exist.
 */
const struct wst_bugcheck *wst_report(struct kunit *test, unsigned int i,
				      const char *ddi)
{
	const struct wst_bugcheck *r;

	KUNIT_ASSERT_LT(test, i, wst_bugcheck_count());
	r = wst_bugcheck_get(i);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, r->bc.code, (ULONG)WDF_VIOLATION);
	if (ddi)
		KUNIT_EXPECT_STREQ(test, r->bc.ddi, ddi);
	return r;
}

/* Report @i is KMDF's invalid-handle bug check for @handle of @type. */
void wst_expect_invalid_handle(struct kunit *test, unsigned int i,
			       const char *ddi, const void *handle,
			       enum wdfshim_type type)
{
	const struct wst_bugcheck *r = wst_report(test, i, ddi);

	KUNIT_EXPECT_EQ(test, r->bc.param1, (ULONG_PTR)WDF_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, r->bc.param2, (ULONG_PTR)handle);
	KUNIT_EXPECT_EQ(test, r->bc.param3, (ULONG_PTR)type);
}

/* ---- callbacks shared by the suites ------------------------------------ */

void wst_record(WST_INTR_CTX *ctx, BOOLEAN ret)
{
	int i = atomic_inc_return(&ctx->nret) - 1;

	if (i < ARRAY_SIZE(ctx->ret))
		ctx->ret[i] = ret;
}

/* ISR hooks: queue the interrupt's DPC, or its work item, and record the result. */
void wst_isr_queue_dpc(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

void wst_isr_queue_work(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

/*
 * The callbacks below serve interrupts created with a WST_INTR_CTX; an
 * interrupt whose test gave it another context type only gets the
 * neutral behaviour (claim, succeed).
 */
static BOOLEAN wst_isr(WDFINTERRUPT intr, ULONG message_id)
{
	WST_INTR_CTX *ctx = wst_ctx(intr);

	if (!ctx)
		return TRUE;
	ctx->isr_irql = KeGetCurrentIrql();
	ctx->message_id = message_id;
	if (ctx->isr_hook)
		ctx->isr_hook(intr, ctx);
	atomic_inc(&ctx->isr_calls);
	complete(&ctx->isr_done);
	return ctx->claim;
}

static VOID wst_dpc(WDFINTERRUPT intr, WDFOBJECT assoc)
{
	WST_INTR_CTX *ctx = wst_ctx(intr);

	if (!ctx)
		return;
	ctx->dpc_irql = KeGetCurrentIrql();
	ctx->dpc_assoc = assoc;
	atomic_inc(&ctx->dpc_calls);
	if (ctx->dpc_hook)
		ctx->dpc_hook(intr, ctx);
	complete(&ctx->dpc_done);
}

static VOID wst_work(WDFINTERRUPT intr, WDFOBJECT assoc)
{
	WST_INTR_CTX *ctx = wst_ctx(intr);

	if (!ctx)
		return;
	ctx->work_irql = KeGetCurrentIrql();
	ctx->work_assoc = assoc;
	atomic_inc(&ctx->work_calls);
	if (ctx->work_hook)
		ctx->work_hook(intr, ctx);
	complete(&ctx->work_done);
}

static NTSTATUS wst_enable(WDFINTERRUPT intr, WDFDEVICE dev)
{
	WST_INTR_CTX *ctx = wst_ctx(intr);

	if (!ctx)
		return STATUS_SUCCESS;
	ctx->enable_irql = KeGetCurrentIrql();
	atomic_inc(&ctx->enable_calls);
	if (ctx->enable_hook)
		ctx->enable_hook(intr, ctx);
	return ctx->enable_status;
}

static NTSTATUS wst_disable(WDFINTERRUPT intr, WDFDEVICE dev)
{
	WST_INTR_CTX *ctx = wst_ctx(intr);

	if (!ctx)
		return STATUS_SUCCESS;
	atomic_inc(&ctx->disable_calls);
	if (ctx->disable_hook)
		ctx->disable_hook(intr, ctx);
	return ctx->disable_status;
}

void wst_config(WDF_INTERRUPT_CONFIG *cfg, enum wst_kind kind, bool passive)
{
	WDF_INTERRUPT_CONFIG_INIT(cfg, wst_isr, kind == WST_DPC ? wst_dpc : NULL);
	if (kind == WST_WORK)
		cfg->EvtInterruptWorkItem = wst_work;
	cfg->EvtInterruptEnable = wst_enable;
	cfg->EvtInterruptDisable = wst_disable;
	cfg->PassiveHandling = passive;
}

/* Create an interrupt of @device with a WST_INTR_CTX; the test fails if it can't. */
WDFINTERRUPT wst_interrupt_on(struct wst_env *env, WDFDEVICE device,
			      WDF_INTERRUPT_CONFIG *cfg)
{
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFINTERRUPT intr = NULL;
	WST_INTR_CTX *ctx;
	NTSTATUS status;

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, WST_INTR_CTX);
	status = WdfInterruptCreate(device, cfg, &attrs, &intr);
	KUNIT_ASSERT_EQ(env->test, status, STATUS_SUCCESS);
	ctx = wst_ctx(intr);
	KUNIT_ASSERT_NOT_NULL(env->test, ctx);
	ctx->env = env;
	ctx->claim = TRUE;
	init_completion(&ctx->isr_done);
	init_completion(&ctx->dpc_done);
	init_completion(&ctx->work_done);
	init_completion(&ctx->go);
	return intr;
}

/* The same on the test's device. */
WDFINTERRUPT wst_interrupt(struct wst_env *env, WDF_INTERRUPT_CONFIG *cfg)
{
	return wst_interrupt_on(env, env->device, cfg);
}

WDFINTERRUPT wst_new(struct wst_env *env, enum wst_kind kind, bool passive)
{
	WDF_INTERRUPT_CONFIG cfg;

	wst_config(&cfg, kind, passive);
	return wst_interrupt(env, &cfg);
}

/*
 * Replace the test's device by one created with @level and @scope in its
 * attributes, on the same lines. The test fails if that does not work.
 */
void wst_redevice(struct wst_env *env, WDF_EXECUTION_LEVEL level,
		  WDF_SYNCHRONIZATION_SCOPE scope)
{
	WDF_OBJECT_ATTRIBUTES attrs;

	if (env->device)
		wdfshim_device_delete(env->device);
	env->device = NULL;
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ExecutionLevel = level;
	attrs.SynchronizationScope = scope;
	KUNIT_ASSERT_EQ(env->test,
			wdfshim_device_create_with_irqs(env->dev, env->irq,
							WST_MAX_IRQS, &attrs,
							&env->device), 0);
}

void wst_start(struct wst_env *env)
{
	KUNIT_ASSERT_EQ(env->test, wdfshim_device_start(env->device), 0);
}

/* Raise simulated line @line: its handler runs in hard-IRQ context. */
void wst_fire(struct wst_env *env, unsigned int line)
{
	KUNIT_ASSERT_EQ(env->test,
			irq_set_irqchip_state(env->irq[line],
					      IRQCHIP_STATE_PENDING, true), 0);
}

/*
 * Wait until what was raised on sim line @line has been delivered, and
 * every handler it ran has returned: the threaded ones too, unless
 * @hardirq_only (a test that holds an IRQ thread blocked).
 *
 * irq_sim delivers from an irq_work on the raising CPU, which clears the
 * line's pending bit, then runs the flow handler; synchronize_irq() waits
 * for the handlers in progress, hard and threaded. On the harness's one
 * CPU this thread cannot see the bit clear before the flow handler has
 * run (the irq_work runs in hard IRQ, IRQ_WORK_INIT_HARD, PREEMPT_RT
 * included), and an IRQ thread it woke (SCHED_FIFO) has run until it
 * returned or blocked.
 */
void wst_line_sync(struct wst_env *env, unsigned int line, bool hardirq_only)
{
	/*
	 * The irq_work runs as soon as interrupts are on; the bound is the
	 * fixture's for anything that must happen (TCG with KASAN is slow).
	 */
	unsigned long timeout = jiffies + WST_TIMEOUT;
	unsigned int irq = env->irq[line];
	bool pending;

	for (;;) {
		pending = false;
		KUNIT_ASSERT_EQ(env->test, irq_get_irqchip_state(irq, IRQCHIP_STATE_PENDING,
								 &pending), 0);
		if (!pending || !time_before(jiffies, timeout))
			break;
		usleep_range(50, 100);
	}
	KUNIT_ASSERT_FALSE_MSG(env->test, pending, "line %u raised, never delivered", line);
	if (hardirq_only)
		synchronize_hardirq(irq);
	else
		synchronize_irq(irq);
}

/* Wait until @intr's DPC and work item are neither queued nor running. */
void wst_flush(WDFINTERRUPT intr)
{
	wdfshim_interrupt_flush(wdfshim_interrupt_from_handle(intr, "test"));
}

/*
 * Nothing more runs for line @line and @intr: the line's delivery is
 * over, then the DPC and work item it may have queued.
 */
void wst_settle(struct wst_env *env, unsigned int line, WDFINTERRUPT intr)
{
	wst_line_sync(env, line, false);
	wst_flush(intr);
}

bool wst_wait(struct completion *done)
{
	return wait_for_completion_timeout(done, WST_TIMEOUT) != 0;
}

void wst_stats(WDFINTERRUPT intr, struct wdfshim_interrupt_stats *st)
{
	wdfshim_interrupt_get_stats(intr, st);
}

/* Every counter of @intr is as in @want (a table row's value). */
void wst_expect_stats(struct kunit *test, WDFINTERRUPT intr,
		      const struct wdfshim_interrupt_stats *want)
{
	struct wdfshim_interrupt_stats st;

	wdfshim_interrupt_get_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.isr_calls, want->isr_calls);
	KUNIT_EXPECT_EQ(test, st.isr_claimed, want->isr_claimed);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, want->dpc_queued);
	KUNIT_EXPECT_EQ(test, st.dpc_coalesced, want->dpc_coalesced);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, want->dpc_runs);
	KUNIT_EXPECT_EQ(test, st.work_queued, want->work_queued);
	KUNIT_EXPECT_EQ(test, st.work_coalesced, want->work_coalesced);
	KUNIT_EXPECT_EQ(test, st.work_runs, want->work_runs);
	KUNIT_EXPECT_EQ(test, st.refused, want->refused);
}

/* ---- invalid handles --------------------------------------------------- */

const char * const wst_bad_names[WST_BAD_MAX] = {
	[WST_BAD_NULL]		= "null",
	[WST_BAD_GARBAGE]	= "garbage",
	[WST_BAD_STALE]		= "stale",
	[WST_BAD_WRONG_TYPE]	= "wrong_type",
};

void wst_bad_desc(const enum wst_bad *kind, char *desc)
{
	strscpy(desc, wst_bad_names[*kind], KUNIT_PARAM_DESC_SIZE);
}

/*
 * A handle of class @kind where a WDFINTERRUPT is expected. "garbage" is
 * a real kernel pointer (what a confused driver would pass); "stale" is an
 * interrupt of a device that has been deleted.
 */
void *wst_bad_handle(struct wst_env *env, enum wst_bad kind)
{
	struct kunit *test = env->test;
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr;
	WDFDEVICE dev;

	switch (kind) {
	case WST_BAD_NULL:
		return NULL;
	case WST_BAD_GARBAGE:
		return kunit_kzalloc(test, 64, GFP_KERNEL);
	case WST_BAD_STALE:
		KUNIT_ASSERT_EQ(test, wdfshim_device_create_with_irqs(env->dev, NULL, 0,
								      NULL, &dev), 0);
		wst_config(&cfg, WST_DPC, false);
		KUNIT_ASSERT_EQ(test, WdfInterruptCreate(dev, &cfg, NULL, &intr),
				STATUS_SUCCESS);
		wdfshim_device_delete(dev);
		return intr;
	case WST_BAD_WRONG_TYPE:
		return env->device;
	default:
		return NULL;
	}
}

/* ---- registered teardown ------------------------------------------------ */

/**
 * wst_defer - have KUnit call @fn(@ctx) when the test ends
 * @test: the test
 * @fn: the undo step
 * @ctx: its argument
 *
 * Steps run after the case, in reverse order of registration, also after
 * a failed assertion (kunit_add_action_or_reset(); see compat.h for 6.1).
 * If the step cannot be registered, it runs at once and the test stops
 * here.
 *
 * Context: the test's thread (its .init or case); may sleep.
 */
void wst_defer(struct kunit *test, void (*fn)(void *ctx), void *ctx)
{
	KUNIT_ASSERT_EQ_MSG(test, kunit_add_action_or_reset(test, fn, ctx), 0,
			    "no memory for a teardown step: it ran at once");
}

struct wst_step {
	void (*fn)(void *ctx);
	void *ctx;
};

static void wst_step_free(struct kunit_resource *res)
{
	struct wst_step *step = res->data;

	step->fn(step->ctx);
	kfree(step);
}

/**
 * wst_defer_resource - kunit_add_action_or_reset() for kernels without it
 * @test: the test
 * @fn: the undo step
 * @ctx: its argument
 *
 * The step is a KUnit resource whose free runs it: KUnit frees resources
 * in reverse order when the test ends, also after a failed assertion. It
 * is built on every kernel, so that it cannot rot, and used where compat.h
 * maps kunit_add_action_or_reset() to it (before 6.5).
 *
 * Context: the test's thread; may sleep.
 * Return: 0; -ENOMEM, after running @fn(@ctx), if it could not be
 * registered.
 */
int wst_defer_resource(struct kunit *test, void (*fn)(void *ctx), void *ctx)
{
	struct wst_step *step = kmalloc(sizeof(*step), GFP_KERNEL);

	if (step) {
		step->fn = fn;
		step->ctx = ctx;
		if (kunit_alloc_resource(test, NULL, wst_step_free, GFP_KERNEL, step))
			return 0;
		kfree(step);
	}
	fn(ctx);
	return -ENOMEM;
}

/* ---- per-test environment ---------------------------------------------- */

struct wst_env *wst_env(struct kunit *test)
{
	return test->priv;
}

static void wst_free_fwnode(void *fwnode)
{
	irq_domain_free_fwnode(fwnode);
}

static void wst_remove_domain(void *domain)
{
	irq_domain_remove_sim(domain);
}

static void wst_dispose_mapping(void *irq)
{
	irq_dispose_mapping((uintptr_t)irq);
}

static void wst_unregister_pdev(void *pdev)
{
	platform_device_unregister(pdev);
}

/* After the last wdfshim call of the test: any bug check it did not expect fails it. */
static void wst_bugcheck_verdict(void *data)
{
	struct wst_env *env = data;

	wdfshim_set_bugcheck_hook(NULL);
	if (!env->expect_bugchecks && wst_bugcheck_count())
		KUNIT_FAIL(env->test, "unexpected bug check: %s: %s",
			   wst_bugchecks[0].bc.ddi, wst_bugchecks[0].reason);
}

/**
 * wst_test_init - build the per-test fixture
 * @test: the test
 *
 * Simulated IRQ lines, a platform device, the bug-check recorder, each
 * step with its undo registered right after it, so that the test ends
 * with them undone in reverse order; and a WDFDEVICE on the lines, which
 * wst_test_exit() deletes. The suites' .init.
 *
 * Context: the test's thread; may sleep.
 * Return: 0 (a step that fails stops the test with a failed assertion).
 */
int wst_test_init(struct kunit *test)
{
	struct wst_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, env);
	env->test = test;
	test->priv = env;

	env->fwnode = irq_domain_alloc_named_fwnode("wdfshim-test");
	KUNIT_ASSERT_NOT_NULL(test, env->fwnode);
	wst_defer(test, wst_free_fwnode, env->fwnode);
	env->domain = irq_domain_create_sim(env->fwnode, WST_MAX_IRQS);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, env->domain);
	wst_defer(test, wst_remove_domain, env->domain);
	for (i = 0; i < WST_MAX_IRQS; i++) {
		env->irq[i] = irq_create_mapping(env->domain, i);
		KUNIT_ASSERT_NE_MSG(test, env->irq[i], 0U, "irq_create_mapping(%u)", i);
		wst_defer(test, wst_dispose_mapping, (void *)(uintptr_t)env->irq[i]);
	}

	env->pdev = platform_device_register_simple("wdfshim-test",
						    PLATFORM_DEVID_AUTO, NULL, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, env->pdev);
	wst_defer(test, wst_unregister_pdev, env->pdev);
	env->dev = &env->pdev->dev;

	wst_bugcheck_arm();
	wst_defer(test, wst_bugcheck_verdict, env);
	KUNIT_ASSERT_EQ(test, wdfshim_device_create_with_irqs(env->dev, env->irq,
							      WST_MAX_IRQS, NULL,
							      &env->device), 0);
	return 0;	/* the device goes in wst_test_exit() */
}

/**
 * wst_test_exit - delete the test's WDFDEVICE, if it has one
 * @test: the test
 *
 * The device the test ended with (a test may delete it, or replace it):
 * here, before KUnit frees what the test allocated, since the device's
 * callbacks may use it. The rest of the fixture is undone by its
 * registered steps, after this.
 *
 * Context: the test's thread, or KUnit's after a failed assertion; may
 * sleep.
 */
void wst_test_exit(struct kunit *test)
{
	struct wst_env *env = test->priv;

	if (env && env->device)
		wdfshim_device_delete(env->device);
}

MODULE_DESCRIPTION("KUnit tests for wdfshim");
MODULE_LICENSE("GPL");
WDFSHIM_IMPORT_NS();
WDFSHIM_IMPORT_TEST_NS();
