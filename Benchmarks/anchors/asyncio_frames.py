#!/usr/bin/env python3
"""Python asyncio anchor for frame-cost: N tasks, each awaiting a per-frame future once per frame.

    python3 Benchmarks/anchors/asyncio_frames.py [--count N] [--frames F] [--runs R]

Prints the median, min and max nanoseconds per coroutine-frame (each run in a fresh event loop),
and fails if any task skipped a frame. Without drawing, like frame-cost's rows.
"""
import argparse
import asyncio
import statistics
import time


class Clock:
    def __init__(self, loop):
        self.loop = loop
        self.future = loop.create_future()

    def tick(self, number):
        future, self.future = self.future, self.loop.create_future()
        future.set_result(number)


async def mover(index, clock, positions, last, misses):
    while True:
        number = await clock.future
        if last[index] and number != last[index] + 1:
            misses[0] += 1
        last[index] = number
        positions[index] += number


async def measure(count, frames):
    loop = asyncio.get_running_loop()
    clock = Clock(loop)
    positions = [0] * count
    last = [0] * count
    misses = [0]
    tasks = [loop.create_task(mover(i, clock, positions, last, misses)) for i in range(count)]
    await asyncio.sleep(0)  # every mover reaches its first await
    clock.tick(1)
    await asyncio.sleep(0)
    start = time.perf_counter_ns()
    for number in range(2, frames + 2):
        clock.tick(number)
        # The resumed movers were scheduled before this task: one yield runs them all, each to its
        # next await of the new future.
        await asyncio.sleep(0)
    elapsed = time.perf_counter_ns() - start
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    if misses[0] or any(n != frames + 1 for n in last):
        raise SystemExit(f"asyncio: {misses[0]} frames skipped")
    return elapsed / (count * frames)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (1 <= args.count <= 10_000_000 and 1 <= args.frames <= 100_000 and 1 <= args.runs <= 100):
        parser.error("count, frames or runs out of range")
    samples = sorted(asyncio.run(measure(args.count, args.frames)) for _ in range(args.runs))
    print(f"asyncio  {statistics.median(samples):8.1f} ns [{samples[0]:.1f}-{samples[-1]:.1f}]")


if __name__ == "__main__":
    main()
