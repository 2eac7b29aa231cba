"""Run blocking work (queries, validations, parsing) off the event loop, with a timeout.

A small dedicated thread pool (lighter per call than anyio's to_thread, which matters for the
many-small-queries case). pyoxigraph releases the GIL while it evaluates, so the loop stays
responsive and queries run in parallel. A running query cannot be cancelled: on timeout the client
gets 503 at once and the thread is abandoned to finish on its own. Abandoned threads are counted, and
while half the pool is tied up by them new work is refused with 503, so a flood of heavy queries
cannot starve the service.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from scra.errors import ScraError
from scra.http.errors import ApiError, log

T = TypeVar("T")
WORKERS = int(os.environ.get("SCRA_THREADS", "0")) or min(32, 4 * (os.cpu_count() or 1) + 4)
_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="scra-work")
_lock = threading.Lock()
_state = {"running": 0, "abandoned": 0}


def running() -> int:
    return _state["running"]


def _count(key: str, delta: int) -> None:
    with _lock:
        _state[key] += delta


def _detached(exc: BaseException) -> BaseException:
    """The exception without its traceback and context, so that it holds no frame of the worker.

    pyoxigraph's result objects must be dropped on the thread that made them; a traceback that reaches the
    event loop would keep them alive there. Unexpected errors are logged here first, with their traceback."""
    if not _expected(exc):
        log.error("error in a worker thread", exc_info=exc)
    exc.__traceback__ = None
    exc.__context__ = None
    exc.__cause__ = None
    return exc


def _expected(exc: BaseException) -> bool:
    return isinstance(exc, (ApiError, ScraError, SyntaxError, TimeoutError))


async def off_loop(fn: Callable[[], T], timeout: float | None, what: str = "query") -> T:
    if _state["abandoned"] >= WORKERS // 2:
        raise ApiError(
            503,
            f"the server is busy with {_state['abandoned']} operations past their time limit; try again shortly",
            "busy",
            headers={"Retry-After": "10"},
        )
    status = {"abandoned": False, "done": False}

    def tracked() -> T:
        _count("running", 1)
        try:
            return fn()
        except RecursionError:  # a parser (JSON-LD, Turtle, RDF/XML …) met input nested deeper than it can read
            raise ApiError(
                400,
                "the input is nested too deeply to be read; flatten it (e.g. fewer nested "
                "blank nodes, lists or JSON objects)",
                "too_deep",
            ) from None
        except BaseException as exc:
            raise _detached(exc) from None
        finally:
            _count("running", -1)
            with _lock:
                status["done"] = True
                if status["abandoned"]:
                    _state["abandoned"] -= 1

    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(_pool, tracked)
    if not timeout or timeout <= 0:
        return await future
    expired = []

    def expire() -> None:
        expired.append(True)
        future.cancel()

    timer = loop.call_later(timeout, expire)
    try:
        return await future
    except asyncio.CancelledError:
        if not expired:
            raise
        with _lock:
            if not status["done"]:
                status["abandoned"] = True
                _state["abandoned"] += 1
        raise ApiError(
            503,
            f"the {what} did not finish within {timeout:g} s (the server's time limit)",
            "timeout",
            headers={"Retry-After": "10"},
        ) from None
    finally:
        timer.cancel()
