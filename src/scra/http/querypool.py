"""SPARQL queries on the embedded store in worker processes, so that a query past its time limit is stopped.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: a query that times out in a thread
goes on using a core until it finishes (minutes, for a cartesian product). So /sparql queries on the embedded
store run in worker processes, each with the store open read-only (RocksDB read-only mode: no lock, it reads
the primary's write-ahead log, so it sees every committed write). A worker whose query passes its limit is
killed (SIGKILL): its CPU is free at once, and the client gets 503 with Retry-After.

- Workers are kept and reused; one reopens its read-only view when the store changed since it last did
  (the routes that write call :meth:`QueryPool.changed`; a reopen costs ~10-20 ms).
- Light queries keep their latency while heavy ones are cut: a query still running after HEAVY_AFTER
  seconds counts as heavy work, and at most ``heavy_max`` heavy queries run at once (default: one core fewer
  than the machine has, at least one). A query that would exceed that cap is stopped and answered 503
  with Retry-After, and so is a request when all ``size_max`` workers are busy: never an endless queue.
- Results are serialised in the worker by the same code as in the service (scra.http.results.negotiated),
  so a worker's answer is byte for byte what the service would send.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from scra.http.errors import ApiError, log

HEAVY_AFTER = 0.5  # seconds: a query still running after this is heavy work
RETRY = {"Retry-After": "5"}


def _worker_main(conn, path: str) -> None:  # pragma: no cover - runs in the worker process
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C on `scra serve` stops the parent, which ends us
    from scra.errors import ScraError
    from scra.http.results import negotiated
    from scra.store import EmbeddedStore

    store, generation = None, None
    conn.send(("ready",))  # imports done: the parent hands out this worker only now
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        gen, sparql, kwargs, media, accept, limit = job
        try:
            if store is None or gen != generation:
                if store is not None:
                    store.close()
                store, generation = EmbeddedStore(path, read_only=True), gen
            out = negotiated(store.query(sparql, **kwargs), media, accept, limit)
            reply: tuple = ("ok", out.body, out.media_type, out.truncated)
        except SyntaxError as exc:
            reply = ("syntax", str(exc))
        except ApiError as exc:
            reply = ("api", exc.status, exc.message, exc.error)
        except ScraError as exc:
            reply = ("scra", exc.__class__.__name__, str(exc))
        except (RuntimeError, OSError, ValueError) as exc:
            reply = ("eval", str(exc))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which logs it
            reply = ("bug", f"{exc.__class__.__name__}: {exc}")
        finally:
            del job
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: Any
    conn: Any


@dataclass
class Outcome:
    body: bytes
    media_type: str
    truncated: bool


@dataclass
class QueryPool:
    path: str
    size_max: int = 4
    heavy_max: int = field(default_factory=lambda: max(1, (os.cpu_count() or 2) - 1))
    heavy_after: float = HEAVY_AFTER
    generation: int = 0
    running: int = 0
    heavy: int = 0
    killed: int = 0

    def __post_init__(self) -> None:
        self._ctx = mp.get_context("spawn")  # not fork: the parent has threads and an open RocksDB
        self._idle: list[_Worker] = []
        self._starting = 0
        self._lock = threading.Lock()

    # -- workers
    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, self.path), name="scra-query", daemon=True)
        process.start()
        child.close()
        if not parent.poll(60) or parent.recv() != ("ready",):
            process.kill()
            raise ApiError(503, "a query worker did not start", "unavailable", headers=RETRY)
        return _Worker(process, parent)

    def prestart(self, n: int = 1) -> None:
        """Start `n` idle workers now (in a thread: spawning one takes ~0.5 s)."""
        with self._lock:
            self._starting += n

        def start() -> None:
            for _ in range(n):
                try:
                    worker = self._spawn()
                except Exception:  # noqa: BLE001 - the next query spawns one itself
                    log.exception("cannot start a query worker")
                    with self._lock:
                        self._starting -= 1
                    continue
                with self._lock:
                    self._starting -= 1
                    self._idle.append(worker)

        threading.Thread(target=start, name="scra-query-prestart", daemon=True).start()

    def _kill(self, worker: _Worker) -> None:
        self.killed += 1
        try:
            worker.process.kill()
        except (OSError, ValueError):
            pass
        worker.conn.close()
        threading.Thread(target=worker.process.join, daemon=True).start()  # reap it off the event loop
        with self._lock:
            replace = not self._idle and not self._starting
        if replace:  # a spare for the next query, started now rather than when it arrives
            self.prestart(1)

    def changed(self) -> None:
        """The store was written: workers reopen their read-only view before their next query."""
        self.generation += 1

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.conn.close()
            worker.process.kill()
            worker.process.join(5)

    def stats(self) -> dict:
        return {"running": self.running, "heavy": self.heavy, "idle_workers": len(self._idle), "killed": self.killed}

    # -- running
    async def run(
        self, sparql: str, kwargs: dict, media: str, accept: str | None, limit: int | None, timeout: float | None
    ) -> Outcome:
        loop = asyncio.get_running_loop()
        with self._lock:
            worker = self._idle.pop() if self._idle else None
            # keep one worker spare, so that the next light query does not wait for a process to start
            spare = not self._idle and not self._starting and self.running + 2 <= self.size_max
        if spare:
            self.prestart(1)
        if worker is None:
            if self.running >= self.size_max:
                raise ApiError(
                    503,
                    f"the server is busy ({self.running} queries running); try again shortly",
                    "busy",
                    headers=RETRY,
                )
            self.running += 1
            try:
                worker = await loop.run_in_executor(None, self._spawn)
            except BaseException:
                self.running -= 1
                raise
        else:
            self.running += 1
        done: asyncio.Future = loop.create_future()
        fd = worker.conn.fileno()

        def readable() -> None:
            loop.remove_reader(fd)
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                message = ("died",)
            if not done.done():
                done.set_result(message)

        heavy = False

        def heavy_now() -> None:
            nonlocal heavy
            if done.done():
                return
            if self.heavy >= self.heavy_max:
                done.set_result(("busy",))
                return
            heavy = True
            self.heavy += 1

        reusable = False
        loop.add_reader(fd, readable)
        heavy_timer = loop.call_later(self.heavy_after, heavy_now)
        try:
            worker.conn.send((self.generation, sparql, kwargs, media, accept, limit))
            try:
                message = await asyncio.wait_for(asyncio.shield(done), timeout) if timeout else await done
            except asyncio.TimeoutError:
                raise ApiError(
                    503,
                    f"the query did not finish within {timeout:g} s (the server's time limit); it was stopped",
                    "timeout",
                    headers=RETRY,
                ) from None
            kind = message[0]
            if kind == "busy":
                raise ApiError(
                    503,
                    f"the server is already running {self.heavy_max} long queries, the most it "
                    "runs at once; this one was stopped: try again shortly",
                    "busy",
                    headers=RETRY,
                )
            reusable = kind != "died"
            return _outcome(message)
        finally:
            heavy_timer.cancel()
            if heavy:
                self.heavy -= 1
            self.running -= 1
            if reusable:
                with self._lock:
                    self._idle.append(worker)
            else:
                loop.remove_reader(fd)
                self._kill(worker)


def store_changed(request) -> None:
    """Tell the query workers (if any) that the store was written, so they read it afresh."""
    pool = getattr(request.app.state, "query_pool", None)
    if pool is not None:
        pool.changed()


def writing(request, fn):
    """`fn` (a store write for off_loop) that tells the query workers when it is done, also when it finishes
    after its request timed out."""

    def work():
        try:
            return fn()
        finally:
            store_changed(request)

    return work


def _outcome(message: tuple) -> Outcome:
    """The worker's answer, or its error raised as the in-process query would have raised it."""
    from scra import errors as scra_errors

    kind = message[0]
    if kind == "ok":
        return Outcome(message[1], message[2], message[3])
    if kind == "syntax":
        raise SyntaxError(message[1])
    if kind == "api":
        raise ApiError(message[1], message[2], message[3])
    if kind == "scra":
        cls = getattr(scra_errors, message[1], None)
        if (
            isinstance(cls, type)
            and issubclass(cls, scra_errors.ScraError)
            and cls not in (scra_errors.InputError, scra_errors.RDFInputError)
        ):
            raise cls(message[2])
        raise scra_errors.InputError(message[2])
    if kind == "eval":
        raise RuntimeError(message[1])
    if kind == "died":
        log.error("a query worker process died")
        raise ApiError(503, "the query worker stopped unexpectedly; try again", "unavailable", headers=RETRY)
    log.error("error in a query worker: %s", message[1])
    raise ApiError(500, "internal error in the query worker", "internal_error")
