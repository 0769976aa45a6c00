#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Find (or fetch) the kernel source tarball of one of the harness' kernels.
#
#   scripts/ksrc.sh
#
# Prints shell assignments on stdout (progress goes to stderr):
#   KSRC_TARBALL=<path to linux-source-X.Y.tar.xz>  KSRC_VERSION=<deb version>
#
# $WDFSHIM_KSRC_PKG installed system-wide (the default kernel's
# linux-source-6.1, installed by scripts/deps.sh) is used as it is. Any
# other source package comes from the Debian suite $WDFSHIM_KSRC_SUITE
# (e.g. bookworm-backports) through a private apt configuration under
# $WDFSHIM_CACHE/apt/<suite>/ (one per suite, so that each suite's lists are
# refreshed on their own): its own sources file, lists and archives, selected
# with -o Dir::Etc::sourcelist=... -o Dir::Etc::sourceparts=- ...; the
# machine's /etc/apt is only read, never written, and the package is not
# installed: `apt-get download` fetches the .deb and `dpkg-deb -x` unpacks
# it into $WDFSHIM_CACHE/src/<package>_<version>/.
#
# The archive URI is not written anywhere in this repository: it is taken
# from the machine's own apt configuration (the first source that carries
# the base release, in /etc/apt/sources.list or sources.list.d/*.sources).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

APT_ROOT="$WDFSHIM_CACHE/apt"
APT_DIR=""		# $APT_ROOT/<suite>, set by fetch
SRC_DIR="$WDFSHIM_CACHE/src"

# os_codename: the machine's Debian release (bookworm).
os_codename() {
	# shellcheck disable=SC1091
	(. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

# archive_source CODENAME: "URI SIGNED-BY" of the first apt source that
# carries the suite CODENAME itself (not -security, not -updates).
# Reads one-line sources.list files and deb822 *.sources files.
archive_source() {
	local codename="$1" f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# deb [signed-by=K] URI SUITE COMPONENTS...
		awk -v s="$codename" '
			$1 == "deb" {
				i = 2; key = "-"
				if ($i ~ /^\[/) {
					for (; i <= NF; i++) {
						if ($i ~ /signed-by=/) {
							key = $i; sub(/.*signed-by=/, "", key)
							sub(/\]$/, "", key)
						}
						if ($i ~ /\]$/) break
					}
					i++
				}
				if ($(i + 1) == s) { print $i, key; exit }
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822 stanzas separated by blank lines
		awk -v s="$codename" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " s " ") && uri != "")
					{ split(uri, u, " "); print u[1], (key == "" ? "-" : key); found = 1; exit }
				types = suites = uri = key = ""
			}
			/^[[:space:]]*#/ { next }
			/^[[:space:]]*$/ { flush(); next }
			{
				field = $1; sub(/:$/, "", field); $1 = ""; sub(/^ /, "")
				if (field == "Types") types = $0
				else if (field == "Suites") suites = $0
				else if (field == "URIs") uri = $0
				else if (field == "Signed-By") key = $0
			}
			END { if (!found) flush() }' "$f"
	done
}

# private_apt TOOL ARGS...: apt-get or apt-cache with only our sources,
# lists and archives.
private_apt() {
	local tool="$1"
	shift
	"$tool" -q \
		-o Dir::Etc::sourcelist="$APT_DIR/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$APT_DIR/lists" \
		-o Dir::Cache::archives="$APT_DIR/archives" \
		-o Dir::Cache::pkgcache="$APT_DIR/pkgcache.bin" \
		-o Dir::Cache::srcpkgcache="$APT_DIR/srcpkgcache.bin" \
		-o APT::Get::List-Cleanup=0 \
		"$@"
}

# write_sources SUITE: the private sources file for SUITE.
write_sources() {
	local suite="$1" codename src uri key opts=""
	codename="$(os_codename)"
	[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
	src="$(archive_source "$codename" | head -n1)"
	[ -n "$src" ] || die "no apt source for '$codename' in /etc/apt"
	uri="${src%% *}"
	key="${src#* }"
	[ "$key" != "-" ] && opts=" [signed-by=$key]"
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial"
	# apt fetches as _apt where it can write
	id _apt >/dev/null 2>&1 && chown _apt "$APT_DIR/archives" "$APT_DIR/archives/partial"
	printf 'deb%s %s %s main\n' "$opts" "$uri" "$suite" >"$APT_DIR/sources.list.new"
	mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
}

# fetch PKG SUITE: download and unpack PKG's newest version from SUITE.
fetch() {
	local pkg="$1" suite="$2" ver deb dest
	APT_DIR="$APT_ROOT/$suite"
	write_sources "$suite"
	# Refresh the private lists at most once a day.
	if [ -z "$(find "$APT_DIR/lists" -maxdepth 1 -name '*_InRelease' -mtime -1 2>/dev/null)" ]; then
		log "apt-get update, private source: $(cat "$APT_DIR/sources.list")"
		private_apt apt-get update >&2 || die "apt-get update of the private lists failed"
	fi
	ver="$(private_apt apt-cache policy "$pkg" 2>/dev/null |
		sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p')"
	if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
		die "$pkg not found in $suite"
	fi
	dest="$SRC_DIR/${pkg}_$ver"
	if [ ! -f "$dest/stamp" ]; then
		log "downloading $pkg $ver from $suite"
		safe_rm_dir "$dest"
		mkdir -p "$dest"
		(cd "$APT_DIR/archives" && private_apt apt-get download "$pkg=$ver" >&2) ||
			die "apt-get download $pkg=$ver failed"
		deb="$(find "$APT_DIR/archives" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n1)"
		[ -n "$deb" ] || die "no .deb of $pkg in $APT_DIR/archives"
		dpkg-deb -x "$deb" "$dest/root"
		rm -f "$deb"
		echo "$ver" >"$dest/stamp"
	fi
	KSRC_TARBALL="$(find "$dest/root/usr/src" -maxdepth 1 -name "$pkg.tar.xz" | head -n1)"
	[ -n "$KSRC_TARBALL" ] || die "no /usr/src/$pkg.tar.xz in $pkg $ver"
	KSRC_VERSION="$ver"
}

main() {
	local ver
	ver="$(pkg_version "$WDFSHIM_KSRC_PKG")"
	if pkg_installed "$WDFSHIM_KSRC_PKG" && [ -f "/usr/src/$WDFSHIM_KSRC_PKG.tar.xz" ]; then
		KSRC_TARBALL="/usr/src/$WDFSHIM_KSRC_PKG.tar.xz"
		KSRC_VERSION="$ver"
	elif [ -n "$WDFSHIM_KSRC_SUITE" ]; then
		mkdir -p "$WDFSHIM_CACHE"
		exec 7>"$WDFSHIM_CACHE/.ksrc.lock"
		flock 7
		fetch "$WDFSHIM_KSRC_PKG" "$WDFSHIM_KSRC_SUITE"
	else
		die "$WDFSHIM_KSRC_PKG is not installed (run scripts/deps.sh)"
	fi
	printf 'KSRC_TARBALL=%q\n' "$KSRC_TARBALL"
	printf 'KSRC_VERSION=%q\n' "$KSRC_VERSION"
}

main "$@"
