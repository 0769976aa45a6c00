#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: scripts/check.py, the test matrix declared as data and run
# two cells at a time (see its --help and Documentation/testing.rst). On a
# bare machine Debian's python3 comes first, from scripts/deps.sh, which
# check.py runs again as its first step.
set -euo pipefail
here="$(dirname "$0")"
[ -x /usr/bin/python3 ] || "$here/deps.sh"
exec "$here/check.py" "$@"
