#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: build the debug kernel (cached), build the modules against
# it, boot them in QEMU, and judge the run.
#
#   scripts/check.sh
#
# Stages: scripts/deps.sh -> scripts/kernel.sh -> scripts/build-modules.sh
# -> scripts/initramfs.sh -> scripts/qemu.sh -> parse the console; the same
# KUnit boot again with threadirqs; scripts/lint.sh (checkpatch, kernel-doc,
# sparse); scripts/e2e.sh (the edu sample) on Debian's stock kernel and on
# the debug kernel. Lint counts as one passed check when clean, else one
# failure per problem; e2e adds its own passed/failed counts.
#
# The run fails on: a failed, skipped or crashed KUnit case; a case named
# by KUNIT_CASE*(name) in kunit/*.c that did not pass (missing); a module
# that does not load; no end sentinel (crash, hang, timeout); any kernel
# splat on the console (each kind of splat counts as one failure).
# The last line is always "<N> passed, <M> failed" (KUnit cases; the other
# problems add to M) and the exit status is nonzero when M > 0.
#
# Artifacts, console log included, are kept in $WDFSHIM_OUT (default
# /var/cache/wdfshim/check). WDFSHIM_BOOT_TIMEOUT (default 600) bounds the
# boot in seconds.
#
# WDFSHIM_KERNELS (default: $WDFSHIM_DEFAULT_KERNELS from lib.sh) lists
# the debug kernels to test, e.g. "6.1 6.12 6.12-rt 7.3". The first one
# gets everything above; each further one gets its own kernel, module
# build (W=1, no warnings), both KUnit boots and the debug-kernel e2e, with
# artifacts in $WDFSHIM_OUT/<kernel>/ and stage names ending in
# "[<kernel>]". A stage that fails on a further kernel counts every
# expected KUnit case as failed and skips the rest of that kernel; the
# other kernels still run. The last kernel also runs its own checkpatch
# ("lint (checkpatch) [<kernel>]"): the first kernel's lint has the oldest
# rules. All counts go into the one last line.
#
# DPC backends: every kernel runs the modules built with the tasklet DPC
# (the default). A kernel whose headers have WQ_BH (scripts/gen-compat.sh
# decides, per kernel) then gets the modules built a second time with
# WDFSHIM_DPC=bh, both KUnit boots again and the debug-kernel e2e again,
# as runs named "bh-..." (artifacts bh-build/, bh-console.log, ...;
# stage names with "(bh)"); the first such kernel also runs sparse on the
# bh build ("lint (bh: sparse)", one more check). A failed bh build or
# initramfs counts every expected KUnit case as failed; the rest of the
# check still runs. Each KUnit boot must also print wdfshim's load message
# naming the backend it was built with.
#
# Each KUnit boot also checks where the DIRQL ISR ran (one check): in a
# thread under threadirqs and on PREEMPT_RT, in hard IRQ otherwise. On a
# PREEMPT_RT kernel the threadirqs boot is skipped: it would be the same
# boot again (WDFSHIM_RT_THREADIRQS=1 runs it anyway).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$HARNESS_DIR/edu-common.sh"

TEST_MODULES=(wdfshim/wdfshim.ko kunit/wdfshim_kunit.ko)
# The backend of each build is the harness's choice (use_backend), not the
# caller's environment's; lint builds the default.
unset WDFSHIM_DPC
BOOT_TIMEOUT="${WDFSHIM_BOOT_TIMEOUT:-600}"
KERNELS="${WDFSHIM_KERNELS:-$WDFSHIM_DEFAULT_KERNELS}"

OUT="$WDFSHIM_OUT"
# The DPC backend of the modules under test, their build dir and initramfs.
DPC=tasklet
BUILD="$OUT/build"
INITRAMFS="$OUT/initramfs.cpio.gz"
# Set while a stage failure must not abort the whole check (see stage).
SOFT=""
# The kernel under test: "" for the first of KERNELS, " [<kernel>]" after.
KTAG=""
# Each KUnit boot is a "run" with its own files: "" (default boot) and
# "threadirqs-" (every ISR forced into a thread: the IRQL marks must hold).
RUN=""
CONSOLE="$OUT/console.log"
BOOT_ARGS=()
PASSED=0
FAILED=0

# --- reporting -------------------------------------------------------------

fail() {		# fail COUNT MESSAGE: count failures, say why
	FAILED=$((FAILED + $1))
	printf 'FAIL: %s\n' "$2"
}

finish() {
	echo
	echo "artifacts and console logs: $OUT"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ] && exit 0
	exit 1
}

# expected_cases: the case names of every KUNIT_CASE*(name, ...) in kunit/*.c
expected_cases() {
	local files=("$WDFSHIM_SRC"/kunit/*.c)
	[ -e "${files[0]}" ] || return 0
	grep -ohE 'KUNIT_CASE[A-Z0-9_]*\([[:space:]]*[A-Za-z_][A-Za-z0-9_]*' \
		"${files[@]}" | sed -E 's/.*\([[:space:]]*//' | sort -u
}

# abort STAGE: a stage before the boot failed; nothing ran.
abort() {
	local n
	n="$(expected_cases | wc -l)"
	echo "FAIL: stage '$1' failed; no test ran"
	PASSED=0
	FAILED=$((n > 0 ? n : 1))
	finish
}

# stage NAME CMD...: run one stage, time it. If it fails, abort the check
# (first kernel) or return 1 (a further kernel, see skip_kernel, or the bh
# backend, see dpc_bh).
stage() {
	local name="$1$KTAG" t0 rc=0
	shift
	t0="$(now)"
	echo "=== $name"
	"$@" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "=== $name: failed (rc=$rc) after $(($(now) - t0)) s"
		[ -n "$KTAG$SOFT" ] && return 1
		abort "$name"
	fi
	echo "=== $name: $(($(now) - t0)) s"
}

# skip_kernel: a stage failed on a further kernel; nothing more runs on it
# and its expected KUnit cases count as failed.
skip_kernel() {
	local n
	n="$(expected_cases | wc -l)"
	fail $((n > 0 ? n : 1)) "no test ran on kernel${KTAG}"
}

# --- stages ----------------------------------------------------------------

# kernel_env KERNEL: the environment that selects KERNEL for kernel.sh.
# The default kernel keeps any WDFSHIM_KSRC_* override of the caller.
kernel_env() {
	if [ "$1" = "$WDFSHIM_KERNEL" ]; then
		echo "WDFSHIM_KERNEL=$1" "WDFSHIM_KSRC_PKG=$WDFSHIM_KSRC_PKG" \
			"WDFSHIM_KSRC_SUITE=$WDFSHIM_KSRC_SUITE"
	else
		echo "WDFSHIM_KERNEL=$1" "WDFSHIM_KSRC_PKG=$(kernel_pkg "$1")" \
			"WDFSHIM_KSRC_SUITE=$(kernel_suite "$1")"
	fi
}

# get_kernel KERNEL
get_kernel() {
	local env
	# shellcheck disable=SC2046
	env="$(env $(kernel_env "$1") "$HARNESS_DIR/kernel.sh")" || return 1
	eval "$env"
	echo "KDIR=$KDIR"
	echo "KSRC=$KSRC"
	echo "BZIMAGE=$BZIMAGE"
}

make_initramfs() {
	local m mods=()
	for m in "${TEST_MODULES[@]}"; do
		[ -f "$BUILD/$m" ] || { log "$m was not built"; return 1; }
		mods+=("$BUILD/$m")
	done
	"$HARNESS_DIR/initramfs.sh" -o "$INITRAMFS" "${mods[@]}"
}

# build_modules: the modules of backend $DPC against $KDIR, in $BUILD.
build_modules() {
	WDFSHIM_DPC="$DPC" "$HARNESS_DIR/build-modules.sh" "$KDIR" "$BUILD"
}

# The KUnit boots' devices beyond qemu.sh's edu: an e1000e (82574L) for
# the MSI-X suite, without its option ROM (there is no firmware to run it,
# and the debug kernel has no network stack, so no driver of its own
# binds it).
KUNIT_DEVICES=(-d "e1000e,romfile=")

BOOT_RC=0
boot() {
	BOOT_RC=0
	"$HARNESS_DIR/qemu.sh" -k "$BZIMAGE" -i "$INITRAMFS" \
		-l "$CONSOLE" -t "$BOOT_TIMEOUT" "${KUNIT_DEVICES[@]}" \
		"${BOOT_ARGS[@]}" || BOOT_RC=$?
	echo "boot command: $(cat "$CONSOLE.cmdline")"
}

# --- judging the console ---------------------------------------------------

# clean_console: drop CRs and printk timestamps -> console.txt
clean_console() {
	sed -E 's/\r+$//; s/^\[ *[0-9]+\.[0-9]+\] ?//' "$CONSOLE" >"$OUT/${RUN}console.txt"
}

# make_ktap: the KTAP that the test modules printed. 6.1 prints a module's
# suites as indented subtests without a top-level header, so one is added;
# newer kernels (6.12) print the module's own "KTAP version 1" and "1..N"
# with the suites at top level, which is kept as it is.
make_ktap() {
	local body suites
	body="$(awk -v end="$HARNESS_SENTINEL" -v tag="$HARNESS_TAG insmod " '
		index($0, end) == 1 { exit }
		index($0, tag) == 1 { loading = 1 }
		loading && /^[[:space:]]*(KTAP version|# Subtest:)/ { ktap = 1 }
		ktap { print }
	' "$OUT/${RUN}console.txt")"
	if [[ "$body" == "KTAP version"* ]]; then
		printf '%s\n' "$body" >"$OUT/${RUN}ktap.log"
		return
	fi
	suites="$(grep -cE '^    # Subtest: ' <<<"$body" || true)"
	printf 'KTAP version 1\n1..%d\n%s\n' "$suites" "$body" >"$OUT/${RUN}ktap.log"
}

judge_kunit() {
	local status suite case n missing=() reported
	echo "--- kunit.py parse $OUT/${RUN}ktap.log"
	python3 "$KSRC/tools/testing/kunit/kunit.py" parse "$OUT/${RUN}ktap.log" || true
	echo "---"
	if ! python3 "$HARNESS_DIR/ktap-cases.py" "$KSRC" "$OUT/${RUN}ktap.log" \
		>"$OUT/${RUN}cases.txt"; then
		fail 1 "could not parse $OUT/${RUN}ktap.log"
		: >"$OUT/${RUN}cases.txt"
	fi
	while read -r status suite case; do
		case "$status" in
		SUCCESS) PASSED=$((PASSED + 1)) ;;
		PARSE_ERRORS)
			[ "$suite" -eq 0 ] ||
				fail 1 "KTAP parser reported $suite error(s) (see above)" ;;
		*) fail 1 "$suite.$case: $status" ;;
		esac
	done <"$OUT/${RUN}cases.txt"

	reported="$(awk '$1 == "SUCCESS" { print $3 }' "$OUT/${RUN}cases.txt")"
	while read -r case; do
		[ -n "$case" ] || continue
		grep -qxF -- "$case" <<<"$reported" || missing+=("$case")
	done < <(expected_cases)
	for case in "${missing[@]}"; do
		if awk -v c="$case" '$3 == c { f = 1 } END { exit !f }' "$OUT/${RUN}cases.txt"; then
			continue	# reported as not passing: counted above
		fi
		fail 1 "$case: MISSING (in kunit/*.c, not reported by KUnit)"
	done
	n="$(grep -cv '^PARSE_ERRORS' "$OUT/${RUN}cases.txt" || true)"
	[ "$n" -gt 0 ] || fail 1 "no KUnit case ran"
}

judge_boot() {
	local line
	while read -r line; do
		fail 1 "module did not load: ${line#*FAILED: }"
	done < <(grep -F "$HARNESS_TAG insmod FAILED" "$OUT/${RUN}console.txt" || true)
	if [ "$BOOT_RC" -eq 124 ]; then
		fail 1 "boot timed out after ${BOOT_TIMEOUT}s"
	elif [ "$BOOT_RC" -ne 0 ]; then
		fail 1 "QEMU failed (rc=$BOOT_RC), see $CONSOLE.stderr"
	fi
	if ! grep -qxF "$HARNESS_SENTINEL" "$OUT/${RUN}console.txt"; then
		fail 1 "no end sentinel: the kernel crashed or hung; console tail:"
		tail -n 15 "$OUT/${RUN}console.txt"
	fi
}

judge_splats() {
	local pat hits
	for pat in "${SPLAT_PATTERNS[@]}"; do
		hits="$(splat_hits "$OUT/${RUN}console.txt" "$pat")"
		[ -n "$hits" ] || continue
		fail 1 "kernel splat '$pat' on the console ($(wc -l <<<"$hits") lines):"
		head -n 20 <<<"$hits" | sed 's/^/    /'
	done
}

# lock_out: one `make check` at a time per artifact dir (runs would wipe
# each other's module build); a second one waits.
lock_out() {
	exec 8>"$OUT.lock"
	if ! flock -n 8; then
		log "another check is using $OUT; waiting (set WDFSHIM_OUT to run in parallel)"
		flock 8
	fi
}

# kunit_run NAME [KERNEL-ARG...]: boot the KUnit initramfs once more and
# judge that console as its own run (its cases count again).
kunit_run() {
	RUN="$1-"
	CONSOLE="$OUT/${RUN}console.log"
	shift
	BOOT_ARGS=()
	local a
	for a in "$@"; do
		BOOT_ARGS+=(-a "$a")
	done
	stage "boot (${RUN%-})" boot
	echo "=== results (${RUN%-})"
	judge_run
}

# kernel_is_rt: the kernel under test is built with PREEMPT_RT.
kernel_is_rt() {
	grep -qx 'CONFIG_PREEMPT_RT=y' "$KDIR/.config"
}

# judge_threading: wdfshim_irql_dirql_isr reports where the DIRQL ISR ran
# ("ISR ran in hard IRQ" / "ISR ran in an IRQ thread") and asserts DIRQL
# either way. That the threaded case really ran is checked here: under
# threadirqs and on a PREEMPT_RT kernel the ISR must have been threaded,
# on a plain boot of any other kernel it must have been a hard IRQ.
# One check, passed or failed.
judge_threading() {
	local want=hard got
	{ [[ "$RUN" == *threadirqs- ]] || kernel_is_rt; } && want=thread
	got="$(sed -nE 's/.*wdfshim_irql_dirql_isr: ISR ran in (hard IRQ|an IRQ thread)$/\1/p' \
		"$OUT/${RUN}console.txt" | head -n1)"
	case "$got" in
	"hard IRQ") got=hard ;;
	"an IRQ thread") got=thread ;;
	*) fail 1 "wdfshim_irql_dirql_isr did not report where the ISR ran"; return ;;
	esac
	if [ "$got" = "$want" ]; then
		echo "ISR context: $got, as expected"
		PASSED=$((PASSED + 1))
	else
		fail 1 "the DIRQL ISR ran in context '$got', expected '$want'"
	fi
}

# judge_backend: wdfshim said at load that it runs the DPC on $DPC.
judge_backend() {
	grep -qF "wdfshim: KMDF interrupt API loaded (DPC backend: $DPC)" \
		"$OUT/${RUN}console.txt" ||
		fail 1 "no wdfshim load message naming DPC backend $DPC (run ${RUN:-default})"
}

judge_run() {
	clean_console
	make_ktap
	judge_kunit
	judge_threading
	judge_boot
	judge_splats
	judge_backend
}

# threadirqs_run: the KUnit boot again with threadirqs, except on a
# PREEMPT_RT kernel: there force_irqthreads() is constant true and the
# threadirqs parameter does not exist, so that boot would repeat the first
# one exactly (the first one is already judged as threaded, see
# judge_threading). WDFSHIM_RT_THREADIRQS=1 boots it anyway.
# With a PREFIX (bh), the run is named PREFIX-threadirqs.
threadirqs_run() {
	local name="${1:+$1-}threadirqs"

	if kernel_is_rt && [ "${WDFSHIM_RT_THREADIRQS:-0}" != 1 ]; then
		echo "=== boot ($name)$KTAG: skipped, PREEMPT_RT threads every ISR in the first boot"
		return 0
	fi
	kunit_run "$name" threadirqs
}

# lint [checkpatch]: checkpatch, kernel-doc and sparse on a build copy of
# its own. With another DPC backend than the tasklet, sparse alone, on that
# backend's build (checkpatch and kernel-doc read the sources, which do not
# change). "lint checkpatch": this kernel's checkpatch alone (newer kernels
# add rules).
lint() {
	local lintout dir="$OUT/lint" checks="${1:-}" name="lint$KTAG" t0

	t0="$(now)"
	if [ "$DPC" != tasklet ]; then
		dir="$OUT/$DPC-lint"
		checks=sparse
		name="lint ($DPC: sparse)$KTAG"
	elif [ "$checks" = checkpatch ]; then
		name="lint (checkpatch)$KTAG"
	fi
	echo "=== $name"
	if [ "$checks" != checkpatch ] &&
		! WDFSHIM_DPC="$DPC" "$HARNESS_DIR/build-modules.sh" "$KDIR" "$dir" \
		>/dev/null; then
		fail 1 "$name: the sparse build copy did not build"
		return
	fi
	lintout="$(WDFSHIM_DPC="$DPC" LINT_CHECKS="$checks" \
		"$HARNESS_DIR/lint.sh" "$KSRC" "$KDIR" "$dir" 2>&1 || true)"
	printf '%s\n' "$lintout" | tail -n 40
	local n
	n="$(sed -n 's/^lint: \([0-9]*\) problems$/\1/p' <<<"$lintout")"
	if [ -z "$n" ]; then
		fail 1 "$name did not finish"
	elif [ "$n" -gt 0 ]; then
		fail "$n" "$name: $n problems"
	else
		PASSED=$((PASSED + 1))
	fi
	echo "=== $name: $(($(now) - t0)) s"
}

# e2e NAME BZIMAGE KDIR: the sample's end-to-end test on one kernel, with
# the modules built for $DPC; its "P passed, F failed" joins the totals.
# Its artifacts go straight to $OUT/[bh-]e2e-NAME/, so concurrent checks
# with different WDFSHIM_OUT do not share a directory.
e2e() {
	local name="$1" out last p f pfx="" what t0

	t0="$(now)"
	[ "$DPC" = tasklet ] || pfx="$DPC-"
	out="$OUT/${pfx}e2e-$name.log"
	what="$name kernel$KTAG, $DPC DPC"
	echo "=== e2e ($what)"
	if [ -d "$OUT/${pfx}e2e-$name" ]; then
		safe_rm_dir "$OUT/${pfx}e2e-$name"
	fi
	E2E_OUT="$OUT/${pfx}e2e-$name" WDFSHIM_DPC="$DPC" \
		"$HARNESS_DIR/e2e.sh" "$2" "$3" >"$out" 2>&1 || true
	grep -aE '^(not ok|ok) ' "$out" | grep -v '^ok ' || true
	last="$(tail -n 1 "$out")"
	if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		p="${BASH_REMATCH[1]}"
		f="${BASH_REMATCH[2]}"
		PASSED=$((PASSED + p))
		[ "$f" -eq 0 ] || fail "$f" "e2e ($what): $f failed (see $out)"
		echo "e2e ($what): $p passed, $f failed"
	else
		fail 1 "e2e ($what) did not finish (see $out)"
	fi
	echo "=== e2e ($what): $(($(now) - t0)) s"
}

stock_kernel() {
	local kver
	ensure_packages linux-image-amd64 linux-headers-amd64
	kver="$(edu_stock_kernel)"
	STOCK_BZIMAGE="/boot/vmlinuz-$kver"
	STOCK_KDIR="/usr/src/linux-headers-$kver"
	[ -f "$STOCK_BZIMAGE" ] && [ -f "$STOCK_KDIR/Makefile" ]
}

# use_backend NAME: build, boot and judge the modules of DPC backend NAME
# (tasklet or bh) from here on; the tasklet's files keep their old names.
use_backend() {
	local pfx=""
	DPC="$1"
	[ "$DPC" = tasklet ] || pfx="$DPC-"
	BUILD="$OUT/${pfx}build"
	INITRAMFS="$OUT/${pfx}initramfs.cpio.gz"
	RUN="$pfx"
	CONSOLE="$OUT/${RUN}console.log"
	BOOT_ARGS=()
}

# Set once sparse has checked the bh backend's build (on one kernel only).
BH_LINTED=""

# dpc_bh: on a kernel whose headers have WQ_BH, the modules again with the
# bh DPC backend: both KUnit boots and the debug-kernel e2e, as "bh-" runs,
# and, on the first such kernel, sparse on the bh build. The tasklet runs
# came first; a failure here does not stop the check.
dpc_bh() {
	if ! have_wq_bh "$KDIR"; then
		echo "=== DPC backend bh$KTAG: not built, no WQ_BH in this kernel's headers (tasklet only)"
		return 0
	fi
	use_backend bh
	SOFT=1
	if stage "modules (bh)" build_modules &&
		stage "initramfs (bh)" make_initramfs; then
		kunit_run bh
		threadirqs_run bh
	else
		local n
		n="$(expected_cases | wc -l)"
		fail $((n > 0 ? n : 1)) "no test ran with the bh DPC backend${KTAG}"
	fi
	e2e debug "$BZIMAGE" "$KDIR"
	if [ -z "$BH_LINTED" ]; then
		lint
		BH_LINTED=1
	fi
	SOFT=""
	use_backend tasklet
}

# further_kernel KERNEL: the per-kernel part of the check on one more
# kernel, in its own artifact dir.
further_kernel() {
	KTAG=" [$1]"
	OUT="$WDFSHIM_OUT/$1"
	use_backend tasklet
	mkdir -p "$OUT"
	echo "artifacts$KTAG: $OUT"
	stage kernel get_kernel "$1" || { skip_kernel; return 0; }
	stage modules build_modules || { skip_kernel; return 0; }
	stage initramfs make_initramfs || { skip_kernel; return 0; }
	stage boot boot || { skip_kernel; return 0; }
	echo "=== results$KTAG"
	judge_run
	threadirqs_run
	e2e debug "$BZIMAGE" "$KDIR"
	dpc_bh
	# The first kernel's lint ran the oldest checkpatch; the last kernel's
	# has the newest rules.
	[ "$1" != "${KERNELS##* }" ] || lint checkpatch
}

main() {
	local first k
	mkdir -p "$OUT"
	lock_out
	first="${KERNELS%% *}"
	echo "source: $WDFSHIM_SRC"
	echo "artifacts: $OUT"
	[ "$KERNELS" = "$WDFSHIM_KERNEL" ] || echo "kernels: $KERNELS"
	stage deps "$HARNESS_DIR/deps.sh"
	stage kernel get_kernel "$first"
	stage modules build_modules
	stage initramfs make_initramfs
	stage boot boot

	echo "=== results"
	judge_run
	threadirqs_run
	lint
	if stock_kernel; then
		e2e stock "$STOCK_BZIMAGE" "$STOCK_KDIR"
		if have_wq_bh "$STOCK_KDIR"; then
			use_backend bh
			e2e stock "$STOCK_BZIMAGE" "$STOCK_KDIR"
			use_backend tasklet
		fi
	else
		fail 1 "Debian's stock kernel (linux-image-amd64) is not installed"
	fi
	e2e debug "$BZIMAGE" "$KDIR"
	dpc_bh
	for k in ${KERNELS#"$first"}; do
		further_kernel "$k"
	done
	finish
}

main "$@"
