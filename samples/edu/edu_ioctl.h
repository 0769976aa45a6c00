/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * edu_ioctl.h - user interface of the wdfshim edu sample (/dev/eduN).
 *
 * Shared by the driver and by eductl (user space).
 *
 *   write(fd, "n")      start a factorial job, 0 <= n <= EDU_FACT_MAX_N
 *                       (decimal text; EINVAL otherwise, EBUSY while the
 *                       file's previous result has not been read)
 *   read(fd, ...)       wait for that job (interruptible, with a timeout:
 *                       ETIMEDOUT) and return "n!\n"; 0 (end of file) when
 *                       the file has no job
 *   ioctl(fd, EDU_IOC_DMA_TO_DEVICE / EDU_IOC_DMA_FROM_DEVICE, &xfer)
 *                       copy between @buf and the device's DMA buffer at
 *                       @offset, through the device's DMA engine
 *                       (EINVAL unless 0 < len and offset + len <= EDU_DMA_SIZE)
 *
 * The device's sysfs directory (/sys/class/misc/eduN/) has the counters
 * (stats/), the handling mode (mode, irq_type) and burst (write N: raise N
 * software interrupts and wait until all are handled).
 */
#ifndef _EDU_IOCTL_H
#define _EDU_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Usable bytes of the device's 4 KiB DMA buffer. QEMU 7.2's edu rejects a
 * transfer that ends at the buffer's last byte (and stops the whole VM):
 * its range check treats the end as inclusive. Later versions fixed it.
 */
#define EDU_DMA_SIZE	4095
#define EDU_FACT_MAX_N	12	/* 13! does not fit in 32 bits */
#define EDU_BURST_MAX	100000	/* software interrupts per burst write */

struct edu_dma_xfer {
	__u64 buf;		/* user address of @len bytes */
	__u32 len;		/* 1 .. EDU_DMA_SIZE - @offset */
	__u32 offset;		/* into the device's DMA buffer */
	__u64 latency_ns;	/* out: submission to completion */
};

#define EDU_IOC_MAGIC		0xed
#define EDU_IOC_DMA_TO_DEVICE	_IOWR(EDU_IOC_MAGIC, 1, struct edu_dma_xfer)
#define EDU_IOC_DMA_FROM_DEVICE	_IOWR(EDU_IOC_MAGIC, 2, struct edu_dma_xfer)

#endif /* _EDU_IOCTL_H */
