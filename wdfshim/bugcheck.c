// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck.c - the one place wdfshim decides what a KMDF violation does.
 *
 * Every DDI that detects a broken contract calls wdfshim_bugcheck(), which
 * prints one KMDF-style report line and hands the report to one of three
 * consumers:
 *
 * - BUG(): the default (bugcheck=bug), as KeBugCheckEx() stops Windows;
 * - a warning (bugcheck=warn): WARN_ONCE(), TAINT_USER, and the DDI fails;
 * - a test's hook (KUnit only): records the report, and the DDI fails.
 *
 * Every caller already has the "fail the DDI" path (NULL, FALSE,
 * STATUS_INVALID_HANDLE, ...): the warning and the hook both take it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "bugcheck.h"
#include "compat.h"

static const char * const wdfshim_bugcheck_policy_names[] = {
	[WDFSHIM_BUGCHECK_BUG] = "bug",
	[WDFSHIM_BUGCHECK_WARN] = "warn",
};

/*
 * The policy, read once per report (READ_ONCE: reports come from any
 * context, the parameter is set at load or by the KUnit suites).
 */
enum wdfshim_bugcheck_policy wdfshim_bugcheck_policy = WDFSHIM_BUGCHECK_BUG;
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_bugcheck_policy);

static wdfshim_bugcheck_hook_t wdfshim_bugcheck_hook;

/**
 * wdfshim_bugcheck_param_set - parse the bugcheck= module parameter
 * @val: "bug" or "warn" (a trailing newline is accepted, as from sysfs)
 * @kp: the parameter; @kp->arg points at the policy
 *
 * Context: process context (module load, or a test).
 * Return: 0, or -EINVAL for any other value (the policy is unchanged).
 */
static int wdfshim_bugcheck_param_set(const char *val,
				      const struct kernel_param *kp)
{
	enum wdfshim_bugcheck_policy *policy = kp->arg;
	int i = sysfs_match_string(wdfshim_bugcheck_policy_names, val);

	if (i < 0) {
		pr_err("bugcheck=%s: the policy is bug (the default) or warn\n",
		       val);
		return -EINVAL;
	}
	WRITE_ONCE(*policy, i);
	if (i == WDFSHIM_BUGCHECK_WARN)
		pr_notice("bugcheck=warn: a WDF_VIOLATION warns, taints the kernel and fails the DDI instead of BUG()\n");
	return 0;
}

/**
 * wdfshim_bugcheck_param_get - show the bugcheck= module parameter
 * @buf: sysfs page
 * @kp: the parameter; @kp->arg points at the policy
 *
 * Context: process context.
 * Return: the length written: "bug\n" or "warn\n".
 */
static int wdfshim_bugcheck_param_get(char *buf, const struct kernel_param *kp)
{
	const enum wdfshim_bugcheck_policy *policy = kp->arg;

	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 wdfshim_bugcheck_policy_names[READ_ONCE(*policy)]);
}

const struct kernel_param_ops wdfshim_bugcheck_param_ops = {
	.set = wdfshim_bugcheck_param_set,
	.get = wdfshim_bugcheck_param_get,
};
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_bugcheck_param_ops);

/*
 * Read-only in sysfs: the policy is chosen when wdfshim is loaded
 * (wdfshim.bugcheck=warn on the kernel command line, or insmod's
 * argument), so a running system cannot be switched to run past its bug
 * checks.
 */
module_param_cb(bugcheck, &wdfshim_bugcheck_param_ops,
		&wdfshim_bugcheck_policy, 0444);
MODULE_PARM_DESC(bugcheck,
		 "what a WDF_VIOLATION does: bug (default: BUG(), as KMDF) or warn (WARN_ONCE, taint, the DDI fails)");

/**
 * wdfshim_set_bugcheck_hook - observe bug checks instead of acting on them
 * @hook: called with each report; NULL gives them back to the policy
 *
 * While a hook is installed it is the consumer of every report, whatever
 * the policy: nothing stops or warns, the DDI fails. Exported to the
 * KUnit suites only (kernels with KUnit).
 *
 * Context: any.
 */
void wdfshim_set_bugcheck_hook(wdfshim_bugcheck_hook_t hook)
{
	WRITE_ONCE(wdfshim_bugcheck_hook, hook);
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_set_bugcheck_hook);

/**
 * wdfshim_bugcheck_warn - the warn consumer: one WARN, a taint per report
 * @bc: the report, already printed
 *
 * The stack trace of the first violation is worth having; the report line
 * of every one is already on the console. TAINT_USER is what the kernel
 * sets when an unsafe setting was chosen on purpose (as for unsafe module
 * parameters): the kernel ran past a bug check because it was asked to.
 *
 * Context: any; allocates nothing.
 */
static void wdfshim_bugcheck_warn(const struct wdfshim_bugcheck *bc)
{
	WARN_ONCE(1, pr_fmt("bugcheck=warn: %s continues after WDF_VIOLATION 0x%lx\n"),
		  bc->ddi, bc->param1);
	add_taint(TAINT_USER, LOCKDEP_STILL_OK);
}

/**
 * wdfshim_bugcheck - report a WDF_VIOLATION and act on it
 * @subcode: WDF_INVALID_HANDLE, WDF_REQUIRED_PARAMETER_IS_NULL, ...
 * @param2: second bug-check parameter (the handle, usually)
 * @param3: third bug-check parameter (the expected type, usually)
 * @ddi: name of the DDI that detected the violation
 * @reason: what was wrong, in a few words
 *
 * Prints one KMDF-style line, then: the test hook if one is installed,
 * else the policy of the bugcheck= parameter (BUG() by default).
 *
 * Context: any; allocates nothing.
 * Return: only under bugcheck=warn or a test hook; the caller then fails
 * the DDI.
 */
void wdfshim_bugcheck(ULONG subcode, ULONG_PTR param2, ULONG_PTR param3,
		      const char *ddi, const char *reason)
{
	const struct wdfshim_bugcheck bc = {
		.code = WDF_VIOLATION,
		.param1 = subcode,
		.param2 = param2,
		.param3 = param3,
		.ddi = ddi,
		.reason = reason,
		.policy = READ_ONCE(wdfshim_bugcheck_policy),
	};
	wdfshim_bugcheck_hook_t hook = READ_ONCE(wdfshim_bugcheck_hook);

	pr_err("%s: WDF_VIOLATION (0x%x, 0x%lx, 0x%lx, 0x%lx): %s\n",
	       ddi, WDF_VIOLATION, bc.param1, param2, param3, reason);
	if (hook) {
		hook(&bc);
		return;
	}
	switch (bc.policy) {
	case WDFSHIM_BUGCHECK_WARN:
		wdfshim_bugcheck_warn(&bc);
		return;
	case WDFSHIM_BUGCHECK_BUG:
		break;
	}
	BUG();
}
