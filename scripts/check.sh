#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check` is scripts/check.py: the test matrix declared as data, run
# two cells at a time (see its --help and Documentation/testing.rst). This
# name stays for whoever still calls it.
exec "$(dirname "$0")/check.py" "$@"
