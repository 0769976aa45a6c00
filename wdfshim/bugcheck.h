/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bugcheck.h - KeBugCheckEx(WDF_VIOLATION, ...) on Linux.
 */
#ifndef _WDFSHIM_BUGCHECK_H
#define _WDFSHIM_BUGCHECK_H

#include <wdftypes.h>
#include "wdfshim_bugcheck.h"

void wdfshim_bugcheck(ULONG subcode, ULONG_PTR param2, ULONG_PTR param3,
		      const char *ddi, const char *reason);

#endif /* _WDFSHIM_BUGCHECK_H */
