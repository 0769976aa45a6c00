/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfshim_bugcheck.h - the bug checks wdfshim raises, and the test hook.
 *
 * KMDF stops the machine with KeBugCheckEx(WDF_VIOLATION, subcode, p2, p3)
 * when a driver breaks a DDI contract. wdfshim prints the same four
 * numbers on one line and calls BUG(), or, loaded with bugcheck=warn,
 * warns once, taints the kernel and lets the DDI fail. Kernels built with
 * KUnit let a test install a hook that receives the report instead, from
 * any context, so the bug-check paths of hard-IRQ, DPC and task callers
 * can be tested.
 */
#ifndef _WDFSHIM_WDFSHIM_BUGCHECK_H
#define _WDFSHIM_WDFSHIM_BUGCHECK_H

#include "wdftypes.h"

#define WDF_VIOLATION			0x10D

/* WDF_VIOLATION subcodes (parameter 1), as KMDF numbers them. */
#define WDF_RECURSIVE_LOCK		0x2
#define WDF_VERIFIER_FATAL_ERROR	0x3
#define WDF_REQUIRED_PARAMETER_IS_NULL	0x4
#define WDF_INVALID_HANDLE		0x5
#define WDF_INVALID_LOCK_OPERATION	0xB

/* What a report does without a test hook: the bugcheck= parameter. */
enum wdfshim_bugcheck_policy {
	WDFSHIM_BUGCHECK_BUG,		/* BUG() (default, as KMDF) */
	WDFSHIM_BUGCHECK_WARN,		/* WARN_ONCE, taint, the DDI fails */
};

struct wdfshim_bugcheck {
	ULONG code;		/* always WDF_VIOLATION */
	ULONG_PTR param1;	/* subcode */
	ULONG_PTR param2;	/* usually the offending handle */
	ULONG_PTR param3;	/* e.g. the expected object type */
	const char *ddi;	/* the DDI that detected it */
	const char *reason;	/* one phrase */
	enum wdfshim_bugcheck_policy policy;	/* in force at the report */
};

typedef void (*wdfshim_bugcheck_hook_t)(const struct wdfshim_bugcheck *bc);

/*
 * For the KUnit suites (exported to them only, in kernels with KUnit):
 * route bug checks to @hook, whatever the policy (NULL gives them back to
 * the policy). The hook runs in the caller's context, possibly hard IRQ:
 * it must not sleep. After the hook returns, the DDI returns its failure
 * value.
 */
void wdfshim_set_bugcheck_hook(wdfshim_bugcheck_hook_t hook);

#endif /* _WDFSHIM_WDFSHIM_BUGCHECK_H */
