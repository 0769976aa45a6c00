// SPDX-License-Identifier: GPL-2.0
/*
 * wst.c - the wdfshim test fixture (see wst.h).
 */
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_sim.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/string.h>

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

/* Create an interrupt with a WST_INTR_CTX; the test fails if it can't. */
WDFINTERRUPT wst_interrupt(struct wst_env *env, WDF_INTERRUPT_CONFIG *cfg)
{
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFINTERRUPT intr = NULL;
	WST_INTR_CTX *ctx;
	NTSTATUS status;

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, WST_INTR_CTX);
	status = WdfInterruptCreate(env->device, cfg, &attrs, &intr);
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

bool wst_wait(struct completion *done)
{
	return wait_for_completion_timeout(done, WST_TIMEOUT) != 0;
}

void wst_stats(WDFINTERRUPT intr, struct wdfshim_interrupt_stats *st)
{
	wdfshim_interrupt_get_stats(intr, st);
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

/* ---- per-test environment ---------------------------------------------- */

struct wst_env *wst_env(struct kunit *test)
{
	return test->priv;
}

int wst_suite_init(struct kunit *test)
{
	struct wst_env *env;
	int i, ret;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->test = test;
	env->fwnode = irq_domain_alloc_named_fwnode("wdfshim-test");
	if (!env->fwnode)
		return -ENOMEM;
	env->domain = irq_domain_create_sim(env->fwnode, WST_MAX_IRQS);
	if (IS_ERR(env->domain)) {
		ret = PTR_ERR(env->domain);
		kunit_err(test, "irq_domain_create_sim: %d\n", ret);
		goto err_fwnode;
	}
	for (i = 0; i < WST_MAX_IRQS; i++) {
		env->irq[i] = irq_create_mapping(env->domain, i);
		if (!env->irq[i]) {
			ret = -ENOSPC;
			kunit_err(test, "irq_create_mapping(%d) failed\n", i);
			goto err_mappings;
		}
	}
	env->pdev = platform_device_register_simple("wdfshim-test",
						    PLATFORM_DEVID_AUTO, NULL, 0);
	if (IS_ERR(env->pdev)) {
		ret = PTR_ERR(env->pdev);
		kunit_err(test, "platform_device_register_simple: %d\n", ret);
		goto err_mappings;
	}
	env->dev = &env->pdev->dev;
	ret = wdfshim_device_create_with_irqs(env->dev, env->irq, WST_MAX_IRQS,
					      NULL, &env->device);
	if (ret) {
		kunit_err(test, "wdfshim_device_create_with_irqs: %d\n", ret);
		goto err_pdev;
	}
	test->priv = env;
	wst_bugcheck_arm();
	return 0;

err_pdev:
	platform_device_unregister(env->pdev);
err_mappings:
	while (i--)
		irq_dispose_mapping(env->irq[i]);
	irq_domain_remove_sim(env->domain);
err_fwnode:
	irq_domain_free_fwnode(env->fwnode);
	return ret;
}

void wst_suite_exit(struct kunit *test)
{
	struct wst_env *env = test->priv;
	int i;

	if (!env)
		return;
	if (env->device)
		wdfshim_device_delete(env->device);
	wdfshim_set_bugcheck_hook(NULL);
	if (!env->expect_bugchecks && wst_bugcheck_count())
		KUNIT_FAIL(test, "unexpected bug check: %s: %s",
			   wst_bugchecks[0].bc.ddi, wst_bugchecks[0].reason);
	platform_device_unregister(env->pdev);
	for (i = 0; i < WST_MAX_IRQS; i++)
		irq_dispose_mapping(env->irq[i]);
	irq_domain_remove_sim(env->domain);
	irq_domain_free_fwnode(env->fwnode);
}

MODULE_DESCRIPTION("KUnit tests for wdfshim");
MODULE_LICENSE("GPL");
WDFSHIM_IMPORT_NS();
WDFSHIM_IMPORT_TEST_NS();
