#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print one line per KUnit check found in a KTAP log: "<STATUS> <suite> <case>".

    scripts/ktap-cases.py <KSRC> <ktap.log>

Parses with the kunit_parser of the kernel source the tests ran on (the
same parser as `kunit.py parse`), so the KTAP dialect always matches.
STATUS is kunit_parser's TestStatus name: SUCCESS, FAILURE, SKIPPED,
TEST_CRASHED, ... Each row of a parameterised case is a check of its own:
"<STATUS> <suite> <case> <row>", one line per row, and a line for the case
itself only when it did not pass though no row failed (it crashed between
rows, say).
A last line "PARSE_ERRORS <n>" counts the parser's complaints (plan
mismatches, missing results, ...); `kunit.py parse` shows them in words.
"""
import inspect
import io
import os
import sys


def load_parser(ksrc):
    sys.path.insert(0, os.path.join(ksrc, 'tools', 'testing', 'kunit'))
    # kunit_printer binds sys.stdout at import time: keep its report quiet.
    real_stdout, sys.stdout = sys.stdout, io.StringIO()
    try:
        import kunit_parser  # pylint: disable=import-outside-toplevel
    finally:
        sys.stdout = real_stdout
    return kunit_parser


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    kunit_parser = load_parser(sys.argv[1])
    with open(sys.argv[2], errors='backslashreplace') as f:
        lines = f.read().splitlines()
    args = [lines]
    # Newer kunit_parser (7.x) takes the printer to report to: a silent one.
    if 'printer' in inspect.signature(kunit_parser.parse_run_tests).parameters:
        import kunit_printer  # pylint: disable=import-outside-toplevel
        args.append(kunit_printer.null_printer)
    root = kunit_parser.parse_run_tests(*args)

    for suite in root.subtests:
        for case in suite.subtests:
            name = f'{suite.name or "?"} {case.name or "?"}'
            rows_ok = True
            for row in case.subtests:
                print(f'{row.status.name} {name} {row.name or "?"}')
                rows_ok = rows_ok and row.status.name == 'SUCCESS'
            if not case.subtests or (rows_ok and case.status.name != 'SUCCESS'):
                print(f'{case.status.name} {name}')
    print(f'PARSE_ERRORS {root.counts.errors}')


if __name__ == '__main__':
    main()
