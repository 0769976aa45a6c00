# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What scripts/demo.sh and scripts/e2e.sh share: build the modules and the
# static eductl, pack a guest, boot it, scan its console. Source it after
# lib.sh. The harness scripts (build-modules.sh, initramfs.sh, qemu.sh) do
# the work; this only adds eductl to the initramfs and reads the console.

EDU_SRC_DIR="$WDFSHIM_SRC/samples/edu"

# edu_build KDIR OUTDIR: modules (harness build, fails on any warning) in
# OUTDIR, and OUTDIR/eductl.
edu_build() {
	local kdir="$1" outdir="$2"
	"$HARNESS_DIR/build-modules.sh" "$kdir" "$outdir" || return 1
	gcc -static -O2 -Wall -Wextra -Werror -o "$outdir/eductl" \
		"$EDU_SRC_DIR/eductl.c" || return 1
}

# edu_initramfs OUTDIR SNIPPET OUT: the harness initramfs (wdfshim.ko and
# wdfshim_edu.ko loaded in that order by /init, then SNIPPET) with a second
# archive appended that puts eductl in /bin (initramfs_add_tree).
edu_initramfs() {
	local outdir="$1" snippet="$2" out="$3" stage
	if ! "$HARNESS_DIR/initramfs.sh" -o "$out" -x "$snippet" \
		"$outdir/wdfshim/wdfshim.ko" \
		"$outdir/samples/edu/wdfshim_edu.ko" 2>"$out.log"; then
		cat "$out.log" >&2
		return 1
	fi
	stage="$(mktemp -d)"
	mkdir -p "$stage/bin"
	cp "$outdir/eductl" "$stage/bin/eductl"
	initramfs_add_tree "$out" "$stage"
	rm -rf "$stage"
}

# edu_stock_kernel: the version of Debian's stock kernel (the one the
# linux-image-amd64 metapackage points at), e.g. 6.1.0-56-amd64.
edu_stock_kernel() {
	dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
		grep -oE 'linux-image-[0-9][^ ,]*' | head -n1 | sed 's/^linux-image-//'
}

# edu_clean_console LOG: the console without CRs and printk timestamps.
edu_clean_console() {
	sed -E 's/\r+$//; s/^\[ *[0-9]+\.[0-9]+\] ?//' "$1"
}

# edu_splats TEXT_FILE: print "pattern: count" per splat kind found.
edu_splats() {
	local pat n
	for pat in "${SPLAT_PATTERNS[@]}"; do
		n="$(splat_hits "$1" "$pat" | grep -c . || true)"
		[ "$n" -gt 0 ] && printf '%s: %s lines\n' "$pat" "$n"
	done
	return 0
}
