#!/usr/bin/env python3
"""Procrastinate driver for the VantaHire queue benchmark. See README.md in this folder.

Written against Procrastinate's public API (App, PsycopgConnector, task.defer_async /
batch_defer_async, App.run_worker_async, SchemaManager.apply_schema_async). Drops every
procrastinate_* object in the database and applies Procrastinate's schema, so every run
starts clean.

A job is COMPLETED for Procrastinate when its procrastinate_jobs row has status
'succeeded' (the worker's finish_job; default delete_jobs="never" keeps the row), and
burndown and steady count those rows.

Procrastinate has no batch dequeue: each worker fetches one job per query
(procrastinate_fetch_job_v2) and finishes it with one more, so --batch-size does not
apply; throughput is scaled with --processes and --concurrency (async jobs run
concurrently inside one worker process, the documented way to scale async tasks).
"""

from __future__ import annotations

import os
import sys

sys.dont_write_bytecode = True
os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import time  # noqa: E402
from importlib.metadata import version  # noqa: E402

import benchcommon as bc  # noqa: E402

SYSTEM = "procrastinate"
TASK_NAME = "noop"
# Worker fallback poll (s). Procrastinate's default is 5.0; PROCRASTINATE_POLL_INTERVAL overrides.
POLL_INTERVAL = float(os.environ.get("PROCRASTINATE_POLL_INTERVAL", "5.0"))
DEFAULTS = {
    "processes": 2,
    "batch_size": 1,  # not applicable: one job per fetch
    "concurrency": 10,  # async jobs in flight per worker process
    "enqueue_batch": 1000,
    "steady_enqueue_batch": 10,
    "max_backlog": lambda a: 2 * a.processes * a.concurrency,
    "max_backlog_doc": "2 x processes x concurrency",
    "loop": "asyncio",  # the `procrastinate worker` CLI runs on the default asyncio loop
}

DROP_ALL = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\\_%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\\_%'
             AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
  END LOOP;
END $$;
"""


def make_app(dsn: str, pool_size: int):
    import logging

    import procrastinate

    # The app is deliberately built in this script (tasks are registered by explicit name in
    # every process), so Procrastinate's "app defined in __main__" advice does not apply.
    logging.getLogger("procrastinate.blueprints").addFilter(
        lambda r: getattr(r, "action", "") != "app_defined_in___main__")

    connector = procrastinate.PsycopgConnector(conninfo=dsn, min_size=pool_size,
                                               max_size=pool_size)
    app = procrastinate.App(connector=connector)
    return app


def define_noop(app, ctl: bc.WorkerCtl | None):
    @app.task(name=TASK_NAME, pass_context=True)
    async def noop(context) -> None:
        t = time.time_ns()
        if ctl is not None:
            ctl.job_started(int(context.job.id), t)

    return noop


async def connect(dsn: str):
    import psycopg

    return await psycopg.AsyncConnection.connect(dsn, autocommit=True)


async def fetchval(conn, sql: str):
    cur = await conn.execute(sql)
    row = await cur.fetchone()
    return row[0]


async def reset_schema(dsn: str) -> None:
    conn = await connect(dsn)
    try:
        await conn.execute(DROP_ALL)
    finally:
        await conn.close()
    app = make_app(dsn, 1)
    async with app.open_async():
        await app.schema_manager.apply_schema_async()
    bc.log("procrastinate schema reinstalled")


async def analyze_checkpoint(conn) -> None:
    await conn.execute("ANALYZE")
    try:
        await conn.execute("CHECKPOINT")
    except Exception as e:  # needs superuser or pg_checkpoint
        bc.log(f"warning: CHECKPOINT failed: {e}")


async def completed_count(conn) -> int:
    return await fetchval(conn, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'")


async def enqueue_many(dsn: str, total: int, chunk: int, producers: int) -> None:
    """Enqueues `total` no-op jobs with Procrastinate's batch_defer_async."""
    app = make_app(dsn, producers)
    noop = define_noop(app, None)
    per = [total // producers + (1 if i < total % producers else 0) for i in range(producers)]

    async def one(n: int) -> None:
        done = 0
        while done < n:
            k = min(chunk, n - done)
            await noop.batch_defer_async(*([{}] * k))
            done += k

    async with app.open_async():
        await asyncio.gather(*(one(n) for n in per if n))


# ---------------------------------------------------------------------------
# Worker process
# ---------------------------------------------------------------------------


def worker_main(spec: dict, ctl: bc.WorkerCtl) -> None:
    bc.run_loop(lambda: _worker(spec, ctl), spec["loop"])


async def _worker(spec: dict, ctl: bc.WorkerCtl) -> None:
    # Connections: one per concurrent job + LISTEN + heartbeat/abort polling.
    app = make_app(spec["dsn"], spec["concurrency"] + 3)
    define_noop(app, ctl)
    async with app.open_async():
        ctl.mark_ready()
        await ctl.wait_go()
        task = asyncio.create_task(app.run_worker_async(
            concurrency=spec["concurrency"],
            wait=True,
            install_signal_handlers=False,
            listen_notify=True,
            fetch_job_polling_interval=spec["poll_interval"],
        ))
        stopper = asyncio.create_task(ctl.wait_stop())
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # surfaces a crash
        task.cancel()  # graceful stop: running jobs finish first
        with contextlib.suppress(asyncio.CancelledError):
            await task
        stopper.cancel()


# ---------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------


def worker_spec(a) -> dict:
    return {"dsn": a.dsn, "concurrency": a.concurrency, "loop": a.loop,
            "poll_interval": POLL_INTERVAL}


def settings_of(a, **extra) -> dict:
    s = {
        "driver": "psycopg 3 (PsycopgConnector, async pool)",
        "listen_notify": True,
        "fetch_job_polling_interval_s": POLL_INTERVAL,
        "delete_jobs": "never (default)",
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
    n = await fetchval(conn, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")
    await conn.close()
    if n != a.jobs:
        raise RuntimeError(f"bulk: {n} jobs in the table, expected {a.jobs}")
    s = t1 - t0
    return {"jobs": a.jobs, "seconds": round(s, 4), "jobs_per_second": round(a.jobs / s, 1),
            "settings": settings_of(a, api="Task.batch_defer_async(*kwargs)",
                                    enqueue_batch=a.enqueue_batch, producers=a.producers,
                                    note="includes opening the connector's pool")}


async def phase_burndown(a) -> dict:
    await reset_schema(a.dsn)
    bc.log(f"burndown: pre-enqueueing {a.jobs} jobs")
    await enqueue_many(a.dsn, a.jobs, a.enqueue_batch, 1)
    conn = await connect(a.dsn)
    pool = bc.WorkerPool(worker_main, worker_spec(a), a.processes)
    pool.start_and_wait_ready()
    await analyze_checkpoint(conn)
    bc.log(f"burndown: releasing {a.processes} worker process(es), concurrency {a.concurrency}")
    t0 = time.perf_counter()
    pool.release()
    last = 0.0
    while pool.started_total() < a.jobs:
        await asyncio.sleep(0.005)
        if time.perf_counter() - last > 5.0:
            last = time.perf_counter()
            bc.log(f"  started {pool.started_total()}/{a.jobs}")
    n = 0

    async def all_done() -> bool:
        nonlocal n
        n = await completed_count(conn)
        return n >= a.jobs

    t1 = await bc.wait_until(all_done, interval=0.005, timeout=600)
    pool.stop_and_collect()
    other = await fetchval(conn, "SELECT count(*) FROM procrastinate_jobs WHERE status <> 'succeeded'")
    await conn.close()
    if n != a.jobs or other:
        raise RuntimeError(f"burndown: {n} succeeded, {other} in other states, expected {a.jobs}")
    s = t1 - t0
    return {"jobs": a.jobs, "seconds": round(s, 4), "jobs_per_second": round(a.jobs / s, 1),
            "settings": settings_of(a, processes=a.processes, concurrency=a.concurrency)}


async def phase_pickup(a) -> dict:
    await reset_schema(a.dsn)
    conn = await connect(a.dsn)
    pool = bc.WorkerPool(worker_main, worker_spec(a), 1)
    pool.start_and_wait_ready()
    await analyze_checkpoint(conn)
    pool.release()
    await asyncio.sleep(1.0)  # let the worker reach its idle LISTEN wait
    warmup = min(20, max(0, a.samples // 10))
    commits: dict[int, int] = {}
    app = make_app(a.dsn, 1)
    noop = define_noop(app, None)
    bc.log(f"pickup: {a.samples} samples (+{warmup} warm-up), gap {a.gap_ms} ms")
    async with app.open_async():
        for i in range(warmup + a.samples):
            before = pool.started_total()
            jid = await noop.defer_async()
            tc = time.time_ns()
            if i >= warmup:
                commits[int(jid)] = tc
            deadline = time.perf_counter() + 30
            while pool.started_total() <= before:
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"pickup: job {jid} not started within 30 s")
                await asyncio.sleep(0.0002)
            await asyncio.sleep(a.gap_ms / 1000)
    await asyncio.sleep(0.3)
    starts = pool.stop_and_collect()
    await conn.close()
    lat = bc.join_latencies(commits, starts)
    if len(lat) != a.samples:
        raise RuntimeError(f"pickup: {len(lat)} of {a.samples} samples matched")
    return {"jobs": a.samples, **bc.latency_fields(lat),
            "settings": settings_of(a, processes=1, concurrency=a.concurrency, gap_ms=a.gap_ms,
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
    app = make_app(a.dsn, a.producers)
    noop = define_noop(app, None)

    async def producer() -> None:
        while not stop.is_set():
            await pacer.admit(k)
            tb = time.perf_counter()
            if k == 1:
                ids = [await noop.defer_async()]
            else:
                ids = await noop.batch_defer_async(*([{}] * k))
            tc = time.time_ns()
            call_ms.append((time.perf_counter() - tb) * 1000)
            for jid in ids:
                commits[int(jid)] = tc

    bc.log(f"steady: {a.producers} producer(s) x {k}/call, {a.processes} worker process(es), "
           f"concurrency {a.concurrency}, warm-up {a.warmup}s, window {a.seconds}s")
    async with app.open_async():
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
            "settings": settings_of(a, processes=a.processes, concurrency=a.concurrency,
                                    producers=a.producers, enqueue_batch=k,
                                    max_backlog=None if a.rate else a.max_backlog,
                                    offered_rate=a.rate or None, warmup_s=a.warmup,
                                    measured="completed/s counted as status 'succeeded'; latency = "
                                             "enqueue commit returned on client -> handler start")}


PHASES = {"bulk": phase_bulk, "burndown": phase_burndown, "pickup": phase_pickup,
          "steady": phase_steady}


def main() -> None:
    a = bc.parse_args(SYSTEM, DEFAULTS)
    result = bc.run_loop(lambda: PHASES[a.phase](a), a.loop)
    bc.emit({"system": SYSTEM, "version": version("procrastinate"), "phase": a.phase, **result})


if __name__ == "__main__":
    main()
