/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfinterrupt.h - KMDF interrupt objects on Linux.
 *
 * A WDFINTERRUPT is one Linux IRQ of its device: request_irq() for an ISR
 * at DIRQL, request_threaded_irq() with IRQF_ONESHOT for PassiveHandling.
 * Each object owns the KMDF internal DPC (a tasklet, or BH work when wdfshim
 * is built with WDFSHIM_DPC=bh) and, when it has an EvtInterruptWorkItem, a
 * work item on wdfshim's workqueue (PASSIVE_LEVEL).
 * The semantics reproduced are documented in Documentation/.
 */
#ifndef _WDFSHIM_WDFINTERRUPT_H
#define _WDFSHIM_WDFINTERRUPT_H

#include "wdfobject.h"
#include "wdfsync.h"

typedef BOOLEAN EVT_WDF_INTERRUPT_ISR(WDFINTERRUPT Interrupt, ULONG MessageID);
typedef EVT_WDF_INTERRUPT_ISR *PFN_WDF_INTERRUPT_ISR;
typedef VOID EVT_WDF_INTERRUPT_DPC(WDFINTERRUPT Interrupt,
				   WDFOBJECT AssociatedObject);
typedef EVT_WDF_INTERRUPT_DPC *PFN_WDF_INTERRUPT_DPC;
typedef NTSTATUS EVT_WDF_INTERRUPT_ENABLE(WDFINTERRUPT Interrupt,
					  WDFDEVICE AssociatedDevice);
typedef EVT_WDF_INTERRUPT_ENABLE *PFN_WDF_INTERRUPT_ENABLE;
typedef NTSTATUS EVT_WDF_INTERRUPT_DISABLE(WDFINTERRUPT Interrupt,
					   WDFDEVICE AssociatedDevice);
typedef EVT_WDF_INTERRUPT_DISABLE *PFN_WDF_INTERRUPT_DISABLE;
typedef VOID EVT_WDF_INTERRUPT_WORKITEM(WDFINTERRUPT Interrupt,
					WDFOBJECT AssociatedObject);
typedef EVT_WDF_INTERRUPT_WORKITEM *PFN_WDF_INTERRUPT_WORKITEM;
typedef BOOLEAN EVT_WDF_INTERRUPT_SYNCHRONIZE(WDFINTERRUPT Interrupt,
					      WDFCONTEXT Context);
typedef EVT_WDF_INTERRUPT_SYNCHRONIZE *PFN_WDF_INTERRUPT_SYNCHRONIZE;

/*
 * The part of a CM_PARTIAL_RESOURCE_DESCRIPTOR that wdfshim reads. On Linux
 * the "translated" interrupt resource names a Linux IRQ number: a driver
 * that passes InterruptRaw and InterruptTranslated gets exactly that IRQ
 * instead of its device's N-th vector.
 */
#define CmResourceTypeInterrupt		2
#define CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE	0x0000
#define CM_RESOURCE_INTERRUPT_LATCHED		0x0001
#define CM_RESOURCE_INTERRUPT_MESSAGE		0x0002

typedef struct _CM_PARTIAL_RESOURCE_DESCRIPTOR {
	UCHAR Type;
	UCHAR ShareDisposition;
	USHORT Flags;
	union {
		struct {
			ULONG Level;
			ULONG Vector;	/* Linux IRQ number */
			KAFFINITY Affinity;
		} Interrupt;
	} u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;

typedef struct _WDF_INTERRUPT_CONFIG {
	ULONG Size;
	WDFSPINLOCK SpinLock;
	WDF_TRI_STATE ShareVector;
	BOOLEAN FloatingSave;
	BOOLEAN AutomaticSerialization;
	PFN_WDF_INTERRUPT_ISR EvtInterruptIsr;
	PFN_WDF_INTERRUPT_DPC EvtInterruptDpc;
	PFN_WDF_INTERRUPT_ENABLE EvtInterruptEnable;
	PFN_WDF_INTERRUPT_DISABLE EvtInterruptDisable;
	/* end of KMDF 1.9 */
	PFN_WDF_INTERRUPT_WORKITEM EvtInterruptWorkItem;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR InterruptRaw;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR InterruptTranslated;
	WDFWAITLOCK WaitLock;
	BOOLEAN PassiveHandling;
	/* end of KMDF 1.11 beta */
	WDF_TRI_STATE ReportInactiveOnPowerDown;
	/* end of KMDF 1.11 */
	BOOLEAN CanWakeDevice;
} WDF_INTERRUPT_CONFIG, *PWDF_INTERRUPT_CONFIG;

/* Size of a WDF_INTERRUPT_CONFIG that ends at @field, padding included. */
#define WDF_INTERRUPT_CONFIG_SIZE_UPTO(field)				\
	ALIGN(offsetofend(WDF_INTERRUPT_CONFIG, field),			\
	      __alignof__(WDF_INTERRUPT_CONFIG))
#define WDF_INTERRUPT_CONFIG_SIZE_V1_9	\
	WDF_INTERRUPT_CONFIG_SIZE_UPTO(EvtInterruptDisable)
#define WDF_INTERRUPT_CONFIG_SIZE_V1_11_BETA \
	WDF_INTERRUPT_CONFIG_SIZE_UPTO(PassiveHandling)
#define WDF_INTERRUPT_CONFIG_SIZE_V1_11	\
	WDF_INTERRUPT_CONFIG_SIZE_UPTO(ReportInactiveOnPowerDown)

static inline VOID
WDF_INTERRUPT_CONFIG_INIT(PWDF_INTERRUPT_CONFIG Configuration,
			  PFN_WDF_INTERRUPT_ISR EvtInterruptIsr,
			  PFN_WDF_INTERRUPT_DPC EvtInterruptDpc)
{
	*Configuration = (WDF_INTERRUPT_CONFIG) {
		.Size = WDF_STRUCTURE_SIZE(WDF_INTERRUPT_CONFIG),
		.ShareVector = WdfUseDefault,
		.ReportInactiveOnPowerDown = WdfUseDefault,
		.EvtInterruptIsr = EvtInterruptIsr,
		.EvtInterruptDpc = EvtInterruptDpc,
	};
}

/* wdm.h types that WDF_INTERRUPT_INFO and the policy DDIs use. */
typedef enum _KINTERRUPT_MODE {
	LevelSensitive,
	Latched,
} KINTERRUPT_MODE;

typedef enum _CM_SHARE_DISPOSITION {
	CmResourceShareUndetermined = 0,
	CmResourceShareDeviceExclusive,
	CmResourceShareDriverExclusive,
	CmResourceShareShared,
} CM_SHARE_DISPOSITION;

/* Processor group g holds Linux CPUs 64g to 64g + 63 (see ddi.rst). */
typedef struct _GROUP_AFFINITY {
	KAFFINITY Mask;
	USHORT Group;
	USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

/* Opaque: wdfshim never lets a driver look inside (WdfInterruptWdmGetInterrupt). */
typedef struct _KINTERRUPT *PKINTERRUPT;

typedef enum _WDF_INTERRUPT_POLARITY {
	WdfInterruptPolarityUnknown = 0,
	WdfInterruptActiveHigh,
	WdfInterruptActiveLow,
} WDF_INTERRUPT_POLARITY, *PWDF_INTERRUPT_POLARITY;

typedef enum _WDF_INTERRUPT_POLICY {
	WdfIrqPolicyMachineDefault = 0,
	WdfIrqPolicyAllCloseProcessors,
	WdfIrqPolicyOneCloseProcessor,
	WdfIrqPolicyAllProcessorsInMachine,
	WdfIrqPolicySpecifiedProcessors,
	WdfIrqPolicySpreadMessagesAcrossAllProcessors,
} WDF_INTERRUPT_POLICY, *PWDF_INTERRUPT_POLICY;

typedef enum _WDF_INTERRUPT_PRIORITY {
	WdfIrqPriorityUndefined = 0,
	WdfIrqPriorityLow,
	WdfIrqPriorityNormal,
	WdfIrqPriorityHigh,
} WDF_INTERRUPT_PRIORITY, *PWDF_INTERRUPT_PRIORITY;

/* KMDF's layout: Group is 8-byte aligned (DECLSPEC_ALIGN(8) in the WDK). */
typedef struct _WDF_INTERRUPT_INFO {
	ULONG Size;
	ULONG64 Reserved1;
	KAFFINITY TargetProcessorSet;
	ULONG Reserved2;
	ULONG MessageNumber;
	ULONG Vector;
	KIRQL Irql;
	KINTERRUPT_MODE Mode;
	WDF_INTERRUPT_POLARITY Polarity;
	BOOLEAN MessageSignaled;
	UCHAR ShareDisposition;	/* CM_SHARE_DISPOSITION */
	/* end of KMDF 1.7 */
	USHORT Group __aligned(8);
} WDF_INTERRUPT_INFO, *PWDF_INTERRUPT_INFO;

/* The KMDF 1.7 structure, without Group (56 bytes on x86-64; current: 64). */
#define WDF_INTERRUPT_INFO_SIZE_V1_7					\
	ALIGN(offsetofend(WDF_INTERRUPT_INFO, ShareDisposition),	\
	      __alignof__(WDF_INTERRUPT_INFO))

static inline VOID WDF_INTERRUPT_INFO_INIT(PWDF_INTERRUPT_INFO Info)
{
	*Info = (WDF_INTERRUPT_INFO) { .Size = WDF_STRUCTURE_SIZE(WDF_INTERRUPT_INFO) };
}

typedef struct _WDF_INTERRUPT_EXTENDED_POLICY {
	ULONG Size;
	WDF_INTERRUPT_POLICY Policy;
	WDF_INTERRUPT_PRIORITY Priority;
	GROUP_AFFINITY TargetProcessorSetAndGroup;
} WDF_INTERRUPT_EXTENDED_POLICY, *PWDF_INTERRUPT_EXTENDED_POLICY;

static inline VOID
WDF_INTERRUPT_EXTENDED_POLICY_INIT(PWDF_INTERRUPT_EXTENDED_POLICY ExtendedPolicy)
{
	*ExtendedPolicy = (WDF_INTERRUPT_EXTENDED_POLICY) {
		.Size = WDF_STRUCTURE_SIZE(WDF_INTERRUPT_EXTENDED_POLICY),
		.Policy = WdfIrqPolicyMachineDefault,
		.Priority = WdfIrqPriorityUndefined,
	};
}

NTSTATUS WdfInterruptCreate(WDFDEVICE Device,
			    PWDF_INTERRUPT_CONFIG Configuration,
			    PWDF_OBJECT_ATTRIBUTES Attributes,
			    WDFINTERRUPT *Interrupt);
BOOLEAN WdfInterruptQueueDpcForIsr(WDFINTERRUPT Interrupt);
BOOLEAN WdfInterruptQueueWorkItemForIsr(WDFINTERRUPT Interrupt);
VOID WdfInterruptEnable(WDFINTERRUPT Interrupt);
VOID WdfInterruptDisable(WDFINTERRUPT Interrupt);
VOID WdfInterruptAcquireLock(WDFINTERRUPT Interrupt);
VOID WdfInterruptReleaseLock(WDFINTERRUPT Interrupt);
BOOLEAN WdfInterruptSynchronize(WDFINTERRUPT Interrupt,
				PFN_WDF_INTERRUPT_SYNCHRONIZE Callback,
				WDFCONTEXT Context);
WDFDEVICE WdfInterruptGetDevice(WDFINTERRUPT Interrupt);
BOOLEAN WdfInterruptTryToAcquireLock(WDFINTERRUPT Interrupt);
VOID WdfInterruptGetInfo(WDFINTERRUPT Interrupt, PWDF_INTERRUPT_INFO Info);
VOID WdfInterruptSetPolicy(WDFINTERRUPT Interrupt, WDF_INTERRUPT_POLICY Policy,
			   WDF_INTERRUPT_PRIORITY Priority,
			   KAFFINITY TargetProcessorSet);
VOID WdfInterruptSetExtendedPolicy(WDFINTERRUPT Interrupt,
				   PWDF_INTERRUPT_EXTENDED_POLICY PolicyAndGroup);
VOID WdfInterruptReportActive(WDFINTERRUPT Interrupt);
VOID WdfInterruptReportInactive(WDFINTERRUPT Interrupt);
PKINTERRUPT WdfInterruptWdmGetInterrupt(WDFINTERRUPT Interrupt);

/*
 * Linux glue: counters of one interrupt object, for diagnostics and tests.
 * "coalesced" counts queue calls that returned FALSE because the DPC or
 * work item was already queued.
 */
struct wdfshim_interrupt_stats {
	u64 isr_calls;		/* EvtInterruptIsr invocations */
	u64 isr_claimed;	/* ... that returned TRUE */
	u64 dpc_queued;
	u64 dpc_coalesced;
	u64 dpc_runs;		/* internal DPC executions */
	u64 work_queued;
	u64 work_coalesced;
	u64 work_runs;		/* EvtInterruptWorkItem executions */
	u64 refused;		/* queue calls refused during teardown */
};

void wdfshim_interrupt_get_stats(WDFINTERRUPT Interrupt,
				 struct wdfshim_interrupt_stats *stats);
unsigned int wdfshim_interrupt_linux_irq(WDFINTERRUPT Interrupt);

#endif /* _WDFSHIM_WDFINTERRUPT_H */
