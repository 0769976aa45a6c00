/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bugcheck.h - KeBugCheckEx(WDF_VIOLATION, ...) on Linux.
 */
#ifndef _WDFSHIM_BUGCHECK_H
#define _WDFSHIM_BUGCHECK_H

#include <linux/moduleparam.h>
#include <wdftypes.h>
#include "wdfshim_bugcheck.h"

void wdfshim_bugcheck(ULONG subcode, ULONG_PTR param2, ULONG_PTR param3,
		      const char *ddi, const char *reason);

/* The bugcheck= parameter, for the KUnit suites (set through its ops). */
extern enum wdfshim_bugcheck_policy wdfshim_bugcheck_policy;
extern const struct kernel_param_ops wdfshim_bugcheck_param_ops;

#endif /* _WDFSHIM_BUGCHECK_H */
