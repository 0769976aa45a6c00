/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdfsync.h - WDF spin locks and wait locks.
 *
 * WDFSPINLOCK is a raw_spinlock_t taken with interrupts off (KMDF raises
 * to DISPATCH_LEVEL; when the lock is an interrupt's SpinLock it is also
 * the ISR's lock, so interrupts must be off). Raw, so that this holds on
 * PREEMPT_RT too, where a spinlock_t sleeps: the holder must not take a
 * spinlock_t (or anything else that sleeps on RT) either, as at
 * DISPATCH_LEVEL in KMDF. WDFWAITLOCK is a mutex.
 */
#ifndef _WDFSHIM_WDFSYNC_H
#define _WDFSHIM_WDFSYNC_H

#include "wdfobject.h"

typedef s64 LONGLONG, *PLONGLONG;
#define STATUS_TIMEOUT	((NTSTATUS)0x00000102L)

NTSTATUS WdfSpinLockCreate(PWDF_OBJECT_ATTRIBUTES SpinLockAttributes,
			   WDFSPINLOCK *SpinLock);
VOID WdfSpinLockAcquire(WDFSPINLOCK SpinLock);
VOID WdfSpinLockRelease(WDFSPINLOCK SpinLock);

NTSTATUS WdfWaitLockCreate(PWDF_OBJECT_ATTRIBUTES LockAttributes,
			   WDFWAITLOCK *Lock);
NTSTATUS WdfWaitLockAcquire(WDFWAITLOCK Lock, PLONGLONG Timeout);
VOID WdfWaitLockRelease(WDFWAITLOCK Lock);

#endif /* _WDFSHIM_WDFSYNC_H */
