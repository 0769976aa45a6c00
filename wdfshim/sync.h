/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync.h - WDFSPINLOCK and WDFWAITLOCK objects.
 */
#ifndef _WDFSHIM_SYNC_H
#define _WDFSHIM_SYNC_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <wdfsync.h>

#include "object.h"

/**
 * struct wdfshim_spinlock - a WDFSPINLOCK
 * @obj: object header
 * @lock: the lock, taken with interrupts off
 * @flags: saved interrupt state of the holder (under @lock)
 * @frame: the holder's IRQL mark, DISPATCH_LEVEL (under @lock)
 */
struct wdfshim_spinlock {
	struct wdfshim_object obj;
	raw_spinlock_t lock;		/* the WDFSPINLOCK itself */
	unsigned long flags;
	int frame;
};

/**
 * struct wdfshim_waitlock - a WDFWAITLOCK
 * @obj: object header
 * @lock: the mutex
 */
struct wdfshim_waitlock {
	struct wdfshim_object obj;
	struct mutex lock;		/* the WDFWAITLOCK itself */
};

struct wdfshim_spinlock *wdfshim_spinlock_from_handle(WDFSPINLOCK h,
						      const char *ddi);
struct wdfshim_waitlock *wdfshim_waitlock_from_handle(WDFWAITLOCK h,
						      const char *ddi);

#endif /* _WDFSHIM_SYNC_H */
