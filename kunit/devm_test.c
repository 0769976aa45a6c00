// SPDX-License-Identifier: GPL-2.0
/*
 * devm_test.c - devm_wdfshim_device_create(): the device dies with the
 * devres of its Linux device.
 *
 * A platform device of its own, whose one IRQ resource is a simulated
 * line of the fixture, gets a managed WDFDEVICE inside a devres group; the
 * device is started and its interrupt fires for real. Releasing the group
 * is what driver detach does to a probe()'s devres (devres_release_all()
 * releases the same nodes, newest first).
 */
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/platform_device.h>

#include "wst.h"

#define WST_DEVM_LINE	1

static struct wst_devm {
	struct platform_device *pdev;
	WDFDEVICE fixture;		/* env->device, put back by exit */
	atomic_t cleanups;		/* the managed device's EvtCleanupCallback */
} wst_devm;

static VOID wst_devm_cleanup(WDFOBJECT Object)
{
	atomic_inc(&wst_devm.cleanups);
}

static int wst_devm_test_init(struct kunit *test)
{
	memset(&wst_devm, 0, sizeof(wst_devm));
	return wst_test_init(test);
}

/*
 * After a failed case: the fixture's device back in place, and the
 * platform device gone (its devres, the WDFDEVICE too, with it).
 */
static void wst_devm_test_exit(struct kunit *test)
{
	struct wst_env *env = wst_env(test);

	if (env && wst_devm.fixture)
		env->device = wst_devm.fixture;
	if (wst_devm.pdev)
		platform_device_unregister(wst_devm.pdev);
	wst_test_exit(test);
}

static void wdfshim_devm_device_deleted_on_release(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	unsigned int irq = env->irq[WST_DEVM_LINE];
	struct resource res = DEFINE_RES_IRQ(irq);
	WDF_OBJECT_ATTRIBUTES attrs;
	struct platform_device *pdev;
	WDFDEVICE device = NULL;
	WDFINTERRUPT intr;
	WST_INTR_CTX *ctx;
	void *group;

	pdev = platform_device_register_simple("wdfshim-devm-test",
					       PLATFORM_DEVID_AUTO, &res, 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdev));
	wst_devm.pdev = pdev;
	group = devres_open_group(&pdev->dev, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, group);
	WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
	attrs.EvtCleanupCallback = wst_devm_cleanup;
	KUNIT_ASSERT_EQ(test, devm_wdfshim_device_create(&pdev->dev, &attrs,
							 &device), 0);
	devres_close_group(&pdev->dev, group);

	/* The managed device works: its interrupt on the line fires. */
	wst_devm.fixture = env->device;
	env->device = device;
	intr = wst_new(env, WST_DPC, false);
	ctx = wst_ctx(intr);
	ctx->isr_hook = wst_isr_queue_dpc;
	wst_start(env);
	KUNIT_ASSERT_TRUE(test, irq_has_action(irq));
	wst_fire(env, WST_DEVM_LINE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	KUNIT_EXPECT_EQ(test, ctx->ret[0], TRUE);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->dpc_calls), 1);
	env->device = wst_devm.fixture;
	wst_devm.fixture = NULL;
	KUNIT_ASSERT_EQ(test, atomic_read(&wst_devm.cleanups), 0);

	/*
	 * Detach: the device is stopped (its IRQ freed) and deleted, with
	 * its interrupt and that interrupt's context (ctx is gone now).
	 */
	KUNIT_EXPECT_EQ(test, devres_release_group(&pdev->dev, group), 1);
	KUNIT_EXPECT_FALSE(test, irq_has_action(irq));
	KUNIT_EXPECT_EQ(test, atomic_read(&wst_devm.cleanups), 1);

	/* Its handle is stale: KMDF's invalid-handle bug check. */
	env->expect_bugchecks = true;
	KUNIT_EXPECT_NULL(test, wdfshim_device_to_dev(device));
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, "wdfshim_device_to_dev", device,
				  WDFSHIM_TYPE_DEVICE);
}

/* A failed create leaves no devres action behind (and writes nothing). */
static void wdfshim_devm_device_create_fails_clean(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFDEVICE device = NULL;
	void *group;

	group = devres_open_group(env->dev, NULL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, group);
	KUNIT_EXPECT_EQ(test, devm_wdfshim_device_create(env->dev, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, devm_wdfshim_device_create(NULL, NULL, &device),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, device);
	KUNIT_EXPECT_EQ(test, devres_release_group(env->dev, group), 0);
}

static struct kunit_case wdfshim_devm_cases[] = {
	KUNIT_CASE(wdfshim_devm_device_deleted_on_release),
	KUNIT_CASE(wdfshim_devm_device_create_fails_clean),
	{}
};

static struct kunit_suite wdfshim_devm_suite = {
	.name = "wdfshim_devm",
	.init = wst_devm_test_init,
	.exit = wst_devm_test_exit,
	.test_cases = wdfshim_devm_cases,
};

kunit_test_suites(&wdfshim_devm_suite);
