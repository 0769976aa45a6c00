/* SPDX-License-Identifier: GPL-2.0 */
/*
 * device.h - WDFDEVICE: a Linux struct device and its interrupts.
 */
#ifndef _WDFSHIM_DEVICE_H
#define _WDFSHIM_DEVICE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <wdfdevice.h>

#include "object.h"

struct wdfshim_device;

/**
 * struct wdfshim_device - a WDFDEVICE
 * @obj: object header
 * @dev: the Linux device it is bound to
 * @irq_of: Linux IRQ of the device's @index-th interrupt resource, or a
 *          negative errno when the device has no such resource
 * @irqs: explicit IRQ list (wdfshim_device_create_with_irqs()), or NULL
 * @nr_irqs: entries in @irqs
 * @lock: serializes start, stop, interrupt creation and deletion
 * @interrupts: the device's interrupts, in creation order (under @lock)
 * @nr_interrupts: interrupts created so far: the next MessageNumber
 * @started: between a successful start and the matching stop (under @lock)
 * @callback_spinlock: AutomaticSerialization lock of DPCs (softirq only)
 * @callback_mutex: AutomaticSerialization lock of work items
 */
struct wdfshim_device {
	struct wdfshim_object obj;
	struct device *dev;
	int (*irq_of)(struct wdfshim_device *wdev, unsigned int index);
	unsigned int *irqs;
	unsigned int nr_irqs;
	struct mutex lock;		/* start/stop/create; see above */
	struct list_head interrupts;
	unsigned int nr_interrupts;
	bool started;
	raw_spinlock_t callback_spinlock;	/* DPCs' AutomaticSerialization */
	struct mutex callback_mutex;	/* work items' AutomaticSerialization */
};

struct wdfshim_device *wdfshim_device_from_handle(WDFDEVICE h, const char *ddi);

static inline WDFDEVICE wdfshim_device_handle(struct wdfshim_device *wdev)
{
	return (WDFDEVICE)wdfshim_object_handle(&wdev->obj);
}

#endif /* _WDFSHIM_DEVICE_H */
