// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck_real.c - raise one real bug check (scripts/bugcheck-boot.sh).
 *
 * Not a KUnit suite: every KUnit suite installs the bug-check hook, so no
 * suite ever reaches BUG(). Loading this module calls a DDI with an
 * invalid handle, twice, with no hook installed, so wdfshim's bugcheck=
 * policy decides: under the default (bug) the first call never returns,
 * the kernel oopses in wdfshim_bugcheck() and, with oops=panic, the guest
 * ends; under bugcheck=warn both calls fail and the module loads.
 *
 * Built only with the KUnit suites (kunit/Kbuild, kernels with KUnit), for
 * the test harness; nothing installs it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/printk.h>
#include <wdf.h>

/*
 * A kernel pointer that is not a WDF handle: what a driver passes when it
 * confuses its own context with the handle.
 */
static unsigned long wdfshim_bugcheck_real_not_a_handle;

/**
 * wdfshim_bugcheck_real_init - call WdfInterruptQueueDpcForIsr() on garbage
 *
 * Context: process context (module load).
 * Return: 0 when the DDI returned both times (bugcheck=warn); under
 * bugcheck=bug it does not return.
 */
static int __init wdfshim_bugcheck_real_init(void)
{
	WDFINTERRUPT bad = (WDFINTERRUPT)&wdfshim_bugcheck_real_not_a_handle;
	int i;

	for (i = 1; i <= 2; i++) {
		pr_info("call %d: WdfInterruptQueueDpcForIsr(not a handle)\n", i);
		pr_info("call %d returned %u\n", i,
			WdfInterruptQueueDpcForIsr(bad));
	}
	return 0;
}
module_init(wdfshim_bugcheck_real_init);

/**
 * wdfshim_bugcheck_real_exit - nothing to undo
 *
 * Context: process context (module unload).
 */
static void __exit wdfshim_bugcheck_real_exit(void)
{
}
module_exit(wdfshim_bugcheck_real_exit);

MODULE_DESCRIPTION("wdfshim test harness: one invalid handle, no bug-check hook");
MODULE_LICENSE("GPL");
WDFSHIM_IMPORT_NS();
