#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make check`: wdfshim's test matrix, declared once as data, run by cells.

    scripts/check.py                    the whole matrix (`make check`)
    scripts/check.py --list             print the matrix, one cell a line
    scripts/check.py --kernel 6.12-rt --dpc bh --boot plain --kind kunit
                                        the cells matching every option given
    scripts/check.py -j 1               one cell at a time (default 2)

The matrix (MATRIX below) is kernels x DPC backend x boot flavour x
{KUnit boot, debug-kernel e2e}, plus lint on the first kernel, sparse on
the first bh build, checkpatch on the last kernel, the bug-check boot on
the first kernel and the edu sample's e2e on Debian's stock kernel. The
kernels are WDFSHIM_KERNELS (default: WDFSHIM_DEFAULT_KERNELS in lib.sh).
A backend or boot that a kernel cannot have is decided from that kernel:
bh needs WQ_BH in its headers (gen-compat.sh, as lib.sh's have_wq_bh
asks), and a PREEMPT_RT kernel has no threadirqs boot (its plain boot is
threaded already) unless WDFSHIM_RT_THREADIRQS=1.

Every cell runs through the bash leaves (kernel.sh, build-modules.sh,
initramfs.sh, qemu.sh, lint.sh, e2e.sh, bugcheck-boot.sh) and is judged
here. The order: deps.sh; each kernel (kernel.sh) alone, one after the
other, since a kernel build uses every core; then the cells and the module
builds they need, -j at a time (QEMU TCG with -smp 1 keeps one core busy).
Each cell has its own directory under $WDFSHIM_OUT/<kernel>/ with its own
console log, so cells running side by side share no file.

Counts: each KUnit check (a case, or each row of a parameterised case)
reported passed is one passed check, and each one failed, skipped or
crashed, or each case named by KUNIT_CASE*(name) in kunit/*.c but not
reported (MISSING), one failure; a KUnit boot also counts one check for
the context its DIRQL ISR ran in, and one failure for each of: a module
that did not load, a timeout, a QEMU failure, no end sentinel, each kind
of kernel splat (lib.sh's SPLAT_PATTERNS, judged by its splat_hits), no
load message naming the DPC backend, KTAP parser errors. A clean lint is
one check, each lint problem one failure. e2e and the bug-check boot add
their own "P passed, F failed". A kernel, module build or initramfs that
fails counts every expected KUnit case as failed, once, and the cells that
need it do not run; the others still do.

The last line is "<N> passed, <M> failed"; the exit status is nonzero
when M > 0. Knobs (environment): WDFSHIM_KERNELS, WDFSHIM_OUT,
WDFSHIM_BOOT_TIMEOUT (default 600 s per KUnit boot),
WDFSHIM_RT_THREADIRQS, and those of lib.sh and the leaves.
"""
import argparse
import concurrent.futures
import dataclasses
import fcntl
import inspect
import io
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from typing import Callable, Optional

HARNESS_DIR = os.path.dirname(os.path.abspath(__file__))


# --- the matrix, as data -----------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Backend:
    """A DPC backend: how the modules are built (make WDFSHIM_DPC=name)."""
    name: str
    needs_wq_bh: bool


@dataclasses.dataclass(frozen=True)
class Boot:
    """A boot flavour of the KUnit initramfs: extra kernel arguments."""
    name: str
    kernel_args: tuple
    # False: skipped on PREEMPT_RT, where it would repeat the plain boot
    # (force_irqthreads() is constant true there and the parameter does
    # not exist); WDFSHIM_RT_THREADIRQS=1 runs it anyway.
    on_rt: bool


@dataclasses.dataclass(frozen=True)
class QemuParams:
    """What the KUnit boots add to scripts/qemu.sh (which always adds edu)."""
    # An e1000e (82574L) for the MSI-X suite, without its option ROM: there
    # is no firmware to run it, and the debug kernel has no network stack,
    # so no driver of its own binds it.
    devices: tuple
    modules: tuple		# loaded by the initramfs' /init in this order


TASKLET = Backend('tasklet', needs_wq_bh=False)
BH = Backend('bh', needs_wq_bh=True)
BACKENDS = (TASKLET, BH)
PLAIN = Boot('plain', (), on_rt=True)
THREADIRQS = Boot('threadirqs', ('threadirqs',), on_rt=False)
BOOTS = (PLAIN, THREADIRQS)
NO_BOOT = Boot('', (), on_rt=True)
KUNIT_QEMU = QemuParams(devices=('e1000e,romfile=',),
                        modules=('wdfshim/wdfshim.ko',
                                 'kunit/wdfshim_kunit.ko'))
LINT_ALL = 'checkpatch kerneldoc sparse'


@dataclasses.dataclass(frozen=True)
class CellSpec:
    """One row of the matrix: a kind of cell and where it runs.

    where: 'each' kernel, the 'first', the 'last' (only when there are
    several), 'first-bh' (the first kernel whose headers have WQ_BH) or
    'stock' (Debian's stock kernel, linux-image-amd64).
    """
    kind: str
    where: str
    backends: tuple = (TASKLET,)
    boots: tuple = (NO_BOOT,)
    checks: str = ''		# lint: LINT_CHECKS


MATRIX = (
    CellSpec('kunit', 'each', BACKENDS, BOOTS),
    CellSpec('e2e', 'each', BACKENDS),
    CellSpec('lint', 'first', checks=LINT_ALL),
    # checkpatch and kernel-doc read the sources, the same for both backends
    CellSpec('lint', 'first-bh', (BH,), checks='sparse'),
    # the first kernel's checkpatch is the oldest; the last's has new rules
    CellSpec('lint', 'last', checks='checkpatch'),
    CellSpec('bugcheck', 'first'),
    CellSpec('stock-e2e', 'stock', BACKENDS),
)
KINDS = ('kunit', 'e2e', 'lint', 'bugcheck', 'stock-e2e')


@dataclasses.dataclass(frozen=True)
class Cell:
    """One cell of the matrix: one judged run with its own directory."""
    kind: str
    kernel: str			# a harness kernel, or 'stock'
    backend: Backend
    boot: Boot = NO_BOOT
    checks: str = ''

    @property
    def slug(self):
        parts = [self.kind.replace('stock-', ''), self.backend.name]
        if self.boot.name:
            parts.append(self.boot.name)
        if self.checks and self.checks != LINT_ALL:
            parts.append(self.checks.replace(' ', '-'))
        return '-'.join(parts)

    @property
    def title(self):
        what = {'kunit': f'kunit ({self.backend.name}, {self.boot.name})',
                'e2e': f'e2e (debug kernel, {self.backend.name})',
                'stock-e2e': f'e2e (stock kernel, {self.backend.name})',
                'bugcheck': f'bugcheck ({self.backend.name})',
                'lint': f'lint ({self.checks}, {self.backend.name})'}
        return f'[{self.kernel}] {what[self.kind]}'

    @property
    def rerun(self):
        cmd = ['scripts/check.py']
        if self.kind != 'stock-e2e':
            cmd += ['--kernel', self.kernel]
        cmd += ['--kind', self.kind, '--dpc', self.backend.name]
        if self.boot.name:
            cmd += ['--boot', self.boot.name]
        return ' '.join(cmd)


@dataclasses.dataclass(frozen=True)
class Kernel:
    """A resolved kernel: where kernel.sh put it, what its headers have."""
    name: str
    kdir: str
    ksrc: str
    bzimage: str
    wq_bh: bool
    rt: bool


def kernel_facts(name, kdir, ksrc, bzimage):
    """A Kernel, with what its build says: WQ_BH in its headers (lib.sh's
    have_wq_bh, the probe that decides whether wdfshim builds with
    WDFSHIM_DPC=bh) and PREEMPT_RT in its .config."""
    rc, _ = shell('have_wq_bh "$1"', kdir)
    try:
        with open(os.path.join(kdir, '.config')) as f:
            rt = 'CONFIG_PREEMPT_RT=y' in f.read().splitlines()
    except OSError:		# Debian's headers: no PREEMPT_RT flavour here
        rt = False
    return Kernel(name, kdir, ksrc, bzimage, rc == 0, rt)


@dataclasses.dataclass(frozen=True)
class Planned:
    cell: Cell
    needs: tuple		# kernels whose facts decide the cell
    condition: str		# '' when decided, else why it may not run


def rt_threadirqs():
    return os.environ.get('WDFSHIM_RT_THREADIRQS', '0') == '1'


def expand(kernels, facts, listing=False):
    """The cells of MATRIX on KERNELS, in matrix order.

    facts maps a kernel name ('stock' too) to its Kernel, or to None when
    it could not be had. A kernel missing from facts is undecided: with
    listing, its conditional cells are kept with their condition; without,
    they are left out.
    """
    out = []

    def known(k):
        return k in facts and facts[k] is not None

    def add(spec, k, needs, conds):
        if not listing and not known(k):
            return
        for be in spec.backends:
            for boot in spec.boots:
                why = list(conds)
                if be.needs_wq_bh:
                    if k not in facts:
                        why.append('if its headers have WQ_BH')
                    elif not known(k) or not facts[k].wq_bh:
                        continue
                if not boot.on_rt and not rt_threadirqs():
                    if k not in facts:
                        why.append('not on PREEMPT_RT')
                    elif not known(k) or facts[k].rt:
                        continue
                if why and not listing:
                    continue
                cell = Cell(spec.kind, k, be, boot, spec.checks)
                out.append(Planned(cell, needs, ', '.join(why)))

    for spec in MATRIX:
        if spec.where == 'stock':
            add(spec, 'stock', ('stock',), ())
        elif spec.where == 'each':
            for k in kernels:
                add(spec, k, (k,), ())
        elif spec.where == 'first':
            add(spec, kernels[0], (kernels[0],), ())
        elif spec.where == 'last':
            if len(kernels) > 1:
                add(spec, kernels[-1], (kernels[-1],), ())
        elif spec.where == 'first-bh':
            for i, k in enumerate(kernels):
                before = kernels[:i]
                if all(b in facts for b in before):
                    if any(known(b) and facts[b].wq_bh for b in before):
                        break
                    add(spec, k, tuple(kernels[:i + 1]), ())
                else:
                    add(spec, k, tuple(kernels[:i + 1]),
                        ('if no kernel before it has WQ_BH',))
        else:
            raise ValueError(spec.where)
    # kernel by kernel, in matrix order within one
    order = {k: i for i, k in enumerate(list(kernels) + ['stock'])}
    return sorted(out, key=lambda p: order[p.cell.kernel])


# --- the shell side: lib.sh's values and functions ---------------------------

def shell(snippet, *args, env=None):
    """Run SNIPPET in bash with lib.sh and edu-common.sh sourced.

    Return: (exit status, stdout); stderr passes through.
    """
    script = ('set -euo pipefail\n'
              f'. {shlex.quote(HARNESS_DIR)}/lib.sh\n'
              '. "$HARNESS_DIR/edu-common.sh"\n' + snippet)
    p = subprocess.run(['bash', '-c', script, 'check.py', *args],
                       env=env, stdout=subprocess.PIPE, check=False)
    return p.returncode, p.stdout.decode(errors='surrogateescape')


@dataclasses.dataclass(frozen=True)
class Harness:
    """The settings every leaf shares, as lib.sh computes them."""
    src: str
    cache: str
    out: str
    default_kernels: str
    default_kernel: str
    sentinel: str
    tag: str


def load_harness():
    rc, out = shell('printf "%s\\0" "$WDFSHIM_SRC" "$WDFSHIM_CACHE" '
                    '"$WDFSHIM_OUT" "$WDFSHIM_DEFAULT_KERNELS" '
                    '"$WDFSHIM_KERNEL" "$HARNESS_SENTINEL" "$HARNESS_TAG"')
    if rc:
        sys.exit('check.py: could not read scripts/lib.sh')
    return Harness(*out.split('\0')[:7])


SPLAT_SCAN = '''
for pat in "${SPLAT_PATTERNS[@]}"; do
	hits="$(splat_hits "$1" "$pat")"
	if [ -n "$hits" ]; then printf '%s\\0%s\\0' "$pat" "$hits"; fi
done
'''


def splats(console_txt):
    """Each kind of splat on a cleaned console: {pattern: [hit lines]}.

    The patterns and the lines never taken for splats are lib.sh's
    SPLAT_PATTERNS and SPLAT_IGNORE, applied by its own splat_hits.
    """
    rc, out = shell(SPLAT_SCAN, console_txt)
    if rc:
        raise RuntimeError(f'splat scan of {console_txt} failed (rc={rc})')
    f = out.split('\0')
    return {f[i]: f[i + 1].splitlines() for i in range(0, len(f) - 1, 2)}


# --- running commands --------------------------------------------------------

PRINT_LOCK = threading.Lock()
CHILDREN = set()
CHILDREN_LOCK = threading.Lock()
INTERRUPTED = threading.Event()		# no verdict on what was killed


def say(*lines):
    with PRINT_LOCK:
        for line in lines:
            print(line, flush=True)


def leaf_env(**settings):
    """The environment of a leaf: ours, without WDFSHIM_DPC (each run
    names its backend), plus SETTINGS; None values unset a variable."""
    env = {k: v for k, v in os.environ.items() if k != 'WDFSHIM_DPC'}
    for k, v in settings.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = str(v)
    return env


def run(argv, log, env=None, stdout=None):
    """Run ARGV in a session of its own, stderr (and stdout, unless
    STDOUT is a file) appended to the open file LOG. Return: exit status."""
    log.write(f'$ {" ".join(shlex.quote(a) for a in argv)}\n')
    log.flush()
    p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                         stdout=stdout or log, stderr=log,
                         start_new_session=True)
    with CHILDREN_LOCK:
        CHILDREN.add(p)
    try:
        rc = p.wait()
    finally:
        with CHILDREN_LOCK:
            CHILDREN.discard(p)
    log.write(f'# exit status {rc}\n')
    log.flush()
    return rc


def descendants(pids):
    """PIDS and every process below them (read from /proc)."""
    children = {}
    for d in os.listdir('/proc'):
        try:
            with open(f'/proc/{d}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        if d.isdigit():
            ppid = int(stat.rsplit(')', 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(d))
    out, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def kill_children():
    """End every process the running tasks started, and theirs: qemu.sh's
    timeout(1) puts QEMU in a process group of its own."""
    INTERRUPTED.set()
    with CHILDREN_LOCK:
        pids = descendants(p.pid for p in CHILDREN)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def leaf(name):
    return os.path.join(HARNESS_DIR, name)


def fresh_dir(path, out):
    """An empty PATH, which must lie inside OUT."""
    if os.path.commonpath([os.path.realpath(path),
                           os.path.realpath(out)]) != os.path.realpath(out) \
            or os.path.realpath(path) == os.path.realpath(out):
        raise RuntimeError(f'refusing to empty {path}')
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


# --- results -----------------------------------------------------------------

@dataclasses.dataclass
class Result:
    """What one task counted, and what the main output shows of it."""
    passed: int = 0
    failed: int = 0
    ok: bool = True		# a build: the tasks that need it may run
    lines: list = dataclasses.field(default_factory=list)

    def good(self, n=1):
        self.passed += n

    def fail(self, n, message, details=()):
        self.failed += n
        self.lines.append(f'FAIL: {message}')
        self.lines.extend(f'    {d}' for d in details)

    def note(self, message):
        self.lines.append(message)


# --- judging a KUnit boot ----------------------------------------------------

def expected_cases(src):
    """The names of every KUNIT_CASE*(name, ...) in SRC/kunit/*.c."""
    names = set()
    kdir = os.path.join(src, 'kunit')
    pat = re.compile(r'KUNIT_CASE[A-Z0-9_]*\(\s*([A-Za-z_][A-Za-z0-9_]*)')
    for f in sorted(os.listdir(kdir)) if os.path.isdir(kdir) else ():
        if f.endswith('.c'):
            with open(os.path.join(kdir, f), errors='replace') as fh:
                for line in fh:		# one line at a time, like grep
                    names.update(pat.findall(line))
    return sorted(names)


def read_text(path):
    with open(path, 'rb') as f:
        return f.read().decode(errors='surrogateescape')


def write_text(path, text):
    with open(path, 'wb') as f:
        f.write(text.encode(errors='surrogateescape'))


STAMP = re.compile(r'^\[ *[0-9]+\.[0-9]+\] ?')


def clean_console(text):
    """The console without CRs at line ends and printk timestamps."""
    return '\n'.join(STAMP.sub('', re.sub(r'\r+$', '', line))
                     for line in text.split('\n'))


def make_ktap(lines, h):
    """The KTAP the test modules printed, from the first insmod line of
    /init to the sentinel. 6.1 prints a module's suites as indented
    subtests without a top-level header, so one is added; 6.12 and later
    print the module's own "KTAP version 1" and "1..N" with the suites at
    top level, which is kept as it is."""
    body, loading, ktap = [], False, False
    start = re.compile(r'^\s*(KTAP version|# Subtest:)')
    for line in lines:
        if line.startswith(h.sentinel):
            break
        if line.startswith(f'{h.tag} insmod '):
            loading = True
        if loading and start.match(line):
            ktap = True
        if ktap:
            body.append(line)
    while body and body[-1] == '':
        body.pop()
    if body and body[0].startswith('KTAP version'):
        return '\n'.join(body) + '\n'
    suites = sum(1 for line in body if line.startswith('    # Subtest: '))
    return '\n'.join(['KTAP version 1', f'1..{suites}'] + body) + '\n'


def ktap_cases(ksrc, path):
    """One (status, suite, case, row) per KUnit check of the KTAP log PATH
    (row is '' for a case without rows), and the parser's error count,
    from the kunit_parser of KSRC (the kernel the tests ran on, so the
    KTAP dialect always matches). Runs in a process of its own (--ktap-cases): each
    kernel has its own kunit_parser and they cannot share one interpreter.
    """
    sys.path.insert(0, os.path.join(ksrc, 'tools', 'testing', 'kunit'))
    # kunit_printer binds sys.stdout at import time: keep its report quiet.
    real_stdout, sys.stdout = sys.stdout, io.StringIO()
    try:
        import kunit_parser  # pylint: disable=import-outside-toplevel
    finally:
        sys.stdout = real_stdout
    with open(path, errors='backslashreplace') as f:
        args = [f.read().splitlines()]
    # 7.x's kunit_parser takes the printer to report to: a silent one.
    if 'printer' in inspect.signature(kunit_parser.parse_run_tests).parameters:
        import kunit_printer  # pylint: disable=import-outside-toplevel
        args.append(kunit_printer.null_printer)
    real_stdout, sys.stdout = sys.stdout, io.StringIO()
    try:
        root = kunit_parser.parse_run_tests(*args)
    finally:
        sys.stdout = real_stdout
    # Each row of a parameterised case is a check of its own; the case
    # itself is one only when it has no rows, or did not pass though no
    # row failed (it crashed between rows, say).
    cases = []
    for suite in root.subtests:
        for case in suite.subtests:
            name = (suite.name or '?', case.name or '?')
            rows_ok = True
            for row in case.subtests:
                cases.append((row.status.name, *name, row.name or '?'))
                rows_ok = rows_ok and row.status.name == 'SUCCESS'
            if not case.subtests or (rows_ok and
                                     case.status.name != 'SUCCESS'):
                cases.append((case.status.name, *name, ''))
    return {'cases': cases, 'errors': root.counts.errors}


def judge_kunit(res, d, k, expected, log):
    ktap = os.path.join(d, 'ktap.log')
    with open(os.path.join(d, 'kunit-parse.txt'), 'w') as f:
        run([sys.executable,
             os.path.join(k.ksrc, 'tools/testing/kunit/kunit.py'),
             'parse', ktap], log, stdout=f)
    p = subprocess.run([sys.executable, os.path.abspath(__file__),
                        '--ktap-cases', k.ksrc, ktap],
                       stdout=subprocess.PIPE, stderr=log, check=False)
    try:
        parsed = json.loads(p.stdout) if p.returncode == 0 else None
    except ValueError:
        parsed = None
    if parsed is None:
        res.fail(1, f'could not parse {ktap}')
        parsed = {'cases': [], 'errors': 0}
    with open(os.path.join(d, 'cases.txt'), 'w') as f:
        for status, suite, case, row in parsed['cases']:
            f.write(f'{status} {suite} {case} {row}'.rstrip() + '\n')
        f.write(f'PARSE_ERRORS {parsed["errors"]}\n')
    for status, suite, case, row in parsed['cases']:
        if status == 'SUCCESS':
            res.good()
        else:
            res.fail(1, f'{suite}.{case}{" [" + row + "]" if row else ""}: '
                     f'{status}')
    if parsed['errors']:
        res.fail(1, f'KTAP parser reported {parsed["errors"]} error(s) '
                 f'(see {d}/kunit-parse.txt)')
    reported = {case for _, _, case, _ in parsed['cases']}
    for case in expected:
        if case not in reported:
            res.fail(1, f'{case}: MISSING (in kunit/*.c, not reported by '
                     'KUnit)')
    if not parsed['cases']:
        res.fail(1, 'no KUnit case ran')


def kunit_report_problems(path):
    """kunit.py parse's report without the passed results and the headers
    of passing suites: what a reader of a failed run wants (at most 60
    lines)."""
    quiet = re.compile(r'^\[[0-9:]+\] (=+ \S+ +(\(\d+ subtests\) )?=+|=+)$')
    try:
        text = read_text(path).split('\n')
    except OSError:
        return []
    return [line for line in text
            if line and '[PASSED]' not in line and not quiet.match(line)][:60]


def judge_threading(res, lines, cell, k):
    """wdfshim_irql_dirql_isr reports where the DIRQL ISR ran and asserts
    DIRQL either way; that the threaded case really ran is checked here:
    in a thread under threadirqs and on PREEMPT_RT, in hard IRQ otherwise.
    One check, passed or failed."""
    want = 'thread' if cell.boot is THREADIRQS or k.rt else 'hard'
    pat = re.compile(r'.*wdfshim_irql_dirql_isr: ISR ran in '
                     r'(hard IRQ|an IRQ thread)$')
    got = next((m.group(1) for m in map(pat.match, lines) if m), None)
    if got is None:
        res.fail(1, 'wdfshim_irql_dirql_isr did not report where the ISR ran')
        return
    got = 'hard' if got == 'hard IRQ' else 'thread'
    if got == want:
        res.good()
        res.note(f'    ISR context: {got}, as expected')
    else:
        res.fail(1, f"the DIRQL ISR ran in context '{got}', expected '{want}'")


def judge_boot(res, lines, rc, timeout, console, h):
    for line in lines:
        if f'{h.tag} insmod FAILED' in line:
            res.fail(1, 'module did not load: ' +
                     line.split('FAILED: ', 1)[-1])
    if rc == 124:
        res.fail(1, f'boot timed out after {timeout}s')
    elif rc:
        res.fail(1, f'QEMU failed (rc={rc}), see {console}.stderr')
    if h.sentinel not in lines:
        res.fail(1, 'no end sentinel: the kernel crashed or hung; '
                 'console tail:', lines[-15:])


def judge_splats(res, console_txt):
    for pat, hits in splats(console_txt).items():
        res.fail(1, f"kernel splat '{pat}' on the console "
                 f'({len(hits)} lines):', hits[:20])


def judge_backend(res, lines, cell):
    msg = ('wdfshim: KMDF interrupt API loaded '
           f'(DPC backend: {cell.backend.name})')
    if not any(msg in line for line in lines):
        res.fail(1, 'no wdfshim load message naming DPC backend '
                 f'{cell.backend.name}')


# --- the tasks ---------------------------------------------------------------

@dataclasses.dataclass(eq=False)
class Task:
    """One step: a kernel, a module build or a cell; DEPS succeed first."""
    name: str
    action: Callable
    deps: list = dataclasses.field(default_factory=list)
    cell: Optional[Cell] = None
    log_path: str = ''
    console: str = ''		# what to open when the cell fails
    result: Result = dataclasses.field(default_factory=Result)
    state: str = 'pending'	# pending, done, not run
    seconds: float = 0.0
    blocked_by: str = ''


class Check:
    """One `make check`: the plan, the tasks, the counts."""

    def __init__(self, args, h):
        self.args = args
        self.h = h
        self.out = h.out
        self.expected = expected_cases(h.src)
        self.n_expected = max(len(self.expected), 1)
        self.boot_timeout = os.environ.get('WDFSHIM_BOOT_TIMEOUT', '600')
        self.kernels = {}	# name -> Kernel or None
        self.tasks = []
        self.t0 = time.monotonic()

    # --- phase 1: alone, in order --------------------------------------

    def execute(self, task):
        t0 = time.monotonic()
        if task.log_path:
            os.makedirs(os.path.dirname(task.log_path), exist_ok=True)
            log = open(task.log_path, 'w')
        else:
            log = sys.stderr
        try:
            task.action(task, log)
        except Exception as e:  # pylint: disable=broad-except
            task.result.ok = False
            task.result.fail(1, f'{task.name}: {type(e).__name__}: {e}')
        finally:
            if log is not sys.stderr:
                log.close()
        task.seconds = time.monotonic() - t0
        task.state = 'done'
        if not INTERRUPTED.is_set():
            self.report(task)

    def report(self, task):
        r = task.result
        if task.cell:
            status = f'{r.passed} passed, {r.failed} failed'
        else:
            status = 'ok' if r.ok else f'FAILED ({r.failed} counted)'
        lines = [f'=== {task.name}: {status}, {task.seconds:.0f} s']
        lines += r.lines
        shown = r.failed or self.args.filtered
        if shown and task.console and os.path.exists(task.console):
            lines.append(f'    console log: {task.console}')
        if task.log_path and (r.failed or not r.ok):
            lines.append(f'    log: {task.log_path}')
            if not task.cell:	# a build: why is at the end of its log
                lines += ['      ' + line for line in
                          read_text(task.log_path).rstrip().split('\n')[-20:]]
        say(*lines)

    def deps(self):
        def action(task, _log):
            if subprocess.run([leaf('deps.sh')], check=False).returncode:
                task.result.ok = False
        t = Task('deps', action)
        self.execute(t)
        return t

    def kernel_env(self, name):
        """kernel.sh's environment for NAME. The default kernel keeps any
        WDFSHIM_KSRC_* override of the caller; another kernel gets
        lib.sh's package and suite for it."""
        if name == self.h.default_kernel:
            return leaf_env(WDFSHIM_KERNEL=name)
        return leaf_env(WDFSHIM_KERNEL=name, WDFSHIM_KSRC_PKG=None,
                        WDFSHIM_KSRC_SUITE=None)

    def resolve_kernel(self, name):
        def action(task, _log):
            p = subprocess.run([leaf('kernel.sh')], env=self.kernel_env(name),
                               stdout=subprocess.PIPE, text=True, check=False)
            if p.returncode:
                task.result.ok = False
                task.result.fail(self.n_expected, 'no test ran on kernel '
                                 f'{name}: kernel.sh failed (every expected '
                                 'KUnit case counts as failed)')
                return
            v = {}
            for line in p.stdout.splitlines():
                key, _, value = line.partition('=')
                v[key] = shlex.split(value)[0] if value else ''
            k = kernel_facts(name, v['KDIR'], v['KSRC'], v['BZIMAGE'])
            self.kernels[name] = k
            task.result.note(f'    KDIR={k.kdir} BZIMAGE={k.bzimage}')
            if not k.wq_bh:
                task.result.note('    DPC backend bh: not built, no WQ_BH in '
                                 "this kernel's headers (tasklet only)")
            if k.rt and not rt_threadirqs():
                task.result.note('    threadirqs boots: skipped, PREEMPT_RT '
                                 'threads every ISR in the plain boot')
        self.kernels[name] = None
        t = Task(f'[{name}] kernel', action)
        self.execute(t)
        self.tasks.append(t)

    def resolve_stock(self):
        snippet = '''
ensure_packages linux-image-amd64 linux-headers-amd64 >&2
kver="$(edu_stock_kernel)"
[ -f "/boot/vmlinuz-$kver" ] && [ -f "/usr/src/linux-headers-$kver/Makefile" ]
printf '%s\\n' "/boot/vmlinuz-$kver" "/usr/src/linux-headers-$kver"
'''

        def action(task, _log):
            rc, out = shell(snippet, env=leaf_env())
            lines = out.splitlines()
            if rc or len(lines) < 2:
                task.result.ok = False
                task.result.fail(1, "Debian's stock kernel "
                                 '(linux-image-amd64) is not installed')
                return
            self.kernels['stock'] = kernel_facts('stock', lines[1], '',
                                                 lines[0])
            task.result.note(f'    {lines[0]}, headers {lines[1]}')
        self.kernels['stock'] = None
        t = Task('[stock] kernel', action)
        self.execute(t)
        self.tasks.append(t)

    # --- phase 2: cells, -j at a time -----------------------------------

    def kdir_out(self, kernel):
        return os.path.join(self.out, kernel)

    def module_build(self, k, be):
        """Task: the modules of backend BE against K, and their initramfs."""
        base = self.kdir_out(k.name)
        build = os.path.join(base, f'build-{be.name}')
        initramfs = os.path.join(base, f'initramfs-{be.name}.cpio.gz')

        def action(task, log):
            res = task.result
            env = leaf_env(WDFSHIM_DPC=be.name)
            t0 = time.monotonic()
            if run([leaf('build-modules.sh'), k.kdir, build], log, env):
                res.ok = False
                res.fail(self.n_expected, f'modules ({be.name}) did not build '
                         f'for kernel {k.name}: no KUnit boot ran with them '
                         '(every expected case counts as failed)')
                return
            res.note(f'    modules: {time.monotonic() - t0:.0f} s')
            mods = [os.path.join(build, m) for m in KUNIT_QEMU.modules]
            missing = [m for m in mods if not os.path.isfile(m)]
            t0 = time.monotonic()
            if missing or run([leaf('initramfs.sh'), '-o', initramfs, *mods],
                              log, env):
                res.ok = False
                res.fail(self.n_expected, f'initramfs ({be.name}) for kernel '
                         f'{k.name} failed{": no " if missing else ""}'
                         f'{" ".join(missing)}: no KUnit boot ran with it')
                return
            res.note(f'    initramfs: {time.monotonic() - t0:.0f} s')
        t = Task(f'[{k.name}] modules ({be.name})', action,
                 log_path=os.path.join(base, f'build-{be.name}.log'))
        t.initramfs = initramfs
        return t

    def cell_task(self, cell, builds):
        k = self.kernels[cell.kernel]
        d = os.path.join(self.kdir_out(cell.kernel), cell.slug)
        deps = []
        if cell.kind == 'kunit':
            key = (cell.kernel, cell.backend.name)
            if key not in builds:
                builds[key] = self.module_build(k, cell.backend)
            deps.append(builds[key])
        kinds = {'kunit': self.kunit_cell, 'e2e': self.tap_cell,
                 'stock-e2e': self.tap_cell, 'bugcheck': self.tap_cell,
                 'lint': self.lint_cell}

        def action(task, log):
            kinds[cell.kind](task, log, cell, k, d)
        console = {'kunit': os.path.join(d, 'console.log'),
                   'e2e': os.path.join(d, 'e2e'),
                   'stock-e2e': os.path.join(d, 'e2e'),
                   'bugcheck': os.path.join(d, 'bugcheck')}.get(cell.kind, '')
        return Task(cell.title, action, deps, cell,
                    log_path=os.path.join(d + '.log'), console=console)

    def kunit_cell(self, task, log, cell, k, d):
        res = task.result
        fresh_dir(d, self.out)
        console = os.path.join(d, 'console.log')
        argv = [leaf('qemu.sh'), '-k', k.bzimage, '-i', task.deps[0].initramfs,
                '-l', console, '-t', self.boot_timeout]
        for dev in KUNIT_QEMU.devices:
            argv += ['-d', dev]
        for arg in cell.boot.kernel_args:
            argv += ['-a', arg]
        t0 = time.monotonic()
        rc = run(argv, log, leaf_env())
        res.note(f'    boot: {time.monotonic() - t0:.0f} s, rc={rc}')
        if os.path.isfile(console):
            text = clean_console(read_text(console))
        else:
            text = ''
        txt = os.path.join(d, 'console.txt')
        write_text(txt, text)
        lines = text.split('\n')
        write_text(os.path.join(d, 'ktap.log'), make_ktap(lines, self.h))
        judge_kunit(res, d, k, self.expected, log)
        judge_threading(res, lines, cell, k)
        judge_boot(res, lines, rc, self.boot_timeout, console, self.h)
        judge_splats(res, txt)
        judge_backend(res, lines, cell)
        if res.failed:
            res.note('    kunit.py parse, all but passed cases:')
            parse = os.path.join(d, 'kunit-parse.txt')
            res.lines += ['      ' + line
                          for line in kunit_report_problems(parse)]

    def tap_cell(self, task, log, cell, k, d):
        """e2e.sh or bugcheck-boot.sh: "ok N - ..."/"not ok N - ..." lines,
        then "<P> passed, <F> failed"; both counts join the totals."""
        res = task.result
        fresh_dir(d, self.out)
        if cell.kind == 'bugcheck':
            script, outvar, art = ('bugcheck-boot.sh', 'BUGCHECK_OUT',
                                   'bugcheck')
        else:
            script, outvar, art = 'e2e.sh', 'E2E_OUT', 'e2e'
        what = cell.title
        path = leaf(script)
        if not os.path.isfile(path):
            res.fail(1, f'{what}: scripts/{script} is not in the tree')
            return
        if not os.access(path, os.X_OK):
            res.fail(1, f'{what}: scripts/{script} is not executable')
            return
        out = os.path.join(d, f'{art}.log')
        env = leaf_env(WDFSHIM_DPC=cell.backend.name,
                       **{outvar: os.path.join(d, art)})
        with open(out, 'w') as f:
            rc = run([path, k.bzimage, k.kdir], log, env, stdout=f)
        text = read_text(out).rstrip('\n').split('\n')
        bad = [line for line in text if line.startswith('not ok ')]
        m = re.fullmatch(r'([0-9]+) passed, ([0-9]+) failed', text[-1])
        if not m:
            res.fail(1, f'{what} did not finish (rc={rc}, see {out}); '
                     'its last lines:', text[-20:])
            return
        p, f = int(m.group(1)), int(m.group(2))
        res.good(p)
        if f:
            res.fail(f, f'{what}: {f} failed (see {out})', bad)

    def lint_cell(self, task, log, cell, k, d):
        """checkpatch, kernel-doc and sparse (lint.sh) on a build copy of
        the cell's own; LINT_CHECKS picks them. Clean: one passed check;
        else one failure per problem."""
        res = task.result
        fresh_dir(d, self.out)
        build = os.path.join(d, 'build')
        env = leaf_env(WDFSHIM_DPC=cell.backend.name, LINT_CHECKS=cell.checks)
        if cell.checks != 'checkpatch':
            with open(os.devnull, 'w') as null:
                if run([leaf('build-modules.sh'), k.kdir, build], log, env,
                       stdout=null):
                    res.fail(1, f'{cell.title}: the sparse build copy did '
                             'not build')
                    return
        else:
            os.makedirs(build)
        out = os.path.join(d, 'lint.log')
        with open(out, 'w') as f:
            run([leaf('lint.sh'), k.ksrc, k.kdir, build], log, env, stdout=f)
        text = read_text(out).rstrip('\n').split('\n')
        last = re.compile(r'lint: ([0-9]+) problems')
        m = next(filter(None, map(last.fullmatch, text)), None)
        if not m:
            res.fail(1, f'{cell.title} did not finish (see {out})', text[-40:])
        elif int(m.group(1)):
            res.fail(int(m.group(1)), f'{cell.title}: {m.group(1)} problems',
                     text[-40:])
        else:
            res.good()

    def run_pool(self, tasks, jobs):
        """Run TASKS, JOBS at a time, each once its dependencies are done;
        a task whose dependency failed does not run. Tasks start in list
        order."""
        pending = list(tasks)
        running = {}
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            try:
                self.schedule(pool, pending, running, jobs)
            except KeyboardInterrupt:
                # before the pool waits for its threads
                kill_children()
                raise

    def schedule(self, pool, pending, running, jobs):
        """Start tasks in list order, JOBS at a time, each once its
        dependencies are done; a task whose dependency failed does not
        run."""
        while pending or running:
            for t in list(pending):
                bad = [d for d in t.deps
                       if d.state == 'not run' or
                       (d.state == 'done' and not d.result.ok)]
                if bad:
                    pending.remove(t)
                    t.state = 'not run'
                    t.blocked_by = bad[0].name
                    say(f'=== {t.name}: not run, {bad[0].name} failed')
            for t in list(pending):
                if len(running) >= jobs:
                    break
                if all(d.state == 'done' for d in t.deps):
                    pending.remove(t)
                    t.state = 'running'
                    say(f'--- {t.name}: started')
                    running[pool.submit(self.execute, t)] = t
            if not running:
                break
            done, _ = concurrent.futures.wait(
                running, timeout=5,
                return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                running.pop(fut)
                fut.result()

    # --- the whole run ----------------------------------------------------

    def totals(self):
        return (sum(t.result.passed for t in self.tasks),
                sum(t.result.failed for t in self.tasks))

    def summary(self):
        rows = []
        for t in self.tasks:
            if t.state == 'not run':
                status = f'not run ({t.blocked_by} failed)'
            elif t.cell:
                status = f'{t.result.passed} passed, {t.result.failed} failed'
            else:
                status = 'ok' if t.result.ok else 'FAILED'
            where = ''
            if t.cell:
                where = os.path.relpath(t.log_path[:-4], self.out) + '/'
            rows.append((t.name, status, f'{t.seconds:.0f} s', where))
        w = [max(len(r[i]) for r in rows) for i in range(3)]
        say('', f'summary ({len(rows)} tasks; artifacts under {self.out}):')
        for r in rows:
            say(f'  {r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:>{w[2]}}  '
                f'{r[3]}'.rstrip())
        failed = [t for t in self.tasks if t.cell and
                  (t.result.failed or t.state == 'not run')]
        for t in failed:
            say(f'  rerun: {t.cell.rerun}')
        say(f'  wall time: {time.monotonic() - self.t0:.0f} s')

    def finish(self):
        self.summary()
        passed, failed = self.totals()
        say('', f'artifacts and console logs: {self.out}',
            f'{passed} passed, {failed} failed')
        return 1 if failed else 0


def interrupted(_sig, _frame):
    raise KeyboardInterrupt


def lock_out(out):
    """One check at a time per artifact dir (runs would wipe each other's
    builds); a second one waits. Return: the open lock file (keep it)."""
    f = open(out + '.lock', 'w')
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say(f'check.py: another check is using {out}; waiting '
            '(set WDFSHIM_OUT to run in parallel)')
        fcntl.flock(f, fcntl.LOCK_EX)
    return f


def kernel_list(h):
    return (os.environ.get('WDFSHIM_KERNELS') or h.default_kernels).split()


def matches(cell, args):
    return ((args.kernel is None or cell.kernel == args.kernel) and
            (args.dpc is None or cell.backend.name == args.dpc) and
            (args.boot is None or cell.boot.name == args.boot) and
            (args.kind is None or cell.kind == args.kind))


def cached_kernels(h, kernels):
    """The kernels of KERNELS that kernel.sh has in its cache, and the
    stock kernel if it is installed, for --list: {name: Kernel}. A cache
    entry is complete with a 'stamp'; it names its harness kernel in
    'harness-kernel' (older entries: their version's major.minor)."""
    found = {}
    root = os.path.join(h.cache, 'kernels')
    for e in sorted(os.listdir(root) if os.path.isdir(root) else (),
                    key=lambda e: os.path.getmtime(os.path.join(root, e))):
        e = os.path.join(root, e)
        if not os.path.isfile(os.path.join(e, 'stamp')):
            continue
        try:
            with open(os.path.join(e, 'harness-kernel')) as f:
                name = f.read().strip()
        except OSError:
            name = '.'.join(os.path.basename(e).split('.')[:2])
        if name in kernels:
            found[name] = e
    facts = {}
    for name, e in found.items():
        v = {}
        with open(os.path.join(e, 'kernel.env')) as f:
            for line in f:
                key, _, value = line.strip().partition('=')
                v[key] = shlex.split(value)[0] if value else ''
        facts[name] = kernel_facts(name, v['KDIR'], v['KSRC'], v['BZIMAGE'])
    rc, out = shell('''kver="$(edu_stock_kernel)"
[ -n "$kver" ] && [ -f "/usr/src/linux-headers-$kver/Makefile" ]
echo "/usr/src/linux-headers-$kver"''')
    if rc == 0:
        facts['stock'] = kernel_facts('stock', out.strip(), '', '')
    return facts


def list_matrix(h, kernels, args):
    facts = cached_kernels(h, kernels)
    rows = [('kernel', 'kind', 'dpc', 'boot', 'checks', 'runs')]
    for p in expand(kernels, facts, listing=True):
        if matches(p.cell, args):
            c = p.cell
            rows.append((c.kernel, c.kind, c.backend.name, c.boot.name,
                         c.checks, p.condition or 'yes'))
    w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f'kernels: {" ".join(kernels)}')
    for name in kernels + ['stock']:
        k = facts.get(name)
        if k:
            print(f'  {name}: {"WQ_BH" if k.wq_bh else "no WQ_BH"}'
                  f'{", PREEMPT_RT" if k.rt else ""} ({k.kdir})')
    for r in rows:
        print('  '.join(f'{v:<{w[i]}}' for i, v in enumerate(r)).rstrip())
    print(f'{len(rows) - 1} cells; "runs" is decided from each kernel\'s '
          'build (the cached one, for the kernels named above)')


def main():
    ap = argparse.ArgumentParser(
        description='Run wdfshim\'s test matrix (`make check`), or the '
        'cells of it that match every option given.',
        epilog='Each cell prints its console log; its artifacts are in '
        '$WDFSHIM_OUT/<kernel>/<cell>/.')
    ap.add_argument('--list', action='store_true',
                    help='print the matrix and exit')
    ap.add_argument('--kernel', help='a kernel of WDFSHIM_KERNELS (or any '
                    'other harness kernel, e.g. 7.3), or "stock"')
    ap.add_argument('--dpc', choices=[b.name for b in BACKENDS])
    ap.add_argument('--boot', choices=[b.name for b in BOOTS])
    ap.add_argument('--kind', choices=KINDS)
    ap.add_argument('-j', '--jobs', type=int, default=2,
                    help='cells at a time (default 2)')
    ap.add_argument('--ktap-cases', nargs=2, metavar=('KSRC', 'KTAP'),
                    help='internal: print the cases of a KTAP log as JSON, '
                    "parsed with KSRC's kunit_parser")
    args = ap.parse_args()
    if args.ktap_cases:
        json.dump(ktap_cases(*args.ktap_cases), sys.stdout)
        return 0
    signal.signal(signal.SIGTERM, interrupted)
    args.filtered = any(v is not None for v in
                        (args.kernel, args.dpc, args.boot, args.kind))

    h = load_harness()
    kernels = kernel_list(h)
    if args.kernel and args.kernel != 'stock' and args.kernel not in kernels:
        kernels = [args.kernel]
    if args.list:
        list_matrix(h, kernels, args)
        return 0
    plan = [p for p in expand(kernels, {}, listing=True)
            if matches(p.cell, args)]
    if not plan:
        sys.exit('check.py: no cell of the matrix matches (see --list)')
    needed = [k for k in kernels + ['stock']
              if any(k in p.needs for p in plan)]

    os.makedirs(h.out, exist_ok=True)
    lock = lock_out(h.out)  # noqa: F841 pylint: disable=unused-variable
    chk = Check(args, h)
    say(f'source: {h.src}', f'artifacts: {h.out}',
        f'kernels: {" ".join(needed)}')
    try:
        t = chk.deps()
        if not t.result.ok:
            say("FAIL: stage 'deps' failed; no test ran")
            say(f'0 passed, {chk.n_expected} failed')
            return 1
        for k in needed:
            if k == 'stock':
                chk.resolve_stock()
            else:
                chk.resolve_kernel(k)
        cells = [p.cell for p in expand(kernels, chk.kernels)
                 if matches(p.cell, args)]
        if args.filtered and not cells and not chk.totals()[1]:
            say('check.py: no matching cell exists on these kernels '
                '(see --list)')
            return 2
        if any('sparse' in c.checks.split() for c in cells):
            # before two lint cells could both run apt-get at once
            shell('ensure_packages sparse >&2', env=leaf_env())
        builds = {}
        ctasks = [chk.cell_task(c, builds) for c in cells]
        # module builds first: every boot waits for one
        order = list(builds.values()) + ctasks
        chk.tasks += order
        for t in ctasks if args.filtered else ():
            if t.console:
                say(f'{t.name}: console {t.console}')
        chk.run_pool(order, max(args.jobs, 1))
    except KeyboardInterrupt:
        kill_children()
        say('check.py: interrupted; what ran is in the logs above')
        return 130
    return chk.finish()


if __name__ == '__main__':
    sys.exit(main())
