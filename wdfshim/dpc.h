/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpc.h - the KMDF internal DPC of an interrupt, on a Linux bottom half.
 *
 * One backend is compiled in, chosen at build time (make WDFSHIM_DPC=...):
 *
 *   tasklet  (default) a tasklet, with wdfshim's own pending bit, since
 *            tasklet_schedule() does not say whether it queued anything
 *   bh       a work item on system_bh_wq (BH workqueues, Linux 6.9+):
 *            queue_work()'s result is the pending bit
 *
 * Both run the callback in softirq context (TASKLET_SOFTIRQ) on the CPU
 * that queued it, never concurrently with itself, and clear "queued" just
 * before the callback is entered.
 */
#ifndef _WDFSHIM_DPC_H
#define _WDFSHIM_DPC_H

#include <linux/interrupt.h>
#include <linux/workqueue.h>

#include "compat.h"

#ifdef WDFSHIM_DPC_BH
#define WDFSHIM_DPC_BACKEND	"bh"
#else
#define WDFSHIM_DPC_BACKEND	"tasklet"
#endif

struct wdfshim_dpc;
typedef void (*wdfshim_dpc_fn_t)(struct wdfshim_dpc *dpc);

/**
 * struct wdfshim_dpc - a KMDF DPC on the compiled-in backend
 * @fn: the callback, run in softirq context each time the DPC runs
 * @work: bh backend: the work item on system_bh_wq
 * @tasklet: tasklet backend: the tasklet
 * @pending: tasklet backend: bit 0 is set by the queue call that returns
 *           true and cleared just before @fn is entered
 *
 * Embed it in the object the DPC belongs to; the callback gets it back
 * with wdfshim_from_dpc().
 */
struct wdfshim_dpc {
	wdfshim_dpc_fn_t fn;
#ifdef WDFSHIM_DPC_BH
	struct work_struct work;
#else
	struct tasklet_struct tasklet;
	unsigned long pending;
#endif
};

/* The structure that embeds @dpc as @field, typed like @var. */
#define wdfshim_from_dpc(var, dpc, field) \
	container_of(dpc, typeof(*(var)), field)

extern const char wdfshim_dpc_backend[];

void wdfshim_dpc_init(struct wdfshim_dpc *dpc, wdfshim_dpc_fn_t fn);
bool wdfshim_dpc_queue(struct wdfshim_dpc *dpc);
void wdfshim_dpc_flush(struct wdfshim_dpc *dpc);

#endif /* _WDFSHIM_DPC_H */
