# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the build-and-boot harness (scripts/*.sh).
# Source it; it does not change shell options of the caller.
#
# Environment knobs (all optional):
#   WDFSHIM_SRC        source tree whose Makefile/Kbuild/wdfshim/kunit/samples
#                      are built and tested (default: this repository)
#   WDFSHIM_CACHE      cache for kernels and run artifacts
#                      (default: /var/cache/wdfshim)
#   WDFSHIM_OUT        where `make check` keeps its artifacts and console log
#                      (default: $WDFSHIM_CACHE/check)
#   WDFSHIM_KERNEL     which kernel to build and test: 6.1 (default), 6.12,
#                      6.12-rt (6.12 with PREEMPT_RT) or 7.3 (check.sh takes
#                      a list in WDFSHIM_KERNELS instead)
#   WDFSHIM_KSRC_PKG   Debian package with the kernel source tarball
#                      (default: per kernel, see kernel_pkg)
#   WDFSHIM_KSRC_SUITE Debian suite to fetch that package from when it is not
#                      installed, through a private apt configuration
#                      (scripts/ksrc.sh; default: per kernel, see kernel_suite)
#   WDFSHIM_JOBS       parallel jobs for make (default: nproc)
#   WDFSHIM_DPC        DPC backend that build-modules.sh and e2e.sh build:
#                      tasklet (default) or bh (kernels with WQ_BH); check.sh
#                      sets it itself and runs both where both exist

HARNESS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HARNESS_DIR/.." && pwd)"

WDFSHIM_SRC="$(cd "${WDFSHIM_SRC:-$REPO_ROOT}" && pwd)"
WDFSHIM_CACHE="${WDFSHIM_CACHE:-/var/cache/wdfshim}"
WDFSHIM_OUT="${WDFSHIM_OUT:-$WDFSHIM_CACHE/check}"
WDFSHIM_KERNEL="${WDFSHIM_KERNEL:-6.1}"
WDFSHIM_JOBS="${WDFSHIM_JOBS:-$(nproc)}"

# The kernels `make check` tests when WDFSHIM_KERNELS is not set: Debian's
# 6.1, 6.12 from bookworm-backports, the same 6.12 with PREEMPT_RT, and the
# newest 7.x in the archive (7.3, trixie-backports).
WDFSHIM_DEFAULT_KERNELS="6.1 6.12 6.12-rt 7.3"

# A harness kernel is named <version>[-<flavor>]: the version picks the
# Debian source package, the flavor only adds a configuration overlay
# (scripts/kconfig/debug-<kernel>.config), e.g. 6.12-rt is
# linux-source-6.12 built with PREEMPT_RT.

# kernel_pkg KERNEL: the Debian package with KERNEL's source tarball.
kernel_pkg() {
	echo "linux-source-${1%%-*}"
}

# kernel_suite KERNEL: the Debian suite that carries KERNEL's source
# package when the base release does not ("" = installed by scripts/deps.sh).
kernel_suite() {
	case "${1%%-*}" in
	6.1) echo "" ;;
	6.12) echo "bookworm-backports" ;;
	7.3) echo "trixie-backports" ;;
	*) echo "" ;;
	esac
}
WDFSHIM_KSRC_PKG="${WDFSHIM_KSRC_PKG:-$(kernel_pkg "$WDFSHIM_KERNEL")}"
WDFSHIM_KSRC_SUITE="${WDFSHIM_KSRC_SUITE-$(kernel_suite "$WDFSHIM_KERNEL")}"

# The line init prints last; check.sh requires it on the console.
HARNESS_SENTINEL="wdfshim-harness: end of run"
# Prefix of every line the initramfs' init writes to the kernel log.
HARNESS_TAG="wdfshim-harness:"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# now: seconds since the epoch, for stage timings.
now() { date +%s; }

# run_logged LOGFILE CMD...: run CMD with all output in LOGFILE; on failure
# show the log's tail and return the command's status.
run_logged() {
	local logfile="$1" rc=0
	shift
	"$@" >"$logfile" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		log "command failed (rc=$rc): $*"
		log "last lines of $logfile:"
		tail -n 60 "$logfile" >&2
	fi
	return "$rc"
}

# pkg_version PKG: the installed version of a Debian package, or nothing.
pkg_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

# pkg_installed PKG: true when PKG is fully installed.
pkg_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = \
		"install ok installed" ]
}

# ensure_packages PKG...: install whichever of PKG... is missing.
# apt is not touched when everything is there already.
ensure_packages() {
	local missing=() p
	for p in "$@"; do
		pkg_installed "$p" || missing+=("$p")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root"
	log "installing missing packages: ${missing[*]}"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2
}

# safe_rm_dir DIR: rm -rf DIR, refusing obviously wrong targets.
safe_rm_dir() {
	local d="$1"
	case "$d" in
	"" | / | /usr | /usr/* | /etc | /etc/* | "$HOME" | "$REPO_ROOT" | "$WDFSHIM_SRC")
		die "refusing to delete '$d'" ;;
	esac
	rm -rf -- "$d"
}

# Kernel splats: console lines containing any of these fixed strings.
# Used by check.sh (KUnit boots), e2e.sh and demo.sh alike. The stock
# kernel's "module verification failed" and "loading out-of-tree module
# taints kernel" are expected and match none of them.
SPLAT_PATTERNS=(
	"WARNING:" "BUG:" "kernel BUG" "Oops" "KASAN" "UBSAN"
	"possible circular locking" "possible recursive locking"
	"inconsistent lock state" "lockdep" "DEBUG_LOCKS_WARN_ON"
	"turning off the locking correctness validator" "INFO: "
	"scheduling while atomic"
	"sleeping function called from invalid context"
	"ODEBUG" "Call Trace" "general protection" "list_add corruption"
	"refcount_t" "Kernel panic" "nobody cared" "Disabling IRQ"
	"hung_task" "soft lockup" "rcu_sched self-detected stall"
)
# Lines never taken for splats (whole-line extended regexes): KTAP result
# and diagnostic lines are test output (a case may be called "lockdep_..."),
# stack frames belong to a splat whose headline is caught anyway
# (" ? lockdep_hardirqs_on_prepare+0x1ce/0x1ed" is in most traces), and
# the debug kernel's normal boot banner.
SPLAT_IGNORE=(
	'[[:space:]]*((not )?ok [0-9]+ |#|KTAP version).*'
	'[[:space:]]+(\? )?[A-Za-z0-9_.]+\+0x[0-9a-f]+/0x[0-9a-f]+( \[[A-Za-z0-9_]+\])?'
	'rcu:[[:space:]]+RCU lockdep checking is enabled\.'
)

# splat_hits FILE PATTERN: the numbered lines of FILE (a console without
# timestamps) that contain PATTERN and are not ignored.
splat_hits() {
	local ignore
	ignore="^[0-9]+:($(IFS='|'; echo "${SPLAT_IGNORE[*]}"))\$"
	grep -nF -- "$2" "$1" | grep -vE "$ignore" || true
}

# have_wq_bh KDIR: the kernel's headers have BH workqueues (the probe that
# decides whether wdfshim can be built with WDFSHIM_DPC=bh).
# (The probes are read whole: grep -q in a pipe would end gen-compat.sh
# with SIGPIPE, which pipefail turns into a "no".)
have_wq_bh() {
	local probes
	probes="$("$HARNESS_DIR/gen-compat.sh" "$1" 2>/dev/null)" || return 1
	grep -q '^#define WDFSHIM_HAVE_WQ_BH ' <<<"$probes"
}

# tap_report ok|FAIL NAME [DETAILS]: one "ok N - NAME: DETAILS" or
# "not ok N - NAME: DETAILS" line, counted in PASSED and FAILED (N numbers
# the lines). The callers (e2e.sh, bugcheck-boot.sh) set all three to 0
# and end with "$PASSED passed, $FAILED failed".
tap_report() {
	N=$((N + 1))
	if [ "$1" = ok ]; then
		PASSED=$((PASSED + 1))
		echo "ok $N - $2${3:+: $3}"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $N - $2${3:+: $3}"
	fi
}

# initramfs_add_tree ARCHIVE DIR: append DIR's files to the initramfs
# ARCHIVE as a second gzipped cpio archive; the kernel unpacks
# concatenated archives in order, so they land beside the first one's.
initramfs_add_tree() {
	(cd "$2" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet) | gzip -9 >>"$1"
}

# boot_leaf_args BZIMAGE KDIR: the two arguments of a boot leaf (e2e.sh,
# bugcheck-boot.sh) into BZIMAGE and KDIR, checked.
boot_leaf_args() {
	[ "$#" -eq 2 ] || usage
	BZIMAGE="$1"
	KDIR="$2"
	[ -f "$BZIMAGE" ] || die "no kernel image $BZIMAGE"
	[ -f "$KDIR/Makefile" ] || die "KDIR $KDIR is not a kernel build dir"
}
