/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every kernel-version difference wdfshim cares about.
 *
 * Fed only by the WDFSHIM_HAVE_* probes in wdfshim_probes.h (generated from
 * the target kernel's headers by scripts/gen-compat.sh); the shim's logic
 * uses the names below and never tests versions itself. Its public half,
 * include/wdfshim_compat.h, is the only other reader of the probes.
 */
#ifndef _WDFSHIM_COMPAT_H
#define _WDFSHIM_COMPAT_H

#include <linux/export.h>
#include <linux/fs_struct.h>
#include <linux/interrupt.h>
#include <linux/preempt.h>
#include <linux/workqueue.h>
#include "wdfshim_probes.h"

/*
 * The drift drivers see too (the symbol namespace, WDFSHIM_NS, and the
 * INTx flag) is in the public wdfshim_compat.h, defined once for both.
 */
#include <wdfshim_compat.h>

/*
 * Internals the KUnit suites inspect (white-box checks of locks and
 * teardown state) are exported, to them only, in kernels with KUnit.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(sym) \
	EXPORT_SYMBOL_NS_GPL(sym, WDFSHIM_TEST_NS)
#else
/*
 * Nothing is exported. The argument is still used: sym is only kept
 * addressable, as an export would keep it, through a pointer in a section
 * the linker discards, so a misspelt symbol fails this build too.
 */
#define EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(sym)	__ADDRESSABLE(sym)
#endif

/* 5.9 (commit 12cc923f1ccc): tasklets get their struct, not a cookie. */
#ifndef WDFSHIM_HAVE_TASKLET_SETUP
#error "wdfshim needs tasklet_setup() (Linux 5.9 or later)"
#endif

/*
 * 6.9 ("workqueue: Implement BH workqueues to eventually replace
 * tasklets"): WQ_BH and system_bh_wq. The bh DPC backend (make
 * WDFSHIM_DPC=bh, which defines WDFSHIM_DPC_BH) runs on them; asked for on
 * a kernel without them, the build stops here rather than fall back.
 */
#if defined(WDFSHIM_DPC_BH) && !defined(WDFSHIM_HAVE_WQ_BH)
#error "WDFSHIM_DPC=bh: this kernel has no BH workqueues (WQ_BH, 6.9+); use WDFSHIM_DPC=tasklet"
#endif

/*
 * "Maybe acquired", for sparse: wdfshim_cond_lock(lock, cond) is cond, and
 * where cond is true sparse counts @lock as taken, as __cond_lock() does
 * for spin_trylock(). The context-analysis kernels (compiler-context-
 * analysis.h: "Remove Sparse support", "Remove __cond_lock() function-like
 * helper") have neither: sparse tracks no lock there, and cond is all
 * that is left.
 */
#ifdef WDFSHIM_HAVE_COND_LOCK
#define wdfshim_cond_lock(x, c)	__cond_lock(x, c)
#else
#define wdfshim_cond_lock(x, c)	((void)sizeof(x), (c))	/* x: not evaluated */
#endif

/* 5.11 (commit 15115830c887): in_irq() renamed in_hardirq(). */
#ifndef WDFSHIM_HAVE_IN_HARDIRQ
#define in_hardirq()	in_irq()
#endif

/*
 * 5.17 ("genirq: Provide new interfaces for affinity hints"):
 * irq_set_affinity_hint(), which set the hint and the affinity, split into
 * irq_set_affinity_and_hint() (both) and irq_update_affinity_hint() (the
 * hint only). Clearing the hint (NULL) is the same call in either.
 */
#ifndef WDFSHIM_HAVE_IRQ_SET_AFFINITY_AND_HINT
#define irq_set_affinity_and_hint(irq, m)	irq_set_affinity_hint(irq, m)
#define irq_update_affinity_hint(irq, m)	irq_set_affinity_hint(irq, m)
#endif

/*
 * WQ_PERCPU (in 7.3, not in 6.12): alloc_workqueue() callers say WQ_PERCPU
 * or WQ_UNBOUND, and 7.3 warns (WARN_ONCE) when neither is given.
 * WQ_PERCPU is what no flag meant before; where it is missing, 0 says so.
 */
#ifndef WDFSHIM_HAVE_WQ_PERCPU
#define WQ_PERCPU	0
#endif

/*
 * nullfs as the real root (in 7.3, not in 6.12): kernel threads, KUnit's
 * test threads among them, resolve paths in an empty nullfs, not in the
 * root that user space sees. "wdfshim_with_init_fs() stmt" runs stmt with
 * init's root (scoped_with_init_fs()); before, a kthread's root was init's.
 */
#ifdef WDFSHIM_HAVE_SCOPED_WITH_INIT_FS
#define wdfshim_with_init_fs()	scoped_with_init_fs()
#else
#define wdfshim_with_init_fs()	for (bool _once = true; _once; _once = false)
#endif

/*
 * 6.5 ("kunit: Add kunit_add_action() to defer a call until test exit"):
 * KUnit runs teardown steps registered with kunit_add_action_or_reset(),
 * in reverse order, also after a failed assertion. Before, the KUnit
 * fixture keeps each step in a KUnit resource of its own, which KUnit
 * frees in the same order (wst_defer_resource(), kunit/wst.c). Only the
 * KUnit suites use it.
 */
#ifndef WDFSHIM_HAVE_KUNIT_ADD_ACTION
#define kunit_add_action_or_reset(test, fn, ctx) wst_defer_resource(test, fn, ctx)
#endif

#endif /* _WDFSHIM_COMPAT_H */
