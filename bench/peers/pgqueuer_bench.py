#!/usr/bin/env python3
"""PgQueuer driver for the VantaHire queue benchmark. See README.md in this folder.

Written against PgQueuer's public API (QueueManager, Queries, AsyncpgDriver). Installs
PgQueuer's own schema in the given database (uninstall + install, then PgQueuer's
recommended autovacuum settings, i.e. `pgq autovac`), so every run starts clean.

A job is COMPLETED for PgQueuer when its row has been deleted from `pgqueuer` and a
`pgqueuer_log` row with status 'successful' was written (one statement, so one commit);
burndown and steady count those log rows.
"""

from __future__ import annotations

import os
import sys

sys.dont_write_bytecode = True
os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")

import asyncio  # noqa: E402
import time  # noqa: E402
from datetime import timedelta  # noqa: E402
from importlib.metadata import version  # noqa: E402

import benchcommon as bc  # noqa: E402

SYSTEM = "pgqueuer"
ENTRYPOINT = "noop"
DEFAULTS = {
    # The brief's reference configuration on 2 cores: 2 worker processes, dequeue batch 200.
    "processes": 2,
    "batch_size": 200,
    "concurrency": 0,  # max_concurrent_tasks per process; 0 = PgQueuer's default (unlimited)
    "enqueue_batch": 1000,
    "steady_enqueue_batch": 100,
    "max_backlog": lambda a: 2 * a.processes * a.batch_size,
    "max_backlog_doc": "2 x processes x batch-size",
    "loop": "uvloop",  # `pgq run` uses uvloop when it is installed
}


# ---------------------------------------------------------------------------
# Database helpers (parent process)
# ---------------------------------------------------------------------------


async def connect(dsn: str):
    import asyncpg

    return await asyncpg.connect(dsn)


def queries_for(conn):
    from pgqueuer.db import AsyncpgDriver
    from pgqueuer.queries import Queries

    return Queries(AsyncpgDriver(conn))


async def reset_schema(dsn: str) -> None:
    conn = await connect(dsn)
    try:
        q = queries_for(conn)
        await q.uninstall()  # DROP ... IF EXISTS of every PgQueuer object
        await q.install()
        await q.optimize_autovacuum()  # `pgq autovac`, recommended by the performance guide
    finally:
        await conn.close()
    bc.log("pgqueuer schema reinstalled")


async def analyze_checkpoint(conn) -> None:
    await conn.execute("ANALYZE")
    try:
        await conn.execute("CHECKPOINT")
    except Exception as e:  # needs superuser or pg_checkpoint
        bc.log(f"warning: CHECKPOINT failed: {e}")


async def completed_count(conn) -> int:
    return await conn.fetchval("SELECT count(*) FROM pgqueuer_log WHERE status = 'successful'")


async def enqueue_many(dsn: str, total: int, chunk: int, producers: int) -> None:
    """Enqueues `total` no-op jobs with PgQueuer's batch enqueue (list arguments)."""
    per = [total // producers + (1 if i < total % producers else 0) for i in range(producers)]

    async def one(n: int) -> None:
        conn = await connect(dsn)
        try:
            q = queries_for(conn)
            done = 0
            while done < n:
                k = min(chunk, n - done)
                await q.enqueue([ENTRYPOINT] * k, [None] * k, [0] * k)
                done += k
        finally:
            await conn.close()

    await asyncio.gather(*(one(n) for n in per if n))


# ---------------------------------------------------------------------------
# Worker process
# ---------------------------------------------------------------------------


def worker_main(spec: dict, ctl: bc.WorkerCtl) -> None:
    bc.run_loop(lambda: _worker(spec, ctl), spec["loop"])


async def _worker(spec: dict, ctl: bc.WorkerCtl) -> None:
    from pgqueuer.models import Job
    from pgqueuer.qm import QueueManager

    conn = await connect(spec["dsn"])  # a dedicated asyncpg connection, as the docs advise
    qm = QueueManager(queries_for(conn))

    @qm.entrypoint(ENTRYPOINT)
    async def noop(job: Job) -> None:
        t = time.time_ns()
        ctl.job_started(int(job.id), t)

    ctl.mark_ready()
    await ctl.wait_go()

    async def stopper() -> None:
        await ctl.wait_stop()
        qm.shutdown.set()

    stop_task = asyncio.create_task(stopper())
    await qm.run(
        batch_size=spec["batch_size"],
        max_concurrent_tasks=spec["concurrency"] or None,
        dequeue_timeout=timedelta(seconds=30),
    )
    stop_task.cancel()
    if not conn.is_closed():
        await conn.close()


# ---------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------


def worker_spec(a) -> dict:
    return {"dsn": a.dsn, "batch_size": a.batch_size, "concurrency": a.concurrency, "loop": a.loop}


def settings_of(a, **extra) -> dict:
    s = {
        "driver": "asyncpg (AsyncpgDriver, one connection per QueueManager)",
        "durability": "durable (default: logged tables)",
        "autovac": "pgq autovac applied",
        "event_loop": a.loop,
    }
    s.update(extra)
    return s


async def phase_bulk(a) -> dict:
    await reset_schema(a.dsn)
    conn = await connect(a.dsn)
    await analyze_checkpoint(conn)
    bc.log(f"bulk: enqueueing {a.jobs} jobs, {a.enqueue_batch} per call, {a.producers} producer(s)")
    t0 = time.perf_counter()
    await enqueue_many(a.dsn, a.jobs, a.enqueue_batch, a.producers)
    t1 = time.perf_counter()
    n = await conn.fetchval("SELECT count(*) FROM pgqueuer WHERE status = 'queued'")
    await conn.close()
    if n != a.jobs:
        raise RuntimeError(f"bulk: {n} jobs in the table, expected {a.jobs}")
    s = t1 - t0
    return {"jobs": a.jobs, "seconds": round(s, 4), "jobs_per_second": round(a.jobs / s, 1),
            "settings": settings_of(a, api="Queries.enqueue(list, list, list)",
                                    enqueue_batch=a.enqueue_batch, producers=a.producers)}


async def phase_burndown(a) -> dict:
    await reset_schema(a.dsn)
    bc.log(f"burndown: pre-enqueueing {a.jobs} jobs")
    await enqueue_many(a.dsn, a.jobs, a.enqueue_batch, 1)
    conn = await connect(a.dsn)
    pool = bc.WorkerPool(worker_main, worker_spec(a), a.processes)
    pool.start_and_wait_ready()
    await analyze_checkpoint(conn)
    bc.log(f"burndown: releasing {a.processes} worker process(es), batch {a.batch_size}")
    t0 = time.perf_counter()
    pool.release()
    # Cheap wait on the handlers' shared counters first, then confirm in the database.
    last = 0.0
    while pool.started_total() < a.jobs:
        await asyncio.sleep(0.005)
        if time.perf_counter() - last > 1.0:
            last = time.perf_counter()
            bc.log(f"  started {pool.started_total()}/{a.jobs}")
    n = 0

    async def all_done() -> bool:
        nonlocal n
        n = await completed_count(conn)
        return n >= a.jobs

    t1 = await bc.wait_until(all_done, interval=0.005, timeout=600)
    pool.stop_and_collect()
    remaining = await conn.fetchval("SELECT count(*) FROM pgqueuer")
    await conn.close()
    if n != a.jobs or remaining:
        raise RuntimeError(f"burndown: {n} completed, {remaining} left, expected {a.jobs}")
    s = t1 - t0
    return {"jobs": a.jobs, "seconds": round(s, 4), "jobs_per_second": round(a.jobs / s, 1),
            "settings": settings_of(a, processes=a.processes, batch_size=a.batch_size,
                                    max_concurrent_tasks=a.concurrency or None)}


async def phase_pickup(a) -> dict:
    await reset_schema(a.dsn)
    conn = await connect(a.dsn)
    q = queries_for(conn)
    pool = bc.WorkerPool(worker_main, worker_spec(a), 1)
    pool.start_and_wait_ready()
    await analyze_checkpoint(conn)
    pool.release()
    await asyncio.sleep(1.0)  # let the worker reach its idle LISTEN wait
    warmup = min(20, max(0, a.samples // 10))
    commits: dict[int, int] = {}
    bc.log(f"pickup: {a.samples} samples (+{warmup} warm-up), gap {a.gap_ms} ms")
    for i in range(warmup + a.samples):
        before = pool.started_total()
        ids = await q.enqueue(ENTRYPOINT, None)
        tc = time.time_ns()
        if i >= warmup:
            commits[int(ids[0])] = tc
        deadline = time.perf_counter() + 30
        while pool.started_total() <= before:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"pickup: job {ids[0]} not started within 30 s")
            await asyncio.sleep(0.0002)
        await asyncio.sleep(a.gap_ms / 1000)
    await asyncio.sleep(0.3)  # let the last completions be written
    starts = pool.stop_and_collect()
    await conn.close()
    lat = bc.join_latencies(commits, starts)
    if len(lat) != a.samples:
        raise RuntimeError(f"pickup: {len(lat)} of {a.samples} samples matched")
    return {"jobs": a.samples, **bc.latency_fields(lat),
            "settings": settings_of(a, processes=1, batch_size=a.batch_size, gap_ms=a.gap_ms,
                                    measured="enqueue commit returned on client -> handler start",
                                    warmup_samples=warmup)}


async def phase_steady(a) -> dict:
    await reset_schema(a.dsn)
    conn = await connect(a.dsn)
    pool = bc.WorkerPool(worker_main, worker_spec(a), a.processes)
    pool.start_and_wait_ready()
    await analyze_checkpoint(conn)
    pool.release()
    commits: dict[int, int] = {}
    call_ms: list[float] = []
    stop = asyncio.Event()
    k = a.steady_enqueue_batch
    pacer = bc.Pacer(a.rate, a.max_backlog, pool.started_total)

    async def producer() -> None:
        pconn = await connect(a.dsn)
        pq = queries_for(pconn)
        try:
            while not stop.is_set():
                await pacer.admit(k)
                tb = time.perf_counter()
                ids = await pq.enqueue([ENTRYPOINT] * k, [None] * k, [0] * k)
                tc = time.time_ns()
                call_ms.append((time.perf_counter() - tb) * 1000)
                for jid in ids:
                    commits[int(jid)] = tc
        finally:
            await pconn.close()

    bc.log(f"steady: {a.producers} producer(s) x {k}/call, {a.processes} worker process(es), "
           f"batch {a.batch_size}, warm-up {a.warmup}s, window {a.seconds}s")
    tasks = [asyncio.create_task(producer()) for _ in range(a.producers)]
    await asyncio.sleep(a.warmup)
    w0_ns = time.time_ns()
    c0 = await completed_count(conn)
    t0 = time.perf_counter()
    await asyncio.sleep(a.seconds)
    w1_ns = time.time_ns()
    c1 = await completed_count(conn)
    t1 = time.perf_counter()
    stop.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(0.5)
    starts = pool.stop_and_collect()
    await conn.close()
    lat = bc.join_latencies(commits, starts, window=(w0_ns, w1_ns))
    s = t1 - t0
    done = c1 - c0
    return {"jobs": done, "seconds": round(s, 4), "jobs_per_second": round(done / s, 1),
            **bc.latency_fields(lat),
            "enqueued": sum(1 for tc in commits.values() if w0_ns <= tc < w1_ns),
            "enqueue_call_max_ms": round(max(call_ms), 3) if call_ms else None,
            "settings": settings_of(a, processes=a.processes, batch_size=a.batch_size,
                                    producers=a.producers, enqueue_batch=k,
                                    max_backlog=None if a.rate else a.max_backlog,
                                    offered_rate=a.rate or None, warmup_s=a.warmup,
                                    measured="completed/s counted in pgqueuer_log; latency = "
                                             "enqueue commit returned on client -> handler start")}


PHASES = {"bulk": phase_bulk, "burndown": phase_burndown, "pickup": phase_pickup,
          "steady": phase_steady}


def main() -> None:
    a = bc.parse_args(SYSTEM, DEFAULTS)
    result = bc.run_loop(lambda: PHASES[a.phase](a), a.loop)
    bc.emit({"system": SYSTEM, "version": version("pgqueuer"), "phase": a.phase, **result})


if __name__ == "__main__":
    main()
