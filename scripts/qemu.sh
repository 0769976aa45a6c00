#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel and initramfs in QEMU (TCG, one CPU, serial console) with
# the edu PCI device, capturing the console to a log file.
#
# q35 by default: on 'pc' the DSDT's _PRT is an AML While loop that, under
# TCG with KASAN+lockdep, takes long enough to hit ACPICA's loop timeout
# (INTx routing fails: "PCI INT A: no GSI") and an RCU stall; q35's _PRT
# is a static package.
#
#   scripts/qemu.sh -k <bzImage> -i <initramfs> -l <console.log>
#                   [-t <timeout s, 600>] [-m <memory, $WDFSHIM_QEMU_MEM or 1G>] [-M <machine, $WDFSHIM_QEMU_MACHINE or q35>]
#                   [-a <extra kernel arg>]... [-d <extra -device spec>]...
#                   [-- <extra qemu args>...]
#
# Exit status: QEMU's (0 after the guest powers off or the kernel panics;
# panic=-1 with -no-reboot ends QEMU), 124 on timeout. The QEMU command
# line is written to <console.log>.cmdline, QEMU's stderr to
# <console.log>.stderr. WDFSHIM_QEMU_VERBOSE=1 also shows the console live.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BASE_APPEND="console=ttyS0 panic=-1 oops=panic printk.devkmsg=on"

usage() {
	die "usage: $0 -k <bzImage> -i <initramfs> -l <log> [-t s] [-m mem] [-M machine] [-a arg]... [-d device]... [-- qemu args]"
}

main() {
	local kernel="" initrd="" logfile="" timeout=600
	local machine="${WDFSHIM_QEMU_MACHINE:-q35}"
	local mem="${WDFSHIM_QEMU_MEM:-1G}"
	local append="$BASE_APPEND" devices=(edu) opt d rc=0 t0
	while getopts "k:i:l:t:m:M:a:d:" opt; do
		case "$opt" in
		k) kernel="$OPTARG" ;;
		i) initrd="$OPTARG" ;;
		l) logfile="$OPTARG" ;;
		t) timeout="$OPTARG" ;;
		m) mem="$OPTARG" ;;
		M) machine="$OPTARG" ;;
		a) append+=" $OPTARG" ;;
		d) devices+=("$OPTARG") ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ -f "$kernel" ] && [ -f "$initrd" ] && [ -n "$logfile" ] || usage

	local cmd=(qemu-system-x86_64 -accel tcg -M "$machine" -m "$mem" -smp 1
		-nographic -no-reboot -nic none
		-kernel "$kernel" -initrd "$initrd" -append "$append")
	for d in "${devices[@]}"; do
		cmd+=(-device "$d")
	done
	cmd+=("$@")

	mkdir -p "$(dirname "$logfile")"
	printf '%q ' "${cmd[@]}" >"$logfile.cmdline"
	echo >>"$logfile.cmdline"
	log "booting (timeout ${timeout}s, console: $logfile)"
	t0="$(now)"
	if [ "${WDFSHIM_QEMU_VERBOSE:-0}" = 1 ]; then
		timeout -k 10 "$timeout" "${cmd[@]}" </dev/null 2>"$logfile.stderr" |
			tee "$logfile" || rc=$?
	else
		timeout -k 10 "$timeout" "${cmd[@]}" </dev/null \
			>"$logfile" 2>"$logfile.stderr" || rc=$?
	fi
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		log "TIMEOUT: QEMU killed after ${timeout}s"
		return 124
	fi
	if [ "$rc" -ne 0 ]; then
		log "QEMU failed (rc=$rc):"
		cat "$logfile.stderr" >&2
		return "$rc"
	fi
	log "QEMU exited after $(($(now) - t0)) s"
}

main "$@"
