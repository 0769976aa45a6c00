// SPDX-License-Identifier: GPL-2.0
/*
 * create_test.c - KUnit suite wdfshim_create: WDF_INTERRUPT_CONFIG,
 * WdfInterruptCreate's checks, resource selection and the locks an
 * interrupt's callbacks run under.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "device.h"
#include "interrupt.h"
#include "sync.h"
#include "wst.h"

/*
 * Whether the caller's own context holds lock @l. Needs lockdep, which the
 * test kernel has; without it the checks that use this fail, not pass.
 */

static void wst_cr_isr_queue_dpc(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptQueueDpcForIsr(intr);
}

/* A lock object parented to the env device, so that it dies with it. */
static WDFSPINLOCK wst_cr_spinlock(struct wst_env *env)
{
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFSPINLOCK sl = NULL;

	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ParentObject = env->device;
	KUNIT_ASSERT_EQ(env->test, WdfSpinLockCreate(&attrs, &sl), STATUS_SUCCESS);
	return sl;
}

static WDFWAITLOCK wst_cr_waitlock(struct wst_env *env)
{
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFWAITLOCK wl = NULL;

	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ParentObject = env->device;
	KUNIT_ASSERT_EQ(env->test, WdfWaitLockCreate(&attrs, &wl), STATUS_SUCCESS);
	return wl;
}

/* Fire @line and wait for @intr's ISR and the DPC it queues. */
static void wst_cr_expect_isr_dpc(struct wst_env *env, WDFINTERRUPT intr,
				  unsigned int line)
{
	struct kunit *test = env->test;
	WST_INTR_CTX *ctx = wst_ctx(intr);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), env->irq[line]);
	wst_fire(env, line);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
	KUNIT_EXPECT_GT(test, ctx->isr_irql, (KIRQL)DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, ctx->dpc_irql, (KIRQL)DISPATCH_LEVEL);
}

/*
 * After a refused create the device is unharmed: a new interrupt is its
 * first (takes line 0), starts, and runs its ISR and DPC.
 */
static void wst_cr_expect_device_works(struct wst_env *env)
{
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);

	wst_ctx(intr)->isr_hook = wst_cr_isr_queue_dpc;
	wst_start(env);
	wst_cr_expect_isr_dpc(env, intr, 0);
}

static BOOLEAN wst_cr_dummy_isr(WDFINTERRUPT intr, ULONG message_id)
{
	return FALSE;
}

static VOID wst_cr_dummy_dpc(WDFINTERRUPT intr, WDFOBJECT assoc)
{
}

static void wdfshim_create_config_init(struct kunit *test)
{
	WDF_INTERRUPT_CONFIG cfg;

	memset(&cfg, 0xa5, sizeof(cfg));
	WDF_INTERRUPT_CONFIG_INIT(&cfg, wst_cr_dummy_isr, wst_cr_dummy_dpc);
	KUNIT_EXPECT_EQ(test, cfg.Size, (ULONG)sizeof(cfg));
	KUNIT_EXPECT_EQ(test, cfg.ShareVector, WdfUseDefault);
	KUNIT_EXPECT_EQ(test, cfg.ReportInactiveOnPowerDown, WdfUseDefault);
	KUNIT_EXPECT_TRUE(test, cfg.EvtInterruptIsr == wst_cr_dummy_isr);
	KUNIT_EXPECT_TRUE(test, cfg.EvtInterruptDpc == wst_cr_dummy_dpc);

	/* Everything else is zero. */
	KUNIT_EXPECT_NULL(test, cfg.SpinLock);
	KUNIT_EXPECT_FALSE(test, cfg.FloatingSave);
	KUNIT_EXPECT_FALSE(test, cfg.AutomaticSerialization);
	KUNIT_EXPECT_TRUE(test, !cfg.EvtInterruptEnable);
	KUNIT_EXPECT_TRUE(test, !cfg.EvtInterruptDisable);
	KUNIT_EXPECT_TRUE(test, !cfg.EvtInterruptWorkItem);
	KUNIT_EXPECT_NULL(test, cfg.InterruptRaw);
	KUNIT_EXPECT_NULL(test, cfg.InterruptTranslated);
	KUNIT_EXPECT_NULL(test, cfg.WaitLock);
	KUNIT_EXPECT_FALSE(test, cfg.PassiveHandling);
	KUNIT_EXPECT_FALSE(test, cfg.CanWakeDevice);
}

/* ---- the rejection matrix ---------------------------------------------- */

enum wst_cr_fault {
	WST_CR_NULL_ISR,
	WST_CR_DPC_AND_WORK,
	WST_CR_WAITLOCK_DIRQL,
	WST_CR_CANWAKE_DIRQL,
	WST_CR_SPINLOCK_PASSIVE,
	WST_CR_FOREIGN_PARENT,
	WST_CR_FOREIGN_PARENT_SERIALIZED,
	WST_CR_DEVICE_PARENT_UNSERIALIZED,
	WST_CR_OVERRIDE_WITHOUT_TYPE,
	WST_CR_OVERRIDE_BELOW_TYPE,
	WST_CR_EXECUTION_LEVEL_INVALID,
	WST_CR_EXECUTION_LEVEL_OVER,
	WST_CR_SYNC_SCOPE_INVALID,
	WST_CR_SYNC_SCOPE_OVER,
	WST_CR_RAW_ONLY,
	WST_CR_TRANSLATED_ONLY,
	WST_CR_NOT_INTERRUPT_RESOURCE,
	WST_CR_SIZE_ZERO,
	WST_CR_SIZE_OVER,
	WST_CR_SIZE_V1_9_PLUS_4,
};

struct wst_cr_reject {
	const char *name;
	enum wst_cr_fault fault;
	NTSTATUS status;
};

static const struct wst_cr_reject wst_cr_rejects[] = {
	{ "null_isr", WST_CR_NULL_ISR, STATUS_INVALID_PARAMETER },
	{ "dpc_and_work_item", WST_CR_DPC_AND_WORK, STATUS_INVALID_PARAMETER },
	{ "waitlock_at_dirql", WST_CR_WAITLOCK_DIRQL, STATUS_INVALID_PARAMETER },
	{ "can_wake_at_dirql", WST_CR_CANWAKE_DIRQL, STATUS_INVALID_PARAMETER },
	{ "spinlock_passive", WST_CR_SPINLOCK_PASSIVE, STATUS_INVALID_PARAMETER },
	/*
	 * WdfInterruptCreate: "Driver can specify a parent only in the
	 * AutomaticSerialization case" (KMDF), and then only the device (or
	 * a queue): else STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED.
	 */
	{ "foreign_parent", WST_CR_FOREIGN_PARENT,
	  STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED },
	{ "foreign_parent_serialized", WST_CR_FOREIGN_PARENT_SERIALIZED,
	  STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED },
	{ "device_parent_unserialized", WST_CR_DEVICE_PARENT_UNSERIALIZED,
	  STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED },
	/*
	 * "Framework Object Creation Errors": a ContextSizeOverride without
	 * a context type or smaller than the type's size, and an out-of-range
	 * ExecutionLevel or SynchronizationScope, are
	 * STATUS_WDF_OBJECT_ATTRIBUTES_INVALID.
	 */
	{ "override_without_type", WST_CR_OVERRIDE_WITHOUT_TYPE,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "override_below_type", WST_CR_OVERRIDE_BELOW_TYPE,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "execution_level_invalid", WST_CR_EXECUTION_LEVEL_INVALID,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "execution_level_over", WST_CR_EXECUTION_LEVEL_OVER,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "sync_scope_invalid", WST_CR_SYNC_SCOPE_INVALID,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "sync_scope_over", WST_CR_SYNC_SCOPE_OVER,
	  STATUS_WDF_OBJECT_ATTRIBUTES_INVALID },
	{ "raw_only", WST_CR_RAW_ONLY, STATUS_INVALID_PARAMETER },
	{ "translated_only", WST_CR_TRANSLATED_ONLY, STATUS_INVALID_PARAMETER },
	{ "not_interrupt_resource", WST_CR_NOT_INTERRUPT_RESOURCE,
	  STATUS_INVALID_PARAMETER },
	{ "size_zero", WST_CR_SIZE_ZERO, STATUS_INFO_LENGTH_MISMATCH },
	{ "size_over", WST_CR_SIZE_OVER, STATUS_INFO_LENGTH_MISMATCH },
	{ "size_v1_9_plus_4", WST_CR_SIZE_V1_9_PLUS_4, STATUS_INFO_LENGTH_MISMATCH },
};

static void wst_cr_reject_desc(const struct wst_cr_reject *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_cr_reject, wst_cr_rejects, wst_cr_reject_desc);

static void wdfshim_create_rejects(struct kunit *test)
{
	const struct wst_cr_reject *r = test->param_value;
	struct wst_env *env = wst_env(test);
	CM_PARTIAL_RESOURCE_DESCRIPTOR res = {
		.Type = CmResourceTypeInterrupt,
		.u.Interrupt.Vector = env->irq[3],
	};
	WDF_OBJECT_ATTRIBUTES attrs, *pattrs = WDF_NO_OBJECT_ATTRIBUTES;
	WDF_INTERRUPT_CONFIG cfg, work;
	WDFINTERRUPT intr = NULL;

	wst_config(&cfg, WST_DPC, false);
	/* the attribute faults change one field and pass &attrs */
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	switch (r->fault) {
	case WST_CR_NULL_ISR:
		cfg.EvtInterruptIsr = NULL;
		break;
	case WST_CR_DPC_AND_WORK:
		wst_config(&work, WST_WORK, false);
		cfg.EvtInterruptWorkItem = work.EvtInterruptWorkItem;
		break;
	case WST_CR_WAITLOCK_DIRQL:
		cfg.WaitLock = wst_cr_waitlock(env);
		break;
	case WST_CR_CANWAKE_DIRQL:
		cfg.CanWakeDevice = TRUE;
		break;
	case WST_CR_SPINLOCK_PASSIVE:
		cfg.PassiveHandling = TRUE;
		cfg.SpinLock = wst_cr_spinlock(env);
		break;
	case WST_CR_FOREIGN_PARENT:
		attrs.ParentObject = wst_cr_spinlock(env);
		pattrs = &attrs;
		break;
	case WST_CR_FOREIGN_PARENT_SERIALIZED:
		cfg.AutomaticSerialization = TRUE;
		attrs.ParentObject = wst_cr_spinlock(env);
		pattrs = &attrs;
		break;
	case WST_CR_DEVICE_PARENT_UNSERIALIZED:
		attrs.ParentObject = env->device;
		pattrs = &attrs;
		break;
	case WST_CR_OVERRIDE_WITHOUT_TYPE:
		attrs.ContextSizeOverride = 64;
		pattrs = &attrs;
		break;
	case WST_CR_OVERRIDE_BELOW_TYPE:
		attrs.ContextTypeInfo = WDF_GET_CONTEXT_TYPE_INFO(WST_INTR_CTX);
		attrs.ContextSizeOverride = sizeof(WST_INTR_CTX) - 1;
		pattrs = &attrs;
		break;
	case WST_CR_EXECUTION_LEVEL_INVALID:
		attrs.ExecutionLevel = WdfExecutionLevelInvalid;
		pattrs = &attrs;
		break;
	case WST_CR_EXECUTION_LEVEL_OVER:
		attrs.ExecutionLevel = WdfExecutionLevelDispatch + 1;
		pattrs = &attrs;
		break;
	case WST_CR_SYNC_SCOPE_INVALID:
		attrs.SynchronizationScope = WdfSynchronizationScopeInvalid;
		pattrs = &attrs;
		break;
	case WST_CR_SYNC_SCOPE_OVER:
		attrs.SynchronizationScope = WdfSynchronizationScopeNone + 1;
		pattrs = &attrs;
		break;
	case WST_CR_RAW_ONLY:
		cfg.InterruptRaw = &res;
		break;
	case WST_CR_TRANSLATED_ONLY:
		cfg.InterruptTranslated = &res;
		break;
	case WST_CR_NOT_INTERRUPT_RESOURCE:
		res.Type = CmResourceTypeInterrupt + 1;
		cfg.InterruptRaw = &res;
		cfg.InterruptTranslated = &res;
		break;
	case WST_CR_SIZE_ZERO:
		cfg.Size = 0;
		break;
	case WST_CR_SIZE_OVER:
		cfg.Size = sizeof(cfg) + 8;
		break;
	case WST_CR_SIZE_V1_9_PLUS_4:
		cfg.Size = WDF_INTERRUPT_CONFIG_SIZE_V1_9 + 4;
		break;
	}
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, pattrs, &intr),
			r->status);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
	wst_cr_expect_device_works(env);
}

static void wdfshim_create_validation_order(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDF_INTERRUPT_CONFIG cfg, work;
	WDFINTERRUPT intr = NULL;
	WDFSPINLOCK stale;

	/* Size is checked first: before EvtInterruptIsr ... */
	wst_config(&cfg, WST_DPC, false);
	cfg.Size = 0;
	cfg.EvtInterruptIsr = NULL;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_INFO_LENGTH_MISMATCH);

	/* ... and before the parent handle is looked at (no bug check). */
	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &stale),
			STATUS_SUCCESS);
	WdfObjectDelete(stale);
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ParentObject = stale;
	wst_config(&cfg, WST_DPC, false);
	cfg.Size = sizeof(cfg) + 8;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_INFO_LENGTH_MISMATCH);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);

	/*
	 * A NULL ISR beats the DPC/work-item conflict (same status: what is
	 * observable is that the conflict does not turn into an acceptance).
	 */
	wst_config(&cfg, WST_DPC, false);
	wst_config(&work, WST_WORK, false);
	cfg.EvtInterruptIsr = NULL;
	cfg.EvtInterruptWorkItem = work.EvtInterruptWorkItem;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_INVALID_PARAMETER);

	/* A NULL ISR beats a bad attributes Size (KMDF checks it later). */
	wst_config(&cfg, WST_DPC, false);
	cfg.EvtInterruptIsr = NULL;
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.Size = 0;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_INVALID_PARAMETER);

	/* A NULL ISR beats an invalid parent handle: no bug check. */
	wst_config(&cfg, WST_DPC, false);
	cfg.EvtInterruptIsr = NULL;
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ParentObject = stale;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_INVALID_PARAMETER);

	/*
	 * A parent without AutomaticSerialization is refused before its
	 * handle is resolved (KMDF checks the attributes first): a stale
	 * handle there is STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED, no bug
	 * check.
	 */
	wst_config(&cfg, WST_DPC, false);
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);

	/* The attributes Size comes before the DPC/work-item conflict. */
	cfg.EvtInterruptIsr = work.EvtInterruptIsr;
	cfg.EvtInterruptWorkItem = work.EvtInterruptWorkItem;
	attrs.ParentObject = NULL;
	attrs.Size = 0;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_INFO_LENGTH_MISMATCH);

	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
	wst_cr_expect_device_works(env);
}

/* ---- every known Size ---------------------------------------------------- */

struct wst_cr_size {
	const char *name;
	ULONG size;
};

static const struct wst_cr_size wst_cr_sizes[] = {
	{ "v1_9", WDF_INTERRUPT_CONFIG_SIZE_V1_9 },
	{ "v1_11_beta", WDF_INTERRUPT_CONFIG_SIZE_V1_11_BETA },
	{ "v1_11", WDF_INTERRUPT_CONFIG_SIZE_V1_11 },
	{ "current", sizeof(WDF_INTERRUPT_CONFIG) },
};

static void wst_cr_size_desc(const struct wst_cr_size *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_cr_size, wst_cr_sizes, wst_cr_size_desc);

#define WST_CR_BEYOND(size, field) \
	(offsetof(WDF_INTERRUPT_CONFIG, field) >= (size))

/*
 * Each known Size is accepted, and the fields past it are not read: they
 * hold values that would be rejected (or would change the interrupt) if
 * they were, and the interrupt behaves as a plain DIRQL ISR + DPC on the
 * device's first line.
 */
static void wdfshim_create_known_sizes(struct kunit *test)
{
	const struct wst_cr_size *s = test->param_value;
	struct wst_env *env = wst_env(test);
	CM_PARTIAL_RESOURCE_DESCRIPTOR res = {
		.Type = CmResourceTypeInterrupt,
		.u.Interrupt.Vector = env->irq[3],
	};
	WDF_INTERRUPT_CONFIG cfg, work;
	WDFINTERRUPT intr;

	wst_config(&cfg, WST_DPC, false);
	wst_config(&work, WST_WORK, false);
	cfg.Size = s->size;
	if (WST_CR_BEYOND(s->size, EvtInterruptWorkItem))
		cfg.EvtInterruptWorkItem = work.EvtInterruptWorkItem;
	if (WST_CR_BEYOND(s->size, InterruptRaw))
		cfg.InterruptRaw = &res;
	if (WST_CR_BEYOND(s->size, InterruptTranslated))
		cfg.InterruptTranslated = &res;
	if (WST_CR_BEYOND(s->size, PassiveHandling))
		cfg.PassiveHandling = TRUE;
	if (WST_CR_BEYOND(s->size, ReportInactiveOnPowerDown))
		cfg.ReportInactiveOnPowerDown = WdfTrue;
	if (WST_CR_BEYOND(s->size, CanWakeDevice))
		cfg.CanWakeDevice = TRUE;

	intr = wst_interrupt(env, &cfg);
	/* The caller's structure is not written to. */
	KUNIT_EXPECT_EQ(test, cfg.Size, s->size);
	wst_ctx(intr)->isr_hook = wst_cr_isr_queue_dpc;
	wst_start(env);
	wst_cr_expect_isr_dpc(env, intr, 0);
}

/* ---- required parameters ----------------------------------------------- */

static void wdfshim_create_required_parameters(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr = NULL;
	const struct wdfshim_bugcheck *bc;
	WDFSPINLOCK sl = wst_cr_spinlock(env);

	env->expect_bugchecks = true;
	wst_config(&cfg, WST_DPC, false);

	KUNIT_EXPECT_NE(test, WdfInterruptCreate(env->device, NULL, NULL, &intr),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	bc = &wst_report(test, 0, "WdfInterruptCreate")->bc;
	KUNIT_EXPECT_EQ(test, bc->param1, (ULONG_PTR)WDF_REQUIRED_PARAMETER_IS_NULL);

	KUNIT_EXPECT_NE(test, WdfInterruptCreate(env->device, &cfg, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 2U);
	bc = &wst_report(test, 1, "WdfInterruptCreate")->bc;
	KUNIT_EXPECT_EQ(test, bc->param1, (ULONG_PTR)WDF_REQUIRED_PARAMETER_IS_NULL);

	KUNIT_EXPECT_NE(test, WdfInterruptCreate(NULL, &cfg, NULL, &intr),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 3U);
	wst_expect_invalid_handle(test, 2, "WdfInterruptCreate", NULL, WDFSHIM_TYPE_DEVICE);

	/* A live object of another type is no device either. */
	KUNIT_EXPECT_NE(test, WdfInterruptCreate((WDFDEVICE)sl, &cfg, NULL, &intr),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 4U);
	wst_expect_invalid_handle(test, 3, "WdfInterruptCreate", sl, WDFSHIM_TYPE_DEVICE);

	/* The device is checked first, and the call stops there. */
	KUNIT_EXPECT_NE(test, WdfInterruptCreate(NULL, NULL, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 5U);
	wst_expect_invalid_handle(test, 4, "WdfInterruptCreate", NULL, WDFSHIM_TYPE_DEVICE);

	KUNIT_EXPECT_NULL(test, intr);
	wst_cr_expect_device_works(env);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 5U);
}

/* ---- resources --------------------------------------------------------- */

static void wdfshim_create_nth_line(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WST_INTR_CTX *ctx[3];
	WDFINTERRUPT intr[3];
	int i;

	for (i = 0; i < 3; i++) {
		intr[i] = wst_new(env, WST_ISR_ONLY, false);
		ctx[i] = wst_ctx(intr[i]);
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr[i]), 0U);
	wst_start(env);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, wdfshim_interrupt_linux_irq(intr[i]),
				    env->irq[i], "interrupt %d", i);

	wst_fire(env, 2);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx[2]->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx[0]->isr_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx[1]->isr_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx[2]->isr_calls), 1);

	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx[0]->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx[0]->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx[1]->isr_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx[2]->isr_calls), 1);
}

static void wdfshim_create_message_id_line_based(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WST_INTR_CTX *ctx[3];
	int i;

	for (i = 0; i < 3; i++) {
		ctx[i] = wst_ctx(wst_new(env, WST_ISR_ONLY, false));
		ctx[i]->message_id = 0xdead;
	}
	wst_start(env);
	for (i = 0; i < 3; i++) {
		wst_fire(env, i);
		KUNIT_ASSERT_TRUE(test, wst_wait(&ctx[i]->isr_done));
		KUNIT_EXPECT_EQ_MSG(test, ctx[i]->message_id, 0U, "interrupt %d", i);
	}
}

static void wdfshim_create_translated_resource(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	CM_PARTIAL_RESOURCE_DESCRIPTOR raw = {
		.Type = CmResourceTypeInterrupt,
		.u.Interrupt.Vector = env->irq[2],	/* not used on Linux */
	};
	CM_PARTIAL_RESOURCE_DESCRIPTOR trans = {
		.Type = CmResourceTypeInterrupt,
		.u.Interrupt.Vector = env->irq[3],
	};
	WST_INTR_CTX *actx, *bctx;
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT a, b;

	/* First created, but bound to line 3 by its resource. */
	wst_config(&cfg, WST_ISR_ONLY, false);
	cfg.InterruptRaw = &raw;
	cfg.InterruptTranslated = &trans;
	a = wst_interrupt(env, &cfg);
	/* Second created: the device's vector #1. */
	b = wst_new(env, WST_ISR_ONLY, false);
	actx = wst_ctx(a);
	bctx = wst_ctx(b);
	wst_start(env);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(a), env->irq[3]);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(b), env->irq[1]);

	wst_fire(env, 3);
	KUNIT_ASSERT_TRUE(test, wst_wait(&actx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&bctx->isr_calls), 0);
	wst_fire(env, 1);
	KUNIT_ASSERT_TRUE(test, wst_wait(&bctx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&actx->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&bctx->isr_calls), 1);
}

static void wdfshim_create_after_start(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT first, late = NULL;

	first = wst_new(env, WST_DPC, false);
	wst_ctx(first)->isr_hook = wst_cr_isr_queue_dpc;
	wst_start(env);
	wst_config(&cfg, WST_DPC, false);
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &late),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_NULL(test, late);
	wst_cr_expect_isr_dpc(env, first, 0);
}

static void wdfshim_create_more_than_lines(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr[WST_MAX_IRQS + 1];
	WST_INTR_CTX *ctx;
	int i;

	for (i = 0; i < ARRAY_SIZE(intr); i++)
		intr[i] = wst_new(env, WST_ISR_ONLY, false);
	KUNIT_EXPECT_LT(test, wdfshim_device_start(env->device), 0);
	for (i = 0; i < ARRAY_SIZE(intr); i++) {
		ctx = wst_ctx(intr[i]);
		KUNIT_EXPECT_EQ_MSG(test, wdfshim_interrupt_linux_irq(intr[i]), 0U,
				    "interrupt %d", i);
		/* Those that were enabled were disabled again, once. */
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ctx->enable_calls),
				    i < WST_MAX_IRQS ? 1 : 0, "interrupt %d", i);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ctx->disable_calls),
				    atomic_read(&ctx->enable_calls), "interrupt %d", i);
	}
}

/* ---- the locks callbacks run under ------------------------------------- */

static void wst_cr_isr_check_spinlock(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wdfshim_spinlock *sl = wdfshim_spinlock_from_handle(ctx->priv,
								    __func__);

	wst_record(ctx, sl && wst_holds(&sl->lock));
}

static void wdfshim_create_config_spinlock(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFSPINLOCK sl = wst_cr_spinlock(env);
	WST_INTR_CTX *with, *without;
	WDF_INTERRUPT_CONFIG cfg;

	wst_config(&cfg, WST_ISR_ONLY, false);
	cfg.SpinLock = sl;
	with = wst_ctx(wst_interrupt(env, &cfg));
	/* Control: an interrupt with its own lock does not hold @sl. */
	without = wst_ctx(wst_new(env, WST_ISR_ONLY, false));
	with->priv = sl;
	with->isr_hook = wst_cr_isr_check_spinlock;
	without->priv = sl;
	without->isr_hook = wst_cr_isr_check_spinlock;
	wst_start(env);

	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&with->isr_done));
	wst_fire(env, 1);
	KUNIT_ASSERT_TRUE(test, wst_wait(&without->isr_done));
	KUNIT_ASSERT_EQ(test, atomic_read(&with->nret), 1);
	KUNIT_ASSERT_EQ(test, atomic_read(&without->nret), 1);
	KUNIT_EXPECT_TRUE(test, with->ret[0]);
	KUNIT_EXPECT_FALSE(test, without->ret[0]);
	KUNIT_EXPECT_GT(test, with->isr_irql, (KIRQL)DISPATCH_LEVEL);
}

struct wst_cr_passive {
	WDFWAITLOCK wl;
	struct completion entered;
};

/* Passive ISR: report the wait lock's state, then hold it until released. */
static void wst_cr_isr_hold_waitlock(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_cr_passive *p = ctx->priv;
	struct wdfshim_waitlock *wl = wdfshim_waitlock_from_handle(p->wl, __func__);

	wst_record(ctx, wl && wst_holds(&wl->lock));
	complete(&p->entered);
	wait_for_completion_timeout(&ctx->go, WST_TIMEOUT);
}

static void wdfshim_create_passive_waitlock(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	struct wst_cr_passive *p;
	WDF_INTERRUPT_CONFIG cfg;
	WST_INTR_CTX *ctx;
	LONGLONG zero = 0;
	NTSTATUS busy;
	bool entered;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	init_completion(&p->entered);
	p->wl = wst_cr_waitlock(env);

	wst_config(&cfg, WST_ISR_ONLY, true);
	cfg.WaitLock = p->wl;
	ctx = wst_ctx(wst_interrupt(env, &cfg));
	ctx->priv = p;
	ctx->isr_hook = wst_cr_isr_hold_waitlock;
	wst_start(env);

	wst_fire(env, 0);
	entered = wst_wait(&p->entered);
	/* While the ISR runs, the driver's wait lock is taken. */
	busy = WdfWaitLockAcquire(p->wl, &zero);
	if (busy == STATUS_SUCCESS)
		WdfWaitLockRelease(p->wl);
	complete(&ctx->go);
	KUNIT_ASSERT_TRUE(test, entered);
	KUNIT_EXPECT_EQ(test, busy, STATUS_TIMEOUT);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_ASSERT_EQ(test, atomic_read(&ctx->nret), 1);
	KUNIT_EXPECT_TRUE(test, ctx->ret[0]);
	KUNIT_EXPECT_EQ(test, ctx->isr_irql, (KIRQL)PASSIVE_LEVEL);
}

static void wst_cr_dpc_check_serialization(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wdfshim_interrupt *wi = wdfshim_interrupt_from_handle(intr, __func__);

	wst_record(ctx, wi && wst_holds(&wi->device->callback_lock));
}

static void wdfshim_create_auto_serialization_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WST_INTR_CTX *ctx[2];
	WDF_INTERRUPT_CONFIG cfg;
	int i;

	/* KMDF serializes only under a device-wide synchronization scope. */
	wst_redevice(env, WdfExecutionLevelDispatch, WdfSynchronizationScopeDevice);
	for (i = 0; i < 2; i++) {
		wst_config(&cfg, WST_DPC, false);
		/* The second one is the control, without serialization. */
		cfg.AutomaticSerialization = i == 0;
		ctx[i] = wst_ctx(wst_interrupt(env, &cfg));
		ctx[i]->isr_hook = wst_cr_isr_queue_dpc;
		ctx[i]->dpc_hook = wst_cr_dpc_check_serialization;
	}
	wst_start(env);
	for (i = 0; i < 2; i++) {
		wst_fire(env, i);
		KUNIT_ASSERT_TRUE(test, wst_wait(&ctx[i]->dpc_done));
		KUNIT_ASSERT_EQ(test, atomic_read(&ctx[i]->nret), 1);
		KUNIT_EXPECT_EQ(test, ctx[i]->dpc_irql, (KIRQL)DISPATCH_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, ctx[i]->dpc_assoc, (WDFOBJECT)env->device);
	}
	KUNIT_EXPECT_TRUE(test, ctx[0]->ret[0]);
	KUNIT_EXPECT_FALSE(test, ctx[1]->ret[0]);
}

static void wdfshim_create_stale_lock_handle(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr = NULL;
	WDFSPINLOCK sl;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	WdfObjectDelete(sl);
	env->expect_bugchecks = true;
	wst_config(&cfg, WST_DPC, false);
	cfg.SpinLock = sl;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, "WdfInterruptCreate", sl, WDFSHIM_TYPE_SPINLOCK);
	/* The half-made interrupt is gone and took no vector. */
	wst_cr_expect_device_works(env);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 1U);
}

/*
 * With AutomaticSerialization KMDF also accepts a WDFQUEUE parent; wdfshim
 * has no queues, so any parent but the device is refused: an interrupt
 * must not die with an object the driver may delete.
 */
static void wdfshim_create_auto_serialization_parent(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr = NULL;

	wst_config(&cfg, WST_DPC, false);
	cfg.AutomaticSerialization = TRUE;
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ParentObject = wst_cr_spinlock(env);
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED);
	KUNIT_EXPECT_NULL(test, intr);

	attrs.ParentObject = env->device;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_SUCCESS);
	KUNIT_EXPECT_NOT_NULL(test, intr);
}

static atomic_t wst_cr_lock_destroyed;

static VOID wst_cr_lock_destroy(WDFOBJECT obj)
{
	atomic_inc(&wst_cr_lock_destroyed);
}

/*
 * The interrupt references its config SpinLock: deleting the lock object
 * first leaves the lock alive for the ISR, and it is destroyed with the
 * interrupt.
 */
static void wdfshim_create_lock_outlives_delete(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr;
	WDFSPINLOCK sl;

	atomic_set(&wst_cr_lock_destroyed, 0);
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.EvtDestroyCallback = wst_cr_lock_destroy;
	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(&attrs, &sl), STATUS_SUCCESS);
	wst_config(&cfg, WST_DPC, false);
	cfg.SpinLock = sl;
	intr = wst_interrupt(env, &cfg);
	wst_ctx(intr)->isr_hook = wst_cr_isr_check_spinlock;
	wst_ctx(intr)->priv = sl;

	WdfObjectDelete(sl);
	KUNIT_EXPECT_EQ(test, atomic_read(&wst_cr_lock_destroyed), 0);
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&wst_ctx(intr)->isr_done));
	KUNIT_EXPECT_EQ(test, wst_ctx(intr)->ret[0], TRUE);	/* lock held */

	wdfshim_device_delete(env->device);
	env->device = NULL;
	KUNIT_EXPECT_EQ(test, atomic_read(&wst_cr_lock_destroyed), 1);
}

static struct kunit_case wdfshim_create_cases[] = {
	KUNIT_CASE(wdfshim_create_config_init),
	KUNIT_CASE_PARAM(wdfshim_create_rejects, wst_cr_reject_gen_params),
	KUNIT_CASE(wdfshim_create_validation_order),
	KUNIT_CASE_PARAM(wdfshim_create_known_sizes, wst_cr_size_gen_params),
	KUNIT_CASE(wdfshim_create_required_parameters),
	KUNIT_CASE(wdfshim_create_nth_line),
	KUNIT_CASE(wdfshim_create_message_id_line_based),
	KUNIT_CASE(wdfshim_create_translated_resource),
	KUNIT_CASE(wdfshim_create_after_start),
	KUNIT_CASE(wdfshim_create_more_than_lines),
	KUNIT_CASE(wdfshim_create_config_spinlock),
	KUNIT_CASE(wdfshim_create_passive_waitlock),
	KUNIT_CASE(wdfshim_create_auto_serialization_dpc),
	KUNIT_CASE(wdfshim_create_stale_lock_handle),
	KUNIT_CASE(wdfshim_create_auto_serialization_parent),
	KUNIT_CASE(wdfshim_create_lock_outlives_delete),
	{}
};

static struct kunit_suite wdfshim_create_suite = {
	.name = "wdfshim_create",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_create_cases,
};

kunit_test_suites(&wdfshim_create_suite);
