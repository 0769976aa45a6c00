// SPDX-License-Identifier: GPL-2.0
/*
 * info_test.c - the interrupt DDIs around the ISR: TryToAcquireLock,
 * GetInfo, SetPolicy/SetExtendedPolicy (the Linux affinity hint),
 * ReportActive/ReportInactive and WdmGetInterrupt, on simulated lines
 * that really fire.
 */
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "compat.h"
#include "irql.h"
#include "wst.h"

/* ---- helpers ----------------------------------------------------------- */

struct wst_info_gate {
	struct completion entered;	/* the ISR hook has started */
	WDF_INTERRUPT_INFO info;	/* GetInfo from inside the ISR */
};

static struct wst_info_gate *wst_gate(struct kunit *test, WST_INTR_CTX *ctx)
{
	struct wst_info_gate *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	init_completion(&g->entered);
	ctx->priv = g;
	return g;
}

/* Passive ISR: say it has started, then hold the wait lock until "go". */
static void wst_isr_hold(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_info_gate *g = ctx->priv;

	complete(&g->entered);
	wst_wait(&ctx->go);
}

static void wst_isr_get_info(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_info_gate *g = ctx->priv;

	WDF_INTERRUPT_INFO_INIT(&g->info);
	WdfInterruptGetInfo(intr, &g->info);
}

/* An interrupt on sim line @line, created in creation order by the caller. */
static WDFINTERRUPT wst_info_new(struct wst_env *env, bool passive,
				 WDF_TRI_STATE share)
{
	WDF_INTERRUPT_CONFIG cfg;

	wst_config(&cfg, WST_ISR_ONLY, passive);
	cfg.ShareVector = share;
	return wst_interrupt(env, &cfg);
}

/*
 * The interrupt raised on line @line has been delivered, and called
 * EvtInterruptIsr no more than @calls times in all.
 */
static void wst_expect_no_isr(struct wst_env *env, unsigned int line,
			      WST_INTR_CTX *ctx, int calls)
{
	wst_line_sync(env, line, false);
	KUNIT_EXPECT_EQ(env->test, atomic_read(&ctx->isr_calls), calls);
}

/*
 * /proc/irq/@irq/affinity_hint, CPUs 0-63: what the kernel holds as the
 * hint, 0 when none. The file prints 32-bit groups separated by commas.
 */
static unsigned long wst_affinity_hint(struct kunit *test, unsigned int irq)
{
	char path[48], buf[160], *p, *q;
	unsigned long v = 0;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/irq/%u/affinity_hint", irq);
	wdfshim_with_init_fs()
		f = filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "%s: %ld", path, PTR_ERR(f));
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	KUNIT_ASSERT_GT(test, n, 0);
	buf[n] = '\0';
	for (p = q = strim(buf); *p; p++)
		if (*p != ',')
			*q++ = *p;
	*q = '\0';
	p = strlen(buf) > 16 ? buf + strlen(buf) - 16 : buf;
	KUNIT_ASSERT_EQ(test, kstrtoul(p, 16, &v), 0);
	return v;
}

static unsigned long wst_online_cpus(void)
{
	return cpumask_bits(cpu_online_mask)[0];
}

/* ---- WdfInterruptTryToAcquireLock -------------------------------------- */

/* Passive: the wait lock, held against the ISR thread, and refused to it. */
static void wdfshim_info_try_lock_passive(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, true);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_info_gate *g = wst_gate(test, ctx);

	wst_start(env);
	KUNIT_ASSERT_TRUE(test, WdfInterruptTryToAcquireLock(intr));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	wst_fire(env, 0);
	/* delivered, and its thread blocked on our lock (see wst_line_sync()) */
	wst_line_sync(env, 0, true);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 0);
	WdfInterruptReleaseLock(intr);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);

	/* Now the ISR holds the lock: trying fails, without waiting. */
	reinit_completion(&ctx->isr_done);
	ctx->isr_hook = wst_isr_hold;
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&g->entered));
	KUNIT_EXPECT_FALSE(test, WdfInterruptTryToAcquireLock(intr));
	complete(&ctx->go);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_ASSERT_TRUE(test, WdfInterruptTryToAcquireLock(intr));
	WdfInterruptReleaseLock(intr);
}

/* DIRQL: FALSE, nothing taken (the ISR still runs), no bug check. */
static void wdfshim_info_try_lock_dirql(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	wst_start(env);
	KUNIT_EXPECT_FALSE(test, WdfInterruptTryToAcquireLock(intr));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	WdfInterruptAcquireLock(intr);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), WDFSHIM_DIRQL);
	WdfInterruptReleaseLock(intr);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);
}

/* ---- WdfInterruptGetInfo ----------------------------------------------- */

static void wst_expect_disconnected_info(struct kunit *test, WDFINTERRUPT intr,
					 ULONG message_number)
{
	WDF_INTERRUPT_INFO info, zero;

	memset(&info, 0xa5, sizeof(info));
	WDF_INTERRUPT_INFO_INIT(&info);
	WdfInterruptGetInfo(intr, &info);
	WDF_INTERRUPT_INFO_INIT(&zero);
	zero.MessageNumber = message_number;
	KUNIT_EXPECT_EQ(test, info.Size, (ULONG)sizeof(info));
	KUNIT_EXPECT_EQ(test, info.MessageNumber, message_number);
	KUNIT_EXPECT_EQ(test, info.Vector, 0U);
	KUNIT_EXPECT_EQ(test, memcmp(&info, &zero, sizeof(info)), 0);
}

/*
 * DIRQL interrupts on shared sim lines: one rising-edge, one with no
 * trigger type. Seen from the test and from inside the ISR; zero again
 * after stop.
 */
static void wdfshim_info_get_info_dirql(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT edge = wst_info_new(env, false, WdfUseDefault);
	WDFINTERRUPT plain = wst_info_new(env, false, WdfUseDefault);
	struct wst_info_gate *g = wst_gate(test, wst_ctx(edge));
	WDF_INTERRUPT_INFO info;

	wst_ctx(edge)->isr_hook = wst_isr_get_info;
	wst_expect_disconnected_info(test, edge, 0);
	wst_expect_disconnected_info(test, plain, 1);
	KUNIT_ASSERT_EQ(test, irq_set_irq_type(env->irq[0], IRQ_TYPE_EDGE_RISING), 0);
	wst_start(env);

	WDF_INTERRUPT_INFO_INIT(&info);
	WdfInterruptGetInfo(edge, &info);
	KUNIT_EXPECT_EQ(test, info.Size, (ULONG)sizeof(info));
	KUNIT_EXPECT_EQ(test, info.MessageNumber, 0U);
	KUNIT_EXPECT_EQ(test, info.Vector, (ULONG)env->irq[0]);
	KUNIT_EXPECT_EQ(test, info.Irql, (KIRQL)WDFSHIM_DIRQL);
	KUNIT_EXPECT_EQ(test, info.Mode, Latched);
	KUNIT_EXPECT_EQ(test, info.Polarity, WdfInterruptActiveHigh);
	KUNIT_EXPECT_FALSE(test, info.MessageSignaled);
	KUNIT_EXPECT_EQ(test, info.ShareDisposition, (UCHAR)CmResourceShareShared);
	KUNIT_EXPECT_EQ(test, info.Group, 0);
	KUNIT_EXPECT_NE(test, info.TargetProcessorSet, 0UL);
	KUNIT_EXPECT_EQ(test, info.TargetProcessorSet & ~wst_online_cpus(), 0UL);

	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&wst_ctx(edge)->isr_done));
	KUNIT_EXPECT_EQ(test, memcmp(&g->info, &info, sizeof(info)), 0);

	WDF_INTERRUPT_INFO_INIT(&info);
	WdfInterruptGetInfo(plain, &info);
	KUNIT_EXPECT_EQ(test, info.MessageNumber, 1U);
	KUNIT_EXPECT_EQ(test, info.Vector, (ULONG)env->irq[1]);
	KUNIT_EXPECT_EQ(test, info.Mode, LevelSensitive);
	KUNIT_EXPECT_EQ(test, info.Polarity, WdfInterruptPolarityUnknown);

	wdfshim_device_stop(env->device);
	wst_expect_disconnected_info(test, edge, 0);
	wst_expect_disconnected_info(test, plain, 1);
}

/* PassiveHandling, exclusive, falling edge. */
static void wdfshim_info_get_info_passive(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_info_new(env, true, WdfFalse);
	struct wst_info_gate *g = wst_gate(test, wst_ctx(intr));
	WDF_INTERRUPT_INFO info;

	wst_ctx(intr)->isr_hook = wst_isr_get_info;
	KUNIT_ASSERT_EQ(test, irq_set_irq_type(env->irq[0], IRQ_TYPE_EDGE_FALLING), 0);
	wst_start(env);
	WDF_INTERRUPT_INFO_INIT(&info);
	WdfInterruptGetInfo(intr, &info);
	KUNIT_EXPECT_EQ(test, info.Vector, (ULONG)env->irq[0]);
	KUNIT_EXPECT_EQ(test, info.Irql, (KIRQL)PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, info.Mode, Latched);
	KUNIT_EXPECT_EQ(test, info.Polarity, WdfInterruptActiveLow);
	KUNIT_EXPECT_FALSE(test, info.MessageSignaled);
	KUNIT_EXPECT_EQ(test, info.ShareDisposition,
			(UCHAR)CmResourceShareDeviceExclusive);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&wst_ctx(intr)->isr_done));
	KUNIT_EXPECT_EQ(test, memcmp(&g->info, &info, sizeof(info)), 0);
}

/*
 * Size: the KMDF 1.7 structure (no Group) is filled up to its size; an
 * unknown Size leaves the structure untouched; NULL is a bug check.
 */
static void wdfshim_info_get_info_size(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WDF_INTERRUPT_INFO info, before;

	KUNIT_EXPECT_EQ(test, sizeof(WDF_INTERRUPT_INFO), (size_t)64);
	KUNIT_EXPECT_EQ(test, (size_t)WDF_INTERRUPT_INFO_SIZE_V1_7, (size_t)56);
	KUNIT_EXPECT_EQ(test, offsetof(WDF_INTERRUPT_INFO, Group), (size_t)56);
	wst_start(env);

	memset(&info, 0xa5, sizeof(info));
	info.Size = WDF_INTERRUPT_INFO_SIZE_V1_7;
	WdfInterruptGetInfo(intr, &info);
	KUNIT_EXPECT_EQ(test, info.Size, (ULONG)WDF_INTERRUPT_INFO_SIZE_V1_7);
	KUNIT_EXPECT_EQ(test, info.Vector, (ULONG)env->irq[0]);
	KUNIT_EXPECT_EQ(test, info.Reserved1, 0ULL);
	KUNIT_EXPECT_EQ(test, info.Group, 0xa5a5);

	memset(&info, 0xa5, sizeof(info));
	info.Size = sizeof(info) - 1;
	before = info;
	WdfInterruptGetInfo(intr, &info);
	KUNIT_EXPECT_EQ(test, memcmp(&info, &before, sizeof(info)), 0);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);

	env->expect_bugchecks = true;
	WdfInterruptGetInfo(intr, NULL);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	KUNIT_EXPECT_EQ(test, wst_report(test, 0, "WdfInterruptGetInfo")->bc.param1,
			(ULONG_PTR)WDF_REQUIRED_PARAMETER_IS_NULL);
}

/* ---- WdfInterruptSetPolicy / SetExtendedPolicy ------------------------- */

enum wst_hint { WST_HINT_NONE, WST_HINT_ONLINE, WST_HINT_ONE, WST_HINT_CPU0 };

struct wst_policy_case {
	const char *name;
	WDF_INTERRUPT_POLICY policy;
	KAFFINITY mask;
	enum wst_hint hint;
};

static const struct wst_policy_case wst_policy_cases[] = {
	{ "machine_default", WdfIrqPolicyMachineDefault, 0, WST_HINT_NONE },
	{ "all_close", WdfIrqPolicyAllCloseProcessors, 0, WST_HINT_ONLINE },
	{ "one_close", WdfIrqPolicyOneCloseProcessor, 0, WST_HINT_ONE },
	{ "all_in_machine", WdfIrqPolicyAllProcessorsInMachine, 0, WST_HINT_ONLINE },
	{ "specified_cpu0", WdfIrqPolicySpecifiedProcessors, 0x1, WST_HINT_CPU0 },
	{ "specified_absent_cpu", WdfIrqPolicySpecifiedProcessors, BIT(63),
	  WST_HINT_NONE },
	{ "spread", WdfIrqPolicySpreadMessagesAcrossAllProcessors, 0, WST_HINT_ONE },
};

static void wst_policy_desc(const struct wst_policy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_policy, wst_policy_cases, wst_policy_desc);

static void wst_expect_hint(struct kunit *test, unsigned long hint,
			    enum wst_hint want)
{
	switch (want) {
	case WST_HINT_NONE:
		KUNIT_EXPECT_EQ(test, hint, 0UL);
		break;
	case WST_HINT_ONLINE:
		KUNIT_EXPECT_EQ(test, hint, wst_online_cpus());
		break;
	case WST_HINT_ONE:
		KUNIT_EXPECT_EQ(test, hweight_long(hint), 1);
		KUNIT_EXPECT_EQ(test, hint & ~wst_online_cpus(), 0UL);
		break;
	case WST_HINT_CPU0:
		KUNIT_EXPECT_EQ(test, hint, 1UL);
		break;
	}
}

/*
 * Set before start, applied at connect as the IRQ's affinity hint, cleared
 * before free_irq() (which would WARN), applied again on restart; the ISR
 * keeps running.
 */
static void wdfshim_info_policy(struct kunit *test)
{
	const struct wst_policy_case *c = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	int round;

	WdfInterruptSetPolicy(intr, c->policy, WdfIrqPriorityNormal, c->mask);
	for (round = 0; round < 2; round++) {
		reinit_completion(&ctx->isr_done);
		wst_start(env);
		wst_expect_hint(test, wst_affinity_hint(test, env->irq[0]), c->hint);
		wst_fire(env, 0);
		KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
		wdfshim_device_stop(env->device);
		KUNIT_EXPECT_EQ(test, wst_affinity_hint(test, env->irq[0]), 0UL);
	}
}

/*
 * Extended policy: group 0 is CPUs 0-63, group 1 CPUs 64-127 (none here).
 * Calls KMDF rejects change nothing: wrong Size, Reserved set, policy or
 * priority out of range (WdfIrqPriorityUndefined, the INIT default,
 * included). A NULL structure is a bug check.
 */
static void wdfshim_info_extended_policy(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WDF_INTERRUPT_EXTENDED_POLICY p, bad;

	WDF_INTERRUPT_EXTENDED_POLICY_INIT(&p);
	KUNIT_EXPECT_EQ(test, p.Size, (ULONG)sizeof(p));
	KUNIT_EXPECT_EQ(test, p.Policy, WdfIrqPolicyMachineDefault);
	KUNIT_EXPECT_EQ(test, p.Priority, WdfIrqPriorityUndefined);
	p.Policy = WdfIrqPolicySpecifiedProcessors;
	p.Priority = WdfIrqPriorityHigh;
	p.TargetProcessorSetAndGroup.Mask = 0x1;

	bad = p;
	bad.Size--;
	WdfInterruptSetExtendedPolicy(intr, &bad);
	bad = p;
	bad.TargetProcessorSetAndGroup.Reserved[2] = 1;
	WdfInterruptSetExtendedPolicy(intr, &bad);
	bad = p;
	bad.Priority = WdfIrqPriorityUndefined;
	WdfInterruptSetExtendedPolicy(intr, &bad);
	bad = p;
	bad.Policy = WdfIrqPolicySpreadMessagesAcrossAllProcessors + 1;
	WdfInterruptSetExtendedPolicy(intr, &bad);
	WdfInterruptSetPolicy(intr, (WDF_INTERRUPT_POLICY)-1,
			      WdfIrqPriorityNormal, 0x1);
	WdfInterruptSetPolicy(intr, WdfIrqPolicySpecifiedProcessors,
			      WdfIrqPriorityHigh + 1, 0x1);
	wst_start(env);
	KUNIT_EXPECT_EQ(test, wst_affinity_hint(test, env->irq[0]), 0UL);
	wdfshim_device_stop(env->device);

	bad = p;
	bad.TargetProcessorSetAndGroup.Group = 1;
	WdfInterruptSetExtendedPolicy(intr, &bad);
	wst_start(env);
	KUNIT_EXPECT_EQ(test, wst_affinity_hint(test, env->irq[0]), 0UL);
	wdfshim_device_stop(env->device);

	WdfInterruptSetExtendedPolicy(intr, &p);
	wst_start(env);
	KUNIT_EXPECT_EQ(test, wst_affinity_hint(test, env->irq[0]), 1UL);
	wdfshim_device_stop(env->device);
	KUNIT_EXPECT_EQ(test, wst_bugcheck_count(), 0U);

	env->expect_bugchecks = true;
	WdfInterruptSetExtendedPolicy(intr, NULL);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	KUNIT_EXPECT_EQ(test,
			wst_report(test, 0, "WdfInterruptSetExtendedPolicy")->bc.param1,
			(ULONG_PTR)WDF_REQUIRED_PARAMETER_IS_NULL);
}

/* ---- WdfInterruptReportActive / ReportInactive ------------------------- */

struct wst_foreign {
	atomic_t calls;
	struct completion done;
};

static irqreturn_t wst_foreign_handler(int irq, void *data)
{
	struct wst_foreign *f = data;

	atomic_inc(&f->calls);
	complete(&f->done);
	return IRQ_HANDLED;
}

/*
 * A shared line stays enabled for the other device on it while ours is
 * inactive; our ISR is not called until reported active.
 */
static void wdfshim_info_report_inactive_shared(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_ISR_ONLY, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	struct wst_foreign *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	init_completion(&f->done);
	wst_start(env);
	KUNIT_ASSERT_EQ(test, request_irq(env->irq[0], wst_foreign_handler,
					  IRQF_SHARED, "wst-sharer", f), 0);
	WdfInterruptReportInactive(intr);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&f->done));
	wst_expect_no_isr(env, 0, ctx, 0);

	WdfInterruptReportActive(intr);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);
	free_irq(env->irq[0], f);
}

/*
 * An exclusive line is disabled: the interrupt raised meanwhile is held by
 * Linux and delivered when the interrupt is reported active. Reports are
 * states, not counts: twice inactive, once active is active (an unbalanced
 * enable_irq() would WARN).
 */
static void wdfshim_info_report_inactive_exclusive(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_info_new(env, false, WdfFalse);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	wst_start(env);
	WdfInterruptReportInactive(intr);
	WdfInterruptReportInactive(intr);
	wst_fire(env, 0);
	wst_expect_no_isr(env, 0, ctx, 0);
	WdfInterruptReportActive(intr);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));	/* the held one */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 1);

	WdfInterruptReportActive(intr);
	reinit_completion(&ctx->isr_done);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 2);
}

/*
 * Not connected: nothing happens. Stopped while inactive (the line
 * disabled): free_irq() copes, and the next start is active again.
 */
static void wdfshim_info_report_inactive_teardown(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_info_new(env, true, WdfFalse);
	WST_INTR_CTX *ctx = wst_ctx(intr);

	WdfInterruptReportInactive(intr);
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));

	WdfInterruptReportInactive(intr);
	wdfshim_device_stop(env->device);
	WdfInterruptReportActive(intr);		/* not connected: ignored */
	reinit_completion(&ctx->isr_done);
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), 2);
}

/* ---- WdfInterruptWdmGetInterrupt --------------------------------------- */

/* NULL while disconnected; a stable, distinct cookie while connected. */
static void wdfshim_info_wdm_get_interrupt(struct kunit *test)
{
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT a = wst_new(env, WST_ISR_ONLY, false);
	WDFINTERRUPT b = wst_new(env, WST_ISR_ONLY, true);
	PKINTERRUPT ka;

	KUNIT_EXPECT_NULL(test, WdfInterruptWdmGetInterrupt(a));
	wst_start(env);
	ka = WdfInterruptWdmGetInterrupt(a);
	KUNIT_EXPECT_NOT_NULL(test, ka);
	KUNIT_EXPECT_PTR_EQ(test, WdfInterruptWdmGetInterrupt(a), ka);
	KUNIT_EXPECT_NOT_NULL(test, WdfInterruptWdmGetInterrupt(b));
	KUNIT_EXPECT_PTR_NE(test, WdfInterruptWdmGetInterrupt(b), ka);
	wst_fire(env, 0);
	KUNIT_EXPECT_TRUE(test, wst_wait(&wst_ctx(a)->isr_done));
	WdfInterruptDisable(a);
	KUNIT_EXPECT_NULL(test, WdfInterruptWdmGetInterrupt(a));
	KUNIT_EXPECT_NOT_NULL(test, WdfInterruptWdmGetInterrupt(b));
	wdfshim_device_stop(env->device);
	KUNIT_EXPECT_NULL(test, WdfInterruptWdmGetInterrupt(b));
}

/* ---- invalid handles --------------------------------------------------- */

static const enum wst_bad wst_info_bad_kinds[] = {
	WST_BAD_NULL, WST_BAD_GARBAGE, WST_BAD_STALE, WST_BAD_WRONG_TYPE,
};

KUNIT_ARRAY_PARAM(wst_info_bad, wst_info_bad_kinds, wst_bad_desc);

/* Every DDI of this file: the invalid-handle bug check, then its failure value. */
static void wdfshim_info_invalid_handle(struct kunit *test)
{
	static const char * const ddis[] = {
		"WdfInterruptTryToAcquireLock", "WdfInterruptGetInfo",
		"WdfInterruptSetPolicy", "WdfInterruptSetExtendedPolicy",
		"WdfInterruptReportActive", "WdfInterruptReportInactive",
		"WdfInterruptWdmGetInterrupt",
	};
	const enum wst_bad *kind = test->param_value;
	struct wst_env *env = wst_env(test);
	void *h = wst_bad_handle(env, *kind);
	WDF_INTERRUPT_EXTENDED_POLICY p;
	WDF_INTERRUPT_INFO info;
	unsigned int i;

	wst_bugcheck_arm();	/* making a stale handle is not under test */
	env->expect_bugchecks = true;
	WDF_INTERRUPT_INFO_INIT(&info);
	WDF_INTERRUPT_EXTENDED_POLICY_INIT(&p);
	KUNIT_EXPECT_FALSE(test, WdfInterruptTryToAcquireLock(h));
	WdfInterruptGetInfo(h, &info);
	WdfInterruptSetPolicy(h, WdfIrqPolicyOneCloseProcessor,
			      WdfIrqPriorityNormal, 0);
	WdfInterruptSetExtendedPolicy(h, &p);
	WdfInterruptReportActive(h);
	WdfInterruptReportInactive(h);
	KUNIT_EXPECT_NULL(test, WdfInterruptWdmGetInterrupt(h));
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), (unsigned int)ARRAY_SIZE(ddis));
	for (i = 0; i < ARRAY_SIZE(ddis); i++)
		wst_expect_invalid_handle(test, i, ddis[i], h,
					  WDFSHIM_TYPE_INTERRUPT);
	KUNIT_EXPECT_EQ(test, info.Vector, 0U);
}

static struct kunit_case wdfshim_info_cases[] = {
	KUNIT_CASE(wdfshim_info_try_lock_passive),
	KUNIT_CASE(wdfshim_info_try_lock_dirql),
	KUNIT_CASE(wdfshim_info_get_info_dirql),
	KUNIT_CASE(wdfshim_info_get_info_passive),
	KUNIT_CASE(wdfshim_info_get_info_size),
	KUNIT_CASE_PARAM(wdfshim_info_policy, wst_policy_gen_params),
	KUNIT_CASE(wdfshim_info_extended_policy),
	KUNIT_CASE(wdfshim_info_report_inactive_shared),
	KUNIT_CASE(wdfshim_info_report_inactive_exclusive),
	KUNIT_CASE(wdfshim_info_report_inactive_teardown),
	KUNIT_CASE(wdfshim_info_wdm_get_interrupt),
	KUNIT_CASE_PARAM(wdfshim_info_invalid_handle, wst_info_bad_gen_params),
	{}
};

static struct kunit_suite wdfshim_info_suite = {
	.name = "wdfshim_info",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_info_cases,
};

kunit_test_suites(&wdfshim_info_suite);
