// SPDX-License-Identifier: GPL-2.0
/*
 * msix_test.c - several interrupts of one device: MSI-X on QEMU's e1000e
 * (Intel 82574L, 8086:10d3).
 *
 * The 82574L has five MSI-X vectors and five interrupt causes that can be
 * routed to them: RxQ0, RxQ1, TxQ0, TxQ1 and Other. IVAR holds one 4-bit
 * field per cause (a 3-bit vector number and a valid bit), IMS/IMC set and
 * clear a cause's enable bit, ICS sets a cause from software and ICR holds
 * the raised causes, write 1 to clear. The test driver allocates all five
 * vectors, creates one WDFINTERRUPT per vector with wdfshim_device_create()
 * (interrupt N takes pci_irq_vector(pdev, N)), routes the causes to the
 * vectors in a scrambled order, and raises one cause at a time.
 *
 * How QEMU's model (hw/net/e1000e_core.c) shapes the driver code:
 *  - every update of the interrupt state sends the message of each cause
 *    that is raised and enabled, again; reading ICR is such an update, so
 *    the ISR does not read ICR: it reads ICS, which mirrors ICR without
 *    side effects, and acknowledges its own causes by writing them to ICR;
 *  - EIAC (auto-clear on delivery) is left at 0, and CTRL_EXT.IAME off, so
 *    IMS only changes when EvtInterruptEnable/Disable write IMS/IMC;
 *  - a read of ICR while IMS is 0 clears it: used once, at setup.
 * No link is ever brought up, so the "other" causes (link change) stay
 * quiet.
 */
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "irql.h"
#include "wst.h"

#define E1K_VENDOR		0x8086
#define E1K_DEVICE		0x10d3
#define E1K_CTRL_EXT		0x00018
#define E1K_CTRL_EXT_IAME	BIT(27)
#define E1K_ICR			0x000c0
#define E1K_ICS			0x000c8
#define E1K_IMS			0x000d0
#define E1K_IMC			0x000d8
#define E1K_EIAC		0x000dc
#define E1K_IVAR		0x000e4
#define E1K_IVAR_VALID		0x8
#define E1K_NR_VECTORS		5
#define E1K_ALL_CAUSES		GENMASK(24, 20)

/* The causes, in IVAR field order. */
static const struct {
	const char *name;
	u32 bit;			/* in ICR, ICS, IMS, IMC */
	unsigned int vector;		/* where the test routes it */
} wst_e1k_causes[E1K_NR_VECTORS] = {
	{ "RxQ0",  BIT(20), 2 },
	{ "RxQ1",  BIT(21), 4 },
	{ "TxQ0",  BIT(22), 0 },
	{ "TxQ1",  BIT(23), 3 },
	{ "Other", BIT(24), 1 },
};

/* How the interrupt of each vector is handled. */
static const struct {
	enum wst_kind kind;
	bool passive;
} wst_e1k_modes[E1K_NR_VECTORS] = {
	{ WST_DPC,  false },		/* DIRQL ISR, DPC */
	{ WST_WORK, true },		/* passive ISR, work item */
	{ WST_DPC,  false },
	{ WST_WORK, false },		/* DIRQL ISR, work item (via the DPC) */
	{ WST_WORK, true },
};

struct wst_e1k;

struct wst_e1k_vec {
	struct wst_e1k *e1k;
	unsigned int index;
	u32 causes;			/* routed to this vector */
	u32 acked;			/* causes the ISR acknowledged, all calls */
	WDFINTERRUPT intr;
};

struct wst_e1k {
	struct wst_pci pci;
	struct wst_e1k_vec vec[E1K_NR_VECTORS];
};

static const struct pci_device_id wst_e1k_ids[] = {
	{ PCI_DEVICE(E1K_VENDOR, E1K_DEVICE) },
	{}
};

static u32 wst_e1k_read(struct wst_e1k *e1k, unsigned int reg)
{
	return ioread32(e1k->pci.bar + reg);
}

static void wst_e1k_write(struct wst_e1k *e1k, unsigned int reg, u32 val)
{
	iowrite32(val, e1k->pci.bar + reg);
}

/* The KMDF-style ISR: claim and acknowledge this vector's raised causes. */
static void wst_e1k_isr(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_e1k_vec *v = ctx->priv;
	u32 mine = wst_e1k_read(v->e1k, E1K_ICS) & v->causes;

	ctx->claim = mine != 0;
	if (!mine)
		return;
	wst_e1k_write(v->e1k, E1K_ICR, mine);
	v->acked |= mine;
	if (wst_e1k_modes[v->index].kind == WST_DPC)
		wst_record(ctx, WdfInterruptQueueDpcForIsr(intr));
	else
		wst_record(ctx, WdfInterruptQueueWorkItemForIsr(intr));
}

/* EvtInterruptEnable/Disable: unmask and mask this vector's causes. */
static void wst_e1k_enable(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_e1k_vec *v = ctx->priv;

	wst_e1k_write(v->e1k, E1K_IMS, v->causes);
}

static void wst_e1k_disable(WDFINTERRUPT intr, WST_INTR_CTX *ctx)
{
	struct wst_e1k_vec *v = ctx->priv;

	wst_e1k_write(v->e1k, E1K_IMC, v->causes);
}

/* Undo (before the unbind): every cause masked, so nothing fires on. */
static void wst_e1k_mask_all(void *data)
{
	struct wst_e1k *e1k = data;

	if (e1k->pci.bar)
		wst_e1k_write(e1k, E1K_IMC, ~0U);
}

/*
 * Bind, map, allocate the five MSI-X vectors, route the causes, create the
 * WDFDEVICE and one interrupt per vector (not started); all of it is
 * undone when the case ends.
 */
static struct wst_e1k *wst_e1k_setup(struct kunit *test)
{
	struct wst_e1k *e1k = kunit_kzalloc(test, sizeof(*e1k), GFP_KERNEL);
	struct wst_env *env = wst_env(test);
	u32 ivar = 0;
	int i, nvec;

	KUNIT_ASSERT_NOT_NULL(test, e1k);
	if (!wst_pci_bind(test, &e1k->pci, wst_e1k_ids, "e1000e,romfile="))
		return NULL;
	wst_defer(test, wst_e1k_mask_all, e1k);
	KUNIT_ASSERT_EQ(test, pci_msix_vec_count(e1k->pci.pdev), E1K_NR_VECTORS);
	nvec = pci_alloc_irq_vectors(e1k->pci.pdev, E1K_NR_VECTORS, E1K_NR_VECTORS,
				     PCI_IRQ_MSIX);
	KUNIT_ASSERT_EQ(test, nvec, E1K_NR_VECTORS);
	KUNIT_ASSERT_TRUE(test, e1k->pci.pdev->msix_enabled);

	wst_e1k_write(e1k, E1K_IMC, ~0U);
	wst_e1k_write(e1k, E1K_EIAC, 0);
	wst_e1k_write(e1k, E1K_CTRL_EXT,
		      wst_e1k_read(e1k, E1K_CTRL_EXT) & ~E1K_CTRL_EXT_IAME);
	wst_e1k_read(e1k, E1K_ICR);	/* IMS is 0: clears ICR */
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		ivar |= (E1K_IVAR_VALID | wst_e1k_causes[i].vector) << (4 * i);
		e1k->vec[wst_e1k_causes[i].vector].causes |= wst_e1k_causes[i].bit;
	}
	wst_e1k_write(e1k, E1K_IVAR, ivar);
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_IVAR), ivar);
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_ICS) & E1K_ALL_CAUSES, 0U);

	KUNIT_ASSERT_EQ(test, wdfshim_device_create(&e1k->pci.pdev->dev, NULL,
						    &e1k->pci.device), 0);
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		struct wst_e1k_vec *v = &e1k->vec[i];
		WDF_INTERRUPT_CONFIG cfg;
		WST_INTR_CTX *ctx;

		v->e1k = e1k;
		v->index = i;
		wst_config(&cfg, wst_e1k_modes[i].kind, wst_e1k_modes[i].passive);
		v->intr = wst_interrupt_on(env, e1k->pci.device, &cfg);
		ctx = wst_ctx(v->intr);
		ctx->priv = v;
		ctx->isr_hook = wst_e1k_isr;
		ctx->enable_hook = wst_e1k_enable;
		ctx->disable_hook = wst_e1k_disable;
	}
	return e1k;
}

static struct completion *wst_e1k_done(struct wst_e1k_vec *v)
{
	WST_INTR_CTX *ctx = wst_ctx(v->intr);

	return wst_e1k_modes[v->index].kind == WST_DPC ? &ctx->dpc_done :
							 &ctx->work_done;
}

/* ISR calls of every interrupt, for before/after comparisons. */
static void wst_e1k_counts(struct wst_e1k *e1k, int *calls)
{
	int i;

	for (i = 0; i < E1K_NR_VECTORS; i++)
		calls[i] = atomic_read(&wst_ctx(e1k->vec[i].intr)->isr_calls);
}

/*
 * Nothing more runs on any vector: every handler has returned, and every
 * DPC and work item. QEMU's model sends a cause's message from the
 * register write that changes the interrupt state (the test's ICS write,
 * an ISR's acknowledging write), and on the harness's one CPU the interrupt is
 * taken right after that write, or as soon as the ISR that wrote returns:
 * a message a write caused has reached its handler before the next pass
 * below starts. A pass that sees no new ISR call ends it.
 */
static void wst_e1k_settle(struct kunit *test, struct wst_e1k *e1k)
{
	int before[E1K_NR_VECTORS], after[E1K_NR_VECTORS];
	unsigned int pass;
	int i;

	wst_e1k_counts(e1k, after);
	for (pass = 0; pass < 8; pass++) {
		memcpy(before, after, sizeof(before));
		for (i = 0; i < E1K_NR_VECTORS; i++)
			synchronize_irq(pci_irq_vector(e1k->pci.pdev, i));
		for (i = 0; i < E1K_NR_VECTORS; i++)
			wst_flush(e1k->vec[i].intr);
		wst_e1k_counts(e1k, after);
		if (!memcmp(before, after, sizeof(after)))
			return;
	}
	KUNIT_FAIL(test, "the vectors were still firing after %u passes", pass);
}

/*
 * Raise cause @c from software: exactly the interrupt of the vector it is
 * routed to runs, in its mode, and its ISR sees its own MessageID.
 */
static void wst_e1k_raise_one(struct kunit *test, struct wst_e1k *e1k,
			      unsigned int c)
{
	unsigned int n = wst_e1k_causes[c].vector;
	struct wst_e1k_vec *v = &e1k->vec[n];
	WST_INTR_CTX *ctx = wst_ctx(v->intr);
	int before[E1K_NR_VECTORS], after[E1K_NR_VECTORS];
	int i;

	kunit_info(test, "cause %s -> vector %u\n", wst_e1k_causes[c].name, n);
	wst_e1k_counts(e1k, before);
	reinit_completion(wst_e1k_done(v));
	v->acked = 0;
	ctx->message_id = ~0U;
	wst_e1k_write(e1k, E1K_ICS, wst_e1k_causes[c].bit);
	KUNIT_ASSERT_TRUE(test, wst_wait(wst_e1k_done(v)));
	wst_e1k_settle(test, e1k);	/* a wrong vector would have fired */
	wst_e1k_counts(e1k, after);
	for (i = 0; i < E1K_NR_VECTORS; i++)
		KUNIT_EXPECT_EQ_MSG(test, after[i] - before[i], i == n ? 1 : 0,
				    "cause %s: ISR calls of interrupt %d",
				    wst_e1k_causes[c].name, i);
	KUNIT_EXPECT_EQ(test, v->acked, wst_e1k_causes[c].bit);
	KUNIT_EXPECT_EQ(test, ctx->message_id, n);
	KUNIT_EXPECT_EQ(test, ctx->isr_irql,
			wst_e1k_modes[n].passive ? PASSIVE_LEVEL : WDFSHIM_DIRQL);
	if (wst_e1k_modes[n].kind == WST_DPC) {
		KUNIT_EXPECT_EQ(test, ctx->dpc_irql, DISPATCH_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, ctx->dpc_assoc, (WDFOBJECT)e1k->pci.device);
	} else {
		KUNIT_EXPECT_EQ(test, ctx->work_irql, PASSIVE_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, ctx->work_assoc, (WDFOBJECT)e1k->pci.device);
	}
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_ICS) & E1K_ALL_CAUSES, 0U);
}

static void wst_e1k_raise_each(struct kunit *test, struct wst_e1k *e1k)
{
	unsigned int c;

	for (c = 0; c < E1K_NR_VECTORS; c++)
		wst_e1k_raise_one(test, e1k, c);
}

/*
 * Five vectors, five interrupt objects: each cause reaches only the
 * interrupt of its vector, with MessageID = creation index; GetInfo
 * reports each as message-signaled with its own number and Linux IRQ.
 */
static void wdfshim_msix_vector_per_cause(struct kunit *test)
{
	struct wst_e1k *e1k = wst_e1k_setup(test);
	unsigned int vectors[E1K_NR_VECTORS];
	WDF_INTERRUPT_INFO info;
	int i, j;

	if (!e1k)
		return;
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(e1k->pci.device), 0);
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_IMS) & E1K_ALL_CAUSES,
			E1K_ALL_CAUSES);
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		WDFINTERRUPT intr = e1k->vec[i].intr;
		WST_INTR_CTX *ctx = wst_ctx(intr);

		KUNIT_EXPECT_EQ(test, atomic_read(&ctx->enable_calls), 1);
		KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(intr),
				(unsigned int)pci_irq_vector(e1k->pci.pdev, i));
		WDF_INTERRUPT_INFO_INIT(&info);
		WdfInterruptGetInfo(intr, &info);
		KUNIT_EXPECT_TRUE(test, info.MessageSignaled);
		KUNIT_EXPECT_EQ(test, info.MessageNumber, (ULONG)i);
		KUNIT_EXPECT_EQ(test, info.Vector,
				(ULONG)pci_irq_vector(e1k->pci.pdev, i));
		KUNIT_EXPECT_EQ(test, info.Mode, Latched);
		KUNIT_EXPECT_EQ(test, info.ShareDisposition,
				CmResourceShareDeviceExclusive);
		KUNIT_EXPECT_EQ(test, info.Irql,
				wst_e1k_modes[i].passive ? PASSIVE_LEVEL :
							   WDFSHIM_DIRQL);
		vectors[i] = info.Vector;
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, vectors[i], vectors[j]);
	}
	wst_e1k_raise_each(test, e1k);
	wst_e1k_raise_each(test, e1k);
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		struct wdfshim_interrupt_stats st;

		wst_stats(e1k->vec[i].intr, &st);
		KUNIT_EXPECT_EQ(test, st.isr_calls, 2ULL);
		KUNIT_EXPECT_EQ(test, st.isr_claimed, 2ULL);
		if (wst_e1k_modes[i].kind == WST_DPC) {
			KUNIT_EXPECT_EQ(test, st.dpc_runs, 2ULL);
			KUNIT_EXPECT_EQ(test, st.work_runs, 0ULL);
		} else {
			KUNIT_EXPECT_EQ(test, st.work_runs, 2ULL);
		}
	}
}

/*
 * All five causes in one ICS write: every interrupt claims its own once.
 * A threaded ISR's cause (PassiveHandling, or any under threadirqs) stays
 * raised until its thread acknowledges it, and QEMU resends it on every
 * interrupt-state update meanwhile (the other ISRs' acknowledgements), so
 * that ISR may run once more and find nothing: unclaimed, nothing queued.
 */
static void wdfshim_msix_all_causes_at_once(struct kunit *test)
{
	struct wst_e1k *e1k = wst_e1k_setup(test);
	int i;

	if (!e1k)
		return;
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(e1k->pci.device), 0);
	for (i = 0; i < E1K_NR_VECTORS; i++)
		reinit_completion(wst_e1k_done(&e1k->vec[i]));
	wst_e1k_write(e1k, E1K_ICS, E1K_ALL_CAUSES);
	for (i = 0; i < E1K_NR_VECTORS; i++)
		KUNIT_EXPECT_TRUE(test, wst_wait(wst_e1k_done(&e1k->vec[i])));
	wst_e1k_settle(test, e1k);
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		struct wst_e1k_vec *v = &e1k->vec[i];
		struct wdfshim_interrupt_stats st;

		wst_stats(v->intr, &st);
		KUNIT_EXPECT_EQ(test, v->acked, v->causes);
		KUNIT_EXPECT_EQ(test, wst_ctx(v->intr)->message_id, (ULONG)i);
		KUNIT_EXPECT_EQ(test, st.isr_claimed, 1ULL);
		KUNIT_EXPECT_GE(test, st.isr_calls, 1ULL);
		KUNIT_EXPECT_EQ(test, st.dpc_runs + st.work_runs,
				wst_e1k_modes[i].kind == WST_DPC ? 1ULL :
				wst_e1k_modes[i].passive ? 1ULL : 2ULL);
	}
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_ICS) & E1K_ALL_CAUSES, 0U);
}

/*
 * Stop: each EvtInterruptDisable masks its causes; a cause raised while
 * stopped stays latched in the device and is delivered to its interrupt
 * when restart's EvtInterruptEnable unmasks it. Then every vector works
 * again.
 */
static void wdfshim_msix_stop_restart(struct kunit *test)
{
	struct wst_e1k *e1k = wst_e1k_setup(test);
	int before[E1K_NR_VECTORS], after[E1K_NR_VECTORS];
	const unsigned int c = 3;	/* TxQ1 */
	struct wst_e1k_vec *v;
	WDF_INTERRUPT_INFO info;
	int i;

	if (!e1k)
		return;
	v = &e1k->vec[wst_e1k_causes[c].vector];
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(e1k->pci.device), 0);
	wst_e1k_raise_each(test, e1k);

	wdfshim_device_stop(e1k->pci.device);
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_IMS) & E1K_ALL_CAUSES, 0U);
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		WST_INTR_CTX *ctx = wst_ctx(e1k->vec[i].intr);

		KUNIT_EXPECT_EQ(test, atomic_read(&ctx->disable_calls), 1);
		WDF_INTERRUPT_INFO_INIT(&info);
		WdfInterruptGetInfo(e1k->vec[i].intr, &info);
		KUNIT_EXPECT_EQ(test, info.Vector, (ULONG)0);
		KUNIT_EXPECT_EQ(test, info.MessageNumber, (ULONG)i);
	}
	wst_e1k_counts(e1k, before);
	wst_e1k_write(e1k, E1K_ICS, wst_e1k_causes[c].bit);
	wst_e1k_settle(test, e1k);
	wst_e1k_counts(e1k, after);
	for (i = 0; i < E1K_NR_VECTORS; i++)
		KUNIT_EXPECT_EQ(test, after[i], before[i]);
	KUNIT_EXPECT_EQ(test, wst_e1k_read(e1k, E1K_ICS) & E1K_ALL_CAUSES,
			wst_e1k_causes[c].bit);

	reinit_completion(wst_e1k_done(v));
	v->acked = 0;
	KUNIT_ASSERT_EQ(test, wdfshim_device_start(e1k->pci.device), 0);
	KUNIT_ASSERT_TRUE(test, wst_wait(wst_e1k_done(v)));
	wst_e1k_settle(test, e1k);
	wst_e1k_counts(e1k, after);
	for (i = 0; i < E1K_NR_VECTORS; i++)
		KUNIT_EXPECT_EQ(test, after[i] - before[i],
				e1k->vec + i == v ? 1 : 0);
	KUNIT_EXPECT_EQ(test, v->acked, wst_e1k_causes[c].bit);
	for (i = 0; i < E1K_NR_VECTORS; i++) {
		KUNIT_EXPECT_EQ(test,
				atomic_read(&wst_ctx(e1k->vec[i].intr)->enable_calls), 2);
		KUNIT_EXPECT_EQ(test, wdfshim_interrupt_linux_irq(e1k->vec[i].intr),
				(unsigned int)pci_irq_vector(e1k->pci.pdev, i));
	}
	wst_e1k_raise_each(test, e1k);
}

static struct kunit_case wdfshim_msix_cases[] = {
	KUNIT_CASE(wdfshim_msix_vector_per_cause),
	KUNIT_CASE(wdfshim_msix_all_causes_at_once),
	KUNIT_CASE(wdfshim_msix_stop_restart),
	{}
};

static struct kunit_suite wdfshim_msix_suite = {
	.name = "wdfshim_msix",
	.init = wst_test_init,
	.exit = wst_test_exit,
	.test_cases = wdfshim_msix_cases,
};

kunit_test_suites(&wdfshim_msix_suite);
