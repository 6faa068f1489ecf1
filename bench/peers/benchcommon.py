"""Shared plumbing for the peer drivers (pgqueuer_bench.py, procrastinate_bench.py).

Nothing here knows about a particular queue: argument parsing, the worker-process
harness (spawned processes that report handler start times back), percentile maths,
ANALYZE/CHECKPOINT, and the one JSON line each run prints on stdout.

Timing: every timestamp is ``time.time_ns()`` (CLOCK_REALTIME). Producers run in the
parent process and workers in spawned child processes on the same machine, so their
clocks are the same clock.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import os
import sys
import time
from typing import Any, Callable

PHASES = ("burndown", "pickup", "bulk", "steady")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_args(system: str, defaults: dict[str, Any]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog=f"{system}_bench.py",
        description=f"Measure {system} on a PostgreSQL database (prints one JSON line).",
    )
    p.add_argument("--dsn", required=True, help="postgres://user@host:port/db")
    p.add_argument("--phase", required=True, choices=PHASES)
    p.add_argument("--jobs", type=int, default=None,
                   help="jobs for burndown/bulk (default 100000)")
    p.add_argument("--samples", type=int, default=500, help="pickup samples (default 500)")
    p.add_argument("--seconds", type=float, default=20.0, help="steady measured window (default 20)")
    p.add_argument("--warmup", type=float, default=2.0, help="steady warm-up before the window (default 2)")
    p.add_argument("--processes", type=int, default=defaults["processes"],
                   help=f"worker processes (default {defaults['processes']}; pickup always uses 1)")
    p.add_argument("--batch-size", type=int, default=defaults["batch_size"],
                   help=f"worker dequeue batch size (default {defaults['batch_size']})")
    p.add_argument("--concurrency", type=int, default=defaults["concurrency"],
                   help=f"concurrent jobs per worker process (default {defaults['concurrency']})")
    p.add_argument("--enqueue-batch", type=int, default=None,
                   help="jobs per enqueue call for bulk / burndown pre-fill "
                        f"(default {defaults['enqueue_batch']}) and steady producers "
                        f"(default {defaults['steady_enqueue_batch']})")
    p.add_argument("--producers", type=int, default=1,
                   help="concurrent producer connections for bulk and steady (default 1)")
    p.add_argument("--max-backlog", type=int, default=None,
                   help="steady: producers pause while enqueued-but-not-started jobs reach this "
                        f"(default {defaults['max_backlog_doc']})")
    p.add_argument("--rate", type=float, default=0.0,
                   help="steady: offered load in jobs/s over all producers (open loop, paced); "
                        "0 (default) = closed loop, as fast as the backlog cap allows")
    p.add_argument("--gap-ms", type=float, default=20.0,
                   help="pickup: idle pause after each job started before the next enqueue (default 20)")
    p.add_argument("--loop", choices=("uvloop", "asyncio"), default=defaults["loop"],
                   help=f"event loop (default {defaults['loop']})")
    a = p.parse_args()
    if a.jobs is None:
        a.jobs = 100_000
    a.steady_enqueue_batch = a.enqueue_batch or defaults["steady_enqueue_batch"]
    a.enqueue_batch = a.enqueue_batch or defaults["enqueue_batch"]
    if a.phase == "pickup":
        a.processes = 1
    if a.max_backlog is None:
        a.max_backlog = defaults["max_backlog"](a)
    return a


def run_loop(coro_factory: Callable[[], Any], loop_kind: str) -> Any:
    if loop_kind == "uvloop":
        import uvloop

        return uvloop.run(coro_factory())
    return asyncio.run(coro_factory())


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100.0 * len(sorted_values)) - 1))
    return sorted_values[k]


def latency_fields(lat_ms: list[float]) -> dict[str, float]:
    lat_ms = sorted(lat_ms)
    if not lat_ms:
        return {}
    return {
        "p50_ms": round(percentile(lat_ms, 50), 3),
        "p95_ms": round(percentile(lat_ms, 95), 3),
        "p99_ms": round(percentile(lat_ms, 99), 3),
        "max_ms": round(lat_ms[-1], 3),
        "mean_ms": round(sum(lat_ms) / len(lat_ms), 3),
        "latency_samples": len(lat_ms),
    }


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result, separators=(", ", ": ")), flush=True)


# ---------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------


class WorkerPool:
    """Spawns worker processes running ``target(spec, ctl)`` and coordinates them.

    ``target`` is a module-level function of the driver. ``ctl`` is a WorkerCtl.
    """

    def __init__(self, target: Callable[..., None], spec: dict[str, Any], processes: int):
        ctx = mp.get_context("spawn")
        self.ready = ctx.Semaphore(0)
        self.go = ctx.Event()
        self.stop = ctx.Event()
        self.results = ctx.Queue()
        self.started = ctx.Array("q", processes, lock=False)  # handler starts per process
        self.procs = [
            ctx.Process(
                target=_worker_entry,
                args=(target, spec, i, self.ready, self.go, self.stop, self.results, self.started),
                daemon=True,
            )
            for i in range(processes)
        ]

    def start_and_wait_ready(self, timeout: float = 60.0) -> None:
        for pr in self.procs:
            pr.start()
        deadline = time.monotonic() + timeout
        for _ in self.procs:
            if not self.ready.acquire(timeout=max(0.1, deadline - time.monotonic())):
                raise RuntimeError("worker processes did not become ready")

    def release(self) -> None:
        self.go.set()

    def started_total(self) -> int:
        return sum(self.started[:])

    def stop_and_collect(self, timeout: float = 60.0) -> list[tuple[int, int]]:
        """Stops the workers; returns all (job_id, handler_start_ns) they recorded."""
        self.stop.set()
        starts: list[tuple[int, int]] = []
        pending = len(self.procs)
        deadline = time.monotonic() + timeout
        while pending:
            try:
                msg = self.results.get(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:
                log(f"warning: {pending} worker(s) did not report back")
                break
            if isinstance(msg, str):
                log(f"worker error: {msg}")
            else:
                starts.extend(msg)
            pending -= 1
        for pr in self.procs:
            pr.join(timeout=max(0.1, deadline - time.monotonic()))
            if pr.is_alive():
                pr.terminate()
        return starts


class WorkerCtl:
    """What a worker process sees of the pool."""

    def __init__(self, index, ready, go, stop, started):
        self.index = index
        self._ready, self._go, self._stop, self._started = ready, go, stop, started
        self.starts: list[tuple[int, int]] = []

    def mark_ready(self) -> None:
        self._ready.release()

    async def wait_go(self) -> None:
        while not self._go.is_set():
            await asyncio.sleep(0.001)

    async def wait_stop(self) -> None:
        while not self._stop.is_set():
            await asyncio.sleep(0.02)

    def job_started(self, job_id: int, t_ns: int) -> None:
        self.starts.append((job_id, t_ns))
        self._started[self.index] += 1


def _worker_entry(target, spec, index, ready, go, stop, results, started) -> None:
    ctl = WorkerCtl(index, ready, go, stop, started)
    try:
        target(spec, ctl)
        results.put(ctl.starts)
    except BaseException as e:  # report, never hang the parent
        import traceback

        results.put(f"process {index} pid {os.getpid()}: {e!r}\n{traceback.format_exc()}")


# ---------------------------------------------------------------------------
# Phase skeletons shared by both drivers
# ---------------------------------------------------------------------------


async def wait_until(predicate, interval: float = 0.02, timeout: float = 3600.0) -> float:
    """Polls ``await predicate()`` until true; returns time.perf_counter() of the first true."""
    deadline = time.perf_counter() + timeout
    while True:
        if await predicate():
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(interval)


def join_latencies(commits: dict[int, int], starts: list[tuple[int, int]],
                   window: tuple[int, int] | None = None) -> list[float]:
    """Milliseconds from the producer's commit-return to the handler start, per job id.

    A job started more than once (redelivery) counts from its first start.
    ``window`` (ns, ns) keeps only jobs whose commit returned inside it.
    """
    first: dict[int, int] = {}
    for jid, t in starts:
        if jid not in first or t < first[jid]:
            first[jid] = t
    out = []
    for jid, tc in commits.items():
        if window and not (window[0] <= tc < window[1]):
            continue
        ts = first.get(jid)
        if ts is not None:
            out.append((ts - tc) / 1e6)
    return out


class Pacer:
    """Steady-phase admission: open loop at ``rate`` jobs/s, or closed loop on a backlog cap."""

    def __init__(self, rate: float, max_backlog: int, started_total: Callable[[], int]):
        self.rate, self.max_backlog, self.started_total = rate, max_backlog, started_total
        self.admitted = 0
        self.t0 = time.perf_counter()

    async def admit(self, k: int) -> None:
        if self.rate > 0:
            due = self.t0 + self.admitted / self.rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        else:
            while self.admitted - self.started_total() >= self.max_backlog:
                await asyncio.sleep(0.0005)
        self.admitted += k
