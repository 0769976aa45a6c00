// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - wdfshim module init and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "dpc.h"
#include "interrupt.h"
#include "object.h"

static int __init wdfshim_init(void)
{
	int ret;

	ret = wdfshim_interrupt_init();
	if (ret)
		return ret;
	pr_info("KMDF interrupt API loaded (DPC backend: %s)\n",
		wdfshim_dpc_backend);
	return 0;
}

static void __exit wdfshim_exit(void)
{
	wdfshim_interrupt_exit();
	wdfshim_handles_exit();
}

module_init(wdfshim_init);
module_exit(wdfshim_exit);

MODULE_DESCRIPTION("KMDF interrupt API (wdfinterrupt.h) for Linux drivers");
MODULE_LICENSE("GPL");
MODULE_INFO(dpc_backend, WDFSHIM_DPC_BACKEND);
