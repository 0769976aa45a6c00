#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the harness needs, if any are missing.
# Warm runs only query dpkg; apt-get runs when something is missing.
#
#   scripts/deps.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

HARNESS_PACKAGES=(
	# kernel and module builds (perl: W=1 runs scripts/kernel-doc, which
	# needs Pod::Usage, not in perl-base)
	make gcc libc6-dev binutils flex bison bc libelf-dev libssl-dev perl
	xz-utils
	# harness tools
	rsync cpio gzip kmod python3 busybox-static
	# guest
	qemu-system-x86
)

# The kernel source from the base release is installed; one from another
# suite is fetched (not installed) by scripts/ksrc.sh.
[ -n "$WDFSHIM_KSRC_SUITE" ] || HARNESS_PACKAGES+=("$WDFSHIM_KSRC_PKG")

ensure_packages "${HARNESS_PACKAGES[@]}"
