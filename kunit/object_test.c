// SPDX-License-Identifier: GPL-2.0
/*
 * object_test.c - KUnit suite wdfshim_object: object attributes, typed
 * contexts, parent/child deletion, WdfObjectDelete, WDFSPINLOCK and
 * WDFWAITLOCK, and handle validation from task context.
 */
#include <kunit/test.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "sync.h"
#include "wst.h"

/*
 * Whether the caller's own context holds lock @l. Needs lockdep, which the
 * test kernel has; without it the checks that use this fail, not pass.
 */

/*
 * A context type declared by hand, as WDF_DECLARE_CONTEXT_TYPE() would
 * declare it: wdfshim matches type records by name and size.
 */
struct wst_tag_ctx {
	unsigned long tag;
	bool is_interrupt;
};

static const WDF_OBJECT_CONTEXT_TYPE_INFO wst_tag_type = {
	.Size = sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO),
	.ContextName = "wst_tag_ctx",
	.ContextSize = sizeof(struct wst_tag_ctx),
};

static struct wst_tag_ctx *wst_tag(WDFOBJECT obj)
{
	return WdfObjectGetTypedContextWorker(obj, &wst_tag_type);
}

/* What the cleanup and destroy callbacks saw, in call order. */
struct wst_obj_event {
	char what;			/* 'c'leanup or 'd'estroy */
	unsigned long tag;		/* read from the context */
	unsigned int irq;		/* interrupts: Linux IRQ at the time */
};

static struct {
	struct wst_obj_event ev[16];
	unsigned int n;
} wst_obj_log;

static void wst_obj_log_event(WDFOBJECT obj, char what)
{
	struct wst_tag_ctx *ctx = wst_tag(obj);
	struct wst_obj_event *e;

	if (wst_obj_log.n >= ARRAY_SIZE(wst_obj_log.ev)) {
		wst_obj_log.n++;
		return;
	}
	e = &wst_obj_log.ev[wst_obj_log.n++];
	e->what = what;
	e->tag = ctx ? ctx->tag : 0;
	e->irq = ctx && ctx->is_interrupt ?
		 wdfshim_interrupt_linux_irq((WDFINTERRUPT)obj) : 0;
}

static VOID wst_obj_cleanup(WDFOBJECT obj)
{
	wst_obj_log_event(obj, 'c');
}

static VOID wst_obj_destroy(WDFOBJECT obj)
{
	wst_obj_log_event(obj, 'd');
}

/* Attributes with the tag context and both callbacks. */
static void wst_tag_attrs(WDF_OBJECT_ATTRIBUTES *attrs)
{
	WDF_OBJECT_ATTRIBUTES_INIT(attrs);
	attrs->ContextTypeInfo = &wst_tag_type;
	attrs->EvtCleanupCallback = wst_obj_cleanup;
	attrs->EvtDestroyCallback = wst_obj_destroy;
}

static void wst_obj_isr_queue_dpc(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptQueueDpcForIsr(intr);
}

/* A DIRQL interrupt with a DPC: fire line 0, see the ISR and the DPC run. */
static void wst_obj_expect_interrupts_work(struct wst_env *env,
					   WDFINTERRUPT intr, bool start)
{
	struct kunit *test = env->test;
	WST_INTR_CTX *ctx = wst_ctx(intr);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->isr_hook = wst_obj_isr_queue_dpc;
	if (start)
		wst_start(env);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr), env->irq[0]);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
}

static void wdfshim_object_attributes_init(struct kunit *test)
{
	WDF_OBJECT_ATTRIBUTES attrs;

	memset(&attrs, 0xa5, sizeof(attrs));
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	KUNIT_EXPECT_EQ(test, attrs.Size, (ULONG)sizeof(attrs));
	KUNIT_EXPECT_EQ(test, attrs.ExecutionLevel,
			WdfExecutionLevelInheritFromParent);
	KUNIT_EXPECT_EQ(test, attrs.SynchronizationScope,
			WdfSynchronizationScopeInheritFromParent);
	KUNIT_EXPECT_TRUE(test, !attrs.EvtCleanupCallback);
	KUNIT_EXPECT_TRUE(test, !attrs.EvtDestroyCallback);
	KUNIT_EXPECT_NULL(test, attrs.ParentObject);
	KUNIT_EXPECT_EQ(test, attrs.ContextSizeOverride, (size_t)0);
	KUNIT_EXPECT_NULL(test, attrs.ContextTypeInfo);

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, WST_INTR_CTX);
	KUNIT_EXPECT_EQ(test, attrs.Size, (ULONG)sizeof(attrs));
	KUNIT_EXPECT_PTR_EQ(test, attrs.ContextTypeInfo,
			    WDF_GET_CONTEXT_TYPE_INFO(WST_INTR_CTX));
	KUNIT_EXPECT_EQ(test, attrs.ContextTypeInfo->ContextSize,
			sizeof(WST_INTR_CTX));
	KUNIT_EXPECT_STREQ(test, attrs.ContextTypeInfo->ContextName,
			   "WST_INTR_CTX");
}

static void wdfshim_object_typed_context(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_CONTEXT_TYPE_INFO other_size, same_type_copy;
	static const WDF_OBJECT_CONTEXT_TYPE_INFO other_name = {
		.Size = sizeof(WDF_OBJECT_CONTEXT_TYPE_INFO),
		.ContextName = "WST_OTHER_CTX",
		.ContextSize = sizeof(WST_INTR_CTX),
	};
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFINTERRUPT intr = NULL;
	WST_INTR_CTX *ctx;
	WDF_INTERRUPT_CONFIG cfg;
	WDFSPINLOCK sl;

	wst_config(&cfg, WST_DPC, false);
	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, WST_INTR_CTX);
	KUNIT_ASSERT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_SUCCESS);
	ctx = wst_ctx(intr);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ctx, 0, sizeof(*ctx)));
	/* The whole type is usable: KASAN reports a short allocation. */
	memset(ctx, 0x5a, sizeof(*ctx));

	KUNIT_EXPECT_PTR_EQ(test, WdfObjectGetTypedContext(intr, WST_INTR_CTX), ctx);
	KUNIT_EXPECT_PTR_EQ(test, WdfObjectContextGetObject(ctx), (WDFOBJECT)intr);

	/* Another record of the same type (another file's copy) matches. */
	same_type_copy = *WDF_GET_CONTEXT_TYPE_INFO(WST_INTR_CTX);
	KUNIT_EXPECT_PTR_EQ(test, WdfObjectGetTypedContextWorker(intr, &same_type_copy),
			    (PVOID)ctx);
	/* A different type does not: another name, or another size. */
	KUNIT_EXPECT_NULL(test, WdfObjectGetTypedContextWorker(intr, &other_name));
	other_size = same_type_copy;
	other_size.ContextSize += 8;
	KUNIT_EXPECT_NULL(test, WdfObjectGetTypedContextWorker(intr, &other_size));
	KUNIT_EXPECT_NULL(test, wst_tag(intr));

	/* An object created without a context has none. */
	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	KUNIT_EXPECT_NULL(test, WdfObjectGetTypedContext(sl, WST_INTR_CTX));
	WdfObjectDelete(sl);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

static void wdfshim_object_context_size_override(struct kunit *test)
{
	const size_t size = 4096 + 24;
	WDF_OBJECT_ATTRIBUTES attrs;
	struct wst_tag_ctx *ctx;
	WDFWAITLOCK wl;

	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ContextTypeInfo = &wst_tag_type;
	attrs.ContextSizeOverride = size;
	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(&attrs, &wl), STATUS_SUCCESS);
	ctx = wst_tag(wl);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(ctx, 0, size));
	/* Every byte of the override is the driver's: KASAN sees overflows. */
	memset(ctx, 0xc3, size);
	KUNIT_EXPECT_PTR_EQ(test, WdfObjectContextGetObject(ctx), (WDFOBJECT)wl);
	/* The lock next to the context is intact. */
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	WdfWaitLockRelease(wl);
	WdfObjectDelete(wl);
}

static void wdfshim_object_override_needs_type(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr = NULL;
	WDFSPINLOCK sl = NULL;

	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ContextSizeOverride = 64;
	wst_config(&cfg, WST_DPC, false);
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
			STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, WdfSpinLockCreate(&attrs, &sl),
			STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);
	KUNIT_EXPECT_NULL(test, sl);

	/* ... and an override smaller than the type is as invalid. */
	attrs.ContextTypeInfo = &wst_tag_type;
	attrs.ContextSizeOverride = wst_tag_type.ContextSize - 1;
	KUNIT_EXPECT_EQ(test, WdfSpinLockCreate(&attrs, &sl),
			STATUS_WDF_OBJECT_ATTRIBUTES_INVALID);
	KUNIT_EXPECT_NULL(test, sl);

	/* The refused interrupt took no resource: the next one is the first. */
	wst_obj_expect_interrupts_work(env, wst_new(env, WST_DPC, false), true);
}

static void wdfshim_object_attributes_bad_size(struct kunit *test)
{
	static const ULONG sizes[] = {
		0, sizeof(WDF_OBJECT_ATTRIBUTES) - 8, sizeof(WDF_OBJECT_ATTRIBUTES) + 8,
	};
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr;
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, WST_INTR_CTX);
		attrs.Size = sizes[i];
		wst_config(&cfg, WST_DPC, false);
		intr = NULL;
		KUNIT_EXPECT_EQ_MSG(test,
				    WdfInterruptCreate(env->device, &cfg, &attrs, &intr),
				    STATUS_INFO_LENGTH_MISMATCH, "Size %u", sizes[i]);
		KUNIT_EXPECT_NULL(test, intr);
	}
	wst_obj_expect_interrupts_work(env, wst_new(env, WST_DPC, false), true);
}

static void wdfshim_object_delete_order(struct kunit *test)
{
	static const struct wst_obj_event expected[] = {
		{ 'c', 3 }, { 'd', 3 },	/* newest child first: interrupt B */
		{ 'c', 2 }, { 'd', 2 },	/* the spin lock */
		{ 'c', 1 }, { 'd', 1 },	/* interrupt A */
		{ 'c', 9 }, { 'd', 9 },	/* the device, last */
	};
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFINTERRUPT a = NULL, b = NULL;
	WDF_INTERRUPT_CONFIG cfg;
	WDFSPINLOCK sl = NULL;
	WDFDEVICE dev = NULL;
	unsigned int i;

	memset(&wst_obj_log, 0, sizeof(wst_obj_log));
	wst_tag_attrs(&attrs);
	KUNIT_ASSERT_EQ(test, wdfshim_device_create_with_irqs(env->dev, env->irq, 2,
							      &attrs, &dev), 0);
	wst_tag(dev)->tag = 9;

	wst_config(&cfg, WST_DPC, false);
	KUNIT_ASSERT_EQ(test, WdfInterruptCreate(dev, &cfg, &attrs, &a),
			STATUS_SUCCESS);
	wst_tag(a)->tag = 1;
	wst_tag(a)->is_interrupt = true;

	wst_tag_attrs(&attrs);
	attrs.ParentObject = dev;
	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(&attrs, &sl), STATUS_SUCCESS);
	wst_tag(sl)->tag = 2;

	wst_tag_attrs(&attrs);
	KUNIT_ASSERT_EQ(test, WdfInterruptCreate(dev, &cfg, &attrs, &b),
			STATUS_SUCCESS);
	wst_tag(b)->tag = 3;
	wst_tag(b)->is_interrupt = true;

	KUNIT_ASSERT_EQ(test, wdfshim_device_start(dev), 0);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(a), env->irq[0]);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(b), env->irq[1]);
	KUNIT_EXPECT_EQ(test, wst_obj_log.n, 0U);

	wdfshim_device_delete(dev);

	KUNIT_ASSERT_EQ(test, wst_obj_log.n, (unsigned int)ARRAY_SIZE(expected));
	for (i = 0; i < ARRAY_SIZE(expected); i++) {
		KUNIT_EXPECT_EQ_MSG(test, wst_obj_log.ev[i].what, expected[i].what,
				    "event %u", i);
		/* The context is still readable in cleanup and in destroy. */
		KUNIT_EXPECT_EQ_MSG(test, wst_obj_log.ev[i].tag, expected[i].tag,
				    "event %u", i);
		/* Interrupts are disconnected before their callbacks run. */
		KUNIT_EXPECT_EQ_MSG(test, wst_obj_log.ev[i].irq, 0U, "event %u", i);
	}
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

static void wdfshim_object_delete_interrupt_refused(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);

	wst_start(env);
	WdfObjectDelete(intr);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
	KUNIT_EXPECT_PTR_EQ(test, WdfInterruptGetDevice(intr), env->device);
	KUNIT_EXPECT_NOT_NULL(test, wst_ctx(intr));
	wst_obj_expect_interrupts_work(env, intr, false);
}

static void wdfshim_object_delete_device_refused(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr;

	WdfObjectDelete(env->device);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
	KUNIT_EXPECT_PTR_EQ(test, wdfshim_device_to_dev(env->device), env->dev);
	intr = wst_new(env, WST_DPC, false);
	KUNIT_EXPECT_PTR_EQ(test, WdfInterruptGetDevice(intr), env->device);
	wst_obj_expect_interrupts_work(env, intr, true);
}

static void wdfshim_object_spinlock_dies_with_device(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFSPINLOCK sl = NULL;

	memset(&wst_obj_log, 0, sizeof(wst_obj_log));
	wst_tag_attrs(&attrs);
	attrs.ParentObject = env->device;
	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(&attrs, &sl), STATUS_SUCCESS);
	wst_tag(sl)->tag = 7;
	WdfSpinLockAcquire(sl);
	WdfSpinLockRelease(sl);

	wdfshim_device_delete(env->device);
	env->device = NULL;
	KUNIT_ASSERT_EQ(test, wst_obj_log.n, 2U);
	KUNIT_EXPECT_EQ(test, wst_obj_log.ev[0].what, 'c');
	KUNIT_EXPECT_EQ(test, wst_obj_log.ev[1].what, 'd');
	KUNIT_EXPECT_EQ(test, wst_obj_log.ev[1].tag, 7UL);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 0U);

	env->expect_bugchecks = true;
	WdfSpinLockAcquire(sl);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, NULL, sl, WDFSHIM_TYPE_SPINLOCK);
	KUNIT_EXPECT_STREQ(test, wst_report(test, 0, NULL)->bc.ddi, "WdfSpinLockAcquire");
}

static void wdfshim_object_waitlock_delete_stale(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFWAITLOCK wl = NULL;

	memset(&wst_obj_log, 0, sizeof(wst_obj_log));
	wst_tag_attrs(&attrs);
	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(&attrs, &wl), STATUS_SUCCESS);
	wst_tag(wl)->tag = 5;
	KUNIT_ASSERT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	WdfWaitLockRelease(wl);

	WdfObjectDelete(wl);
	KUNIT_ASSERT_EQ(test, wst_obj_log.n, 2U);
	KUNIT_EXPECT_EQ(test, wst_obj_log.ev[0].what, 'c');
	KUNIT_EXPECT_EQ(test, wst_obj_log.ev[1].what, 'd');
	KUNIT_EXPECT_EQ(test, wst_obj_log.ev[1].tag, 5UL);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 0U);

	env->expect_bugchecks = true;
	KUNIT_EXPECT_NE(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, NULL, wl, WDFSHIM_TYPE_WAITLOCK);
	/* Deleting it again is the same violation, not a double free. */
	WdfObjectDelete(wl);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 2U);
	wst_expect_invalid_handle(test, 1, NULL, wl, WDFSHIM_TYPE_ANY);
	KUNIT_EXPECT_EQ(test, wst_obj_log.n, 2U);
}

static void wdfshim_object_spinlock_acquire_release(struct kunit *test)
{
	struct wdfshim_spinlock *lock;
	WDFSPINLOCK sl;
	bool held;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	lock = wdfshim_spinlock_from_handle(sl, __func__);
	KUNIT_ASSERT_NOT_NULL(test, lock);
	KUNIT_ASSERT_FALSE(test, irqs_disabled());

	WdfSpinLockAcquire(sl);
	held = wst_holds(&lock->lock) && irqs_disabled();
	WdfSpinLockRelease(sl);
	KUNIT_EXPECT_TRUE(test, held);
	KUNIT_EXPECT_FALSE(test, wst_holds(&lock->lock));
	KUNIT_EXPECT_FALSE(test, irqs_disabled());

	/* Nested in a section that has interrupts off: restores, not enables. */
	local_irq_disable();
	WdfSpinLockAcquire(sl);
	WdfSpinLockRelease(sl);
	held = irqs_disabled();
	local_irq_enable();
	KUNIT_EXPECT_TRUE(test, held);

	WdfObjectDelete(sl);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

static void wdfshim_object_waitlock_acquire(struct kunit *test)
{
	struct wdfshim_waitlock *lock;
	LONGLONG zero = 0;
	WDFWAITLOCK wl;

	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &wl),
			STATUS_SUCCESS);
	lock = wdfshim_waitlock_from_handle(wl, __func__);
	KUNIT_ASSERT_NOT_NULL(test, lock);

	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&lock->lock.mutex));
	/* Held: a zero timeout gives up at once. */
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, &zero), STATUS_TIMEOUT);
	WdfWaitLockRelease(wl);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lock->lock.mutex));

	/* Free: a zero timeout takes it. */
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, &zero), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&lock->lock.mutex));
	WdfWaitLockRelease(wl);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lock->lock.mutex));

	WdfObjectDelete(wl);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

static const enum wst_bad wst_obj_bad_kinds[] = {
	WST_BAD_NULL, WST_BAD_GARBAGE, WST_BAD_STALE, WST_BAD_WRONG_TYPE,
};

KUNIT_ARRAY_PARAM(wst_obj_bad, wst_obj_bad_kinds, wst_bad_desc);

static void wdfshim_object_invalid_handle(struct kunit *test)
{
	const enum wst_bad *kind = test->param_value;
	struct wst_env *env = wst_env(test);
	void *h = wst_bad_handle(env, *kind);
	/* A device is a valid WDFOBJECT: only the WDFINTERRUPT DDI objects. */
	bool any_valid = *kind == WST_BAD_WRONG_TYPE;

	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 0U);
	env->expect_bugchecks = true;

	KUNIT_EXPECT_NULL(test, WdfInterruptGetDevice(h));
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, NULL, h, WDFSHIM_TYPE_INTERRUPT);
	KUNIT_EXPECT_STREQ(test, wst_report(test, 0, NULL)->bc.ddi,
			   "WdfInterruptGetDevice");

	KUNIT_EXPECT_NULL(test, WdfObjectGetTypedContext(h, WST_INTR_CTX));
	if (any_valid) {
		KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 1U);
		return;
	}
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 2U);
	wst_expect_invalid_handle(test, 1, NULL, h, WDFSHIM_TYPE_ANY);
}

static void wdfshim_object_delete_null(struct kunit *test)
{
	struct wst_env *env = wst_env(test);

	env->expect_bugchecks = true;
	WdfObjectDelete(NULL);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, NULL, NULL, WDFSHIM_TYPE_ANY);
	KUNIT_EXPECT_STREQ(test, wst_report(test, 0, NULL)->bc.ddi, "WdfObjectDelete");
	/* The device is untouched. */
	KUNIT_EXPECT_PTR_EQ(test, wdfshim_device_to_dev(env->device), env->dev);
}

static struct kunit_case wdfshim_object_cases[] = {
	KUNIT_CASE(wdfshim_object_attributes_init),
	KUNIT_CASE(wdfshim_object_typed_context),
	KUNIT_CASE(wdfshim_object_context_size_override),
	KUNIT_CASE(wdfshim_object_override_needs_type),
	KUNIT_CASE(wdfshim_object_attributes_bad_size),
	KUNIT_CASE(wdfshim_object_delete_order),
	KUNIT_CASE(wdfshim_object_delete_interrupt_refused),
	KUNIT_CASE(wdfshim_object_delete_device_refused),
	KUNIT_CASE(wdfshim_object_spinlock_dies_with_device),
	KUNIT_CASE(wdfshim_object_waitlock_delete_stale),
	KUNIT_CASE(wdfshim_object_spinlock_acquire_release),
	KUNIT_CASE(wdfshim_object_waitlock_acquire),
	KUNIT_CASE_PARAM(wdfshim_object_invalid_handle, wst_obj_bad_gen_params),
	KUNIT_CASE(wdfshim_object_delete_null),
	{}
};

static struct kunit_suite wdfshim_object_suite = {
	.name = "wdfshim_object",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_object_cases,
};

kunit_test_suites(&wdfshim_object_suite);
