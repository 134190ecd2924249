"""Stores each person's persistent attributes as one JSON row in a local SQLite file."""
from __future__ import annotations

import json
import logging
import os
import random
import sqlite3
from typing import Any, Callable, TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_dynamodb.partition_keygen import person_id_partition_keygen

from skill.storage.sqlite_threads import HeldConnection, file_id, gevent_threadpool, os_thread_local, sleep

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long one statement waits inside SQLite for another writer, then how often the whole transaction is retried:
# together they ride out bursts from many workers and threads (a write takes well under a millisecond), and give up
# within about 1.6 s when another process holds the lock for long, so the turn answers without memory. Under gevent
# the wait runs on the threadpool (sqlite_threads.gevent_threadpool): the worker's other requests go on meanwhile.
BUSY_TIMEOUT_MS = 500
ATTEMPTS = 3
RETRY_PAUSE_S = 0.05

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS attributes ("
    " id TEXT PRIMARY KEY NOT NULL,"  # SQLite lets a TEXT PRIMARY KEY be NULL unless told otherwise
    " attributes TEXT NOT NULL"  # a JSON object; nothing else, not even when it was written (docs/storage-and-privacy.md)
    ")"
)
UPSERT = "INSERT INTO attributes (id, attributes) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes"
# Files made before the schema lost its write time: the column goes, the rows stay.
DROPPED_COLUMNS = ("updated_at",)


class MissingKey(ValueError):
    """The request has no user id (nor person id) to store anything under."""


class SqliteAdapter(AbstractPersistenceAdapter):
    """ask-sdk persistence on one SQLite file, shared safely by several processes and threads.

    Each thread keeps one connection open across calls. Opening and closing one per call cost
    ~20 ms on a busy disk: closing the last connection to a WAL database checkpoints it and
    deletes the WAL file, which the next write creates again. A connection is never shared
    between threads, and one inherited through fork() is never used nor closed by the child
    (SQLite forbids both): the child opens its own. A thread's connection closes when the
    thread ends, when the adapter is garbage collected, or on close().
    """

    def __init__(self, path: str | os.PathLike[str],
                 partition_keygen: Callable[[Any], str] = person_id_partition_keygen) -> None:
        # Resolved now, so a later change of working directory cannot move the database.
        self.path = os.path.abspath(os.fspath(path))
        self.partition_keygen = partition_keygen
        self._local = os_thread_local()

    def get_attributes(self, request_envelope) -> dict[str, Any]:
        key = self._key(request_envelope)
        # fetchall, not fetchone: the statement runs to its end, so no read snapshot stays open on a kept connection.
        rows = self._run(lambda db: db.execute("SELECT attributes FROM attributes WHERE id = ?", (key,)).fetchall())
        return {} if not rows else _decode(rows[0][0])

    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        key = self._key(request_envelope)
        # Encoded before touching the database: attributes that cannot be stored change nothing.
        document = json.dumps(attributes, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        self._run(lambda db: _in_write_transaction(db, UPSERT, (key, document)))

    def delete_attributes(self, request_envelope) -> None:
        key = self._key(request_envelope)
        self._run(lambda db: _in_write_transaction(db, "DELETE FROM attributes WHERE id = ?", (key,)))

    def erase_deleted(self) -> None:
        """Leave no copy of what was deleted or changed in the files: secure_delete has zeroed the freed space in
        the database; a truncating checkpoint empties the write-ahead log, which kept every earlier version of a row.
        Run once after forgetting someone (each checkpoint writes and syncs the database)."""
        self._run(_truncate_wal)

    def update_attributes(self, request_envelope, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Read the key's attributes, and write `change(attributes)` (an empty result deletes the row; an equal one
        writes nothing), in one write transaction: two processes changing the same record at once cannot lose each
        other's change."""
        key = self._key(request_envelope)

        def transaction(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            try:
                rows = db.execute("SELECT attributes FROM attributes WHERE id = ?", (key,)).fetchall()
                current = _decode(rows[0][0]) if rows else {}
                changed = change(current)
                if changed == current:
                    pass  # nothing to write
                elif changed:
                    document = json.dumps(changed, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
                    db.execute(UPSERT, (key, document))
                elif rows:
                    db.execute("DELETE FROM attributes WHERE id = ?", (key,))
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

        self._run(transaction)

    def _key(self, request_envelope) -> str:
        # Files made before the key was NOT NULL accept a NULL key: nothing is read or stored without an id.
        key = self.partition_keygen(request_envelope)
        if not isinstance(key, str) or not key:
            raise MissingKey("the request names no user, so nothing is stored for it")
        return key

    def close(self) -> None:
        """Close this thread's connection and let go of every other thread's.

        Another thread's connection closes as soon as its current call, if any, returns. The
        adapter stays usable: the next call opens a new connection.
        """
        held = getattr(self._local, "held", None)
        self._local = os_thread_local()
        if held is not None:
            held.release()

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` off the event loop under gevent: SQLite's busy wait blocks its thread, and gevent's hub runs
        every request of the worker on that thread."""
        threadpool = gevent_threadpool()
        if threadpool is not None:
            return threadpool.apply(self._run_here, (work,))
        return self._run_here(work)

    def _run_here(self, work: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return self._run_retrying(work)
        except sqlite3.OperationalError as error:
            if not _is_missing_table(error):
                raise
            # The file was emptied or replaced under us; the failed connection was let go, and
            # opening the next one creates the table again.
            log.warning("the attributes table was missing; created it again")
            return self._run_retrying(work)

    def _run_retrying(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on this thread's connection, retrying while other writers hold the lock."""
        for attempt in range(1, ATTEMPTS):
            try:
                return self._run_once(work)
            except sqlite3.OperationalError as error:
                if not _is_lock_contention(error):
                    raise
                # Jitter keeps the workers that collided from colliding again in step.
                sleep(RETRY_PAUSE_S * attempt * random.uniform(0.5, 1.5))
        return self._run_once(work)

    def _run_once(self, work: Callable[[sqlite3.Connection], T]) -> T:
        held = self._connection()
        try:
            return work(held.db)
        except BaseException as error:
            self._recover(held, error)
            raise

    def _recover(self, held: HeldConnection, error: BaseException) -> None:
        """Leave this thread a connection fit for the next call, whatever `error` left behind."""
        try:
            if held.db.in_transaction:
                # Closing used to end a failed transaction; a kept connection must end it itself,
                # or it would keep the write lock and show its own uncommitted rows.
                held.db.execute("ROLLBACK")
            keep = not isinstance(error, sqlite3.Error) or (
                isinstance(error, sqlite3.OperationalError) and _is_lock_contention(error))
        except sqlite3.Error:
            keep = False
        if not keep:
            # Any other database error (I/O, a damaged or replaced file) gets a fresh connection next time.
            self._forget(held)

    def _connection(self) -> HeldConnection:
        held = getattr(self._local, "held", None)
        if held is not None and held.pid == os.getpid() and held.file_id == file_id(self.path):
            return held
        if held is not None:
            # Opened by the parent before a fork, or the file was deleted or replaced since.
            self._forget(held)
        held = self._open()
        self._local.held = held
        return held

    def _forget(self, held: HeldConnection) -> None:
        if getattr(self._local, "held", None) is held:
            del self._local.held
        held.release()

    def _open(self) -> HeldConnection:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        # isolation_level=None: transactions are begun explicitly, never implicitly by the module.
        # check_same_thread=False only so close() and garbage collection may close it from another
        # thread; calls use a connection only on the thread that opened it.
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                             check_same_thread=False)
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Deleted rows are overwritten with zeros, not left in free pages; set here, not left to how the
            # platform's SQLite was built.
            db.execute("PRAGMA secure_delete = ON")
            # WAL lets readers work while one process writes; the mode is stored in the file.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(SCHEMA)
            _drop_old_columns(db)
            # In WAL mode NORMAL never corrupts the file; a power cut may lose the latest commits.
            db.execute("PRAGMA synchronous = NORMAL")
            opened = file_id(self.path)
        except BaseException:
            db.close()
            raise
        return HeldConnection(db, os.getpid(), opened)


def _drop_old_columns(db: sqlite3.Connection) -> None:
    """Remove columns an older version kept (a write time nothing read), keeping every row."""
    present = {row[1] for row in db.execute("PRAGMA table_info(attributes)")}
    for column in DROPPED_COLUMNS:
        if column in present:
            db.execute(f"ALTER TABLE attributes DROP COLUMN {column}")


def _truncate_wal(db: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database and cut it to nothing. A reader in another process can hold it
    back (the result's first column says so): then the log is reset by the next checkpoint that can run."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


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


def _is_missing_table(error: sqlite3.OperationalError) -> bool:
    return str(error).startswith("no such table")


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
