/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfshim_compat.h - the kernel-version drift a driver's own code sees:
 * the symbol namespace and the INTx flag of pci_alloc_irq_vectors().
 *
 * The public half of wdfshim/compat.h, which includes it: the two are the
 * only readers of the WDFSHIM_HAVE_* probes (wdfshim_probes.h, generated
 * by scripts/gen-compat.sh), and each macro is defined here once, for the
 * shim and for the drivers.
 */
#ifndef _WDFSHIM_WDFSHIM_COMPAT_H
#define _WDFSHIM_WDFSHIM_COMPAT_H

#include "wdfshim_probes.h"

/*
 * 6.13 (commit cdd30ebb1b9f): symbol namespaces are string literals. The
 * shim exports with EXPORT_SYMBOL_NS_GPL(sym, WDFSHIM_NS); a driver writes
 * WDFSHIM_IMPORT_NS(); once, next to its MODULE_LICENSE(), and the KUnit
 * suites WDFSHIM_IMPORT_TEST_NS() as well.
 */
#ifdef WDFSHIM_HAVE_EXPORT_NS_STRING
#define WDFSHIM_NS		"WDFSHIM"
#define WDFSHIM_TEST_NS		"WDFSHIM_TEST"
#else
#define WDFSHIM_NS		WDFSHIM
#define WDFSHIM_TEST_NS		WDFSHIM_TEST
#endif
#define WDFSHIM_IMPORT_NS()		MODULE_IMPORT_NS(WDFSHIM_NS)
#define WDFSHIM_IMPORT_TEST_NS()	MODULE_IMPORT_NS(WDFSHIM_TEST_NS)

/* 6.8: pci_alloc_irq_vectors() takes PCI_IRQ_INTX (PCI_IRQ_LEGACY before). */
#ifdef WDFSHIM_HAVE_PCI_IRQ_INTX
#define WDFSHIM_PCI_IRQ_INTX	PCI_IRQ_INTX
#else
#define WDFSHIM_PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

#endif /* _WDFSHIM_WDFSHIM_COMPAT_H */
