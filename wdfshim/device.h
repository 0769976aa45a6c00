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
#include "sync.h"

struct wdfshim_device;
struct wdfshim_device_irq;

/**
 * struct wdfshim_device_irq_ops - how a device starts and stops an interrupt
 * @connect: connect it and run EvtInterruptEnable: 0, or the failure as a
 *           negative errno with nothing of it left connected
 * @disconnect: run EvtInterruptDisable and disconnect it; a disconnected
 *              one is left alone
 *
 * Both are called at PASSIVE_LEVEL under the device's @lock.
 */
struct wdfshim_device_irq_ops {
	int (*connect)(struct wdfshim_device_irq *di);
	void (*disconnect)(struct wdfshim_device_irq *di);
};

/**
 * struct wdfshim_device_irq - an interrupt as its device sees it
 * @node: entry in the device's @interrupts (under the device's @lock)
 * @ops: how start and stop connect and disconnect it
 *
 * Embedded in the interrupt object (interrupt.c), which is created on a
 * device and so sits above it: the device walks its interrupts through
 * @ops and never reads the interrupt object itself.
 */
struct wdfshim_device_irq {
	struct list_head node;
	const struct wdfshim_device_irq_ops *ops;
};

/**
 * struct wdfshim_device - a WDFDEVICE
 * @obj: object header
 * @dev: the Linux device it is bound to
 * @irq_of: Linux IRQ of the device's @index-th interrupt resource, or a
 *          negative errno when the device has no such resource
 * @irqs: explicit IRQ list (wdfshim_device_create_with_irqs()), or NULL
 * @nr_irqs: entries in @irqs
 * @lock: serializes start, stop, interrupt creation and deletion
 * @interrupts: the device's interrupts (struct wdfshim_device_irq), in
 *              creation order (under @lock)
 * @nr_interrupts: interrupts created so far: the next MessageNumber
 * @started: between a successful start and the matching stop (under @lock)
 * @callback_lock: the callback synchronization lock (WdfObjectAcquireLock):
 *                 a spin lock, or a mutex for WdfExecutionLevelPassive
 * @serialized: SynchronizationScope is the device: AutomaticSerialization
 *              holds @callback_lock around EvtInterruptDpc/WorkItem
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
	struct wdfshim_lock callback_lock;
	bool serialized;
};

struct wdfshim_device *wdfshim_device_from_handle(WDFDEVICE h, const char *ddi);

static inline WDFDEVICE wdfshim_device_handle(struct wdfshim_device *wdev)
{
	return (WDFDEVICE)wdfshim_object_handle(&wdev->obj);
}

ULONG wdfshim_device_add_irq(struct wdfshim_device *wdev,
			     struct wdfshim_device_irq *di,
			     const struct wdfshim_device_irq_ops *ops);
void wdfshim_device_remove_irq(struct wdfshim_device *wdev,
			       struct wdfshim_device_irq *di);

#endif /* _WDFSHIM_DEVICE_H */
