// SPDX-License-Identifier: GPL-2.0
/*
 * edu_kmdf.c - the "ported Windows driver": a KMDF-style driver for QEMU's
 * edu device, written against wdfshim's wdfinterrupt.h. Nothing in this
 * file knows about PCI, file operations or sysfs; edu_linux.c does.
 *
 * Where each function would be in a Windows KMDF driver:
 *
 *   here                         Windows KMDF
 *   ---------------------------  --------------------------------------------
 *   edu_device_add               EvtDriverDeviceAdd: WdfDeviceCreate with the
 *                                EDU_DEVICE_CONTEXT, WdfInterruptCreate. Only
 *                                the WdfDeviceCreate line changed.
 *   edu_prepare_hardware         EvtDevicePrepareHardware: keep BAR0 (the
 *                                glue did MmMapIoSpaceEx) and the common
 *                                buffer (WdfCommonBufferCreate), check the ID
 *   EduEvtInterruptEnable        EvtInterruptEnable (unchanged)
 *   EduEvtInterruptDisable       EvtInterruptDisable (unchanged)
 *   EduEvtInterruptIsr           EvtInterruptIsr (unchanged)
 *   EduEvtInterruptDpc           EvtInterruptDpc (unchanged)
 *   EduEvtInterruptWorkItem      EvtInterruptWorkItem (unchanged)
 *   edu_submit                   EvtIoWrite/EvtIoDeviceControl: put the
 *                                WDFREQUEST on the engine's manual queue,
 *                                start the engine if idle
 *   edu_cancel                   EvtRequestCancel
 *   EduCompleteRequestLocked     WdfRequestCompleteWithInformation
 *   edu_raise_interrupts         a test IOCTL: software interrupt burst
 *   edu_quiesce                  EvtDeviceSelfManagedIoSuspend: purge the
 *                                queues (WdfIoQueuePurge), let the device
 *                                finish what it runs
 *   edu_get_stats                a diagnostic IOCTL (WdfInterruptSynchronize)
 *
 * The entry points the glue calls (edu.h) have kernel-style names; the
 * framework callbacks and helpers behind them keep Windows names. Kernel
 * primitives used directly: readl/writel for READ/WRITE_REGISTER_ULONG, a
 * wait queue for a KEVENT, ktime_get_ns() for KeQueryInterruptTime(), a
 * list_head for LIST_ENTRY, the request's completion for the I/O
 * manager's wait on the caller's behalf.
 *
 * Interrupt handling, by mode (module parameter, see edu.h):
 *   EDU_MODE_DPC       ISR at DIRQL, EvtInterruptDpc (a tasklet)
 *   EDU_MODE_WORKITEM  ISR at DIRQL, EvtInterruptWorkItem (a worker thread)
 *   EDU_MODE_PASSIVE   ISR at PASSIVE_LEVEL (threaded IRQ, IRQF_ONESHOT),
 *                    EvtInterruptWorkItem
 * In every mode the ISR reads and acknowledges the interrupt status, so a
 * level-triggered INTx line drops before the ISR returns, and records the
 * bits for the deferred routine, which completes the requests.
 *
 * Lock legend: the fields marked [I] are guarded by the interrupt lock
 * (WdfInterruptAcquireLock: a spinlock with interrupts off at DIRQL, a
 * mutex with PassiveHandling); the ISR runs under it. Fields marked [I, r]
 * are also read without the lock (READ_ONCE) by waiters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bottom_half.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <wdf.h>

#include "edu.h"

/* One engine of the device (factorial unit, DMA unit): a manual queue. */
struct edu_engine {
	struct list_head Queue;		/* [I] requests not started */
	struct edu_request *Current;	/* [I] started; NULL once cancelled */
	BOOLEAN Busy;			/* [I, r] the device is executing a job */
};

typedef struct _EDU_DEVICE_CONTEXT {
	WDFDEVICE Device;
	WDFINTERRUPT Interrupt;
	enum edu_mode Mode;
	void __iomem *Registers;
	PVOID CommonBuffer;		/* EDU_DMA_BUF_SIZE bytes, DMA-coherent */
	dma_addr_t CommonBufferLogical;

	ULONG IsrStatus;		/* [I] acknowledged, not yet processed */
	u64 IsrTimeNs;			/* [I] when the oldest of those came */
	struct edu_engine Factorial;
	struct edu_engine Dma;
	BOOLEAN Removing;		/* [I, r] edu_quiesce() has begun */
	u64 SoftSeen;			/* [I, r] ISR calls that saw EDU_IRQ_SOFT */
	u64 SoftHandled;		/* [I, r] SoftSeen as of the last deferred run */
	atomic64_t SoftRaised;
	struct edu_stats Stats;		/* [I] (.intr comes from wdfshim) */
	wait_queue_head_t StateChanged;	/* the KEVENT: engines idle, burst done */
} EDU_DEVICE_CONTEXT, *PEDU_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(EDU_DEVICE_CONTEXT, EduGetContext)

static EVT_WDF_INTERRUPT_ISR EduEvtInterruptIsr;
static EVT_WDF_INTERRUPT_DPC EduEvtInterruptDpc;
static EVT_WDF_INTERRUPT_WORKITEM EduEvtInterruptWorkItem;
static EVT_WDF_INTERRUPT_ENABLE EduEvtInterruptEnable;
static EVT_WDF_INTERRUPT_DISABLE EduEvtInterruptDisable;
static EVT_WDF_INTERRUPT_SYNCHRONIZE EduEvtSnapshotStats;

static const char * const edu_mode_names[EDU_MODE_COUNT] = {
	[EDU_MODE_DPC] = "dpc",
	[EDU_MODE_WORKITEM] = "workitem",
	[EDU_MODE_PASSIVE] = "passive",
};

const char *edu_mode_name(enum edu_mode mode)
{
	return mode < EDU_MODE_COUNT ? edu_mode_names[mode] : "?";
}

static ULONG EduRead(PEDU_DEVICE_CONTEXT Context, ULONG Register)
{
	return readl(Context->Registers + Register);
}

static VOID EduWrite(PEDU_DEVICE_CONTEXT Context, ULONG Register, ULONG Value)
{
	writel(Value, Context->Registers + Register);
}

static VOID EduWrite64(PEDU_DEVICE_CONTEXT Context, ULONG Register, u64 Value)
{
	writeq(Value, Context->Registers + Register);
}

static struct device *EduDev(PEDU_DEVICE_CONTEXT Context)
{
	return wdfshim_device_to_dev(Context->Device);
}

/* ---- device add, hardware, interrupt enable/disable --------------------- */

/**
 * edu_device_add - EvtDriverDeviceAdd: the WDFDEVICE and its interrupt
 * @dev: the Linux device (PCI function)
 * @mode: how interrupts are handled
 * @Device: receives the device
 *
 * Context: PASSIVE_LEVEL (probe).
 * Return: STATUS_SUCCESS, or the failure; the device, if created, is
 * deleted by devres when probe() fails.
 */
NTSTATUS edu_device_add(struct device *dev, enum edu_mode mode, WDFDEVICE *Device)
{
	WDF_INTERRUPT_CONFIG interruptConfig;
	WDF_OBJECT_ATTRIBUTES attributes;
	PEDU_DEVICE_CONTEXT context;
	WDFDEVICE device;
	NTSTATUS status;
	int ret;

	WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, EDU_DEVICE_CONTEXT);
	/*
	 * KMDF: status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
	 * deleted by devres when the driver detaches or probe() fails.
	 */
	ret = devm_wdfshim_device_create(dev, &attributes, &device);
	if (ret)
		return ret == -ENOMEM ? STATUS_INSUFFICIENT_RESOURCES :
					STATUS_INVALID_PARAMETER;

	context = EduGetContext(device);
	context->Device = device;
	context->Mode = mode;
	INIT_LIST_HEAD(&context->Factorial.Queue);
	INIT_LIST_HEAD(&context->Dma.Queue);
	atomic64_set(&context->SoftRaised, 0);
	init_waitqueue_head(&context->StateChanged);

	WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, EduEvtInterruptIsr,
				  mode == EDU_MODE_DPC ? EduEvtInterruptDpc : NULL);
	if (mode != EDU_MODE_DPC)
		interruptConfig.EvtInterruptWorkItem = EduEvtInterruptWorkItem;
	interruptConfig.PassiveHandling = mode == EDU_MODE_PASSIVE;
	interruptConfig.EvtInterruptEnable = EduEvtInterruptEnable;
	interruptConfig.EvtInterruptDisable = EduEvtInterruptDisable;
	status = WdfInterruptCreate(device, &interruptConfig,
				    WDF_NO_OBJECT_ATTRIBUTES,
				    &context->Interrupt);
	/*
	 * On a failure probe() fails, and devres deletes the device: what
	 * KMDF does when EvtDriverDeviceAdd fails.
	 */
	if (!NT_SUCCESS(status))
		return status;
	*Device = device;
	return STATUS_SUCCESS;
}

/**
 * edu_prepare_hardware - EvtDevicePrepareHardware: registers, DMA buffer
 * @Device: the device
 * @regs: BAR0, mapped
 * @dma_buf: EDU_DMA_BUF_SIZE bytes of DMA-coherent memory (the common buffer)
 * @dma_addr: its device address (fits the 28-bit DMA mask)
 *
 * Context: PASSIVE_LEVEL, before the device is started.
 * Return: STATUS_SUCCESS, or STATUS_UNSUCCESSFUL when this is not an edu.
 */
NTSTATUS edu_prepare_hardware(WDFDEVICE Device, void __iomem *regs,
			      void *dma_buf, dma_addr_t dma_addr)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(Device);
	ULONG id;

	context->Registers = regs;
	context->CommonBuffer = dma_buf;
	context->CommonBufferLogical = dma_addr;

	id = EduRead(context, EDU_REG_ID);
	EduWrite(context, EDU_REG_LIVENESS, id);
	if ((id & EDU_ID_MASK) != EDU_ID_MAGIC ||
	    EduRead(context, EDU_REG_LIVENESS) != ~id) {
		dev_err(EduDev(context), "not an edu device (id 0x%08x)\n", id);
		return STATUS_UNSUCCESSFUL;
	}
	dev_info(EduDev(context), "edu device v%u.%u, interrupts: %s\n",
		 id >> 24, (id >> 16) & 0xff, edu_mode_name(context->Mode));
	return STATUS_SUCCESS;
}

/* Called under the interrupt lock when the interrupt is connected. */
static NTSTATUS EduEvtInterruptEnable(WDFINTERRUPT Interrupt,
				      WDFDEVICE AssociatedDevice)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(AssociatedDevice);

	EduWrite(context, EDU_REG_IRQ_ACK, EduRead(context, EDU_REG_IRQ_STATUS));
	EduWrite(context, EDU_REG_STATUS, EDU_STATUS_IRQFACT);
	return STATUS_SUCCESS;
}

/*
 * Called under the interrupt lock before the interrupt is disconnected.
 * edu_quiesce() has let the engines run dry; a DMA interrupt cannot be
 * turned off, so this relies on that.
 */
static NTSTATUS EduEvtInterruptDisable(WDFINTERRUPT Interrupt,
				       WDFDEVICE AssociatedDevice)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(AssociatedDevice);

	EduWrite(context, EDU_REG_STATUS, 0);
	EduWrite(context, EDU_REG_IRQ_ACK, EduRead(context, EDU_REG_IRQ_STATUS));
	return STATUS_SUCCESS;
}

/* ---- interrupt handling ------------------------------------------------- */

/*
 * EvtInterruptIsr: at DIRQL, or at PASSIVE_LEVEL with PassiveHandling;
 * under the interrupt lock either way. Read and acknowledge everything the
 * device reports (INTx is level-triggered: the line stays up until the
 * status is 0), leave the bits for the deferred routine, queue it.
 */
static BOOLEAN EduEvtInterruptIsr(WDFINTERRUPT Interrupt, ULONG MessageID)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(WdfInterruptGetDevice(Interrupt));
	ULONG status;

	status = EduRead(context, EDU_REG_IRQ_STATUS);
	if (status == 0 || status == ~0U)
		return FALSE;	/* a shared line's other device, or ours is gone */

	if (!context->IsrStatus)
		context->IsrTimeNs = ktime_get_ns();
	context->IsrStatus |= status;
	/* Count before acknowledging: EduSoftIrqsHandled() relies on it. */
	if (status & EDU_IRQ_SOFT)
		WRITE_ONCE(context->SoftSeen, context->SoftSeen + 1);
	EduWrite(context, EDU_REG_IRQ_ACK, status);

	if (context->Mode == EDU_MODE_DPC)
		WdfInterruptQueueDpcForIsr(Interrupt);
	else
		WdfInterruptQueueWorkItemForIsr(Interrupt);
	return TRUE;
}

static VOID EduCompleteRequestLocked(PEDU_DEVICE_CONTEXT Context,
				     struct edu_request *Request, NTSTATUS Status)
{
	struct edu_stats *stats = &Context->Stats;
	u64 latency;

	Request->status = Status;
	Request->complete_ns = ktime_get_ns();
	Request->state = EDU_REQ_DONE;
	latency = Request->complete_ns - Request->submit_ns;
	if (!NT_SUCCESS(Status)) {
		stats->cancelled++;
	} else if (Request->type == EDU_REQ_FACTORIAL) {
		stats->fact_jobs++;
		stats->fact_latency_total_ns += latency;
		stats->fact_latency_max_ns = max(stats->fact_latency_max_ns, latency);
	} else {
		stats->dma_jobs++;
		stats->dma_latency_total_ns += latency;
		stats->dma_latency_max_ns = max(stats->dma_latency_max_ns, latency);
	}
	complete(&Request->done);
}

static VOID EduStartDmaLocked(PEDU_DEVICE_CONTEXT Context, u64 Source,
			      u64 Destination, ULONG Length, ULONG Command)
{
	EduWrite64(Context, EDU_REG_DMA_SRC, Source);
	EduWrite64(Context, EDU_REG_DMA_DST, Destination);
	EduWrite64(Context, EDU_REG_DMA_COUNT, Length);
	EduWrite64(Context, EDU_REG_DMA_CMD, Command | EDU_DMA_CMD_START |
		   EDU_DMA_CMD_IRQ);
}

/* Start the engine's next request if the engine is idle. */
static VOID EduStartEngineLocked(PEDU_DEVICE_CONTEXT Context, struct edu_engine *Engine)
{
	struct edu_request *request;

	if (Engine->Busy || list_empty(&Engine->Queue))
		return;
	request = list_first_entry(&Engine->Queue, struct edu_request, entry);
	list_del_init(&request->entry);
	request->state = EDU_REQ_RUNNING;
	Engine->Current = request;
	WRITE_ONCE(Engine->Busy, TRUE);

	switch (request->type) {
	case EDU_REQ_FACTORIAL:
		EduWrite(Context, EDU_REG_FACTORIAL, request->n);
		break;
	case EDU_REQ_DMA_TO_DEVICE:
		memcpy(Context->CommonBuffer, request->buf, request->len);
		EduStartDmaLocked(Context, Context->CommonBufferLogical,
				  EDU_DMA_DEV_ADDR + request->offset,
				  request->len, 0);
		break;
	case EDU_REQ_DMA_FROM_DEVICE:
		EduStartDmaLocked(Context, EDU_DMA_DEV_ADDR + request->offset,
				  Context->CommonBufferLogical, request->len,
				  EDU_DMA_CMD_TO_RAM);
		break;
	}
}

/*
 * The engine's job finished: complete its request (unless cancelled while
 * the device ran it), start the next one. An event the engine did not ask
 * for (still busy per the device, or idle per the driver) is ignored.
 */
static VOID EduEngineDoneLocked(PEDU_DEVICE_CONTEXT Context, struct edu_engine *Engine)
{
	struct edu_request *request = Engine->Current;
	BOOLEAN running;

	if (Engine == &Context->Factorial)
		running = EduRead(Context, EDU_REG_STATUS) & EDU_STATUS_COMPUTING;
	else
		running = EduRead(Context, EDU_REG_DMA_CMD) & EDU_DMA_CMD_START;
	if (!Engine->Busy || running)
		return;

	Engine->Current = NULL;
	WRITE_ONCE(Engine->Busy, FALSE);
	if (request) {
		if (request->type == EDU_REQ_FACTORIAL)
			request->result = EduRead(Context, EDU_REG_FACTORIAL);
		else if (request->type == EDU_REQ_DMA_FROM_DEVICE)
			memcpy(request->buf, Context->CommonBuffer,
			       request->len);
		EduCompleteRequestLocked(Context, request, STATUS_SUCCESS);
	}
	EduStartEngineLocked(Context, Engine);
}

/* What the DPC and the work item share: process the ISR's events. */
static VOID EduProcessInterrupts(WDFINTERRUPT Interrupt)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(WdfInterruptGetDevice(Interrupt));
	struct edu_stats *stats = &context->Stats;
	u64 now = ktime_get_ns(), latency;
	ULONG status;

	WdfInterruptAcquireLock(Interrupt);
	status = context->IsrStatus;
	context->IsrStatus = 0;
	if (status) {
		latency = now - context->IsrTimeNs;
		stats->deferred_runs++;
		stats->deferred_latency_total_ns += latency;
		stats->deferred_latency_max_ns =
			max(stats->deferred_latency_max_ns, latency);
	}
	if (status & EDU_IRQ_FACT)
		EduEngineDoneLocked(context, &context->Factorial);
	if (status & EDU_IRQ_DMA)
		EduEngineDoneLocked(context, &context->Dma);
	WRITE_ONCE(context->SoftHandled, context->SoftSeen);
	WdfInterruptReleaseLock(Interrupt);

	if (status)
		wake_up(&context->StateChanged);
}

/* EvtInterruptDpc: DISPATCH_LEVEL (a tasklet). */
static VOID EduEvtInterruptDpc(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject)
{
	EduProcessInterrupts(Interrupt);
}

/* EvtInterruptWorkItem: PASSIVE_LEVEL (a worker thread). */
static VOID EduEvtInterruptWorkItem(WDFINTERRUPT Interrupt,
				    WDFOBJECT AssociatedObject)
{
	EduProcessInterrupts(Interrupt);
}

/* ---- requests ----------------------------------------------------------- */

static struct edu_engine *EduEngineOf(PEDU_DEVICE_CONTEXT Context, struct edu_request *Request)
{
	return Request->type == EDU_REQ_FACTORIAL ? &Context->Factorial :
						      &Context->Dma;
}

static BOOLEAN EduRequestValid(struct edu_request *Request)
{
	switch (Request->type) {
	case EDU_REQ_FACTORIAL:
		return Request->n <= EDU_FACT_MAX_N;
	case EDU_REQ_DMA_TO_DEVICE:
	case EDU_REQ_DMA_FROM_DEVICE:
		/* Out of range, QEMU's edu stops the whole machine. */
		return Request->buf && Request->len &&
		       Request->offset <= EDU_DMA_SIZE &&
		       Request->len <= EDU_DMA_SIZE - Request->offset;
	}
	return FALSE;
}

/**
 * edu_submit - EvtIoWrite/EvtIoDeviceControl: queue a request on its engine
 * @Device: the device
 * @Request: the request, filled in by the caller; not queued anywhere
 *
 * The driver completes @Request->done when the device has finished it (or
 * it failed); until then, or until edu_cancel(), the driver owns it.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_PENDING when queued; STATUS_INVALID_PARAMETER (nothing
 * queued); STATUS_DEVICE_REMOVED once edu_quiesce() has begun.
 */
NTSTATUS edu_submit(WDFDEVICE Device, struct edu_request *Request)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(Device);
	NTSTATUS status = STATUS_PENDING;

	if (!EduRequestValid(Request))
		return STATUS_INVALID_PARAMETER;
	init_completion(&Request->done);
	Request->status = STATUS_PENDING;
	Request->submit_ns = ktime_get_ns();

	WdfInterruptAcquireLock(context->Interrupt);
	if (context->Removing) {
		status = STATUS_DEVICE_REMOVED;
		Request->state = EDU_REQ_DONE;
	} else {
		Request->state = EDU_REQ_QUEUED;
		list_add_tail(&Request->entry, &EduEngineOf(context, Request)->Queue);
		EduStartEngineLocked(context, EduEngineOf(context, Request));
	}
	WdfInterruptReleaseLock(context->Interrupt);
	return status;
}

/**
 * edu_cancel - EvtRequestCancel: take back a request nobody waits for
 * @Device: the device
 * @Request: a request accepted by edu_submit()
 *
 * A queued request is removed; one the device is running is forgotten
 * (the engine stays busy until the device finishes it). Either way the
 * driver does not touch @Request again and does not complete it.
 *
 * Context: PASSIVE_LEVEL.
 * Return: TRUE if cancelled; FALSE if it had been completed already (its
 * Status and results are valid).
 */
BOOLEAN edu_cancel(WDFDEVICE Device, struct edu_request *Request)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(Device);
	struct edu_engine *engine = EduEngineOf(context, Request);
	BOOLEAN cancelled = TRUE;

	WdfInterruptAcquireLock(context->Interrupt);
	switch (Request->state) {
	case EDU_REQ_QUEUED:
		list_del_init(&Request->entry);
		break;
	case EDU_REQ_RUNNING:
		engine->Current = NULL;
		break;
	default:
		cancelled = FALSE;
		break;
	}
	if (cancelled) {
		Request->state = EDU_REQ_DONE;
		Request->status = STATUS_CANCELLED;
		context->Stats.cancelled++;
	}
	WdfInterruptReleaseLock(context->Interrupt);
	return cancelled;
}

static VOID EduFailRequestsLocked(PEDU_DEVICE_CONTEXT Context,
				  struct edu_engine *Engine, BOOLEAN Running,
				  NTSTATUS Status)
{
	struct edu_request *request, *next;

	list_for_each_entry_safe(request, next, &Engine->Queue, entry) {
		list_del_init(&request->entry);
		EduCompleteRequestLocked(Context, request, Status);
	}
	if (Running && Engine->Current) {
		EduCompleteRequestLocked(Context, Engine->Current, Status);
		Engine->Current = NULL;
	}
}

static bool EduEnginesIdle(PEDU_DEVICE_CONTEXT Context)
{
	return !READ_ONCE(Context->Factorial.Busy) && !READ_ONCE(Context->Dma.Busy);
}

/**
 * edu_quiesce - EvtDeviceSelfManagedIoSuspend: purge queues, let the device finish
 * @Device: the device
 * @TimeoutMs: how long the device may take for the jobs it is running
 *
 * Queued requests fail with STATUS_DEVICE_REMOVED; running ones complete
 * normally, or fail with STATUS_IO_TIMEOUT after @TimeoutMs. On return no
 * request is owned by the driver. The interrupt must still be connected.
 *
 * Context: PASSIVE_LEVEL (remove, before the device is stopped).
 */
VOID edu_quiesce(WDFDEVICE Device, u32 TimeoutMs)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(Device);

	WdfInterruptAcquireLock(context->Interrupt);
	WRITE_ONCE(context->Removing, TRUE);
	EduFailRequestsLocked(context, &context->Factorial, FALSE,
			      STATUS_DEVICE_REMOVED);
	EduFailRequestsLocked(context, &context->Dma, FALSE, STATUS_DEVICE_REMOVED);
	WdfInterruptReleaseLock(context->Interrupt);

	if (wait_event_timeout(context->StateChanged, EduEnginesIdle(context),
			       msecs_to_jiffies(TimeoutMs)))
		return;
	dev_err(EduDev(context), "device still busy after %u ms; failing its requests\n",
		TimeoutMs);
	WdfInterruptAcquireLock(context->Interrupt);
	EduFailRequestsLocked(context, &context->Factorial, TRUE, STATUS_IO_TIMEOUT);
	EduFailRequestsLocked(context, &context->Dma, TRUE, STATUS_IO_TIMEOUT);
	WdfInterruptReleaseLock(context->Interrupt);
}

/* ---- software interrupts and statistics --------------------------------- */

/*
 * Every software interrupt raised so far has been seen by the ISR and
 * processed by the deferred routine. The register is read first: the ISR
 * counts SoftSeen before it acknowledges the bit.
 */
/* Software interrupts raised per DISPATCH_LEVEL stretch. */
#define EDU_BURST_CHUNK	64

static bool EduSoftIrqsHandled(PEDU_DEVICE_CONTEXT Context)
{
	if (EduRead(Context, EDU_REG_IRQ_STATUS) & EDU_IRQ_SOFT)
		return false;
	return READ_ONCE(Context->SoftHandled) == READ_ONCE(Context->SoftSeen);
}

/**
 * edu_raise_interrupts - a test IOCTL: raise software interrupts, wait for them
 * @Device: the device
 * @Count: how many, 1..EDU_BURST_MAX
 * @TimeoutMs: how long the handling may take after the last one
 *
 * The device ORs each one into its status, so raises that come before the
 * ISR has acknowledged the previous one are seen once: "seen" <= "raised"
 * (a passive-level ISR, a thread, falls behind at once).
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a bad @Count;
 * STATUS_IO_TIMEOUT; STATUS_CANCELLED (signal); STATUS_DEVICE_REMOVED.
 */
NTSTATUS edu_raise_interrupts(WDFDEVICE Device, u32 Count, u32 TimeoutMs)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(Device);
	long ret;
	ULONG i;

	if (Count == 0 || Count > EDU_BURST_MAX)
		return STATUS_INVALID_PARAMETER;
	if (READ_ONCE(context->Removing))
		return STATUS_DEVICE_REMOVED;
	/*
	 * Raise them in chunks at DISPATCH_LEVEL (KeRaiseIrql; here: bottom
	 * halves off): the ISR still runs for each, but the DPC cannot run on
	 * this CPU until the chunk ends, so the ISR's queue calls coalesce,
	 * as they do when a busy CPU falls behind its interrupts.
	 */
	for (i = 0; i < Count; i++) {
		if (i % EDU_BURST_CHUNK == 0)
			local_bh_disable();
		atomic64_inc(&context->SoftRaised);
		EduWrite(context, EDU_REG_IRQ_RAISE, EDU_IRQ_SOFT);
		if (i % EDU_BURST_CHUNK == EDU_BURST_CHUNK - 1 || i == Count - 1) {
			local_bh_enable();
			cond_resched();
		}
	}
	ret = wait_event_interruptible_timeout(context->StateChanged,
					       EduSoftIrqsHandled(context),
					       msecs_to_jiffies(TimeoutMs));
	if (ret < 0)
		return STATUS_CANCELLED;
	return ret ? STATUS_SUCCESS : STATUS_IO_TIMEOUT;
}

static BOOLEAN EduEvtSnapshotStats(WDFINTERRUPT Interrupt, WDFCONTEXT Context)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(WdfInterruptGetDevice(Interrupt));
	struct edu_stats *stats = Context;

	*stats = context->Stats;
	stats->soft_seen = context->SoftSeen;
	return TRUE;
}

/**
 * edu_get_stats - a diagnostic IOCTL: the device's counters
 * @Device: the device
 * @Stats: filled in
 *
 * Context: PASSIVE_LEVEL.
 */
VOID edu_get_stats(WDFDEVICE Device, struct edu_stats *Stats)
{
	PEDU_DEVICE_CONTEXT context = EduGetContext(Device);

	WdfInterruptSynchronize(context->Interrupt, EduEvtSnapshotStats, Stats);
	wdfshim_interrupt_get_stats(context->Interrupt, &Stats->intr);
	Stats->soft_raised = atomic64_read(&context->SoftRaised);
}
