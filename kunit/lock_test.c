// SPDX-License-Identifier: GPL-2.0
/*
 * lock_test.c - KMDF's lock rules: AutomaticSerialization and the device
 * callback lock (WdfObjectAcquireLock), and the misuse KMDF's verifier
 * catches: a holder acquiring again, a release by a non-holder, and
 * passive-only DDIs called at DISPATCH_LEVEL or above.
 *
 * Every case runs under lockdep in the debug kernel; a lock rule broken
 * inside wdfshim shows up there as a splat, which fails the run.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>

#include "device.h"
#include "interrupt.h"
#include "irql.h"
#include "wst.h"

static struct wdfshim_lock *wst_lk_device_lock(struct wst_env *env)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(env->device, __func__);

	KUNIT_ASSERT_NOT_NULL(env->test, wdev);
	return &wdev->callback_lock;
}

static struct wdfshim_lock *wst_lk_intr_lock(struct wst_env *env, WDFINTERRUPT intr)
{
	struct wdfshim_interrupt *wi = wdfshim_interrupt_from_handle(intr, __func__);

	KUNIT_ASSERT_NOT_NULL(env->test, wi);
	return wi->lock;
}

/* Report @i is WDF_VIOLATION @subcode about @handle, raised by @ddi. */
static void wst_lk_expect_report(struct kunit *test, unsigned int i,
				 const char *ddi, ULONG subcode, const void *handle)
{
	const struct wst_bugcheck *r = wst_report(test, i, ddi);

	KUNIT_EXPECT_EQ(test, r->bc.param1, (ULONG_PTR)subcode);
	KUNIT_EXPECT_EQ(test, r->bc.param2, (ULONG_PTR)handle);
}

/*
 * Start the device, fire line 0 and wait for @ctx's ISR, whose hook
 * re-acquires a lock it holds: exactly one WDF_RECURSIVE_LOCK report from
 * @ddi about @handle.
 */
static void wst_lk_isr_expect_recursive(struct wst_env *env, WST_INTR_CTX *ctx,
					const char *ddi, const void *handle)
{
	struct kunit *test = env->test;

	env->expect_bugchecks = true;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_lk_expect_report(test, 0, ddi, WDF_RECURSIVE_LOCK, handle);
}

/* ---- AutomaticSerialization and the device callback lock --------------- */

static void wst_lk_dpc_note_lock(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, wst_holds(wst_lk_device_lock(ctx->env)));
	wst_record(ctx, KeGetCurrentIrql() == DISPATCH_LEVEL);
}

static void wst_lk_isr_queue_dpc(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptQueueDpcForIsr(intr);
}

static void wst_lk_isr_queue_work(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptQueueWorkItemForIsr(intr);
}

/*
 * One interrupt with AutomaticSerialization whose DPC runs @dpc_hook, on a
 * device-scope, dispatch-level device if @device_scope, else on the test's
 * default device (scope None): fire it once and wait for the DPC.
 */
static WST_INTR_CTX *wst_lk_auto_serialized_dpc(struct wst_env *env, bool device_scope,
						void (*dpc_hook)(WDFINTERRUPT, WST_INTR_CTX *))
{
	WDF_INTERRUPT_CONFIG cfg;
	WST_INTR_CTX *ctx;

	if (device_scope)
		wst_redevice(env, WdfExecutionLevelDispatch, WdfSynchronizationScopeDevice);
	wst_config(&cfg, WST_DPC, false);
	cfg.AutomaticSerialization = TRUE;
	ctx = wst_ctx(wst_interrupt(env, &cfg));
	ctx->isr_hook = wst_lk_isr_queue_dpc;
	ctx->dpc_hook = dpc_hook;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(env->test, wst_wait(&ctx->dpc_done));
	return ctx;
}

/* A device-scope, dispatch-level device: its DPCs run under its spin lock. */
static void wdfshim_lock_serialized_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WST_INTR_CTX *ctx = wst_lk_auto_serialized_dpc(env, true, wst_lk_dpc_note_lock);

	KUNIT_ASSERT_EQ(test, atomic_read(&ctx->nret), 2);
	KUNIT_EXPECT_TRUE(test, ctx->ret[0]);
	KUNIT_EXPECT_TRUE(test, ctx->ret[1]);
	KUNIT_EXPECT_FALSE(test, wst_holds(wst_lk_device_lock(env)));
}

/*
 * The default scope (None, as KMDF's driver default) serializes nothing,
 * even with AutomaticSerialization set.
 */
static void wdfshim_lock_default_scope_not_serialized(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WST_INTR_CTX *ctx = wst_lk_auto_serialized_dpc(env, false, wst_lk_dpc_note_lock);

	KUNIT_ASSERT_EQ(test, atomic_read(&ctx->nret), 2);
	KUNIT_EXPECT_FALSE(test, ctx->ret[0]);
	KUNIT_EXPECT_TRUE(test, ctx->ret[1]);
}

static void wst_lk_work_note_lock(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, wst_holds(wst_lk_device_lock(ctx->env)));
}

/*
 * A passive-level device: its work items run under its mutex, and driver
 * code holding it with WdfObjectAcquireLock() keeps a work item out.
 */
static void wdfshim_lock_serialized_work_item(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	struct wdfshim_interrupt_stats st;
	WDF_INTERRUPT_CONFIG cfg;
	unsigned long timeout;
	WDFINTERRUPT intr;
	WST_INTR_CTX *ctx;

	wst_redevice(env, WdfExecutionLevelPassive, WdfSynchronizationScopeDevice);
	wst_config(&cfg, WST_WORK, false);
	cfg.AutomaticSerialization = TRUE;
	intr = wst_interrupt(env, &cfg);
	ctx = wst_ctx(intr);
	ctx->isr_hook = wst_lk_isr_queue_work;
	ctx->work_hook = wst_lk_work_note_lock;
	wst_start(env);

	WdfObjectAcquireLock(env->device);
	KUNIT_EXPECT_TRUE(test, wst_holds(wst_lk_device_lock(env)));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
	/*
	 * The worker starts and blocks on the device lock we hold. Its start
	 * must happen: the fixture's bound for that (WST_TIMEOUT) applies.
	 */
	timeout = jiffies + WST_TIMEOUT;
	do {
		wst_stats(intr, &st);
		if (st.work_runs)
			break;
		usleep_range(1000, 2000);
	} while (time_before(jiffies, timeout));
	KUNIT_EXPECT_EQ(test, st.work_runs, 1ULL);
	/*
	 * What keeps the callback out is the lock, not time: it runs once we
	 * release it, holding it itself (ret[0] below).
	 */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->work_calls), 0);
	WdfObjectReleaseLock(env->device);

	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
	KUNIT_ASSERT_EQ(test, atomic_read(&ctx->nret), 1);
	KUNIT_EXPECT_TRUE(test, ctx->ret[0]);
	KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
}

/* KMDF: the callbacks' level must match the device's ExecutionLevel. */
static void wdfshim_lock_serialization_level_mismatch(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr = NULL;

	wst_redevice(env, WdfExecutionLevelDispatch, WdfSynchronizationScopeDevice);
	wst_config(&cfg, WST_WORK, false);
	cfg.AutomaticSerialization = TRUE;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL);
	KUNIT_EXPECT_NULL(test, intr);
	/* Without AutomaticSerialization the same interrupt is fine. */
	cfg.AutomaticSerialization = FALSE;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_SUCCESS);

	wst_redevice(env, WdfExecutionLevelPassive, WdfSynchronizationScopeDevice);
	intr = NULL;
	wst_config(&cfg, WST_DPC, false);
	cfg.AutomaticSerialization = TRUE;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL);
	KUNIT_EXPECT_NULL(test, intr);
	/* A passive ISR with neither DPC nor work item: passive callbacks. */
	wst_config(&cfg, WST_ISR_ONLY, true);
	cfg.AutomaticSerialization = TRUE;
	KUNIT_EXPECT_EQ(test, WdfInterruptCreate(env->device, &cfg, NULL, &intr),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

static void wdfshim_lock_device_attributes_invalid(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_OBJECT_ATTRIBUTES attrs;
	WDFDEVICE dev = NULL;

	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.ExecutionLevel = WdfExecutionLevelInvalid;
	KUNIT_EXPECT_EQ(test, wdfshim_device_create_with_irqs(env->dev, env->irq, 1,
							      &attrs, &dev), -EINVAL);
	KUNIT_EXPECT_NULL(test, dev);
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.SynchronizationScope = WdfSynchronizationScopeNone + 1;
	KUNIT_EXPECT_EQ(test, wdfshim_device_create_with_irqs(env->dev, env->irq, 1,
							      &attrs, &dev), -EINVAL);
	KUNIT_EXPECT_NULL(test, dev);
}

/* A dispatch-level device's lock: interrupts off, DISPATCH_LEVEL. */
static void wdfshim_lock_object_lock_dispatch(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	bool held, irqs_off;
	KIRQL irql;

	WdfObjectAcquireLock(env->device);
	held = wst_holds(wst_lk_device_lock(env));
	irqs_off = irqs_disabled();
	irql = KeGetCurrentIrql();
	WdfObjectReleaseLock(env->device);
	KUNIT_EXPECT_TRUE(test, held);
	KUNIT_EXPECT_TRUE(test, irqs_off);
	KUNIT_EXPECT_EQ(test, irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_FALSE(test, wst_holds(wst_lk_device_lock(env)));
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

/* Only a device has a callback lock: anything else is a bug check. */
static void wdfshim_lock_object_lock_not_device(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WDFSPINLOCK sl;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	env->expect_bugchecks = true;
	WdfObjectAcquireLock(sl);
	WdfObjectReleaseLock(sl);
	WdfObjectAcquireLock(intr);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 3U);
	wst_lk_expect_report(test, 0, "WdfObjectAcquireLock",
			     WDF_INVALID_LOCK_OPERATION, sl);
	wst_lk_expect_report(test, 1, "WdfObjectReleaseLock",
			     WDF_INVALID_LOCK_OPERATION, sl);
	wst_lk_expect_report(test, 2, "WdfObjectAcquireLock",
			     WDF_INVALID_LOCK_OPERATION, intr);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	WdfObjectDelete(sl);
}

/* Driver code in a serialized DPC taking the device lock again. */
static void wst_lk_dpc_takes_device_lock(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfObjectAcquireLock(ctx->env->device);
	wst_record(ctx, wst_holds(wst_lk_device_lock(ctx->env)));
}

static void wdfshim_lock_object_lock_recursive_in_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WST_INTR_CTX *ctx;

	env->expect_bugchecks = true;
	ctx = wst_lk_auto_serialized_dpc(env, true, wst_lk_dpc_takes_device_lock);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_lk_expect_report(test, 0, "WdfObjectAcquireLock", WDF_RECURSIVE_LOCK,
			     env->device);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_get(0)->irql, DISPATCH_LEVEL);
	/* The lock stayed AutomaticSerialization's, released after the DPC. */
	KUNIT_EXPECT_TRUE(test, ctx->ret[0]);
	KUNIT_EXPECT_FALSE(test, wst_holds(wst_lk_device_lock(env)));
}

/* ---- the holder acquiring again: WDF_RECURSIVE_LOCK -------------------- */

static void wdfshim_lock_interrupt_lock_twice(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr[2];
	int i;

	intr[0] = wst_new(env, WST_DPC, false);
	intr[1] = wst_new(env, WST_WORK, true);
	env->expect_bugchecks = true;
	for (i = 0; i < 2; i++) {
		WdfInterruptAcquireLock(intr[i]);
		WdfInterruptAcquireLock(intr[i]);
		KUNIT_EXPECT_TRUE(test, wst_holds(wst_lk_intr_lock(env, intr[i])));
		WdfInterruptReleaseLock(intr[i]);
		KUNIT_EXPECT_FALSE(test, wst_holds(wst_lk_intr_lock(env, intr[i])));
		KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), i + 1U);
		wst_lk_expect_report(test, i, "WdfInterruptAcquireLock",
				     WDF_RECURSIVE_LOCK, intr[i]);
		KUNIT_EXPECT_EQ(test, wst_bugcheck_get(i)->bc.param3,
				(ULONG_PTR)wst_lk_intr_lock(env, intr[i]));
	}
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

static BOOLEAN wst_lk_sync_cb(WDFINTERRUPT intr, WDFCONTEXT context)
{
	atomic_inc(context);
	return TRUE;
}

/* EvtInterruptIsr runs under the lock: synchronizing with itself. */
static void wst_lk_isr_synchronize_self(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptSynchronize(intr, wst_lk_sync_cb, ctx->priv));
}

static void wdfshim_lock_isr_synchronizes_itself(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	atomic_t calls = ATOMIC_INIT(0);

	ctx->priv = &calls;
	ctx->isr_hook = wst_lk_isr_synchronize_self;
	wst_lk_isr_expect_recursive(env, ctx, "WdfInterruptSynchronize", intr);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_get(0)->irql, WDFSHIM_DIRQL);
	KUNIT_EXPECT_FALSE(test, ctx->ret[0]);
	KUNIT_EXPECT_EQ(test, atomic_read(&calls), 0);
	/* From the task, the same call works. */
	KUNIT_EXPECT_TRUE(test, WdfInterruptSynchronize(intr, wst_lk_sync_cb, &calls));
	KUNIT_EXPECT_EQ(test, atomic_read(&calls), 1);
}

/* One WDFSPINLOCK for two interrupts: A's ISR already holds B's lock. */
static void wst_lk_isr_lock_other(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WdfInterruptAcquireLock(ctx->priv);
	wst_record(ctx, TRUE);
}

static void wdfshim_lock_shared_spinlock_recursive(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT a, b;
	WST_INTR_CTX *ctx;
	WDFSPINLOCK sl;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	wst_config(&cfg, WST_ISR_ONLY, false);
	cfg.SpinLock = sl;
	a = wst_interrupt(env, &cfg);
	b = wst_interrupt(env, &cfg);
	ctx = wst_ctx(a);
	ctx->priv = b;
	ctx->isr_hook = wst_lk_isr_lock_other;
	wst_lk_isr_expect_recursive(env, ctx, "WdfInterruptAcquireLock", b);
	KUNIT_EXPECT_FALSE(test, wst_holds(wst_lk_intr_lock(env, b)));
}

static void wdfshim_lock_spin_and_wait_lock_twice(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFSPINLOCK sl;
	WDFWAITLOCK wl;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &wl),
			STATUS_SUCCESS);
	env->expect_bugchecks = true;
	WdfSpinLockAcquire(sl);
	WdfSpinLockAcquire(sl);
	WdfSpinLockRelease(sl);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, NULL),
			STATUS_INVALID_DEVICE_REQUEST);
	WdfWaitLockRelease(wl);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 2U);
	wst_lk_expect_report(test, 0, "WdfSpinLockAcquire", WDF_RECURSIVE_LOCK, sl);
	wst_lk_expect_report(test, 1, "WdfWaitLockAcquire", WDF_RECURSIVE_LOCK, wl);
	/* Both are free again. */
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	WdfWaitLockRelease(wl);
	WdfObjectDelete(sl);
	WdfObjectDelete(wl);
}

/* ---- releasing what the caller does not hold: reported, ignored -------- */

struct wst_lk_release_work {
	struct work_struct work;
	WDFWAITLOCK wl;
	struct completion done;
};

static void wst_lk_release_other(struct work_struct *work)
{
	struct wst_lk_release_work *w =
		container_of(work, struct wst_lk_release_work, work);

	WdfWaitLockRelease(w->wl);
	complete(&w->done);
}

static void wdfshim_lock_release_not_held(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	struct wst_lk_release_work w;
	struct wdfshim_waitlock *lock;
	WDFSPINLOCK sl;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &w.wl),
			STATUS_SUCCESS);
	WdfSpinLockRelease(sl);
	WdfWaitLockRelease(w.wl);
	WdfInterruptReleaseLock(intr);
	WdfObjectReleaseLock(env->device);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());

	/* Another task releasing our wait lock: we still hold it. */
	lock = wdfshim_waitlock_from_handle(w.wl, __func__);
	KUNIT_ASSERT_NOT_NULL(test, lock);
	KUNIT_ASSERT_EQ(test, WdfWaitLockAcquire(w.wl, NULL), STATUS_SUCCESS);
	INIT_WORK_ONSTACK(&w.work, wst_lk_release_other);
	init_completion(&w.done);
	queue_work(system_wq, &w.work);
	KUNIT_EXPECT_TRUE(test, wst_wait(&w.done));
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	KUNIT_EXPECT_TRUE(test, wst_holds(&lock->lock));
	WdfWaitLockRelease(w.wl);
	KUNIT_EXPECT_FALSE(test, wst_holds(&lock->lock));

	/* All of them still work. */
	WdfSpinLockAcquire(sl);
	WdfSpinLockRelease(sl);
	WdfInterruptAcquireLock(intr);
	WdfInterruptReleaseLock(intr);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
	WdfObjectDelete(sl);
	WdfObjectDelete(w.wl);
}

/* ---- passive-only DDIs at DISPATCH_LEVEL and above: refused ------------- */

static void wdfshim_lock_passive_ddis_at_dispatch(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT dirql = wst_new(env, WST_DPC, false);
	WDFINTERRUPT passive = wst_new(env, WST_WORK, true);
	WST_INTR_CTX *ctx = wst_ctx(dirql);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT late = NULL;
	atomic_t calls = ATOMIC_INIT(0);
	LONGLONG zero = 0;
	NTSTATUS create, wait_forever, wait_zero;
	BOOLEAN try, sync;
	bool passive_held;
	WDFSPINLOCK sl;
	WDFWAITLOCK wl;

	KUNIT_ASSERT_EQ(test, WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &sl),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &wl),
			STATUS_SUCCESS);
	wst_start(env);
	wst_config(&cfg, WST_DPC, false);

	WdfSpinLockAcquire(sl);		/* DISPATCH_LEVEL from here */
	WdfInterruptDisable(dirql);
	create = WdfInterruptCreate(env->device, &cfg, NULL, &late);
	try = WdfInterruptTryToAcquireLock(passive);
	WdfInterruptAcquireLock(passive);
	passive_held = wst_holds(wst_lk_intr_lock(env, passive));
	sync = WdfInterruptSynchronize(passive, wst_lk_sync_cb, &calls);
	wait_forever = WdfWaitLockAcquire(wl, NULL);
	wait_zero = WdfWaitLockAcquire(wl, &zero);	/* allowed at DISPATCH */
	WdfWaitLockRelease(wl);
	WdfSpinLockRelease(sl);

	KUNIT_EXPECT_EQ(test, create, STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_NULL(test, late);
	KUNIT_EXPECT_FALSE(test, try);
	KUNIT_EXPECT_FALSE(test, passive_held);
	KUNIT_EXPECT_FALSE(test, sync);
	KUNIT_EXPECT_EQ(test, atomic_read(&calls), 0);
	KUNIT_EXPECT_EQ(test, wait_forever, STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, wait_zero, STATUS_SUCCESS);
	/* The refused Disable left the interrupt connected. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 0);
	ctx->isr_hook = wst_lk_isr_queue_dpc;
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->dpc_done));
	/* At PASSIVE_LEVEL the same calls go through. */
	WdfInterruptDisable(dirql);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 1);
	KUNIT_EXPECT_TRUE(test, WdfInterruptTryToAcquireLock(passive));
	WdfInterruptReleaseLock(passive);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
	WdfObjectDelete(sl);
	WdfObjectDelete(wl);
}

/* The same DDIs from a real DPC, and WdfInterruptEnable under a lock. */
static void wst_lk_dpc_calls_passive_ddis(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	WDFINTERRUPT passive = ctx->priv;

	WdfInterruptDisable(intr);
	WdfInterruptEnable(passive);
	wst_record(ctx, WdfInterruptTryToAcquireLock(passive));
}

static void wdfshim_lock_passive_ddis_in_dpc(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WDFINTERRUPT passive = wst_new(env, WST_WORK, true);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	WST_INTR_CTX *pctx = wst_ctx(passive);

	ctx->priv = passive;
	ctx->isr_hook = wst_lk_isr_queue_dpc;
	ctx->dpc_hook = wst_lk_dpc_calls_passive_ddis;
	wst_start(env);
	KUNIT_ASSERT_EQ(test, atomic_read(&pctx->enable_calls), 1);
	WdfInterruptDisable(passive);
	KUNIT_ASSERT_EQ(test, atomic_read(&pctx->disable_calls), 1);

	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->dpc_irql, DISPATCH_LEVEL);
	KUNIT_ASSERT_EQ(test, atomic_read(&ctx->nret), 1);
	KUNIT_EXPECT_FALSE(test, ctx->ret[0]);
	/* Neither went through: still connected, still disabled. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&pctx->enable_calls), 1);
	reinit_completion(&ctx->isr_done);
	ctx->dpc_hook = NULL;
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

/* A passive device's lock is a mutex: refused at DISPATCH_LEVEL. */
static void wdfshim_lock_passive_object_lock_at_dispatch(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	bool held;

	wst_redevice(env, WdfExecutionLevelPassive, WdfSynchronizationScopeDevice);
	local_bh_disable();
	WdfObjectAcquireLock(env->device);
	held = wst_holds(wst_lk_device_lock(env));
	WdfObjectReleaseLock(env->device);
	local_bh_enable();
	KUNIT_EXPECT_FALSE(test, held);
	WdfObjectAcquireLock(env->device);
	KUNIT_EXPECT_TRUE(test, wst_holds(wst_lk_device_lock(env)));
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	WdfObjectReleaseLock(env->device);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

/* ---- wait lock timeouts ------------------------------------------------- */

struct wst_lk_wait_work {
	struct work_struct work;
	WDFWAITLOCK wl;
	LONGLONG timeout;
	NTSTATUS status;
	struct completion started, done;
};

static void wst_lk_wait(struct work_struct *work)
{
	struct wst_lk_wait_work *w = container_of(work, struct wst_lk_wait_work, work);

	complete(&w->started);
	w->status = WdfWaitLockAcquire(w->wl, &w->timeout);
	if (NT_SUCCESS(w->status) && w->status != STATUS_TIMEOUT)
		WdfWaitLockRelease(w->wl);
	complete(&w->done);
}

static NTSTATUS wst_lk_wait_other(struct kunit *test, WDFWAITLOCK wl,
				  LONGLONG timeout, unsigned int release_after_ms)
{
	struct wst_lk_wait_work w = { .wl = wl, .timeout = timeout };

	INIT_WORK_ONSTACK(&w.work, wst_lk_wait);
	init_completion(&w.started);
	init_completion(&w.done);
	queue_work(system_wq, &w.work);
	KUNIT_EXPECT_TRUE(test, wst_wait(&w.started));
	if (release_after_ms) {
		msleep(release_after_ms);
		WdfWaitLockRelease(wl);
	}
	KUNIT_EXPECT_TRUE(test, wst_wait(&w.done));
	flush_work(&w.work);
	destroy_work_on_stack(&w.work);
	return w.status;
}

static void wdfshim_lock_wait_lock_timeouts(struct kunit *test)
{
	WDFWAITLOCK wl;

	KUNIT_ASSERT_EQ(test, WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &wl),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	/* Held here: 20 ms relative, and an absolute time in the past. */
	KUNIT_EXPECT_EQ(test, wst_lk_wait_other(test, wl, -200000LL, 0),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, wst_lk_wait_other(test, wl, 1LL, 0), STATUS_TIMEOUT);
	/* Released while the other waits (up to 5 s): it gets the lock. */
	KUNIT_EXPECT_EQ(test, wst_lk_wait_other(test, wl, -50000000LL, 30),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, WdfWaitLockAcquire(wl, NULL), STATUS_SUCCESS);
	WdfWaitLockRelease(wl);
	WdfObjectDelete(wl);
}

static struct kunit_case wdfshim_lock_cases[] = {
	KUNIT_CASE(wdfshim_lock_serialized_dpc),
	KUNIT_CASE(wdfshim_lock_default_scope_not_serialized),
	KUNIT_CASE(wdfshim_lock_serialized_work_item),
	KUNIT_CASE(wdfshim_lock_serialization_level_mismatch),
	KUNIT_CASE(wdfshim_lock_device_attributes_invalid),
	KUNIT_CASE(wdfshim_lock_object_lock_dispatch),
	KUNIT_CASE(wdfshim_lock_object_lock_not_device),
	KUNIT_CASE(wdfshim_lock_object_lock_recursive_in_dpc),
	KUNIT_CASE(wdfshim_lock_interrupt_lock_twice),
	KUNIT_CASE(wdfshim_lock_isr_synchronizes_itself),
	KUNIT_CASE(wdfshim_lock_shared_spinlock_recursive),
	KUNIT_CASE(wdfshim_lock_spin_and_wait_lock_twice),
	KUNIT_CASE(wdfshim_lock_release_not_held),
	KUNIT_CASE(wdfshim_lock_passive_ddis_at_dispatch),
	KUNIT_CASE(wdfshim_lock_passive_ddis_in_dpc),
	KUNIT_CASE(wdfshim_lock_passive_object_lock_at_dispatch),
	KUNIT_CASE(wdfshim_lock_wait_lock_timeouts),
	{}
};

static struct kunit_suite wdfshim_lock_suite = {
	.name = "wdfshim_lock",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_lock_cases,
};

kunit_test_suites(&wdfshim_lock_suite);
