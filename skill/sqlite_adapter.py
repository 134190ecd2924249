"""Stores each person's persistent attributes as one JSON row in a local SQLite file."""
from __future__ import annotations

import json
import logging
import os
import random
import sqlite3
import time
from datetime import datetime, timezone
from typing import Any, Callable, TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_dynamodb.partition_keygen import person_id_partition_keygen

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long one statement waits inside SQLite for another writer, then how often the
# whole transaction is retried: together they ride out bursts from many gunicorn workers.
BUSY_TIMEOUT_MS = 5000
ATTEMPTS = 5
RETRY_PAUSE_S = 0.05

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS attributes ("
    " id TEXT PRIMARY KEY,"
    " attributes TEXT NOT NULL,"  # a JSON object
    " updated_at TEXT NOT NULL"  # ISO 8601, UTC
    ")"
)
UPSERT = (
    "INSERT INTO attributes (id, attributes, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes, updated_at = excluded.updated_at"
)


class SqliteAdapter(AbstractPersistenceAdapter):
    """ask-sdk persistence on one SQLite file, shared safely by several processes and threads.

    Every call opens its own connection: connections are never shared between threads, and a
    process forked by gunicorn after this object was built never inherits an open one.
    """

    def __init__(self, path: str | os.PathLike[str],
                 partition_keygen: Callable[[Any], str] = person_id_partition_keygen) -> None:
        # Resolved now, so a later change of working directory cannot move the database.
        self.path = os.path.abspath(os.fspath(path))
        self.partition_keygen = partition_keygen
        self._schema_ready = False

    def get_attributes(self, request_envelope) -> dict[str, Any]:
        key = self.partition_keygen(request_envelope)
        row = self._run(lambda db: db.execute("SELECT attributes FROM attributes WHERE id = ?", (key,)).fetchone())
        return {} if row is None else _decode(row[0])

    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        key = self.partition_keygen(request_envelope)
        # Encoded before touching the database: attributes that cannot be stored change nothing.
        document = json.dumps(attributes, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        self._run(lambda db: _in_write_transaction(db, UPSERT, (key, document, now)))

    def delete_attributes(self, request_envelope) -> None:
        key = self.partition_keygen(request_envelope)
        self._run(lambda db: _in_write_transaction(db, "DELETE FROM attributes WHERE id = ?", (key,)))

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on a fresh connection, retrying while other writers hold the lock."""
        for attempt in range(1, ATTEMPTS):
            try:
                return self._run_once(work)
            except sqlite3.OperationalError as error:
                if not _is_lock_contention(error):
                    raise
                # Jitter keeps the workers that collided from colliding again in step.
                time.sleep(RETRY_PAUSE_S * attempt * random.uniform(0.5, 1.5))
        return self._run_once(work)

    def _run_once(self, work: Callable[[sqlite3.Connection], T]) -> T:
        db = self._connect()
        try:
            return work(db)
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        if not self._schema_ready:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
        # isolation_level=None: transactions are begun explicitly, never implicitly by the module.
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not self._schema_ready:
                # WAL lets readers work while one process writes; the mode is stored in the file.
                db.execute("PRAGMA journal_mode = WAL")
                db.execute(SCHEMA)
                self._schema_ready = True
            # In WAL mode NORMAL never corrupts the file; a power cut may lose the latest commits.
            db.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            db.close()
            raise
        return db


def _in_write_transaction(db: sqlite3.Connection, statement: str, parameters: tuple) -> None:
    # IMMEDIATE takes the write lock up front, so the busy timeout applies instead of a
    # deadlock-avoiding "database is locked" when a read would later have to become a write.
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(statement, parameters)
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _is_lock_contention(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorname", "") in {"SQLITE_BUSY", "SQLITE_LOCKED"} or "locked" in str(error)


def _decode(document: str) -> dict[str, Any]:
    """The stored JSON object; an unreadable row counts as nothing stored rather than a crash."""
    try:
        attributes = json.loads(document)
    except (TypeError, ValueError) as error:
        # The row's contents are personal: name only the fault.
        log.warning("stored attributes unreadable (%s); treating them as empty", type(error).__name__)
        return {}
    if not isinstance(attributes, dict):
        log.warning("stored attributes are a JSON %s, not an object; treating them as empty",
                    type(attributes).__name__)
        return {}
    return attributes
