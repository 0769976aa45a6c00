/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfdevice.h - WDFDEVICE and its Linux glue.
 *
 * KMDF creates the device object in EvtDriverDeviceAdd and drives it
 * through PnP and power states. On Linux the bus driver's probe() creates
 * it with wdfshim_device_create*(), start/stop stand in for D0Entry and
 * D0Exit, and remove() deletes it (devres does, for a device made with
 * devm_wdfshim_device_create()). These glue calls have no KMDF
 * counterpart and are the only part of a ported driver that changes.
 */
#ifndef _WDFSHIM_WDFDEVICE_H
#define _WDFSHIM_WDFDEVICE_H

#include "wdfobject.h"
#include "wdfshim_compat.h"	/* WDFSHIM_PCI_IRQ_INTX */

struct device;

int wdfshim_device_create(struct device *dev,
			  PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
			  WDFDEVICE *Device);
int devm_wdfshim_device_create(struct device *dev,
			       PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
			       WDFDEVICE *Device);
int wdfshim_device_create_with_irqs(struct device *dev,
				    const unsigned int *irqs,
				    unsigned int nr_irqs,
				    PWDF_OBJECT_ATTRIBUTES DeviceAttributes,
				    WDFDEVICE *Device);
int wdfshim_device_start(WDFDEVICE Device);
void wdfshim_device_stop(WDFDEVICE Device);
void wdfshim_device_delete(WDFDEVICE Device);
struct device *wdfshim_device_to_dev(WDFDEVICE Device);
int wdfshim_ntstatus_to_errno(NTSTATUS status);

#endif /* _WDFSHIM_WDFDEVICE_H */
