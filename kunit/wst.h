/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wst.h - wdfshim test fixture.
 *
 * Every test gets a fresh environment: a domain of simulated IRQ lines
 * (the kernel's irq_sim: real Linux IRQs whose handlers run in hard-IRQ
 * context), a root device, and a WDFDEVICE bound to those lines. Test
 * interrupts carry a WST_INTR_CTX context that their callbacks fill with
 * observations (count, IRQL, return values) and hooks for per-test
 * behaviour. Bug checks are recorded by a hook instead of crashing.
 *
 * The fixture is built by wst_test_init(), the suites' per-test .init, as
 * a series of steps, each with its undo registered (wst_defer()): KUnit
 * undoes them in reverse order when the test ends, also after a failed
 * assertion. A case that binds more (a PCI device, a foreign handler)
 * registers its own undo the same way. The one thing .exit (wst_test_exit())
 * does is delete the test's WDFDEVICE: KUnit runs it before it frees
 * anything, and the device's callbacks (EvtInterruptDisable at stop) may
 * use any memory the test allocated.
 *
 * "Nothing more ran" is proven, not waited for: wst_line_sync() waits for
 * the delivery of a raised line, wst_flush() for an interrupt's DPC and
 * work item (wst_settle() does both).
 */
#ifndef _WST_H
#define _WST_H

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/irqdomain.h>
#include <linux/lockdep.h>
#include <wdf.h>
#include <wdfshim_bugcheck.h>

#include "object.h"
#include "sync.h"

#define WST_MAX_IRQS	4
#define WST_TIMEOUT	(5 * HZ)

struct wst_env {
	struct kunit *test;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;
	unsigned int irq[WST_MAX_IRQS];
	struct platform_device *pdev;
	struct device *dev;
	WDFDEVICE device;		/* NULL once a test deleted it */
	bool expect_bugchecks;		/* else any bug check fails the test */
};

typedef struct _WST_INTR_CTX WST_INTR_CTX;

/* Per-interrupt hooks and observations (the interrupt's WDF context). */
struct _WST_INTR_CTX {
	struct wst_env *env;
	BOOLEAN claim;			/* what the ISR returns */
	void (*isr_hook)(WDFINTERRUPT intr, WST_INTR_CTX *ctx);
	void (*dpc_hook)(WDFINTERRUPT intr, WST_INTR_CTX *ctx);
	void (*work_hook)(WDFINTERRUPT intr, WST_INTR_CTX *ctx);
	void (*enable_hook)(WDFINTERRUPT intr, WST_INTR_CTX *ctx);
	void (*disable_hook)(WDFINTERRUPT intr, WST_INTR_CTX *ctx);
	NTSTATUS enable_status;		/* what EvtInterruptEnable returns */
	NTSTATUS disable_status;	/* what EvtInterruptDisable returns */

	atomic_t isr_calls, dpc_calls, work_calls;
	atomic_t enable_calls, disable_calls;
	KIRQL isr_irql, dpc_irql, work_irql, enable_irql;
	ULONG message_id;
	WDFOBJECT dpc_assoc, work_assoc;
	BOOLEAN ret[8];			/* queue results recorded by hooks */
	atomic_t nret;
	struct completion isr_done, dpc_done, work_done;
	struct completion go;		/* released by the test */
	void *priv;
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(WST_INTR_CTX, wst_ctx);

enum wst_kind { WST_ISR_ONLY, WST_DPC, WST_WORK };

int wst_test_init(struct kunit *test);
void wst_test_exit(struct kunit *test);
void wst_defer(struct kunit *test, void (*fn)(void *ctx), void *ctx);
int wst_defer_resource(struct kunit *test, void (*fn)(void *ctx), void *ctx);

/* A real PCI device model bound for one case (wst_pci.c). */
struct pci_dev;
struct pci_device_id;

struct wst_pci {
	struct pci_dev *pdev;
	void __iomem *bar;		/* BAR 0 */
	WDFDEVICE device;		/* the case's WDFDEVICE on @pdev */
	struct completion probed;
	bool registered;
};

bool wst_pci_bind(struct kunit *test, struct wst_pci *p,
		  const struct pci_device_id *ids, const char *qemu_device);
struct wst_env *wst_env(struct kunit *test);

void wst_config(WDF_INTERRUPT_CONFIG *cfg, enum wst_kind kind, bool passive);
WDFINTERRUPT wst_interrupt_on(struct wst_env *env, WDFDEVICE device,
			      WDF_INTERRUPT_CONFIG *cfg);
WDFINTERRUPT wst_interrupt(struct wst_env *env, WDF_INTERRUPT_CONFIG *cfg);
WDFINTERRUPT wst_new(struct wst_env *env, enum wst_kind kind, bool passive);
void wst_redevice(struct wst_env *env, WDF_EXECUTION_LEVEL level,
		  WDF_SYNCHRONIZATION_SCOPE scope);
void wst_start(struct wst_env *env);
void wst_fire(struct wst_env *env, unsigned int line);
void wst_line_sync(struct wst_env *env, unsigned int line, bool hardirq_only);
void wst_flush(WDFINTERRUPT intr);
void wst_settle(struct wst_env *env, unsigned int line, WDFINTERRUPT intr);
bool wst_wait(struct completion *done);
void wst_record(WST_INTR_CTX *ctx, BOOLEAN ret);
void wst_stats(WDFINTERRUPT intr, struct wdfshim_interrupt_stats *st);
void wst_expect_stats(struct kunit *test, WDFINTERRUPT intr,
		      const struct wdfshim_interrupt_stats *want);
void wst_isr_queue_dpc(WDFINTERRUPT intr, WST_INTR_CTX *ctx);
void wst_isr_queue_work(WDFINTERRUPT intr, WST_INTR_CTX *ctx);

/* Bug-check recorder. */
struct wst_bugcheck {
	struct wdfshim_bugcheck bc;
	KIRQL irql;			/* caller's IRQL at the report */
	char reason[96];
};

void wst_bugcheck_arm(void);
unsigned int wst_bugcheck_count(void);
const struct wst_bugcheck *wst_bugcheck_get(unsigned int i);
const struct wst_bugcheck *wst_report(struct kunit *test, unsigned int i,
				      const char *ddi);
void wst_expect_invalid_handle(struct kunit *test, unsigned int i,
			       const char *ddi, const void *handle,
			       enum wdfshim_type type);

/*
 * The caller holds @l: wdfshim's holder mark, and lockdep's view of the
 * spinlock or mutex under it (false without lockdep).
 */
static inline bool wst_holds(const struct wdfshim_lock *l)
{
	if (!IS_ENABLED(CONFIG_LOCKDEP) || !wdfshim_lock_held(l))
		return false;
	return l->passive ? lockdep_is_held(&l->mutex) : lockdep_is_held(&l->spin);
}

/* Invalid handles, one per class. */
enum wst_bad {
	WST_BAD_NULL,
	WST_BAD_GARBAGE,
	WST_BAD_STALE,
	WST_BAD_WRONG_TYPE,
	WST_BAD_MAX,
};

extern const char * const wst_bad_names[WST_BAD_MAX];
void *wst_bad_handle(struct wst_env *env, enum wst_bad kind);
void wst_bad_desc(const enum wst_bad *kind, char *desc);

#endif /* _WST_H */
