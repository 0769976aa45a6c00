/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edu.h - the wdfshim edu sample: QEMU's edu device (PCI 1234:11e8), and
 * the line between the ported KMDF driver (edu_kmdf.c) and its Linux glue
 * (edu_linux.c).
 *
 * The glue owns everything a Windows driver gets from the PnP manager and
 * the I/O manager: the PCI function, BAR mapping, DMA buffer, IRQ vectors,
 * the character device and sysfs. It calls the functions declared at the
 * end of this file, which are the driver proper.
 */
#ifndef _EDU_H
#define _EDU_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/types.h>
#include <wdf.h>

#include "edu_ioctl.h"

/* ---- the device (BAR0, 32-bit registers unless noted) ------------------- */

#define EDU_VENDOR_ID		0x1234
#define EDU_DEVICE_ID		0x11e8

#define EDU_REG_ID		0x00	/* 0x010000ed: major, minor, 0xed */
#define EDU_REG_LIVENESS	0x04	/* reads back the bitwise inverse */
#define EDU_REG_FACTORIAL	0x08	/* write n, read n! when done */
#define EDU_REG_STATUS		0x20
#define   EDU_STATUS_COMPUTING	0x01
#define   EDU_STATUS_IRQFACT	0x80	/* raise EDU_IRQ_FACT when done */
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_RAISE	0x60	/* ORed into the interrupt status */
#define EDU_REG_IRQ_ACK		0x64	/* clears those bits */
#define EDU_REG_DMA_SRC		0x80	/* 64-bit */
#define EDU_REG_DMA_DST		0x88	/* 64-bit */
#define EDU_REG_DMA_COUNT	0x90	/* 64-bit */
#define EDU_REG_DMA_CMD		0x98	/* 64-bit */
#define   EDU_DMA_CMD_START	0x1
#define   EDU_DMA_CMD_TO_RAM	0x2	/* device buffer -> RAM; else RAM -> buffer */
#define   EDU_DMA_CMD_IRQ	0x4	/* raise EDU_IRQ_DMA when done */

#define EDU_ID_MASK		0xff
#define EDU_ID_MAGIC		0xed

/* Interrupt status bits. EDU_IRQ_SOFT is the sample's own choice. */
#define EDU_IRQ_FACT		0x00000001
#define EDU_IRQ_DMA		0x00000100
#define EDU_IRQ_SOFT		0x00010000

#define EDU_DMA_DEV_ADDR	0x40000	/* the DMA buffer, in device space */
#define EDU_DMA_BUF_SIZE	4096	/* its size; EDU_DMA_SIZE of it usable */
#define EDU_DMA_MASK_BITS	28

/* ---- between the glue and the driver ------------------------------------ */

/*
 * This boundary is in kernel style: it is what the Linux glue sees. Behind
 * it, edu_kmdf.c is written as the Windows driver is.
 */

/* How interrupts are handled: the module parameter "mode". */
enum edu_mode {
	EDU_MODE_DPC,		/* "dpc": ISR at DIRQL + EvtInterruptDpc */
	EDU_MODE_WORKITEM,	/* "workitem": ISR at DIRQL + EvtInterruptWorkItem */
	EDU_MODE_PASSIVE,	/* "passive": PassiveHandling ISR + work item */
	EDU_MODE_COUNT,
};

enum edu_request_type {
	EDU_REQ_FACTORIAL,
	EDU_REQ_DMA_TO_DEVICE,
	EDU_REQ_DMA_FROM_DEVICE,
};

enum edu_request_state {
	EDU_REQ_IDLE,
	EDU_REQ_QUEUED,		/* waiting for its engine */
	EDU_REQ_RUNNING,	/* the device is executing it */
	EDU_REQ_DONE,		/* completed or cancelled: the driver let go */
};

/**
 * struct edu_request - what a WDFREQUEST is to the KMDF driver
 * @entry: in its engine's queue (under the interrupt lock)
 * @type: which engine and direction
 * @state: enum edu_request_state (under the interrupt lock)
 * @status: the completion status, valid once @done is complete
 * @n: factorial input
 * @result: factorial output
 * @buf: DMA data, @len bytes (kernel memory owned by the submitter)
 * @len: DMA length
 * @offset: offset in the device's DMA buffer
 * @submit_ns: when edu_submit() accepted it
 * @complete_ns: when it was completed
 * @done: completed by the driver (WdfRequestComplete); the submitter waits
 *
 * The submitter owns the memory. After edu_cancel() or the completion of
 * @done the driver no longer touches it.
 */
struct edu_request {
	struct list_head entry;
	enum edu_request_type type;
	enum edu_request_state state;
	NTSTATUS status;
	u32 n;
	u32 result;
	void *buf;
	u32 len;
	u32 offset;
	u64 submit_ns;
	u64 complete_ns;
	struct completion done;
};

/* Per-device counters, exported through sysfs (stats/). */
struct edu_stats {
	struct wdfshim_interrupt_stats intr;	/* from wdfshim */
	u64 fact_jobs;			/* factorial jobs completed */
	u64 dma_jobs;			/* DMA transfers completed */
	u64 cancelled;			/* requests cancelled or failed */
	u64 soft_raised;		/* software interrupts raised */
	u64 soft_seen;			/* ISR calls that found EDU_IRQ_SOFT */
	u64 fact_latency_total_ns;	/* submission to completion */
	u64 fact_latency_max_ns;
	u64 dma_latency_total_ns;
	u64 dma_latency_max_ns;
	u64 deferred_runs;		/* DPC/work item runs with events */
	u64 deferred_latency_total_ns;	/* ISR to DPC/work item */
	u64 deferred_latency_max_ns;
};

const char *edu_mode_name(enum edu_mode mode);
NTSTATUS edu_device_add(struct device *dev, enum edu_mode mode,
			WDFDEVICE *device);
NTSTATUS edu_prepare_hardware(WDFDEVICE device, void __iomem *regs,
			      void *dma_buf, dma_addr_t dma_addr);
NTSTATUS edu_submit(WDFDEVICE device, struct edu_request *req);
BOOLEAN edu_cancel(WDFDEVICE device, struct edu_request *req);
NTSTATUS edu_raise_interrupts(WDFDEVICE device, u32 count, u32 timeout_ms);
void edu_quiesce(WDFDEVICE device, u32 timeout_ms);
void edu_get_stats(WDFDEVICE device, struct edu_stats *stats);

#endif /* _EDU_H */
