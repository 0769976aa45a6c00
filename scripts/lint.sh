#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks, run by `make check` before anything boots:
#   - checkpatch.pl --strict (options in .checkpatch.conf) on every source
#   - kernel-doc: every exported DDI documented, no kernel-doc warnings
#   - sparse: the modules built with C=2 (sparse on every file), no warnings
#
#   scripts/lint.sh <KSRC> <KDIR> <builddir>
#
# <KSRC> provides scripts/checkpatch.pl and scripts/kernel-doc; <builddir>
# is an out-of-tree copy made by build-modules.sh (sparse rebuilds it, with
# the DPC backend in $WDFSHIM_DPC, default tasklet). LINT_CHECKS (default
# "checkpatch kerneldoc sparse") picks the checks to run.
# Prints one line per problem and "lint: N problems"; fails when N > 0.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ksrc="${1:?usage: $0 <KSRC> <KDIR> <builddir>}"
kdir="${2:?usage: $0 <KSRC> <KDIR> <builddir>}"
build="${3:?usage: $0 <KSRC> <KDIR> <builddir>}"
problems=0

cd "$WDFSHIM_SRC"
mapfile -t sources < <(git ls-files -- '*.c' '*.h' 2>/dev/null ||
	find wdfshim kunit samples -name '*.[ch]')

# The public headers spell the WDK: uppercase typedef'd types that
# checkpatch cannot recognise as types ("typedef EVT_X *PFN_X" reads as a
# multiplication) and declaration macros (WDF_DECLARE_CONTEXT_TYPE) that
# define functions.
public_ignores=SPACING,MACRO_WITH_FLOW_CONTROL,MACRO_ARG_REUSE

checkpatch() {
	local f out extra
	for f in "${sources[@]}"; do
		extra=()
		case "$f" in
		wdfshim/include/*) extra=(--ignore "$public_ignores") ;;
		esac
		out=$("$ksrc/scripts/checkpatch.pl" --terse --no-summary \
			--show-types "${extra[@]}" -f "$f" 2>&1 || true)
		if [ -n "$out" ]; then
			printf '%s\n' "$out"
			problems=$((problems + $(printf '%s\n' "$out" | wc -l)))
		fi
	done
}

# Every EXPORT_SYMBOL_NS_GPL(sym, ...) needs a kernel-doc comment on sym.
kerneldoc() {
	local f sym out
	for f in wdfshim/*.c; do
		out=$("$ksrc/scripts/kernel-doc" -none "$f" 2>&1 || true)
		if [ -n "$out" ]; then
			printf '%s\n' "$out"
			problems=$((problems + $(printf '%s\n' "$out" | wc -l)))
		fi
		while read -r sym; do
			if ! grep -Eq "^ \* $sym - " "$f"; then
				echo "$f: exported $sym has no kernel-doc comment"
				problems=$((problems + 1))
			fi
		done < <(sed -n 's/^EXPORT_SYMBOL_NS_GPL(\([A-Za-z_0-9]*\),.*/\1/p' "$f")
	done
}

sparse() {
	local out
	ensure_packages sparse
	make -C "$build" KDIR="$kdir" clean >/dev/null 2>&1 || true
	out=$(make -C "$build" KDIR="$kdir" WDFSHIM_DPC="${WDFSHIM_DPC:-tasklet}" \
		C=2 modules 2>&1 |
		grep -E '^[^ ]+\.[ch]:[0-9]+:[0-9]+: (warning|error):' || true)
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		problems=$((problems + $(printf '%s\n' "$out" | wc -l)))
	fi
}

for check in ${LINT_CHECKS:-checkpatch kerneldoc sparse}; do
	case "$check" in
	checkpatch | kerneldoc | sparse) "$check" ;;
	*) die "unknown check '$check' in LINT_CHECKS" ;;
	esac
done
echo "lint: $problems problems"
[ "$problems" -eq 0 ]
