// SPDX-License-Identifier: GPL-2.0
/*
 * device.c - WDFDEVICE: binding to a Linux device, its interrupt
 * resources, and the start/stop that stand in for D0Entry/D0Exit.
 *
 * KMDF matches interrupt resources to interrupt objects in creation order;
 * here the N-th WdfInterruptCreate() on a device takes the device's N-th
 * Linux IRQ: pci_irq_vector(pdev, N), platform_get_irq_optional(pdev, N), or entry N
 * of an explicit list. The IRQ is looked up at start, so a driver may
 * create its interrupts before or after pci_alloc_irq_vectors().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define dev_fmt(fmt) pr_fmt(fmt)

#include <linux/device.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "compat.h"
#include "device.h"

struct wdfshim_device *wdfshim_device_from_handle(WDFDEVICE h, const char *ddi)
{
	return wdfshim_resolve_as(h, WDFSHIM_TYPE_DEVICE, struct wdfshim_device, ddi);
}
EXPORT_SYMBOL_IF_WDFSHIM_KUNIT(wdfshim_device_from_handle);

static int wdfshim_pci_irq_of(struct wdfshim_device *wdev, unsigned int index)
{
	struct pci_dev *pdev = to_pci_dev(wdev->dev);

	/* INTx is a single line: vector 0 or nothing. */
	if (!pdev->msi_enabled && !pdev->msix_enabled)
		return index ? -ENXIO : (pdev->irq ? pdev->irq : -ENXIO);
	return pci_irq_vector(pdev, index);
}

static int wdfshim_platform_irq_of(struct wdfshim_device *wdev,
				   unsigned int index)
{
	return platform_get_irq_optional(to_platform_device(wdev->dev), index);
}

static int wdfshim_list_irq_of(struct wdfshim_device *wdev, unsigned int index)
{
	return index < wdev->nr_irqs ? wdev->irqs[index] : -ENXIO;
}

/* Stop the device: disconnect its interrupts in reverse creation order. */
static void wdfshim_device_stop_locked(struct wdfshim_device *wdev)
{
	struct wdfshim_device_irq *di;

	lockdep_assert_held(&wdev->lock);
	list_for_each_entry_reverse(di, &wdev->interrupts, node)
		di->ops->disconnect(di);
	wdev->started = false;
}

/**
 * wdfshim_device_add_irq - a new interrupt joins its device
 * @wdev: the device, its @lock held, not started
 * @di: the interrupt's entry
 * @ops: how start and stop connect and disconnect it
 *
 * The interrupt is connected at the next start, after those created
 * before it, and disconnected at stop before them.
 *
 * Context: PASSIVE_LEVEL, under @wdev->lock.
 * Return: the interrupt's creation order on the device (0, 1, ...): its
 * MessageNumber, which selects the device's interrupt resource.
 */
ULONG wdfshim_device_add_irq(struct wdfshim_device *wdev,
			     struct wdfshim_device_irq *di,
			     const struct wdfshim_device_irq_ops *ops)
{
	lockdep_assert_held(&wdev->lock);
	di->ops = ops;
	list_add_tail(&di->node, &wdev->interrupts);
	return wdev->nr_interrupts++;
}

/**
 * wdfshim_device_remove_irq - an interrupt leaves its device
 * @wdev: the device, its @lock held
 * @di: the interrupt's entry, already disconnected
 *
 * Context: PASSIVE_LEVEL, under @wdev->lock.
 */
void wdfshim_device_remove_irq(struct wdfshim_device *wdev,
			       struct wdfshim_device_irq *di)
{
	lockdep_assert_held(&wdev->lock);
	list_del_init(&di->node);
}

/* The lock WdfObjectAcquireLock() and AutomaticSerialization take. */
static struct wdfshim_lock *wdfshim_device_callback_lock(struct wdfshim_object *obj)
{
	return &container_of(obj, struct wdfshim_device, obj)->callback_lock;
}

static void wdfshim_device_dispose(struct wdfshim_object *obj)
{
	struct wdfshim_device *wdev = container_of(obj, struct wdfshim_device, obj);

	mutex_lock(&wdev->lock);
	wdfshim_device_stop_locked(wdev);
	mutex_unlock(&wdev->lock);
}

static const struct wdfshim_object_ops wdfshim_device_ops = {
	.type = WDFSHIM_TYPE_DEVICE,
	.no_delete_ddi = true,
	.dispose = wdfshim_device_dispose,
	.callback_lock = wdfshim_device_callback_lock,
};

/*
 * The device's callback constraints from its attributes, as KMDF's
 * WdfDeviceCreate takes them. "Inherit" resolves to the driver-wide
 * defaults, WdfExecutionLevelDispatch and WdfSynchronizationScopeNone.
 * A queue scope serializes like a device scope here (wdfshim has no
 * queues; an interrupt parented to such a device takes its lock).
 */
static int wdfshim_device_constraints(struct device *dev,
				      PWDF_OBJECT_ATTRIBUTES attrs,
				      bool *passive, bool *serialized)
{
	WDF_EXECUTION_LEVEL level = WdfExecutionLevelInheritFromParent;
	WDF_SYNCHRONIZATION_SCOPE scope = WdfSynchronizationScopeInheritFromParent;

	if (attrs && attrs->Size == sizeof(*attrs)) {
		level = attrs->ExecutionLevel;
		scope = attrs->SynchronizationScope;
	}
	if (level < WdfExecutionLevelInheritFromParent ||
	    level > WdfExecutionLevelDispatch ||
	    scope < WdfSynchronizationScopeInheritFromParent ||
	    scope > WdfSynchronizationScopeNone) {
		dev_err(dev, "invalid ExecutionLevel %d or SynchronizationScope %d in the device attributes\n",
			level, scope);
		return -EINVAL;
	}
	*passive = level == WdfExecutionLevelPassive;
	*serialized = scope == WdfSynchronizationScopeDevice ||
		      scope == WdfSynchronizationScopeQueue;
	return 0;
}

static int wdfshim_device_new(struct device *dev,
			      int (*irq_of)(struct wdfshim_device *, unsigned int),
			      PWDF_OBJECT_ATTRIBUTES attrs, WDFDEVICE *out,
			      struct wdfshim_device **wdevp)
{
	struct wdfshim_object *obj;
	struct wdfshim_device *wdev;
	bool passive, serialized;
	NTSTATUS status;
	int ret;

	might_sleep();
	if (!dev || !out)
		return -EINVAL;
	if (attrs && attrs->Size == sizeof(*attrs) && attrs->ParentObject) {
		dev_err(dev, "a WDFDEVICE has no parent object\n");
		return -EINVAL;
	}
	ret = wdfshim_device_constraints(dev, attrs, &passive, &serialized);
	if (ret)
		return ret;
	status = wdfshim_object_create(sizeof(*wdev), &wdfshim_device_ops, attrs,
				       NULL, "wdfshim_device_create", &obj);
	if (!NT_SUCCESS(status))
		return wdfshim_ntstatus_to_errno(status);
	wdev = container_of(obj, struct wdfshim_device, obj);
	wdev->dev = dev;
	wdev->irq_of = irq_of;
	mutex_init(&wdev->lock);
	INIT_LIST_HEAD(&wdev->interrupts);
	wdfshim_lock_init(&wdev->callback_lock, passive);
	wdev->serialized = serialized;
	*out = wdfshim_device_handle(wdev);
	if (wdevp)
		*wdevp = wdev;
	return 0;
}

/**
 * wdfshim_device_create - create the WDFDEVICE of a PCI or platform device
 * @dev: &pci_dev->dev or &platform_device->dev, from probe()
 * @DeviceAttributes: attributes (context type, callbacks), or NULL
 * @Device: receives the handle
 *
 * The device's N-th interrupt object takes pci_irq_vector(pdev, N) (INTx:
 * only N = 0) or platform_get_irq_optional(pdev, N). Pair with
 * wdfshim_device_delete() in remove().
 *
 * Context: PASSIVE_LEVEL (probe()).
 * Return: 0, -EINVAL for another bus or bad arguments, -ENOMEM.
 */
int wdfshim_device_create(struct device *dev, PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
			  WDFDEVICE *Device)
{
	if (dev && dev_is_pci(dev))
		return wdfshim_device_new(dev, wdfshim_pci_irq_of,
					  DeviceAttributes, Device, NULL);
	if (dev && dev_is_platform(dev))
		return wdfshim_device_new(dev, wdfshim_platform_irq_of,
					  DeviceAttributes, Device, NULL);
	if (dev)
		dev_err(dev, "not a PCI or platform device: use wdfshim_device_create_with_irqs()\n");
	return -EINVAL;
}
EXPORT_SYMBOL_NS_GPL(wdfshim_device_create, WDFSHIM_NS);

/* devres action: what remove() would call. */
static void wdfshim_device_delete_action(void *Device)
{
	wdfshim_device_delete(Device);
}

/**
 * devm_wdfshim_device_create - wdfshim_device_create(), deleted on detach
 * @dev: &pci_dev->dev or &platform_device->dev, from probe()
 * @DeviceAttributes: attributes (context type, callbacks), or NULL
 * @Device: receives the handle
 *
 * As wdfshim_device_create(), and the device is deleted (stopped if
 * started, then wdfshim_device_delete()) when @dev's driver detaches or
 * probe() fails later, in devres's reverse order of acquisition: after
 * what probe() acquires after it, before what probe() acquired before
 * it. remove() then makes no wdfshim call; a driver that must delete the
 * device earlier uses the plain create.
 *
 * Context: PASSIVE_LEVEL (probe()).
 * Return: 0, -EINVAL for another bus or bad arguments, -ENOMEM; on an
 * error nothing is left created and *@Device is not written.
 */
int devm_wdfshim_device_create(struct device *dev,
			       PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
			       WDFDEVICE *Device)
{
	WDFDEVICE device;
	int ret;

	if (!Device)
		return -EINVAL;
	ret = wdfshim_device_create(dev, DeviceAttributes, &device);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(dev, wdfshim_device_delete_action, device);
	if (ret)
		return ret;
	*Device = device;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(devm_wdfshim_device_create, WDFSHIM_NS);

/**
 * wdfshim_device_create_with_irqs - create a WDFDEVICE with explicit IRQs
 * @dev: any Linux device (used for names and messages)
 * @irqs: Linux IRQ numbers; the N-th interrupt object takes @irqs[N]
 * @nr_irqs: number of entries
 * @DeviceAttributes: attributes, or NULL
 * @Device: receives the handle
 *
 * Context: PASSIVE_LEVEL.
 * Return: 0, -EINVAL, -ENOMEM.
 */
int wdfshim_device_create_with_irqs(struct device *dev, const unsigned int *irqs,
				    unsigned int nr_irqs,
				    PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
				    WDFDEVICE *Device)
{
	struct wdfshim_device *wdev;
	unsigned int *copy = NULL;
	int ret;

	if (nr_irqs && !irqs)
		return -EINVAL;
	if (nr_irqs) {
		copy = kmemdup(irqs, nr_irqs * sizeof(*irqs), GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
	}
	ret = wdfshim_device_new(dev, wdfshim_list_irq_of, DeviceAttributes,
				 Device, &wdev);
	if (ret) {
		kfree(copy);
		return ret;
	}
	wdev->irqs = copy;
	wdev->nr_irqs = nr_irqs;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(wdfshim_device_create_with_irqs, WDFSHIM_NS);

/**
 * wdfshim_device_start - D0Entry: connect and enable every interrupt
 * @Device: the device
 *
 * Interrupts are connected and their EvtInterruptEnable called in creation
 * order. If one fails, those already started are stopped in reverse order
 * and nothing is left connected.
 *
 * Context: PASSIVE_LEVEL.
 * Return: 0; -EBUSY if already started; the failing interrupt's status as
 * an errno.
 */
int wdfshim_device_start(WDFDEVICE Device)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(Device, __func__);
	struct wdfshim_device_irq *di;
	int ret;

	if (!wdev)
		return -EINVAL;
	might_sleep();
	mutex_lock(&wdev->lock);
	if (wdev->started) {
		mutex_unlock(&wdev->lock);
		return -EBUSY;
	}
	list_for_each_entry(di, &wdev->interrupts, node) {
		ret = di->ops->connect(di);
		if (ret)
			goto unwind;
	}
	wdev->started = true;
	mutex_unlock(&wdev->lock);
	return 0;

unwind:
	list_for_each_entry_continue_reverse(di, &wdev->interrupts, node)
		di->ops->disconnect(di);
	mutex_unlock(&wdev->lock);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(wdfshim_device_start, WDFSHIM_NS);

/**
 * wdfshim_device_stop - D0Exit: disable and disconnect every interrupt
 * @Device: the device
 *
 * Reverse creation order. On return no interrupt callback of the device
 * is running or will run until the next start.
 *
 * Context: PASSIVE_LEVEL.
 */
void wdfshim_device_stop(WDFDEVICE Device)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(Device, __func__);

	if (!wdev)
		return;
	might_sleep();
	mutex_lock(&wdev->lock);
	wdfshim_device_stop_locked(wdev);
	mutex_unlock(&wdev->lock);
}
EXPORT_SYMBOL_NS_GPL(wdfshim_device_stop, WDFSHIM_NS);

/**
 * wdfshim_device_delete - remove(): stop the device and delete it
 * @Device: the device
 *
 * Stops the device if started, deletes its interrupts and other children
 * (newest first, each flushed: later queue calls return FALSE), runs the
 * cleanup and destroy callbacks, and makes every handle of the tree stale.
 *
 * Context: PASSIVE_LEVEL.
 */
void wdfshim_device_delete(WDFDEVICE Device)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(Device, __func__);
	unsigned int *irqs;

	if (!wdev)
		return;
	irqs = wdev->irqs;
	wdfshim_object_delete(&wdev->obj);
	kfree(irqs);
}
EXPORT_SYMBOL_NS_GPL(wdfshim_device_delete, WDFSHIM_NS);

/**
 * wdfshim_device_to_dev - the Linux device behind a WDFDEVICE
 * @Device: the device
 *
 * Context: any.
 * Return: the struct device given at creation.
 */
struct device *wdfshim_device_to_dev(WDFDEVICE Device)
{
	struct wdfshim_device *wdev = wdfshim_device_from_handle(Device, __func__);

	return wdev ? wdev->dev : NULL;
}
EXPORT_SYMBOL_NS_GPL(wdfshim_device_to_dev, WDFSHIM_NS);

/**
 * wdfshim_ntstatus_to_errno - an NTSTATUS as a Linux errno, for glue code
 * @status: the status
 *
 * Context: any.
 * Return: 0 for success statuses, else the closest negative errno.
 */
int wdfshim_ntstatus_to_errno(NTSTATUS status)
{
	if (NT_SUCCESS(status))
		return 0;
	switch (status) {
	case STATUS_INSUFFICIENT_RESOURCES:
		return -ENOMEM;
	case STATUS_INVALID_PARAMETER:
	case STATUS_INFO_LENGTH_MISMATCH:
	case STATUS_INVALID_HANDLE:
		return -EINVAL;
	case STATUS_INVALID_DEVICE_STATE:
	case STATUS_DEVICE_BUSY:
		return -EBUSY;
	case STATUS_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case STATUS_IO_TIMEOUT:
		return -ETIMEDOUT;
	case STATUS_CANCELLED:
		return -ECANCELED;
	case STATUS_DEVICE_REMOVED:
		return -ENODEV;
	default:
		return -EIO;
	}
}
EXPORT_SYMBOL_NS_GPL(wdfshim_ntstatus_to_errno, WDFSHIM_NS);
