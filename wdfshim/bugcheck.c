// SPDX-License-Identifier: GPL-2.0
/*
 * bugcheck.c - the one place wdfshim stops the kernel.
 */
#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/compiler.h>

#include "bugcheck.h"
#include "compat.h"

#if IS_ENABLED(CONFIG_KUNIT)
static wdfshim_bugcheck_hook_t wdfshim_bugcheck_hook;

/**
 * wdfshim_set_bugcheck_hook - observe bug checks instead of crashing
 * @hook: called with each report; NULL restores BUG()
 *
 * Only kernels with KUnit have this, and only tests call it.
 *
 * Context: any.
 */
void wdfshim_set_bugcheck_hook(wdfshim_bugcheck_hook_t hook)
{
	WRITE_ONCE(wdfshim_bugcheck_hook, hook);
}
EXPORT_SYMBOL_NS_GPL(wdfshim_set_bugcheck_hook, WDFSHIM_NS);

static bool wdfshim_bugcheck_hooked(const struct wdfshim_bugcheck *bc)
{
	wdfshim_bugcheck_hook_t hook = READ_ONCE(wdfshim_bugcheck_hook);

	if (!hook)
		return false;
	hook(bc);
	return true;
}
#else
static bool wdfshim_bugcheck_hooked(const struct wdfshim_bugcheck *bc)
{
	return false;
}
#endif

/**
 * wdfshim_bugcheck - report a WDF_VIOLATION and stop
 * @subcode: WDF_INVALID_HANDLE, WDF_REQUIRED_PARAMETER_IS_NULL, ...
 * @param2: second bug-check parameter (the handle, usually)
 * @param3: third bug-check parameter (the expected type, usually)
 * @ddi: name of the DDI that detected the violation
 * @reason: what was wrong, in a few words
 *
 * Prints one KMDF-style line and calls BUG(). Returns only when a KUnit
 * test has installed a hook; callers then fail the DDI.
 *
 * Context: any; allocates nothing.
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
	};

	pr_err("wdfshim: %s: WDF_VIOLATION (0x%x, 0x%lx, 0x%lx, 0x%lx): %s\n",
	       ddi, WDF_VIOLATION, bc.param1, param2, param3, reason);
	if (wdfshim_bugcheck_hooked(&bc))
		return;
	BUG();
}
