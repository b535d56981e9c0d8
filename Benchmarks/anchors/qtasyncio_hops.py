#!/usr/bin/env python3
"""Anchor hop rates: PySide6's QtAsyncio and the stdlib asyncio loop, side by side.

The same two workloads as the Swift bench's W1 and W2, in Python:

  W1  one coroutine doing `await asyncio.sleep(0)` N times (--hops, default 200,000);
  W2  --tasks tasks (default 10,000) x --yields `await asyncio.sleep(0)` each (default 10),
      timed from the first task created to the last one finished, as the Swift W2 is.

Each measurement runs --runs times (default 3), each in a fresh process (this script
re-invoking itself with --child LOOP). Output, like the Swift bench's child mode:

  RESULT <metric> <median> hops/s
  RESULT <metric>_min <value> hops/s
  RESULT <metric>_max <value> hops/s
  # runs <metric>: a, b, c

with metrics qtasyncio_w1_hops, qtasyncio_w2_hops, asyncio_w1_hops, asyncio_w2_hops.

QtAsyncio runs headless: QT_QPA_PLATFORM=offscreen is set here if unset. By default the
Qt application is a QGuiApplication (a GUI event loop, as a Qt app has); --qapp core
uses the QCoreApplication that QtAsyncio.run would create by itself.

Usage: Benchmarks/anchors/run.sh [--loop qtasyncio|asyncio|both] [--runs 3] [--hops N]
       [--tasks N] [--yields N] [--qapp gui|core]
(run.sh makes the venv with the pinned PySide6; the script runs under any Python that
has PySide6.)
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PYSIDE_MISSING = (
    "error: PySide6 is not installed for {python}.\n"
    "Install it with `{python} -m pip install PySide6`, or run Benchmarks/anchors/run.sh,\n"
    "which makes a venv at Benchmarks/.venv-anchors with the pinned version.\n"
)


# --- the workloads (loop-agnostic coroutines) -------------------------------------------

async def w1(hops: int) -> float:
    start = time.perf_counter()
    for _ in range(hops):
        await asyncio.sleep(0)
    return hops / (time.perf_counter() - start)


async def _yielder(yields: int) -> None:
    for _ in range(yields):
        await asyncio.sleep(0)


async def w2(tasks: int, yields: int) -> float:
    start = time.perf_counter()
    handles = [asyncio.ensure_future(_yielder(yields)) for _ in range(tasks)]
    for handle in handles:
        await handle
    return tasks * yields / (time.perf_counter() - start)


async def both_workloads(hops: int, tasks: int, yields: int) -> tuple[float, float]:
    return await w1(hops), await w2(tasks, yields)


# --- child mode: one loop, one process -------------------------------------------------

def run_child(loop: str, args: argparse.Namespace) -> int:
    if loop == "asyncio":
        rates = asyncio.run(both_workloads(args.hops, args.tasks, args.yields))
    else:
        try:
            from PySide6 import QtAsyncio
            from PySide6.QtCore import QCoreApplication
            from PySide6.QtGui import QGuiApplication
        except ImportError:
            sys.stderr.write(PYSIDE_MISSING.format(python=sys.executable))
            return 2
        app = QGuiApplication(sys.argv[:1]) if args.qapp == "gui" else QCoreApplication(sys.argv[:1])
        # keep_running=False: QtAsyncio's documented way to run one coroutine to completion
        # (it goes through asyncio.run under QtAsyncio's event loop policy) and return its value.
        rates = QtAsyncio.run(both_workloads(args.hops, args.tasks, args.yields), keep_running=False)
        del app
    print(f"RESULT {loop}_w1_hops {rates[0]:.0f} hops/s")
    print(f"RESULT {loop}_w2_hops {rates[1]:.0f} hops/s")
    sys.stdout.flush()
    return 0


# --- parent mode: fresh processes, median/min/max -------------------------------------

def run_parent(args: argparse.Namespace) -> int:
    loops = ["qtasyncio", "asyncio"] if args.loop == "both" else [args.loop]
    if "qtasyncio" in loops:
        try:
            import PySide6  # noqa: F401
        except ImportError:
            sys.stderr.write(PYSIDE_MISSING.format(python=sys.executable))
            return 2
        import PySide6
        if PySide6.__version__.startswith("6.12.") and sys.version_info < (3, 12):
            sys.stderr.write(
                f"warning: PySide6 {PySide6.__version__} loses a reference to None on each QtAsyncio hop;\n"
                "on Python < 3.12 the process aborts (none_dealloc) after some thousands of hops.\n"
                "Use Python >= 3.12 or PySide6 6.11.3 (run.sh pins it).\n")
        print(f"# PySide6 {PySide6.__version__}, Qt platform {os.environ['QT_QPA_PLATFORM']}, qapp {args.qapp}")
    print(f"# Python {sys.version.split()[0]}; hops {args.hops}; tasks {args.tasks} x yields {args.yields}; "
          f"runs {args.runs}, each in a fresh process")
    for loop in loops:
        values: dict[str, list[float]] = {}
        for _ in range(args.runs):
            command = [sys.executable, os.path.abspath(__file__), "--child", loop,
                       "--hops", str(args.hops), "--tasks", str(args.tasks),
                       "--yields", str(args.yields), "--qapp", args.qapp]
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True)
            if child.returncode != 0:
                sys.stderr.write(f"error: {loop} child failed with status {child.returncode}\n")
                return child.returncode if child.returncode == 2 else 1
            for line in child.stdout.splitlines():
                fields = line.split()
                if len(fields) == 4 and fields[0] == "RESULT":
                    values.setdefault(fields[1], []).append(float(fields[2]))
        for metric, runs in values.items():
            print(f"RESULT {metric} {statistics.median(runs):.0f} hops/s")
            print(f"RESULT {metric}_min {min(runs):.0f} hops/s")
            print(f"RESULT {metric}_max {max(runs):.0f} hops/s")
            print(f"# runs {metric}: " + ", ".join(f"{value:.0f}" for value in runs))
        sys.stdout.flush()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loop", choices=["qtasyncio", "asyncio", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per loop (default 3)")
    parser.add_argument("--hops", type=int, default=200_000, help="W1 hops (default 200,000)")
    parser.add_argument("--tasks", type=int, default=10_000, help="W2 tasks (default 10,000)")
    parser.add_argument("--yields", type=int, default=10, help="W2 yields per task (default 10)")
    parser.add_argument("--qapp", choices=["gui", "core"], default="gui",
                        help="QtAsyncio's application: QGuiApplication (default) or QCoreApplication")
    parser.add_argument("--child", choices=["qtasyncio", "asyncio"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if min(args.runs, args.hops, args.tasks, args.yields) < 1:
        parser.error("--runs, --hops, --tasks and --yields must be at least 1")
    if args.child:
        return run_child(args.child, args)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
