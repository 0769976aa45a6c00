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
#include "wdfshim_probes.h"

#ifdef WDFSHIM_HAVE_EXPORT_NS_STRING
#define WDFSHIM_IMPORT_NS()	MODULE_IMPORT_NS("WDFSHIM")
#define WDFSHIM_IMPORT_TEST_NS() MODULE_IMPORT_NS("WDFSHIM_TEST")
#else
#define WDFSHIM_IMPORT_NS()	MODULE_IMPORT_NS(WDFSHIM)
#define WDFSHIM_IMPORT_TEST_NS() MODULE_IMPORT_NS(WDFSHIM_TEST)
#endif

#endif /* _WDFSHIM_WDF_H */
