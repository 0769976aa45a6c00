/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdf.h - umbrella header: include this, as a KMDF driver includes Wdf.h.
 *
 * A module that calls wdfshim writes WDFSHIM_IMPORT_NS(); once, next to
 * its MODULE_LICENSE(), to import the WDFSHIM symbol namespace.
 */
#ifndef _WDFSHIM_WDF_H
#define _WDFSHIM_WDF_H

#include <linux/module.h>

#include "wdftypes.h"
#include "wdfobject.h"
#include "wdfsync.h"
#include "wdfdevice.h"
#include "wdfinterrupt.h"
#include "wdfshim_compat.h"	/* WDFSHIM_IMPORT_NS() */

#endif /* _WDFSHIM_WDF_H */
