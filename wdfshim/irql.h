/* SPDX-License-Identifier: GPL-2.0 */
/*
 * irql.h - KMDF IRQL emulation.
 */
#ifndef _WDFSHIM_IRQL_H
#define _WDFSHIM_IRQL_H

#include <wdftypes.h>

/* The IRQL wdfshim reports inside an ISR at DIRQL and under its lock. */
#define WDFSHIM_DIRQL	5

int wdfshim_irql_enter(KIRQL irql);
void wdfshim_irql_exit(int frame);
KIRQL wdfshim_current_irql(void);
bool wdfshim_irql_allows(KIRQL max, const char *ddi);

#endif /* _WDFSHIM_IRQL_H */
