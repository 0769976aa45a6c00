// SPDX-License-Identifier: GPL-2.0
/*
 * edu_test.c - wdfshim on a real PCI device: QEMU's edu (1234:11e8).
 *
 * Each case binds a small pci_driver to the device, creates the WDFDEVICE
 * with wdfshim_device_create() (the PCI glue: vector N for interrupt N),
 * and has the device raise interrupts: "factorial done" (status 0x1) and
 * software-raised ones (register 0x60). MSI and INTx are both exercised.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "irql.h"
#include "wst.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_REG_ID		0x00
#define EDU_REG_FACTORIAL	0x08
#define EDU_REG_STATUS		0x20
#define EDU_STATUS_IRQFACT	0x80
#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_RAISE	0x60
#define EDU_REG_IRQ_ACK		0x64
#define EDU_IRQ_FACTORIAL	0x1

struct wst_edu {
	struct wst_pci pci;
	u32 status;			/* last status the ISR acknowledged */
	u32 result;
};

static const struct pci_device_id wst_edu_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{}
};

/* The KMDF-style ISR: read and acknowledge; claim only a real cause. */
static bool wst_edu_ack(WST_INTR_CTX *ctx)
{
	struct wst_edu *edu = ctx->priv;
	u32 status = ioread32(edu->pci.bar + EDU_REG_IRQ_STATUS);

	ctx->claim = status != 0;
	if (status) {
		iowrite32(status, edu->pci.bar + EDU_REG_IRQ_ACK);
		edu->status = status;
	}
	return status;
}

static void wst_edu_isr(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	if (wst_edu_ack(ctx))
		wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
}

static void wst_edu_read_result(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_edu *edu = ctx->priv;

	edu->result = ioread32(edu->pci.bar + EDU_REG_FACTORIAL);
}

/*
 * Bind, map, allocate one vector of @irq_type, create the WDFDEVICE; all
 * of it is undone when the case ends (wst_pci_bind()).
 */
static struct wst_edu *wst_edu_setup(struct kunit *test, unsigned int irq_type)
{
	struct wst_edu *edu = kunit_kzalloc(test, sizeof(*edu), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, edu);
	if (!wst_pci_bind(test, &edu->pci, wst_edu_ids, "edu"))
		return NULL;
	KUNIT_EXPECT_EQ(test, ioread32(edu->pci.bar + EDU_REG_ID) & 0xff, 0xedU);
	KUNIT_ASSERT_EQ(test, pci_alloc_irq_vectors(edu->pci.pdev, 1, 1, irq_type), 1);
	KUNIT_ASSERT_EQ(test, wdfshim_device_create(&edu->pci.pdev->dev, NULL,
						    &edu->pci.device), 0);
	return edu;
}

static WDFINTERRUPT wst_edu_interrupt(struct kunit *test, struct wst_edu *edu,
				      enum wst_kind kind, bool passive)
{
	struct wst_env *env = wst_env(test);
	WDF_INTERRUPT_CONFIG cfg;
	WDFINTERRUPT intr;
	WST_INTR_CTX *ctx;

	wst_config(&cfg, kind, passive);
	intr = wst_interrupt_on(env, edu->pci.device, &cfg);
	ctx = wst_ctx(intr);
	ctx->priv = edu;
	ctx->isr_hook = wst_edu_isr;
	return intr;
}

/*
 * Nothing more runs for @intr: its handlers have returned, then its DPC
 * and work item. The edu raises its interrupt from the register write,
 * and on the harness's one CPU the interrupt is taken right after that
 * write: by now it has reached its handler.
 */
static void wst_edu_settle(struct wst_edu *edu, WDFINTERRUPT intr)
{
	synchronize_irq(pci_irq_vector(edu->pci.pdev, 0));
	wst_flush(intr);
}

static u32 wst_edu_factorial(struct kunit *test, struct wst_edu *edu,
			     WST_INTR_CTX *ctx, u32 n)
{
	reinit_completion(&ctx->dpc_done);
	iowrite32(EDU_STATUS_IRQFACT, edu->pci.bar + EDU_REG_STATUS);
	iowrite32(n, edu->pci.bar + EDU_REG_FACTORIAL);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->dpc_done));
	return edu->result;
}

/* MSI, DIRQL ISR + DPC: the factorial-done interrupt completes jobs. */
static void wdfshim_edu_msi_factorial_dpc(struct kunit *test)
{
	struct wst_edu *edu = wst_edu_setup(test, PCI_IRQ_MSI);
	static const u32 expect[] = { 1, 1, 2, 6, 24, 120, 720, 5040, 40320 };
	WDF_INTERRUPT_INFO info;
	WDFINTERRUPT intr;
	WST_INTR_CTX *ctx;
	u32 n;

	if (!edu)
		return;
	KUNIT_EXPECT_TRUE(test, edu->pci.pdev->msi_enabled);
	intr = wst_edu_interrupt(test, edu, WST_DPC, false);
	ctx = wst_ctx(intr);
	ctx->dpc_hook = wst_edu_read_result;
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(edu->pci.device), 0);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr),
			(unsigned int)pci_irq_vector(edu->pci.pdev, 0));
	WDF_INTERRUPT_INFO_INIT(&info);
	WdfInterruptGetInfo(intr, &info);
	KUNIT_EXPECT_TRUE(test, info.MessageSignaled);
	for (n = 0; n < ARRAY_SIZE(expect); n++)
		KUNIT_EXPECT_EQ(test, wst_edu_factorial(test, edu, ctx, n), expect[n]);
	KUNIT_EXPECT_EQ(test, edu->status, (u32)EDU_IRQ_FACTORIAL);
	KUNIT_EXPECT_EQ(test, ctx->isr_irql, WDFSHIM_DIRQL);
	KUNIT_EXPECT_EQ(test, ctx->dpc_irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, ctx->message_id, 0U);
	KUNIT_EXPECT_PTR_EQ(test, ctx->dpc_assoc, (WDFOBJECT)edu->pci.device);
}

static void wst_edu_isr_queue_work(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	if (wst_edu_ack(ctx))
		wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

/* Raise a software interrupt and wait for the work item it leads to. */
static void wst_edu_raise(struct kunit *test, struct wst_edu *edu,
			  WST_INTR_CTX *ctx, u32 bits)
{
	reinit_completion(&ctx->work_done);
	iowrite32(bits, edu->pci.bar + EDU_REG_IRQ_RAISE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->work_done));
}

/*
 * Fifty raised interrupts, each acknowledged by the ISR and followed by
 * the work item: on MSI with a PassiveHandling ISR (threaded,
 * IRQF_ONESHOT), which queues the work item directly; on INTx (level,
 * shared) with a DIRQL ISR, which goes through the DPC.
 */
struct wst_edu_work_row {
	const char *name;
	unsigned int irq_type;
	bool passive;
	u32 bits;			/* raised, and acknowledged */
	KIRQL isr_irql;
};

static const struct wst_edu_work_row wst_edu_work_rows[] = {
	{ "msi_passive_isr", PCI_IRQ_MSI, true, 0x4, PASSIVE_LEVEL },
	{ "intx_dirql_isr", WDFSHIM_PCI_IRQ_INTX, false, 0x8, WDFSHIM_DIRQL },
};

static void wst_edu_work_row_desc(const struct wst_edu_work_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wst_edu_work, wst_edu_work_rows, wst_edu_work_row_desc);

static void wdfshim_edu_each_raise_runs_the_work_item(struct kunit *test)
{
	const struct wst_edu_work_row *row = test->param_value;
	struct wst_edu *edu = wst_edu_setup(test, row->irq_type);
	struct wdfshim_interrupt_stats st;
	WDFINTERRUPT intr;
	WST_INTR_CTX *ctx;
	int i;

	if (!edu)
		return;
	KUNIT_EXPECT_EQ(test, !!edu->pci.pdev->msi_enabled,
			row->irq_type == PCI_IRQ_MSI);
	intr = wst_edu_interrupt(test, edu, WST_WORK, row->passive);
	ctx = wst_ctx(intr);
	ctx->isr_hook = wst_edu_isr_queue_work;
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(edu->pci.device), 0);
	KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr),
			(unsigned int)pci_irq_vector(edu->pci.pdev, 0));
	for (i = 0; i < 50; i++)
		wst_edu_raise(test, edu, ctx, row->bits);
	KUNIT_EXPECT_EQ(test, edu->status, row->bits);
	KUNIT_EXPECT_EQ(test, ctx->isr_irql, row->isr_irql);
	KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, ctx->message_id, 0U);
	wst_stats(intr, &st);
	if (row->passive) {
		KUNIT_EXPECT_EQ(test, st.isr_claimed, 50ULL);
		KUNIT_EXPECT_EQ(test, st.dpc_queued, 0ULL);
	} else {
		KUNIT_EXPECT_GE(test, st.isr_claimed, 50ULL);
		KUNIT_EXPECT_EQ(test, st.dpc_queued, st.dpc_runs);
	}
	KUNIT_EXPECT_EQ(test, st.work_runs, 50ULL);
	KUNIT_EXPECT_EQ(test, ioread32(edu->pci.bar + EDU_REG_IRQ_STATUS), 0U);
}

/*
 * Two "functions" behind one INTx line: the edu's status bits 0x00ff
 * belong to the wdfshim driver, 0xff00 to a foreign handler that shares
 * the Linux IRQ (IRQF_SHARED, registered after wdfshim's). Each handler
 * acknowledges only its own bits; a level line that nobody acknowledges
 * would storm, so every raise here is claimed by one of them.
 */
#define WST_EDU_OURS		0x00ffU
#define WST_EDU_THEIRS		0xff00U

struct wst_edu_foreign {
	struct wst_edu *edu;
	unsigned int irq;
	atomic_t calls, handled;
	struct completion done;
};

static irqreturn_t wst_edu_foreign_handler(int irq, void *data)
{
	struct wst_edu_foreign *f = data;
	void __iomem *bar = f->edu->pci.bar;
	u32 theirs = ioread32(bar + EDU_REG_IRQ_STATUS) & WST_EDU_THEIRS;

	atomic_inc(&f->calls);
	if (theirs) {
		iowrite32(theirs, bar + EDU_REG_IRQ_ACK);
		atomic_inc(&f->handled);
	}
	complete(&f->done);
	return theirs ? IRQ_HANDLED : IRQ_NONE;
}

/* Undo of the foreign handler's request_irq(). */
static void wst_edu_free_foreign(void *data)
{
	struct wst_edu_foreign *f = data;

	free_irq(f->irq, f);
}

static void wst_edu_isr_ours(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_edu *edu = ctx->priv;
	u32 ours = ioread32(edu->pci.bar + EDU_REG_IRQ_STATUS) & WST_EDU_OURS;

	ctx->claim = ours != 0;
	if (!ours)
		return;
	iowrite32(ours, edu->pci.bar + EDU_REG_IRQ_ACK);
	edu->status = ours;
	wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

/* Raise the foreign function's interrupt and wait for its handler. */
static void wst_edu_raise_theirs(struct kunit *test, struct wst_edu *edu,
				 struct wst_edu_foreign *f, u32 bits)
{
	int handled = atomic_read(&f->handled);

	reinit_completion(&f->done);
	iowrite32(bits, edu->pci.bar + EDU_REG_IRQ_RAISE);
	KUNIT_ASSERT_TRUE(test, wst_wait(&f->done));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->handled), handled + 1);
}

/*
 * INTx shared with a foreign handler on a real line: wdfshim's ISR claims
 * its device's interrupts while the other handler is called too and
 * returns IRQ_NONE; for the other's interrupts wdfshim's ISR returns FALSE
 * and queues nothing; after stop only the other handler is called.
 */
static void wdfshim_edu_intx_shared_foreign(struct kunit *test)
{
	struct wst_edu *edu = wst_edu_setup(test, WDFSHIM_PCI_IRQ_INTX);
	struct wdfshim_interrupt_stats st;
	struct wst_edu_foreign *f;
	WDF_INTERRUPT_INFO info;
	WDFINTERRUPT intr;
	WST_INTR_CTX *ctx;
	unsigned int irq;
	int i, calls;

	if (!edu)
		return;
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->edu = edu;
	init_completion(&f->done);
	intr = wst_edu_interrupt(test, edu, WST_WORK, false);
	ctx = wst_ctx(intr);
	ctx->isr_hook = wst_edu_isr_ours;
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(edu->pci.device), 0);
	irq = pci_irq_vector(edu->pci.pdev, 0);
	KUNIT_ASSERT_EQ(test, wdfshim_interrupt_linux_irq(intr), irq);
	WDF_INTERRUPT_INFO_INIT(&info);
	WdfInterruptGetInfo(intr, &info);
	KUNIT_EXPECT_FALSE(test, info.MessageSignaled);
	KUNIT_EXPECT_EQ(test, info.ShareDisposition, CmResourceShareShared);
	KUNIT_EXPECT_EQ(test, info.Mode, LevelSensitive);
	KUNIT_ASSERT_EQ(test, request_irq(irq, wst_edu_foreign_handler,
					  IRQF_SHARED, "wst-edu-sharer", f), 0);
	f->irq = irq;
	wst_defer(test, wst_edu_free_foreign, f);

	/* Ours: claimed and acknowledged by wdfshim, the other one says no. */
	for (i = 0; i < 20; i++) {
		reinit_completion(&f->done);
		wst_edu_raise(test, edu, ctx, 0x8);
		KUNIT_ASSERT_TRUE(test, wst_wait(&f->done));
	}
	KUNIT_EXPECT_EQ(test, edu->status, 0x8U);
	KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->handled), 0);
	KUNIT_EXPECT_GE(test, atomic_read(&f->calls), 20);
	wst_edu_settle(edu, intr);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.isr_claimed, 20ULL);
	KUNIT_EXPECT_EQ(test, st.work_runs, 20ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->calls), (int)st.isr_calls);

	/* Theirs: wdfshim's ISR is called, returns FALSE, queues nothing. */
	for (i = 0; i < 20; i++) {
		reinit_completion(&ctx->isr_done);
		wst_edu_raise_theirs(test, edu, f, 0x100 << (i % 8));
		KUNIT_ASSERT_TRUE(test, wst_wait(&ctx->isr_done));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&f->handled), 20);
	wst_edu_settle(edu, intr);
	wst_stats(intr, &st);
	KUNIT_EXPECT_EQ(test, st.isr_claimed, 20ULL);
	KUNIT_EXPECT_GE(test, st.isr_calls, 40ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_queued, 20ULL);
	KUNIT_EXPECT_EQ(test, st.work_runs, 20ULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->calls), (int)st.isr_calls);

	/* Stopped: the line stays with the other handler. */
	wdfshim_device_stop(edu->pci.device);
	calls = atomic_read(&ctx->isr_calls);
	for (i = 0; i < 20; i++)
		wst_edu_raise_theirs(test, edu, f, 0x100 << (i % 8));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->handled), 40);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->isr_calls), calls);
	KUNIT_EXPECT_EQ(test, ioread32(edu->pci.bar + EDU_REG_IRQ_STATUS), 0U);
}

/* A burst of raised interrupts, none waited for: every one acknowledged. */
static void wdfshim_edu_msi_burst(struct kunit *test)
{
	struct wst_edu *edu = wst_edu_setup(test, PCI_IRQ_MSI);
	struct wdfshim_interrupt_stats st;
	unsigned long timeout;
	WDFINTERRUPT intr;
	int i;

	if (!edu)
		return;
	intr = wst_edu_interrupt(test, edu, WST_DPC, false);
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(edu->pci.device), 0);
	for (i = 0; i < 1000; i++)
		iowrite32(BIT(8 + i % 8), edu->pci.bar + EDU_REG_IRQ_RAISE);
	/*
	 * Every raise must be acknowledged: the line stays raised until the
	 * ISRs have cleared each bit. The fixture's bound for what must
	 * happen (WST_TIMEOUT) covers 1000 raises under TCG.
	 */
	timeout = jiffies + WST_TIMEOUT;
	while (ioread32(edu->pci.bar + EDU_REG_IRQ_STATUS) && time_before(jiffies, timeout))
		usleep_range(5000, 10000);
	wst_edu_settle(edu, intr);
	KUNIT_EXPECT_EQ(test, ioread32(edu->pci.bar + EDU_REG_IRQ_STATUS), 0U);
	wst_stats(intr, &st);
	KUNIT_EXPECT_GE(test, st.isr_claimed, 1ULL);
	KUNIT_EXPECT_EQ(test, st.dpc_queued + st.dpc_coalesced, st.isr_claimed);
	KUNIT_EXPECT_EQ(test, st.dpc_runs, st.dpc_queued);
	kunit_info(test, "1000 raises: %llu ISR claims, %llu DPCs, %llu coalesced\n",
		   st.isr_claimed, st.dpc_runs, st.dpc_coalesced);
}

static struct kunit_case wdfshim_edu_cases[] = {
	KUNIT_CASE(wdfshim_edu_msi_factorial_dpc),
	KUNIT_CASE_PARAM(wdfshim_edu_each_raise_runs_the_work_item,
			 wst_edu_work_gen_params),
	KUNIT_CASE(wdfshim_edu_intx_shared_foreign),
	KUNIT_CASE(wdfshim_edu_msi_burst),
	{}
};

static struct kunit_suite wdfshim_edu_suite = {
	.name = "wdfshim_edu",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_edu_cases,
};

kunit_test_suites(&wdfshim_edu_suite);
