#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) wdfshim's debug kernel from Debian's
# kernel source package ($WDFSHIM_KSRC_PKG, found or fetched by
# scripts/ksrc.sh), configured from scripts/kconfig/debug.config plus, when
# they exist, the per-version overlay scripts/kconfig/debug-<version>.config
# and, for a flavored kernel such as 6.12-rt, its own overlay
# scripts/kconfig/debug-$WDFSHIM_KERNEL.config (merged in that order).
#
#   scripts/kernel.sh
#
# Prints shell assignments on stdout (progress goes to stderr):
#   KVER=6.1.x  KSRC=<extracted source>  KDIR=<build dir for M= builds>
#   BZIMAGE=<kernel image>  KENTRY=<cache entry>
# The same lines are kept in <cache entry>/kernel.env.
#
# Cache: $WDFSHIM_CACHE/kernels/<kernelversion>-<key>/, key = short sha256
# of (fragment, overlay if any, source package name+version, gcc version,
# RECIPE). An entry
# is complete when it has a 'stamp' file; a warm run does no kernel work.
# A flavored kernel's entry is <kernelversion>-<flavor>-<key> (6.12.95-rt-...).
# Each entry records the harness kernel it was built for (harness-kernel);
# after a successful build, entries of other keys for the same harness
# kernel are deleted (so 6.12 and 6.12-rt never remove each other's).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

FRAGMENT="$HARNESS_DIR/kconfig/debug.config"
# Per-version differences (options that only exist, or default differently,
# in that version's tinyconfig), then the flavor's options (PREEMPT_RT);
# merged after FRAGMENT in that order.
KBASE="${WDFSHIM_KERNEL%%-*}"
FLAVOR=""
[ "$KBASE" = "$WDFSHIM_KERNEL" ] || FLAVOR="${WDFSHIM_KERNEL#"$KBASE"-}"
FRAGMENTS=("$FRAGMENT")
[ -f "$HARNESS_DIR/kconfig/debug-$KBASE.config" ] &&
	FRAGMENTS+=("$HARNESS_DIR/kconfig/debug-$KBASE.config")
if [ -n "$FLAVOR" ]; then
	[ -f "$HARNESS_DIR/kconfig/debug-$WDFSHIM_KERNEL.config" ] ||
		die "kernel $WDFSHIM_KERNEL: no scripts/kconfig/debug-$WDFSHIM_KERNEL.config"
	FRAGMENTS+=("$HARNESS_DIR/kconfig/debug-$WDFSHIM_KERNEL.config")
fi
# Bump when the way the cache entry is produced changes (build, prune).
RECIPE=1
KCACHE="$WDFSHIM_CACHE/kernels"
TARBALL=""		# set by find_source
KSRC_VERSION=""

kmake() { make -C "$KSRC" O="$KDIR" -j"$WDFSHIM_JOBS" "$@"; }

# find_source: the source tarball and its package version (scripts/ksrc.sh).
find_source() {
	local env
	env="$("$HARNESS_DIR/ksrc.sh")" || die "no kernel source for $WDFSHIM_KSRC_PKG"
	eval "$env"
	TARBALL="$KSRC_TARBALL"
	[ -f "$TARBALL" ] || die "$TARBALL missing"
}

cache_key() {
	{
		cat "${FRAGMENTS[@]}"
		echo "source: $WDFSHIM_KSRC_PKG $KSRC_VERSION"
		echo "gcc: $(gcc --version | head -n1)"
		echo "recipe: $RECIPE"
	} | sha256sum | cut -c1-12
}

# find_complete_entry KEY: print the finished cache entry for KEY, if any.
find_complete_entry() {
	local d
	for d in "$KCACHE"/*-"$1"; do
		[ -f "$d/stamp" ] && { echo "$d"; return 0; }
	done
	return 0
}

set_paths() {
	KENTRY="$1"
	KSRC="$KENTRY/src"
	KDIR="$KENTRY/obj"
	BZIMAGE="$KDIR/arch/x86/boot/bzImage"
	KVER="$(make -s -C "$KSRC" kernelversion)"
}

# extract_source KEY: unpack the tarball and move it to its final entry
# (the O= build records absolute paths, so the entry never moves later).
extract_source() {
	local key="$1" tmp kver entry
	tmp="$KCACHE/.tmp-$key"
	safe_rm_dir "$tmp"
	mkdir -p "$tmp/src"
	log "extracting $TARBALL"
	tar -xJf "$TARBALL" -C "$tmp/src" --strip-components=1
	kver="$(make -s -C "$tmp/src" kernelversion)"
	entry="$KCACHE/$kver${FLAVOR:+-$FLAVOR}-$key"
	safe_rm_dir "$entry"		# an unfinished earlier attempt
	mv "$tmp" "$entry"
	echo "$WDFSHIM_KERNEL" >"$entry/harness-kernel"
	set_paths "$entry"
}

configure_kernel() {
	log "configuring: tinyconfig + ${FRAGMENTS[*]}"
	mkdir -p "$KDIR"
	run_logged "$KENTRY/config.log" bash -c '
		set -e
		src="$1" obj="$2"
		shift 2
		make -C "$src" O="$obj" tinyconfig
		"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$@"
		make -C "$src" O="$obj" olddefconfig
	' _ "$KSRC" "$KDIR" "${FRAGMENTS[@]}"
	verify_config "$KDIR/.config"
}

# verify_config CONFIG: every option of the fragments must be in CONFIG as
# requested ("=value" lines literally, "is not set" lines as not y/m/value).
# An option the overlay sets overrides the fragment's line for it.
verify_config() {
	local config="$1" line name bad=() wanted
	wanted="$(awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { n = $0; sub(/=.*/, "", n) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set/ { n = $2 }
		n != "" { if (!(n in v)) order[++k] = n; v[n] = $0; n = "" }
		END { for (i = 1; i <= k; i++) print v[order[i]] }
	' "${FRAGMENTS[@]}")"
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF -- "$line" "$config" || bad+=("$line")
			;;
		"# CONFIG_"*" is not set")
			name="${line#\# }"
			name="${name%% *}"
			grep -q "^$name=" "$config" && bad+=("$line")
			;;
		esac
	done <<<"$wanted"
	if [ "${#bad[@]}" -gt 0 ]; then
		log "these options of ${FRAGMENTS[*]} did not stick in $config:"
		for line in "${bad[@]}"; do
			name="$(sed -E 's/^# //; s/[= ].*//' <<<"$line")"
			printf '  wanted: %-40s got: %s\n' "$line" \
				"$(grep -E "^$name=|^# $name is not set" "$config" || echo '(absent)')" >&2
		done
		die "kernel configuration check failed (${#bad[@]} options)"
	fi
	log "configuration verified: all options of the fragments are set as requested"
}

build_kernel() {
	log "building kernel $KVER with -j$WDFSHIM_JOBS (log: $KENTRY/build.log)"
	run_logged "$KENTRY/build.log" kmake all
	run_logged "$KENTRY/modules_prepare.log" kmake modules_prepare
	[ -f "$BZIMAGE" ] || die "no $BZIMAGE after the build"
}

# prune_objects: drop what neither module builds nor boots need. Host tools
# (scripts/, tools/ e.g. modpost, objtool) are kept; Module.symvers, the
# generated headers, vmlinux, System.map and bzImage stay.
prune_objects() {
	local before after
	before="$(du -sm "$KDIR" | cut -f1)"
	find "$KDIR" \( -path "$KDIR/scripts" -o -path "$KDIR/tools" \) -prune -o \
		-type f \( -name '*.o' -o -name '*.a' -o -name '.tmp_vmlinux*' \
		-o -name 'vmlinux.bin*' \) -print0 | xargs -0 -r rm -f
	rm -f "$KDIR/arch/x86/boot/compressed/vmlinux"
	after="$(du -sm "$KDIR" | cut -f1)"
	log "pruned build dir: ${before} MiB -> ${after} MiB"
}

# selftest_module_build: prove an out-of-tree module (W=1) still builds
# against the pruned tree, without warnings.
selftest_module_build() {
	local t="$KENTRY/selftest"
	safe_rm_dir "$t"
	mkdir -p "$t"
	cat >"$t/selftest.c" <<-'EOF'
	// SPDX-License-Identifier: GPL-2.0
	#include <linux/module.h>
	static int __init selftest_init(void) { return 0; }
	static void __exit selftest_exit(void) { }
	module_init(selftest_init);
	module_exit(selftest_exit);
	MODULE_DESCRIPTION("wdfshim harness self-test");
	MODULE_LICENSE("GPL");
	EOF
	echo 'obj-m += selftest.o' >"$t/Kbuild"
	run_logged "$KENTRY/selftest.log" make -C "$KDIR" M="$t" W=1 modules
	[ -f "$t/selftest.ko" ] || die "module self-test: no selftest.ko"
	if grep -i 'warning:' "$KENTRY/selftest.log" >&2; then
		die "module self-test: warnings building against $KDIR"
	fi
	safe_rm_dir "$t"
	log "module self-test: an out-of-tree module builds against $KDIR"
}

# entry_kernel ENTRY: the harness kernel ENTRY was built for; entries made
# before that was recorded are of the plain kernel of their version.
entry_kernel() {
	if [ -f "$1/harness-kernel" ]; then
		cat "$1/harness-kernel"
	else
		echo "$KVER" | cut -d. -f1,2
	fi
}

remove_stale_entries() {
	local d
	for d in "$KCACHE/$KVER"-*; do
		[ -d "$d" ] && [ "$d" != "$KENTRY" ] || continue
		[ "$(entry_kernel "$d")" = "$WDFSHIM_KERNEL" ] || continue
		log "removing stale cache entry $d"
		safe_rm_dir "$d"
	done
}

write_env() {
	{
		printf 'KVER=%q\n' "$KVER"
		printf 'KSRC=%q\n' "$KSRC"
		printf 'KDIR=%q\n' "$KDIR"
		printf 'BZIMAGE=%q\n' "$BZIMAGE"
		printf 'KENTRY=%q\n' "$KENTRY"
	} >"$KENTRY/kernel.env"
}

main() {
	local key entry t0
	mkdir -p "$KCACHE"
	exec 9>"$KCACHE/.lock-$WDFSHIM_KSRC_PKG"
	flock 9			# one builder at a time per kernel

	find_source

	key="$(cache_key)"
	entry="$(find_complete_entry "$key")"
	if [ -n "$entry" ] && [ -f "$entry/kernel.env" ]; then
		log "cache hit: $entry"
		cat "$entry/kernel.env"
		return 0
	fi
	t0="$(now)"
	log "cache miss for key $key: building the debug kernel"
	extract_source "$key"
	configure_kernel
	build_kernel
	prune_objects
	selftest_module_build
	write_env
	date -u +%FT%TZ >"$KENTRY/stamp"
	log "kernel ready in $(($(now) - t0)) s"
	remove_stale_entries
	cat "$KENTRY/kernel.env"
}

main "$@"
