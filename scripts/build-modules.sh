#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the project's modules against one kernel, outside the source tree.
#
#   scripts/build-modules.sh <KDIR> <outdir>
#
# Copies Makefile, Kbuild, wdfshim/, kunit/, samples/ and scripts/ (those that
# exist, without build products) from $WDFSHIM_SRC (default: this repo) into
# <outdir>, which is emptied first so that every file is compiled (and every
# warning seen) on every run; then runs `make -C <outdir> KDIR=<KDIR> modules`
# with the DPC backend in $WDFSHIM_DPC (tasklet, the default, or bh).
# The log is <outdir>/build.log. Fails on a build error, on any compiler,
# objtool or modpost warning ("warning:" lines), which it prints, and when
# wdfshim.ko's modinfo names another DPC backend than the one asked for.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

OUTDIR_MARK=".wdfshim-build-dir"
SOURCE_ITEMS=(Makefile Kbuild wdfshim kunit samples scripts)
PRODUCT_PATTERNS=(
	'*.o' '*.ko' '*.mod' '*.mod.c' '*.cmd' '.*.d' '*.a' '*.tmp'
	modules.order Module.symvers .tmp_versions .git
)

usage() { die "usage: $0 <KDIR> <outdir>"; }

# prepare_outdir DIR: an empty DIR marked as ours. Refuses to wipe a
# directory that this script did not create.
prepare_outdir() {
	local dir="$1"
	if [ -e "$dir" ]; then
		[ -f "$dir/$OUTDIR_MARK" ] ||
			die "$dir exists and was not made by $0; refusing to empty it"
		safe_rm_dir "$dir"
	fi
	mkdir -p "$dir"
	touch "$dir/$OUTDIR_MARK"
}

copy_sources() {
	local dir="$1" item items=() excludes=() p
	for item in "${SOURCE_ITEMS[@]}"; do
		[ -e "$WDFSHIM_SRC/$item" ] && items+=("$WDFSHIM_SRC/$item")
	done
	[ "${#items[@]}" -gt 0 ] || die "nothing to build in $WDFSHIM_SRC"
	for p in "${PRODUCT_PATTERNS[@]}"; do
		excludes+=(--exclude="$p")
	done
	rsync -a "${excludes[@]}" "${items[@]}" "$dir/"
}

# check_warnings LOG: print every warning line of LOG; fail if there is one.
check_warnings() {
	local log="$1" warnings
	warnings="$(grep -i 'warning:' "$log" || true)"
	[ -z "$warnings" ] && return 0
	log "build warnings ($(wc -l <<<"$warnings")) in $log:"
	printf '%s\n' "$warnings" >&2
	return 1
}

main() {
	[ "$#" -eq 2 ] || usage
	local kdir="$1" outdir="$2" rc=0 dpc="${WDFSHIM_DPC:-tasklet}" got
	[ -f "$kdir/Makefile" ] || die "KDIR $kdir is not a kernel build dir"
	kdir="$(cd "$kdir" && pwd)"

	prepare_outdir "$outdir"
	outdir="$(cd "$outdir" && pwd)"
	copy_sources "$outdir"
	log "building modules from $WDFSHIM_SRC in $outdir against $kdir (DPC backend: $dpc)"
	make -C "$outdir" -j"$WDFSHIM_JOBS" KDIR="$kdir" WDFSHIM_DPC="$dpc" \
		modules >"$outdir/build.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 60 "$outdir/build.log" >&2
		die "module build failed (rc=$rc); log: $outdir/build.log"
	fi
	check_warnings "$outdir/build.log" ||
		die "module build has warnings; log: $outdir/build.log"
	if [ -f "$outdir/wdfshim/wdfshim.ko" ]; then
		got="$(modinfo -F dpc_backend "$outdir/wdfshim/wdfshim.ko" 2>/dev/null || true)"
		[ "$got" = "$dpc" ] ||
			die "wdfshim.ko has DPC backend '$got', asked for '$dpc'"
	fi
	log "built: $(cd "$outdir" && find . -name '*.ko' | sort | tr '\n' ' ')"
}

main "$@"
