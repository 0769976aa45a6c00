// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck_test.c - the bugcheck= policy and its dispatch (bugcheck.c).
 *
 * What KUnit can prove without leaving a splat: the parameter parses and
 * rejects through its own kernel_param_ops, the policy in force reaches
 * the dispatch of a report raised from a real hard-IRQ handler, the report
 * line is printed byte for byte, and the DDI returns its failure value;
 * with the test hook installed (the third consumer), neither BUG() nor the
 * warning runs, whatever the policy. The warning consumer itself
 * (WARN_ONCE, TAINT_USER) and BUG() print splats by design: both run for
 * real in scripts/bugcheck-boot.sh, whose boot expects exactly them.
 */
#include <linux/kmsg_dump.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/string.h>

#include "bugcheck.h"
#include "interrupt.h"
#include "irql.h"
#include "wst.h"

/* The parameter as module_param_cb() declares it, for its ops. */
static const struct kernel_param wst_bc_param = {
	.name = "bugcheck",
	.ops = &wdfshim_bugcheck_param_ops,
	.arg = &wdfshim_bugcheck_policy,
};

static int wst_bc_set(const char *val)
{
	return wst_bc_param.ops->set(val, &wst_bc_param);
}

static int wst_bc_test_init(struct kunit *test)
{
	return wst_test_init(test);
}

/* Every case leaves the policy at its default, whatever failed. */
static void wst_bc_test_exit(struct kunit *test)
{
	if (wst_bc_set("bug"))
		KUNIT_FAIL(test, "could not restore bugcheck=bug");
	wst_test_exit(test);
}

/*
 * Whether the printk ring buffer holds a record that ends with @want
 * (records carry a timestamp prefix). Reads the whole buffer: the records
 * a case looks for are its own, so any match is the case's.
 */
static bool wst_bc_printed(const char *want)
{
	static char line[512];	/* one case at a time: not on the stack */
	struct kmsg_dump_iter iter;
	size_t len, n = strlen(want);

	kmsg_dump_rewind(&iter);
	while (kmsg_dump_get_line(&iter, false, line, sizeof(line) - 1, &len)) {
		line[len] = '\0';
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len >= n && !strcmp(line + len - n, want))
			return true;
	}
	return false;
}

/* The harness boots wdfshim without arguments: the policy is KMDF's. */
static void wdfshim_bugcheck_param_default_bug(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, READ_ONCE(wdfshim_bugcheck_policy),
			WDFSHIM_BUGCHECK_BUG);
	KUNIT_EXPECT_EQ(test, wst_bc_param.ops->get(buf, &wst_bc_param), 4);
	KUNIT_EXPECT_STREQ(test, buf, "bug\n");
}

struct wst_bc_set_row {
	const char *val;
	int ret;
	enum wdfshim_bugcheck_policy policy;	/* after, from warn */
	const char *shown;			/* what sysfs shows after */
};

/* Each row starts from warn, so a rejection that resets is seen. */
static const struct wst_bc_set_row wst_bc_set_rows[] = {
	{ "bug",	0,	  WDFSHIM_BUGCHECK_BUG,  "bug\n" },
	{ "bug\n",	0,	  WDFSHIM_BUGCHECK_BUG,  "bug\n" },
	{ "warn",	0,	  WDFSHIM_BUGCHECK_WARN, "warn\n" },
	{ "panic",	-EINVAL, WDFSHIM_BUGCHECK_WARN, "warn\n" },
	{ "",		-EINVAL, WDFSHIM_BUGCHECK_WARN, "warn\n" },
	{ "Bug",	-EINVAL, WDFSHIM_BUGCHECK_WARN, "warn\n" },
	{ "warning",	-EINVAL, WDFSHIM_BUGCHECK_WARN, "warn\n" },
};

static void wst_bc_set_desc(const struct wst_bc_set_row *row, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "'%*pE'", (int)strlen(row->val),
		 row->val);
}

KUNIT_ARRAY_PARAM(wst_bc_set, wst_bc_set_rows, wst_bc_set_desc);

static void wdfshim_bugcheck_param_set(struct kunit *test)
{
	const struct wst_bc_set_row *row = test->param_value;
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wst_bc_set("warn"), 0);
	KUNIT_EXPECT_EQ(test, wst_bc_set(row->val), row->ret);
	KUNIT_EXPECT_EQ(test, READ_ONCE(wdfshim_bugcheck_policy), row->policy);
	KUNIT_EXPECT_EQ(test, wst_bc_param.ops->get(buf, &wst_bc_param),
			(int)strlen(row->shown));
	KUNIT_EXPECT_STREQ(test, buf, row->shown);
}

static const enum wdfshim_bugcheck_policy wst_bc_policies[] = {
	WDFSHIM_BUGCHECK_BUG, WDFSHIM_BUGCHECK_WARN,
};

static void wst_bc_policy_desc(const enum wdfshim_bugcheck_policy *p,
			       char *desc)
{
	strscpy(desc, *p == WDFSHIM_BUGCHECK_WARN ? "warn" : "bug",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_bc_policy, wst_bc_policies, wst_bc_policy_desc);

/* ctx->priv: a kernel pointer that is not a WDF handle. */
static void wst_bc_isr_queue_garbage(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	wst_record(ctx, WdfInterruptQueueDpcForIsr(ctx->priv));
}

/*
 * A hard-IRQ handler queues the DPC of a handle that is not one, under
 * each policy, with the recorder hooked: the report says which policy was
 * in force, its line is on the console as KMDF's four numbers, the DDI
 * returns FALSE, nothing is queued, and the hook, not the policy, consumed
 * the report (no taint, and the kernel is still running).
 */
static void wdfshim_bugcheck_policy_dispatch_from_isr(struct kunit *test)
{
	const enum wdfshim_bugcheck_policy *policy = test->param_value;
	struct wst_env *env = wst_env(test);
	WDFINTERRUPT intr = wst_new(env, WST_DPC, false);
	WST_INTR_CTX *ctx = wst_ctx(intr);
	bool tainted = test_taint(TAINT_USER);
	struct wdfshim_interrupt_stats st;
	const struct wst_bugcheck *r;
	char *want = kunit_kzalloc(test, 256, GFP_KERNEL);

	KUNIT_ASSERT_EQ(test, wst_bc_set(*policy == WDFSHIM_BUGCHECK_WARN ?
					 "warn" : "bug"), 0);
	env->expect_bugchecks = true;
	ctx->priv = wst_bad_handle(env, WST_BAD_GARBAGE);
	ctx->isr_hook = wst_bc_isr_queue_garbage;
	wst_start(env);
	wst_fire(env, 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));

	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->nret), 1);
	KUNIT_EXPECT_EQ(test, ctx->ret[0], FALSE);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);
	KUNIT_ASSERT_EQ(test, wst_bugcheck_count(), 1U);
	wst_expect_invalid_handle(test, 0, "WdfInterruptQueueDpcForIsr",
				  ctx->priv, WDFSHIM_TYPE_INTERRUPT);
	r = wst_report(test, 0, NULL);
	KUNIT_EXPECT_EQ(test, r->bc.policy, *policy);
	KUNIT_EXPECT_EQ(test, ctx->isr_irql, WDFSHIM_DIRQL);
	KUNIT_EXPECT_EQ(test, r->irql, ctx->isr_irql);
	KUNIT_EXPECT_EQ(test, test_taint(TAINT_USER), tainted);

	KUNIT_ASSERT_NOT_NULL(test, want);
	snprintf(want, 256,
		 "wdfshim: %s: WDF_VIOLATION (0x10d, 0x5, 0x%lx, 0x%x): %s",
		 "WdfInterruptQueueDpcForIsr", (unsigned long)ctx->priv,
		 WDFSHIM_TYPE_INTERRUPT, r->reason);
	KUNIT_EXPECT_TRUE_MSG(test, wst_bc_printed(want), "not printed: %s", want);
}

static struct kunit_case wdfshim_bugcheck_cases[] = {
	KUNIT_CASE(wdfshim_bugcheck_param_default_bug),
	KUNIT_CASE_PARAM(wdfshim_bugcheck_param_set, wst_bc_set_gen_params),
	KUNIT_CASE_PARAM(wdfshim_bugcheck_policy_dispatch_from_isr,
			 wst_bc_policy_gen_params),
	{}
};

static struct kunit_suite wdfshim_bugcheck_suite = {
	.name = "wdfshim_bugcheck",
	.init = wst_bc_test_init,
	.exit = wst_bc_test_exit,
	.test_cases = wdfshim_bugcheck_cases,
};

kunit_test_suites(&wdfshim_bugcheck_suite);
