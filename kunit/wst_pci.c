// SPDX-License-Identifier: GPL-2.0
/*
 * wst_pci.c - binding a real PCI device model (QEMU's edu, e1000e) for a
 * test: one small pci_driver, registered for the device's IDs while a
 * case runs, and its undo, registered for the end of the case.
 */
#include <linux/pci.h>

#include "wst.h"

/* The binding being made; one at a time, as KUnit runs one case at a time. */
static struct wst_pci *wst_pci_cur;

static int wst_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret = pci_enable_device_mem(pdev);

	if (ret)
		return ret;
	wst_pci_cur->pdev = pdev;
	complete(&wst_pci_cur->probed);
	return 0;
}

static void wst_pci_remove(struct pci_dev *pdev)
{
	pci_disable_device(pdev);
}

static struct pci_driver wst_pci_driver = {
	.name = "wdfshim_kunit_pci",
	.probe = wst_pci_probe,
	.remove = wst_pci_remove,
};

/* Undo what wst_pci_bind() and the case got to: the case's WDFDEVICE first. */
static void wst_pci_unbind(void *data)
{
	struct wst_pci *p = data;

	if (p->device)
		wdfshim_device_delete(p->device);
	if (p->pdev)
		pci_free_irq_vectors(p->pdev);
	if (p->bar)
		pci_iounmap(p->pdev, p->bar);
	if (p->registered)
		pci_unregister_driver(&wst_pci_driver);
	wst_pci_cur = NULL;
}

/**
 * wst_pci_bind - bind the device of @ids, map its BAR 0, make it bus master
 * @test: the case
 * @p: zeroed binding, filled in here
 * @ids: the device's IDs
 * @qemu_device: QEMU's -device argument that provides it, for the message
 *
 * The undo is registered first: whatever the binding and the case get to
 * (a WDFDEVICE in @p->device, vectors) is undone when the case ends.
 *
 * Context: the test's thread; may sleep.
 * Return: true when bound; false (the case failed) when no such device
 * came to the driver.
 */
bool wst_pci_bind(struct kunit *test, struct wst_pci *p,
		  const struct pci_device_id *ids, const char *qemu_device)
{
	init_completion(&p->probed);
	wst_defer(test, wst_pci_unbind, p);
	wst_pci_cur = p;
	wst_pci_driver.id_table = ids;
	/*
	 * KUnit runs a module's suites while the module is still coming up,
	 * before its sysfs directory exists: register without an owner so
	 * the driver core does not link to it.
	 */
	KUNIT_ASSERT_EQ(test, __pci_register_driver(&wst_pci_driver, NULL,
						    wst_pci_driver.name), 0);
	p->registered = true;
	if (!wait_for_completion_timeout(&p->probed, WST_TIMEOUT)) {
		KUNIT_FAIL(test, "no such PCI device: boot QEMU with -device %s",
			   qemu_device);
		return false;
	}
	p->bar = pci_iomap(p->pdev, 0, 0);
	KUNIT_ASSERT_TRUE(test, p->bar);
	pci_set_master(p->pdev);
	return true;
}
