// SPDX-License-Identifier: GPL-2.0
/*
 * edu_linux.c - Linux glue of the wdfshim edu sample: what the PnP manager
 * and the I/O manager do for the Windows driver in edu_kmdf.c.
 *
 * probe():  PCI function, BAR0, 28-bit DMA, a coherent DMA buffer, one
 *           MSI or INTx vector; then the driver's EvtDriverDeviceAdd and
 *           EvtDevicePrepareHardware, wdfshim_device_start (D0Entry), and
 *           /dev/eduN with its sysfs attributes.
 * remove(): no new users, quiesce the device (the driver finishes or
 *           fails every request); then devres, in reverse: stop
 *           (EvtInterruptDisable, IRQ freed), delete the WDFDEVICE, free
 *           the vector, the DMA buffer, BAR0, the PCI function.
 *
 * The user interface is described in edu_ioctl.h. A file descriptor may
 * outlive the PCI device (unbind while open): file operations take
 * edu_dev.rwsem for reading and give up with ENODEV once remove() has
 * set edu_dev.gone; struct edu_dev itself lives until the last close.
 *
 * Every resource of probe() is device-managed (pcim_*, dmam_*,
 * devm_wdfshim_device_create(), devm actions), so probe() has no unwind
 * ladder and remove() only quiesces; Documentation/porting.rst shows the
 * same glue with the unmanaged calls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <wdf.h>

#include "edu.h"

static char *mode = "dpc";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "interrupt handling: dpc (DIRQL ISR + DPC, default), workitem (DIRQL ISR + work item), passive (PassiveHandling ISR + work item)");

/*
 * How long a request may wait for the device. Below the device's own
 * time every request times out: an edu DMA takes about 100 ms under TCG,
 * so less than EDU_TIMEOUT_MIN_MS cannot work and is refused at load;
 * more than EDU_TIMEOUT_MAX_MS would leave remove() waiting that long.
 */
#define EDU_TIMEOUT_MIN_MS	500
#define EDU_TIMEOUT_MAX_MS	600000
static unsigned int timeout_ms = 5000;

/**
 * edu_timeout_set - parse timeout_ms, within what the device can meet
 * @val: the value given at load
 * @kp: the parameter
 *
 * Context: process context (module load).
 * Return: 0, or -EINVAL (with the reason in the log) outside
 * [EDU_TIMEOUT_MIN_MS, EDU_TIMEOUT_MAX_MS] or for a non-number.
 */
static int edu_timeout_set(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;

	if (kstrtouint(val, 0, &ms) || ms < EDU_TIMEOUT_MIN_MS ||
	    ms > EDU_TIMEOUT_MAX_MS) {
		pr_err("timeout_ms=%s: must be %u..%u ms (an edu DMA takes about 100 ms)\n",
		       val, EDU_TIMEOUT_MIN_MS, EDU_TIMEOUT_MAX_MS);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = ms;
	return 0;
}

static const struct kernel_param_ops edu_timeout_ops = {
	.set = edu_timeout_set,
	.get = param_get_uint,
};
module_param_cb(timeout_ms, &edu_timeout_ops, &timeout_ms, 0444);
MODULE_PARM_DESC(timeout_ms, "how long a request may wait for the device (ms, 500..600000, default 5000)");

static enum edu_mode edu_mode;
static DEFINE_IDA(edu_ida);

/**
 * struct edu_dev - one edu PCI function
 * @pdev: the PCI function
 * @device: its WDFDEVICE (valid while !@gone)
 * @regs: BAR0
 * @dma_buf: EDU_DMA_BUF_SIZE bytes of coherent DMA memory
 * @dma_addr: its device address
 * @misc: /dev/eduN and its sysfs attributes
 * @name: "eduN"
 * @id: N
 * @msi: the vector is an MSI (else INTx)
 * @ref: one for probe..remove, one per open file
 * @rwsem: file operations hold it for reading while they use @device
 * @gone: remove() has quiesced @device and is about to delete it
 */
struct edu_dev {
	struct pci_dev *pdev;
	WDFDEVICE device;
	void __iomem *regs;
	void *dma_buf;
	dma_addr_t dma_addr;
	struct miscdevice misc;
	char name[16];
	int id;
	bool msi;
	struct kref ref;
	struct rw_semaphore rwsem;
	bool gone;
};

/**
 * struct edu_file - an open /dev/eduN
 * @edu: the device
 * @lock: serializes the file's read and write calls
 * @req: the file's factorial job
 * @job: @req was submitted and its result not read to the end
 * @out: the result as text, once complete
 * @out_len: length of @out (0: not complete yet)
 * @out_pos: how much of @out was read
 */
struct edu_file {
	struct edu_dev *edu;
	struct mutex lock;	/* serializes read() and write() */
	struct edu_request req;
	bool job;
	char out[16];
	size_t out_len;
	size_t out_pos;
};

static void edu_dev_release(struct kref *ref)
{
	kfree(container_of(ref, struct edu_dev, ref));
}

static unsigned long edu_timeout(void)
{
	return msecs_to_jiffies(timeout_ms);
}

static int edu_errno(NTSTATUS status)
{
	switch (status) {
	case STATUS_IO_TIMEOUT:
		return -ETIMEDOUT;
	case STATUS_DEVICE_REMOVED:
		return -ENODEV;
	case STATUS_CANCELLED:
		return -EINTR;
	default:
		return wdfshim_ntstatus_to_errno(status);
	}
}

static int edu_dev_submit(struct edu_dev *edu, struct edu_request *req)
{
	int ret;

	down_read(&edu->rwsem);
	ret = edu->gone ? -ENODEV : edu_errno(edu_submit(edu->device, req));
	up_read(&edu->rwsem);
	return ret;
}

/*
 * After a wait for @req ended without its completion: take it back.
 * Return: true if cancelled, false if it completed meanwhile (also the
 * case once @edu is gone: remove() completes every request first).
 */
static bool edu_dev_cancel(struct edu_dev *edu, struct edu_request *req)
{
	bool cancelled;

	down_read(&edu->rwsem);
	cancelled = !edu->gone && edu_cancel(edu->device, req);
	up_read(&edu->rwsem);
	return cancelled;
}

/* ---- /dev/eduN ----------------------------------------------------------- */

static int edu_open(struct inode *inode, struct file *file)
{
	struct edu_dev *edu = container_of(file->private_data, struct edu_dev, misc);
	struct edu_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->edu = edu;
	mutex_init(&f->lock);
	kref_get(&edu->ref);	/* misc_open() holds misc_mtx: remove() waits */
	file->private_data = f;
	return stream_open(inode, file);
}

static int edu_release(struct inode *inode, struct file *file)
{
	struct edu_file *f = file->private_data;
	struct edu_dev *edu = f->edu;

	if (f->job && !completion_done(&f->req.done))
		edu_dev_cancel(edu, &f->req);
	kfree(f);
	kref_put(&edu->ref, edu_dev_release);
	return 0;
}

/* Write "n": start the file's factorial job. */
static ssize_t edu_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct edu_file *f = file->private_data;
	unsigned int n;
	int ret;

	ret = kstrtouint_from_user(buf, count, 10, &n);
	if (ret)
		return ret;
	if (n > EDU_FACT_MAX_N)
		return -EINVAL;
	if (mutex_lock_interruptible(&f->lock))
		return -ERESTARTSYS;
	if (f->job) {
		ret = -EBUSY;
		goto out;
	}
	memset(&f->req, 0, sizeof(f->req));
	f->req.type = EDU_REQ_FACTORIAL;
	f->req.n = n;
	ret = edu_dev_submit(f->edu, &f->req);
	if (!ret) {
		f->job = true;
		f->out_len = 0;
		f->out_pos = 0;
	}
out:
	mutex_unlock(&f->lock);
	return ret ? ret : count;
}

/* Wait for the file's job and format its result. */
static int edu_wait_job(struct edu_file *f, bool nonblock)
{
	long left;
	int ret;

	if (nonblock && !completion_done(&f->req.done))
		return -EAGAIN;
	left = wait_for_completion_interruptible_timeout(&f->req.done,
							 edu_timeout());
	if (left < 0)
		return -ERESTARTSYS;	/* the job stays: a restarted read waits again */
	if (left == 0 && edu_dev_cancel(f->edu, &f->req)) {
		f->job = false;
		return -ETIMEDOUT;
	}
	ret = edu_errno(f->req.status);
	if (ret) {
		f->job = false;
		return ret;
	}
	f->out_len = scnprintf(f->out, sizeof(f->out), "%u\n", f->req.result);
	f->out_pos = 0;
	return 0;
}

/* Read: the job's result "n!\n", then end of file. */
static ssize_t edu_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct edu_file *f = file->private_data;
	ssize_t ret;
	size_t n;

	if (mutex_lock_interruptible(&f->lock))
		return -ERESTARTSYS;
	ret = 0;
	if (!f->job)
		goto out;
	if (!f->out_len) {
		ret = edu_wait_job(f, file->f_flags & O_NONBLOCK);
		if (ret)
			goto out;
	}
	n = min(count, f->out_len - f->out_pos);
	if (copy_to_user(buf, f->out + f->out_pos, n)) {
		ret = -EFAULT;
		goto out;
	}
	f->out_pos += n;
	if (f->out_pos == f->out_len)
		f->job = false;
	ret = n;
out:
	mutex_unlock(&f->lock);
	return ret;
}

static long edu_ioctl_dma(struct edu_file *f, unsigned int cmd,
			  void __user *argp)
{
	bool to_device = cmd == EDU_IOC_DMA_TO_DEVICE;
	struct edu_dev *edu = f->edu;
	struct edu_dma_xfer x;
	struct edu_request *req;
	long left;
	int ret;

	if (copy_from_user(&x, argp, sizeof(x)))
		return -EFAULT;
	if (!x.len || x.offset > EDU_DMA_SIZE || x.len > EDU_DMA_SIZE - x.offset)
		return -EINVAL;
	req = kzalloc(sizeof(*req) + x.len, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->type = to_device ? EDU_REQ_DMA_TO_DEVICE : EDU_REQ_DMA_FROM_DEVICE;
	req->buf = req + 1;
	req->len = x.len;
	req->offset = x.offset;
	if (to_device &&
	    copy_from_user(req->buf, u64_to_user_ptr(x.buf), x.len)) {
		ret = -EFAULT;
		goto out;
	}

	ret = edu_dev_submit(edu, req);
	if (ret)
		goto out;
	left = wait_for_completion_interruptible_timeout(&req->done,
							 edu_timeout());
	if (left <= 0 && edu_dev_cancel(edu, req)) {
		ret = left ? -ERESTARTSYS : -ETIMEDOUT;
		goto out;
	}
	ret = edu_errno(req->status);
	if (ret)
		goto out;

	x.latency_ns = req->complete_ns - req->submit_ns;
	if ((!to_device &&
	     copy_to_user(u64_to_user_ptr(x.buf), req->buf, x.len)) ||
	    copy_to_user(argp, &x, sizeof(x)))
		ret = -EFAULT;
out:
	kfree(req);
	return ret;
}

static long edu_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case EDU_IOC_DMA_TO_DEVICE:
	case EDU_IOC_DMA_FROM_DEVICE:
		return edu_ioctl_dma(file->private_data, cmd,
				     (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations edu_fops = {
	.owner = THIS_MODULE,
	.open = edu_open,
	.release = edu_release,
	.read = edu_read,
	.write = edu_write,
	.unlocked_ioctl = edu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/* ---- sysfs: /sys/class/misc/eduN/ ---------------------------------------- */

/*
 * The attributes exist only while the misc device is registered, and
 * misc_deregister() waits for running handlers: @device is valid here.
 */
static struct edu_dev *edu_from_dev(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct edu_dev, misc);
}

static ssize_t mode_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", edu_mode_name(edu_mode));
}
static DEVICE_ATTR_RO(mode);

static ssize_t irq_type_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", edu_from_dev(dev)->msi ? "msi" : "intx");
}
static DEVICE_ATTR_RO(irq_type);

/* Write N: raise N software interrupts, return once all were handled. */
static ssize_t burst_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(buf, 10, &n);
	if (ret)
		return ret;
	ret = edu_errno(edu_raise_interrupts(edu_from_dev(dev)->device, n,
					     timeout_ms));
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(burst);

static struct attribute *edu_attrs[] = {
	&dev_attr_mode.attr,
	&dev_attr_irq_type.attr,
	&dev_attr_burst.attr,
	NULL
};

static const struct attribute_group edu_group = {
	.attrs = edu_attrs,
};

#define EDU_STAT_ATTR(_name, _field)					\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct edu_stats s;						\
									\
	edu_get_stats(edu_from_dev(dev)->device, &s);			\
	return sysfs_emit(buf, "%llu\n", s._field);			\
}									\
static DEVICE_ATTR_RO(_name)

EDU_STAT_ATTR(isr_calls, intr.isr_calls);
EDU_STAT_ATTR(interrupts, intr.isr_claimed);
EDU_STAT_ATTR(dpc_queued, intr.dpc_queued);
EDU_STAT_ATTR(dpc_coalesced, intr.dpc_coalesced);
EDU_STAT_ATTR(dpc_runs, intr.dpc_runs);
EDU_STAT_ATTR(work_queued, intr.work_queued);
EDU_STAT_ATTR(work_coalesced, intr.work_coalesced);
EDU_STAT_ATTR(work_runs, intr.work_runs);
EDU_STAT_ATTR(queue_refused, intr.refused);
EDU_STAT_ATTR(fact_jobs, fact_jobs);
EDU_STAT_ATTR(dma_jobs, dma_jobs);
EDU_STAT_ATTR(cancelled, cancelled);
EDU_STAT_ATTR(soft_raised, soft_raised);
EDU_STAT_ATTR(soft_seen, soft_seen);
EDU_STAT_ATTR(fact_latency_total_ns, fact_latency_total_ns);
EDU_STAT_ATTR(fact_latency_max_ns, fact_latency_max_ns);
EDU_STAT_ATTR(dma_latency_total_ns, dma_latency_total_ns);
EDU_STAT_ATTR(dma_latency_max_ns, dma_latency_max_ns);
EDU_STAT_ATTR(deferred_runs, deferred_runs);
EDU_STAT_ATTR(deferred_latency_total_ns, deferred_latency_total_ns);
EDU_STAT_ATTR(deferred_latency_max_ns, deferred_latency_max_ns);

static struct attribute *edu_stats_attrs[] = {
	&dev_attr_isr_calls.attr,
	&dev_attr_interrupts.attr,
	&dev_attr_dpc_queued.attr,
	&dev_attr_dpc_coalesced.attr,
	&dev_attr_dpc_runs.attr,
	&dev_attr_work_queued.attr,
	&dev_attr_work_coalesced.attr,
	&dev_attr_work_runs.attr,
	&dev_attr_queue_refused.attr,
	&dev_attr_fact_jobs.attr,
	&dev_attr_dma_jobs.attr,
	&dev_attr_cancelled.attr,
	&dev_attr_soft_raised.attr,
	&dev_attr_soft_seen.attr,
	&dev_attr_fact_latency_total_ns.attr,
	&dev_attr_fact_latency_max_ns.attr,
	&dev_attr_dma_latency_total_ns.attr,
	&dev_attr_dma_latency_max_ns.attr,
	&dev_attr_deferred_runs.attr,
	&dev_attr_deferred_latency_total_ns.attr,
	&dev_attr_deferred_latency_max_ns.attr,
	NULL
};

static const struct attribute_group edu_stats_group = {
	.name = "stats",
	.attrs = edu_stats_attrs,
};

static const struct attribute_group *edu_groups[] = {
	&edu_group,
	&edu_stats_group,
	NULL
};

/* ---- PCI ------------------------------------------------------------------ */

/*
 * 6.11: pcim_iomap_region() maps one BAR; pcim_iomap_regions() and
 * pcim_iomap_table() are deprecated there. Both request and map BAR0
 * for the driver's lifetime (devres).
 */
static void __iomem *edu_iomap_bar0(struct pci_dev *pdev)
{
#ifdef WDFSHIM_HAVE_PCIM_IOMAP_REGION
	return pcim_iomap_region(pdev, 0, KBUILD_MODNAME);
#else
	int ret = pcim_iomap_regions(pdev, BIT(0), KBUILD_MODNAME);

	return ret ? IOMEM_ERR_PTR(ret) : pcim_iomap_table(pdev)[0];
#endif
}

/* devres actions, each the undo of one probe() step. */
static void edu_dev_put(void *edu)
{
	kref_put(&((struct edu_dev *)edu)->ref, edu_dev_release);
}

static void edu_clear_master(void *pdev)
{
	pci_clear_master(pdev);
}

static void edu_free_vectors(void *pdev)
{
	pci_free_irq_vectors(pdev);
}

static void edu_ida_free(void *id)
{
	ida_free(&edu_ida, (int)(uintptr_t)id);
}

/*
 * Every step is device-managed: on a failure probe() just returns, and
 * after remove() devres undoes the steps in reverse order of acquisition.
 * That order is the teardown order the device needs:
 *
 *   /dev/eduN                  misc_deregister() in remove(), first
 *   N                          ida_free()
 *   WDFDEVICE                  stop (EvtInterruptDisable, free_irq(), DPC
 *                              and work item flushed), then delete: no ISR,
 *                              DPC or work item runs after this
 *   IRQ vector                 freed after its free_irq()
 *   bus mastering              off: no DMA (nor MSI write) from here on
 *   DMA buffer                 freed after the device can no longer reach it
 *   BAR0                       unmapped after the last ISR read it
 *   PCI function               disabled
 *   edu_dev                    probe()'s reference dropped (open files
 *                              keep theirs)
 *
 * remove() itself only quiesces: the device runs dry while the interrupt
 * is still connected, so the requests still in flight complete.
 */
static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct edu_dev *edu;
	NTSTATUS status;
	int ret;

	edu = kzalloc(sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	edu->pdev = pdev;
	kref_init(&edu->ref);
	init_rwsem(&edu->rwsem);
	ret = devm_add_action_or_reset(dev, edu_dev_put, edu);
	if (ret)
		return ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	edu->regs = edu_iomap_bar0(pdev);
	if (IS_ERR(edu->regs))
		return PTR_ERR(edu->regs);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(EDU_DMA_MASK_BITS));
	if (ret)
		return ret;
	edu->dma_buf = dmam_alloc_coherent(dev, EDU_DMA_BUF_SIZE,
					   &edu->dma_addr, GFP_KERNEL);
	if (!edu->dma_buf)
		return -ENOMEM;
	pci_set_master(pdev);	/* DMA, and MSI is a memory write */
	ret = devm_add_action_or_reset(dev, edu_clear_master, pdev);
	if (ret)
		return ret;
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | WDFSHIM_PCI_IRQ_INTX);
	if (ret < 0)
		return ret;
	ret = devm_add_action_or_reset(dev, edu_free_vectors, pdev);
	if (ret)
		return ret;
	edu->msi = pdev->msi_enabled;

	/* The WDFDEVICE is devres-managed (devm_wdfshim_device_create()). */
	status = edu_device_add(dev, edu_mode, &edu->device);
	if (!NT_SUCCESS(status))
		return edu_errno(status);
	status = edu_prepare_hardware(edu->device, edu->regs, edu->dma_buf,
				      edu->dma_addr);
	if (!NT_SUCCESS(status))
		return -ENODEV;
	ret = wdfshim_device_start(edu->device);
	if (ret)
		return ret;

	ret = ida_alloc(&edu_ida, GFP_KERNEL);
	if (ret < 0)
		return ret;
	edu->id = ret;
	ret = devm_add_action_or_reset(dev, edu_ida_free, (void *)(uintptr_t)edu->id);
	if (ret)
		return ret;
	snprintf(edu->name, sizeof(edu->name), "edu%d", edu->id);
	edu->misc.minor = MISC_DYNAMIC_MINOR;
	edu->misc.name = edu->name;
	edu->misc.fops = &edu_fops;
	edu->misc.parent = dev;
	edu->misc.groups = edu_groups;
	ret = misc_register(&edu->misc);	/* last: users may come at once */
	if (ret)
		return ret;

	pci_set_drvdata(pdev, edu);
	dev_info(dev, "/dev/%s: %s IRQ %d, mode %s\n", edu->name,
		 edu->msi ? "MSI" : "INTx", pci_irq_vector(pdev, 0),
		 edu_mode_name(edu_mode));
	return 0;
}

static void edu_remove(struct pci_dev *pdev)
{
	struct edu_dev *edu = pci_get_drvdata(pdev);

	/* No new users; sysfs handlers have returned. */
	misc_deregister(&edu->misc);
	/* Quiesce: every request completed, the device idle. */
	edu_quiesce(edu->device, timeout_ms);
	/* Open files stop using the WDFDEVICE before devres deletes it. */
	down_write(&edu->rwsem);
	edu->gone = true;
	up_write(&edu->rwsem);
	/* The rest is devres, in the order argued above edu_probe(). */
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR_ID, EDU_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, edu_ids);

static struct pci_driver edu_driver = {
	.name = KBUILD_MODNAME,
	.id_table = edu_ids,
	.probe = edu_probe,
	.remove = edu_remove,
};

static int __init edu_init(void)
{
	int i;

	for (i = 0; i < EDU_MODE_COUNT; i++)
		if (sysfs_streq(mode, edu_mode_name(i)))
			break;
	if (i == EDU_MODE_COUNT) {
		pr_err("unknown mode=%s (dpc, workitem or passive)\n", mode);
		return -EINVAL;
	}
	edu_mode = i;
	return pci_register_driver(&edu_driver);
}

static void __exit edu_exit(void)
{
	pci_unregister_driver(&edu_driver);
}

module_init(edu_init);
module_exit(edu_exit);

MODULE_DESCRIPTION("wdfshim sample: a KMDF-style driver for QEMU's edu device");
MODULE_LICENSE("GPL");
WDFSHIM_IMPORT_NS();
