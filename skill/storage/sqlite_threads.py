"""SQLite connections held one per operating-system thread, safe across fork() and under gevent."""
from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
import weakref
from typing import Any


def gevent_threadpool() -> Any:
    """The gevent hub's threadpool when gevent has patched threading (trust-builder serve), else None."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None or not monkey.is_module_patched("threading"):
        return None
    import gevent

    return gevent.get_hub().threadpool


def sleep(seconds: float) -> None:
    # In gevent's threadpool the patched time.sleep would start a hub of its own on the pool's thread.
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("time"):
        monkey.get_original("time", "sleep")(seconds)
    else:
        time.sleep(seconds)


def os_thread_local() -> Any:
    """Storage per operating-system thread. Under gevent (trust-builder serve) threading.local is per greenlet, that
    is per HTTP connection, and would open and close a connection per request; the calls run on the threadpool's
    threads (SqliteAdapter._run), each of which keeps its own connection."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        return monkey.get_original("threading", "local")()
    return threading.local()


class HeldConnection:
    """One thread's connection, with the process that opened it and the file it opened."""

    def __init__(self, db: sqlite3.Connection, pid: int, file_id: tuple[int, int] | None) -> None:
        self.db = db
        self.pid = pid
        self.file_id = file_id
        # Runs once: on release(), or when this object is dropped (thread end, adapter collected).
        self.release = weakref.finalize(self, _release, db, pid)


# Connections inherited through fork(): kept referenced, so that nothing in the child ever closes them.
_INHERITED: list[sqlite3.Connection] = []


def _release(db: sqlite3.Connection, pid: int) -> None:
    if os.getpid() != pid:
        # SQLite: a child must not even close a connection opened by its parent; closing may
        # checkpoint or delete the WAL the parent is using.
        _INHERITED.append(db)
        return
    try:
        db.close()
    except sqlite3.Error:
        pass  # a connection that cannot close cleanly is being dropped anyway


def file_id(path: str) -> tuple[int, int] | None:
    """Which file `path` names now; None when there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino
