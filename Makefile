# SPDX-License-Identifier: GPL-2.0
#
# wdfshim: KMDF's interrupt API (wdfinterrupt.h) on Linux.
#
#   make [KDIR=<kernel build dir>]   build wdfshim.ko (and the KUnit module
#                                    when the target kernel has CONFIG_KUNIT)
#        [WDFSHIM_DPC=tasklet|bh]    the KMDF DPC on a tasklet (default) or on
#                                    a BH workqueue (kernels with WQ_BH, 6.9+)
#   make check                       build the debug kernel, run every test in QEMU
#   make demo                        the sample on Debian's stock kernel in QEMU
#   make clean
#
# Kernel-version drift is probed from the target kernel's headers into
# wdfshim/include/wdfshim_probes.h before every build (scripts/gen-compat.sh).

KDIR ?= /lib/modules/$(shell uname -r)/build
W ?= 1
WDFSHIM_DPC ?= tasklet

ifeq ($(filter tasklet bh,$(WDFSHIM_DPC)),)
$(error WDFSHIM_DPC=$(WDFSHIM_DPC): the DPC backend is tasklet (default) or bh)
endif

.PHONY: all modules check demo clean

all: modules

wdfshim/include/wdfshim_probes.h: scripts/gen-compat.sh FORCE
	@scripts/gen-compat.sh $(KDIR) > $@.tmp && \
		{ cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@; }

modules: wdfshim/include/wdfshim_probes.h
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) WDFSHIM_DPC=$(WDFSHIM_DPC) modules

check:
	scripts/check.sh

demo:
	scripts/demo.sh

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -f wdfshim/include/wdfshim_probes.h wdfshim/include/wdfshim_probes.h.tmp

.PHONY: FORCE
FORCE:
