/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdftypes.h - the NT and WDF base types a KMDF driver's interrupt code uses.
 *
 * Spelled as in the WDK so ported code compiles unchanged; sizes follow the
 * LLP64 Windows ABI where it matters to a driver (ULONG is 32 bits).
 */
#ifndef _WDFSHIM_WDFTYPES_H
#define _WDFSHIM_WDFTYPES_H

#include <linux/types.h>
#include <linux/stddef.h>

typedef void VOID;
typedef void *PVOID;
typedef u8 BOOLEAN, *PBOOLEAN;
typedef u8 UCHAR;
typedef u16 USHORT;
typedef u32 ULONG, *PULONG;
typedef s32 LONG;
typedef u64 ULONGLONG;
typedef u64 ULONG64;
typedef unsigned long ULONG_PTR;
typedef ULONG_PTR KAFFINITY;
typedef char CHAR, *PCHAR;
typedef const char *PCSTR;

#ifndef TRUE
#define TRUE	((BOOLEAN)1)
#endif
#ifndef FALSE
#define FALSE	((BOOLEAN)0)
#endif

/* NTSTATUS: negative (severity error) means failure. */
typedef s32 NTSTATUS;
#define NT_SUCCESS(status)	(((NTSTATUS)(status)) >= 0)

/* The Size of a versioned WDF structure, as the _INIT macros set it. */
#define WDF_STRUCTURE_SIZE(_Struct)	((ULONG)sizeof(_Struct))

#define STATUS_SUCCESS			((NTSTATUS)0x00000000L)
#define STATUS_PENDING			((NTSTATUS)0x00000103L)
#define STATUS_UNSUCCESSFUL		((NTSTATUS)0xC0000001L)
#define STATUS_INFO_LENGTH_MISMATCH	((NTSTATUS)0xC0000004L)
#define STATUS_INVALID_HANDLE		((NTSTATUS)0xC0000008L)
#define STATUS_INVALID_PARAMETER	((NTSTATUS)0xC000000DL)
#define STATUS_INVALID_DEVICE_REQUEST	((NTSTATUS)0xC0000010L)
#define STATUS_INSUFFICIENT_RESOURCES	((NTSTATUS)0xC000009AL)
#define STATUS_IO_TIMEOUT		((NTSTATUS)0xC00000B5L)
#define STATUS_NOT_SUPPORTED		((NTSTATUS)0xC00000BBL)
#define STATUS_CANCELLED		((NTSTATUS)0xC0000120L)
#define STATUS_CANNOT_DELETE		((NTSTATUS)0xC0000121L)
#define STATUS_INVALID_DEVICE_STATE	((NTSTATUS)0xC0000184L)
#define STATUS_DEVICE_REMOVED		((NTSTATUS)0xC00002B6L)
#define STATUS_WDF_OBJECT_ATTRIBUTES_INVALID ((NTSTATUS)0xC0200209L)
#define STATUS_WDF_INCOMPATIBLE_EXECUTION_LEVEL ((NTSTATUS)0xC020020CL)
#define STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED ((NTSTATUS)0xC020020FL)
#define STATUS_DEVICE_BUSY		((NTSTATUS)0x80000011L)

/* Interrupt request levels, as reported by KeGetCurrentIrql(). */
typedef u8 KIRQL, *PKIRQL;
#define PASSIVE_LEVEL	0
#define APC_LEVEL	1
#define DISPATCH_LEVEL	2
#define HIGH_LEVEL	15

/* DIRQL in an ISR or under a DIRQL interrupt lock, DISPATCH_LEVEL in a DPC. */
KIRQL KeGetCurrentIrql(void);

typedef enum _WDF_TRI_STATE {
	WdfFalse = FALSE,
	WdfTrue = TRUE,
	WdfUseDefault = 2,
} WDF_TRI_STATE, *PWDF_TRI_STATE;

/*
 * Handles. WDFOBJECT is untyped, as in the WDK, so any handle converts to
 * it; the typed handles are distinct pointer types that the compiler keeps
 * apart. wdfshim validates every handle at DDI entry (wdfshim/object.c).
 */
typedef void *WDFOBJECT, **PWDFOBJECT;
typedef void *WDFCONTEXT;
typedef struct WDFDEVICE__ *WDFDEVICE;
typedef struct WDFINTERRUPT__ *WDFINTERRUPT;
typedef struct WDFSPINLOCK__ *WDFSPINLOCK;
typedef struct WDFWAITLOCK__ *WDFWAITLOCK;

#define WDF_NO_HANDLE		NULL
#define WDF_NO_OBJECT_ATTRIBUTES	NULL
#define WDF_NO_CONTEXT		NULL

#endif /* _WDFSHIM_WDFTYPES_H */
