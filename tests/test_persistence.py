"""Persistence: one contract both adapters keep, the TRUST_DATABASE syntax, and storage that fails softly."""
from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pytest
from ask_sdk_core.exceptions import PersistenceException
from ask_sdk_model import Context, Person, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState

from skill.storage import sqlite_adapter
from skill.storage.persistence import (
    PlainNumbersAdapter,
    ResilientAdapter,
    dynamodb_adapter,
    from_dynamodb,
    persistence_adapter,
    to_dynamodb,
)
from skill.storage.sqlite_adapter import SqliteAdapter

REPO = Path(__file__).resolve().parents[1]
TABLE = "trust-builder-test"
REGION = "us-east-1"
USER = "amzn1.ask.account.SHARED-DEVICE"
ALEX = "amzn1.ask.person.ALEX"
SAM = "amzn1.ask.person.SAM"
PROGRESS = {"visits": 3, "sections": ["honesty", "repair"], "score": 0.75,
            "disclaimer_heard": True, "note": "déjà vu", "nothing": None, "nested": {"round": 2}}


def envelope(user_id: str = USER, person_id: str | None = None) -> RequestEnvelope:
    person = Person(person_id=person_id) if person_id else None
    return RequestEnvelope(context=Context(system=SystemState(user=User(user_id=user_id), person=person)))


def stored_rows(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT id, attributes FROM attributes"))


@pytest.fixture
def aws(monkeypatch):
    """Fake credentials and a region, so nothing can reach a real account."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def dynamodb(aws):
    from moto import mock_aws
    import boto3

    with mock_aws():
        resource = boto3.resource("dynamodb", region_name=REGION)
        resource.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        yield resource


@pytest.fixture(params=["sqlite", "dynamodb"])
def adapter(request, tmp_path):
    if request.param == "sqlite":
        return SqliteAdapter(tmp_path / "store.sqlite3")
    return dynamodb_adapter(TABLE, request.getfixturevalue("dynamodb"))


class TestAdapterContract:
    """What the skill relies on, whichever store is behind it."""

    def test_nothing_stored_reads_as_empty(self, adapter):
        assert adapter.get_attributes(envelope()) == {}

    def test_saved_attributes_read_back_equal(self, adapter):
        adapter.save_attributes(envelope(), PROGRESS)
        assert adapter.get_attributes(envelope()) == PROGRESS

    def test_numbers_read_back_as_int_and_float(self, adapter):
        adapter.save_attributes(envelope(), {"count": 7, "ratio": 0.1, "list": [1, 2.5]})
        got = adapter.get_attributes(envelope())
        assert type(got["count"]) is int and type(got["ratio"]) is float
        assert got == {"count": 7, "ratio": 0.1, "list": [1, 2.5]}
        assert [type(n) for n in got["list"]] == [int, float]

    def test_a_save_replaces_rather_than_merges(self, adapter):
        adapter.save_attributes(envelope(), {"visits": 1, "old": "kept?"})
        adapter.save_attributes(envelope(), {"visits": 2})
        assert adapter.get_attributes(envelope()) == {"visits": 2}

    def test_delete_forgets(self, adapter):
        adapter.save_attributes(envelope(), PROGRESS)
        adapter.delete_attributes(envelope())
        assert adapter.get_attributes(envelope()) == {}

    def test_deleting_nothing_is_fine(self, adapter):
        adapter.delete_attributes(envelope())
        assert adapter.get_attributes(envelope()) == {}

    def test_people_are_kept_apart(self, adapter):
        adapter.save_attributes(envelope(user_id="amzn1.ask.account.ONE"), {"visits": 1})
        adapter.save_attributes(envelope(user_id="amzn1.ask.account.TWO"), {"visits": 2})
        assert adapter.get_attributes(envelope(user_id="amzn1.ask.account.ONE")) == {"visits": 1}
        assert adapter.get_attributes(envelope(user_id="amzn1.ask.account.TWO")) == {"visits": 2}

    def test_two_voices_on_one_device_keep_separate_progress(self, adapter):
        adapter.save_attributes(envelope(person_id=ALEX), {"who": "alex"})
        adapter.save_attributes(envelope(person_id=SAM), {"who": "sam"})
        adapter.save_attributes(envelope(), {"who": "unrecognised voice"})
        assert adapter.get_attributes(envelope(person_id=ALEX)) == {"who": "alex"}
        assert adapter.get_attributes(envelope(person_id=SAM)) == {"who": "sam"}
        assert adapter.get_attributes(envelope()) == {"who": "unrecognised voice"}

    def test_deleting_one_voice_leaves_the_other(self, adapter):
        adapter.save_attributes(envelope(person_id=ALEX), {"who": "alex"})
        adapter.save_attributes(envelope(person_id=SAM), {"who": "sam"})
        adapter.delete_attributes(envelope(person_id=ALEX))
        assert adapter.get_attributes(envelope(person_id=ALEX)) == {}
        assert adapter.get_attributes(envelope(person_id=SAM)) == {"who": "sam"}


class TestPartitionKey:
    def test_sqlite_row_is_keyed_by_person_id_else_user_id(self, tmp_path):
        store = SqliteAdapter(tmp_path / "store.sqlite3")
        store.save_attributes(envelope(person_id=ALEX), {"a": 1})
        store.save_attributes(envelope(), {"b": 2})
        assert set(stored_rows(tmp_path / "store.sqlite3")) == {ALEX, USER}

    def test_dynamodb_item_is_keyed_by_person_id_else_user_id(self, dynamodb):
        store = dynamodb_adapter(TABLE, dynamodb)
        store.save_attributes(envelope(person_id=SAM), {"a": 1})
        store.save_attributes(envelope(), {"b": 2})
        items = dynamodb.Table(TABLE).scan()["Items"]
        assert {item["id"] for item in items} == {SAM, USER}


class TestDynamoDbNumbers:
    def test_numbers_are_stored_as_decimal_and_read_as_plain(self, dynamodb):
        store = dynamodb_adapter(TABLE, dynamodb)
        store.save_attributes(envelope(), {"ratio": 0.1, "count": 3, "flag": True})
        item = dynamodb.Table(TABLE).get_item(Key={"id": USER})["Item"]
        assert item["attributes"]["ratio"] == Decimal("0.1")
        assert item["attributes"]["flag"] is True
        assert store.get_attributes(envelope()) == {"ratio": 0.1, "count": 3, "flag": True}

    def test_conversion_reaches_inside_dicts_and_lists(self):
        stored = {"a": [Decimal("1"), {"b": Decimal("2.5")}], "c": Decimal("1E+2"), "d": "text", "e": False}
        assert from_dynamodb(stored) == {"a": [1, {"b": 2.5}], "c": 100, "d": "text", "e": False}
        assert type(from_dynamodb(stored)["c"]) is int
        assert to_dynamodb({"x": [0.1, 2, True]}) == {"x": [Decimal("0.1"), 2, True]}

    def test_plain_numbers_adapter_wraps_the_ask_sdk_adapter(self, dynamodb):
        from ask_sdk_dynamodb.adapter import DynamoDbAdapter
        from ask_sdk_dynamodb.partition_keygen import person_id_partition_keygen

        store = dynamodb_adapter(TABLE, dynamodb)
        assert isinstance(store, PlainNumbersAdapter)
        assert isinstance(store.inner, DynamoDbAdapter)
        assert store.inner.partition_keygen is person_id_partition_keygen
        assert store.inner.create_table is False


class TestSqliteFile:
    def test_folder_and_file_appear_on_first_use_not_before(self, tmp_path):
        path = tmp_path / "deep" / "er" / "store.sqlite3"
        store = SqliteAdapter(path)
        assert not path.parent.exists()
        assert store.get_attributes(envelope()) == {}
        assert path.exists()

    def test_uses_write_ahead_logging(self, tmp_path):
        SqliteAdapter(tmp_path / "s.sqlite3").get_attributes(envelope())
        with sqlite3.connect(tmp_path / "s.sqlite3") as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def test_a_relative_path_is_fixed_when_the_adapter_is_made(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        store = SqliteAdapter("var/s.sqlite3")
        monkeypatch.chdir(REPO)
        store.save_attributes(envelope(), {"a": 1})
        assert (tmp_path / "var" / "s.sqlite3").exists()

    @pytest.mark.parametrize("garbage", ['{"SECRET": "unfinished', "", '["SECRET"]', "null", '"SECRET"'],
                             ids=["broken", "empty", "list", "null", "string"])
    def test_an_unreadable_row_reads_as_empty_and_is_logged_without_its_contents(self, tmp_path, caplog, garbage):
        path = tmp_path / "s.sqlite3"
        store = SqliteAdapter(path)
        store.save_attributes(envelope(), {"visits": 1})
        with sqlite3.connect(path) as db:
            db.execute("UPDATE attributes SET attributes = ? WHERE id = ?", (garbage, USER))
        with caplog.at_level(logging.WARNING):
            assert store.get_attributes(envelope()) == {}
        assert len(caplog.records) == 1
        assert "SECRET" not in caplog.text and USER not in caplog.text
        store.save_attributes(envelope(), {"fresh": True})
        assert store.get_attributes(envelope()) == {"fresh": True}

    def test_attributes_that_cannot_be_stored_leave_the_old_ones(self, tmp_path):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        store.save_attributes(envelope(), {"visits": 1})
        for unstorable in ({"tags": {"a", "b"}}, {"ratio": float("nan")}):
            with pytest.raises((TypeError, ValueError)):
                store.save_attributes(envelope(), unstorable)
        assert store.get_attributes(envelope()) == {"visits": 1}

    def test_a_save_that_times_out_on_a_lock_leaves_the_old_attributes(self, tmp_path, monkeypatch):
        monkeypatch.setattr(sqlite_adapter, "BUSY_TIMEOUT_MS", 20)
        monkeypatch.setattr(sqlite_adapter, "ATTEMPTS", 2)
        monkeypatch.setattr(sqlite_adapter, "RETRY_PAUSE_S", 0.01)
        path = tmp_path / "s.sqlite3"
        store = SqliteAdapter(path)
        store.save_attributes(envelope(), {"visits": 1})
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                store.save_attributes(envelope(), {"visits": 2})
            assert store.get_attributes(envelope()) == {"visits": 1}  # WAL: readers are not blocked
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.get_attributes(envelope()) == {"visits": 1}

    def test_a_save_retries_until_another_writer_lets_go(self, tmp_path, monkeypatch):
        monkeypatch.setattr(sqlite_adapter, "BUSY_TIMEOUT_MS", 20)
        monkeypatch.setattr(sqlite_adapter, "RETRY_PAUSE_S", 0.05)
        path = tmp_path / "s.sqlite3"
        store = SqliteAdapter(path)
        store.get_attributes(envelope())
        blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        blocker.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.1, lambda: blocker.execute("COMMIT"))
        release.start()
        try:
            store.save_attributes(envelope(), {"visits": 2})
        finally:
            release.join()
            blocker.close()
        assert store.get_attributes(envelope()) == {"visits": 2}

    def test_threads_share_one_adapter(self, tmp_path):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        failures = []

        def work(n: int) -> None:
            try:
                for i in range(50):
                    store.save_attributes(envelope(user_id=f"user-{n}"), {"i": i})
                    assert store.get_attributes(envelope(user_id=f"user-{n}")) == {"i": i}
            except Exception as error:  # noqa: BLE001 - collected and reported below
                failures.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []


class RecordingConnection(sqlite3.Connection):
    """A connection that notes, in `events`, each open and each close with the process that did it."""

    events: ClassVar[list[tuple[str, int, int]]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events.append(("open", id(self), os.getpid()))

    def close(self):
        self.events.append(("close", id(self), os.getpid()))
        super().close()


@pytest.fixture
def connections(monkeypatch):
    """Every connection the adapter opens from here on, as (event, connection id, process id)."""
    events: list[tuple[str, int, int]] = []
    monkeypatch.setattr(RecordingConnection, "events", events)
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite_adapter.sqlite3, "connect",
                        lambda *args, **kwargs: real_connect(*args, factory=RecordingConnection, **kwargs))
    return events


def opened(events) -> list[int]:
    return [connection for event, connection, _pid in events if event == "open"]


class TestSqliteConnections:
    """One connection per thread, kept across calls: closing the last one costs a WAL checkpoint every time."""

    def test_one_thread_opens_one_connection_for_all_its_calls(self, tmp_path, connections):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        for visit in range(50):
            store.save_attributes(envelope(), {"visits": visit})
            assert store.get_attributes(envelope()) == {"visits": visit}
        store.delete_attributes(envelope())
        assert len(opened(connections)) == 1
        assert [event for event, _id, _pid in connections] == ["open"]

    def test_each_thread_has_its_own_connection_closed_when_the_thread_ends(self, tmp_path, connections):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        store.get_attributes(envelope())

        def work(n: int) -> None:
            for i in range(20):
                store.save_attributes(envelope(user_id=f"user-{n}"), {"i": i})

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(opened(connections)) == 5
        closed = {connection for event, connection, _pid in connections if event == "close"}
        assert closed == set(opened(connections)[1:]), "each ended thread's connection, not the main thread's"

    def test_close_and_garbage_collection_close_every_connection(self, tmp_path, connections):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        store.get_attributes(envelope())
        store.close()
        assert [event for event, _id, _pid in connections] == ["open", "close"]
        store.save_attributes(envelope(), {"after": "close"})  # still usable: a new connection
        assert store.get_attributes(envelope()) == {"after": "close"}
        del store
        gc.collect()
        assert [event for event, _id, _pid in connections] == ["open", "close", "open", "close"]

    @pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
    def test_many_adapters_leave_no_files_open(self, tmp_path):
        def open_files() -> int:
            return len(os.listdir("/proc/self/fd"))

        before = open_files()
        for n in range(200):
            store = SqliteAdapter(tmp_path / f"s{n % 5}.sqlite3")
            store.save_attributes(envelope(), {"n": n})
        del store
        gc.collect()
        assert open_files() <= before + 1  # the listing's own descriptor

    @pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork()")
    def test_a_process_forked_after_use_opens_its_own_and_never_closes_its_parents(self, tmp_path, connections):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        store.save_attributes(envelope(), {"from": "parent"})
        # A thread alive across the fork holds a connection too; the child drops that thread.
        ready, finish = threading.Event(), threading.Event()

        def hold_a_connection() -> None:
            store.get_attributes(envelope())
            ready.set()
            finish.wait()

        holder = threading.Thread(target=hold_a_connection)
        holder.start()
        ready.wait()
        parent_connections = set(opened(connections))
        results = multiprocessing.get_context("fork").Queue()

        def child() -> None:
            before = len(connections)
            read = store.get_attributes(envelope())
            store.save_attributes(envelope(user_id="child"), {"from": "child"})
            del store.__dict__["_local"]  # drop every thread's connection, as at the child's end
            gc.collect()
            results.put((read, connections[before:]))

        try:
            process = multiprocessing.get_context("fork").Process(target=child)
            process.start()
            read, child_events = results.get(timeout=30)
            process.join(30)
        finally:
            finish.set()
            holder.join()
        assert process.exitcode == 0
        assert read == {"from": "parent"}
        child_opened = opened(child_events)
        assert len(child_opened) == 1 and child_opened[0] not in parent_connections
        closed_in_child = {connection for event, connection, _pid in child_events if event == "close"}
        assert closed_in_child == set(child_opened), "the child closed a connection its parent opened"
        # The parent goes on with the connection it had, and sees the child's write.
        assert store.get_attributes(envelope(user_id="child")) == {"from": "child"}
        assert len(opened(connections)) == 2

    @pytest.mark.parametrize("fault", [sqlite3.OperationalError("disk I/O error"), RuntimeError("not the database")],
                             ids=["database error", "other error"])
    def test_a_call_that_fails_inside_a_transaction_leaves_no_lock_behind(self, tmp_path, monkeypatch, fault):
        path = tmp_path / "s.sqlite3"
        store = SqliteAdapter(path)
        store.save_attributes(envelope(), {"visits": 1})
        real_write = sqlite_adapter._in_write_transaction

        def commit_fails(db, statement, parameters):
            db.execute("BEGIN IMMEDIATE")
            db.execute(statement, parameters)
            raise fault  # as a COMMIT on a full disk would, or anything else between BEGIN and COMMIT

        monkeypatch.setattr(sqlite_adapter, "_in_write_transaction", commit_fails)
        with pytest.raises(type(fault)):
            store.save_attributes(envelope(), {"visits": 2})
        monkeypatch.setattr(sqlite_adapter, "_in_write_transaction", real_write)
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # the write lock is free at once
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert store.get_attributes(envelope()) == {"visits": 1}  # the half-done save is gone
        store.save_attributes(envelope(), {"visits": 3})
        assert stored_rows(path) == {USER: '{"visits":3}'}

    def test_a_failed_rollback_gets_a_new_connection(self, tmp_path, monkeypatch, connections):
        store = SqliteAdapter(tmp_path / "s.sqlite3")
        store.save_attributes(envelope(), {"visits": 1})

        def fails_and_breaks(db, statement, parameters):
            db.execute("BEGIN IMMEDIATE")
            db.close()  # nothing, not even ROLLBACK, works on it any more
            raise sqlite3.OperationalError("disk I/O error")

        real_write = sqlite_adapter._in_write_transaction
        monkeypatch.setattr(sqlite_adapter, "_in_write_transaction", fails_and_breaks)
        with pytest.raises(sqlite3.OperationalError):
            store.save_attributes(envelope(), {"visits": 2})
        monkeypatch.setattr(sqlite_adapter, "_in_write_transaction", real_write)
        store.save_attributes(envelope(), {"visits": 3})
        assert store.get_attributes(envelope()) == {"visits": 3}
        assert len(opened(connections)) == 2

    def test_a_database_deleted_while_running_is_made_again(self, tmp_path):
        path = tmp_path / "var" / "s.sqlite3"
        store = SqliteAdapter(path)
        store.save_attributes(envelope(), {"visits": 1})
        shutil.rmtree(path.parent)
        assert store.get_attributes(envelope()) == {}
        store.save_attributes(envelope(), {"visits": 2})
        assert stored_rows(path) == {USER: '{"visits":2}'}

    def test_a_dropped_table_is_made_again(self, tmp_path, caplog):
        path = tmp_path / "s.sqlite3"
        store = SqliteAdapter(path)
        store.save_attributes(envelope(), {"visits": 1})
        with sqlite3.connect(path) as db:
            db.execute("DROP TABLE attributes")
        with caplog.at_level(logging.WARNING):
            store.save_attributes(envelope(), {"visits": 2})
        assert "created it again" in caplog.text
        assert store.get_attributes(envelope()) == {"visits": 2}


WRITERS = 4
SAVES = 500
SHARED_KEYS = 3


def write_many(writer: int, path: str) -> dict[str, int]:
    """One worker process: its own adapter, saves to its own key and to keys every writer uses."""
    store = SqliteAdapter(path)
    last = {}
    for seq in range(SAVES):
        key = f"own-{writer}" if seq % 2 else f"shared-{seq % SHARED_KEYS}"
        store.save_attributes(envelope(user_id=key), {"writer": writer, "seq": seq})
        last[key] = seq
        if seq % 50 == 0:  # reads see this process's own latest write
            assert store.get_attributes(envelope(user_id=f"own-{writer}")).get("writer", writer) == writer
    return last


def test_four_processes_saving_at_once_lose_nothing_and_corrupt_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    started = time.perf_counter()
    with context.Pool(WRITERS) as pool:
        last_writes = pool.starmap(write_many, [(writer, path) for writer in range(WRITERS)])
    elapsed = time.perf_counter() - started
    print(f"{WRITERS} processes x {SAVES} saves: {elapsed:.2f} s")

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = {key: json.loads(document) for key, document in stored_rows(Path(path)).items()}
    for writer, last in enumerate(last_writes):
        assert rows[f"own-{writer}"] == {"writer": writer, "seq": last[f"own-{writer}"]}
    for n in range(SHARED_KEYS):
        key = f"shared-{n}"
        final_candidates = [{"writer": w, "seq": last[key]} for w, last in enumerate(last_writes)]
        assert rows[key] in final_candidates
    assert len(rows) == WRITERS + SHARED_KEYS


class BrokenStore:
    """Every call fails the way ask-sdk's DynamoDB adapter does: PersistenceException over the cause."""

    def __init__(self):
        self.calls = []

    def _fail(self, name):
        self.calls.append(name)
        try:
            raise sqlite3.OperationalError("disk I/O error near " + USER)
        except sqlite3.OperationalError as cause:
            raise PersistenceException("failed for " + USER) from cause

    def get_attributes(self, request_envelope):
        self._fail("get")

    def save_attributes(self, request_envelope, attributes):
        self._fail("save")

    def delete_attributes(self, request_envelope):
        self._fail("delete")


class TestResilientAdapter:
    @pytest.mark.parametrize("call", [
        lambda store: store.get_attributes(envelope()),
        lambda store: store.save_attributes(envelope(), {"secret": "words"}),
        lambda store: store.delete_attributes(envelope()),
    ], ids=["get", "save", "delete"])
    def test_a_storage_fault_is_one_warning_naming_it_and_no_user_data(self, caplog, call):
        with caplog.at_level(logging.DEBUG):
            call(ResilientAdapter(BrokenStore()))
        assert [r.levelno for r in caplog.records] == [logging.WARNING]
        line = caplog.records[0].getMessage()
        assert "PersistenceException" in line and "OperationalError" in line
        assert "\n" not in line
        assert USER not in caplog.text and "secret" not in caplog.text and "words" not in caplog.text

    def test_a_failed_read_answers_empty(self):
        assert ResilientAdapter(BrokenStore()).get_attributes(envelope()) == {}

    def test_a_failed_save_and_delete_are_swallowed(self):
        store = ResilientAdapter(BrokenStore())
        assert store.save_attributes(envelope(), {"a": 1}) is None
        assert store.delete_attributes(envelope()) is None

    def test_after_a_failed_read_the_same_request_does_not_overwrite_what_is_stored(self, tmp_path):
        inner = SqliteAdapter(tmp_path / "s.sqlite3")
        inner.save_attributes(envelope(), {"sections_done": 5})
        store = ResilientAdapter(inner)
        request = envelope()
        real_get = inner.get_attributes
        inner.get_attributes = lambda _envelope: BrokenStore().get_attributes(_envelope)
        assert store.get_attributes(request) == {}
        inner.get_attributes = real_get
        store.save_attributes(request, {"sections_done": 1})  # built on the empty answer
        assert inner.get_attributes(envelope()) == {"sections_done": 5}
        store.save_attributes(envelope(), {"sections_done": 6})  # the next request reads and saves normally
        assert inner.get_attributes(envelope()) == {"sections_done": 6}

    def test_working_storage_passes_straight_through(self, tmp_path):
        store = ResilientAdapter(SqliteAdapter(tmp_path / "s.sqlite3"))
        store.save_attributes(envelope(), {"a": 1})
        assert store.get_attributes(envelope()) == {"a": 1}
        store.delete_attributes(envelope())
        assert store.get_attributes(envelope()) == {}


class TestDatabaseSetting:
    @pytest.mark.parametrize("value", ["none", "NONE", " none "])
    def test_none_means_no_storage(self, value):
        assert persistence_adapter(value) is None

    def test_sqlite_relative_path_is_under_the_working_directory(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        adapter = persistence_adapter("sqlite:///var/trust-builder.sqlite3")
        assert isinstance(adapter, ResilientAdapter) and isinstance(adapter.inner, SqliteAdapter)
        assert adapter.inner.path == str(tmp_path / "var" / "trust-builder.sqlite3")

    def test_sqlite_absolute_path(self, tmp_path):
        adapter = persistence_adapter(f"sqlite:///{tmp_path}/store.sqlite3")
        assert adapter.inner.path == str(tmp_path / "store.sqlite3")

    def test_dynamodb_uses_the_named_table_in_the_configured_region(self, aws):
        adapter = persistence_adapter("dynamodb://trust-builder-Progress_1.a", aws_region="eu-west-1")
        dynamo = adapter.inner.inner
        assert dynamo.table_name == "trust-builder-Progress_1.a"
        assert dynamo.dynamodb.meta.client.meta.region_name == "eu-west-1"

    def test_dynamodb_through_the_setting_works_end_to_end(self, dynamodb):
        adapter = persistence_adapter(f"dynamodb://{TABLE}")
        adapter.save_attributes(envelope(person_id=ALEX), {"ratio": 0.5})
        assert adapter.get_attributes(envelope(person_id=ALEX)) == {"ratio": 0.5}

    def test_dynamodb_without_any_region_configured_defaults_to_us_east_1(self, tmp_path):
        env = {k: v for k, v in os.environ.items() if k not in {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"}}
        env["AWS_CONFIG_FILE"] = str(tmp_path / "no-config")  # no region from ~/.aws/config either
        probe = ("from skill.storage.persistence import persistence_adapter;"
                 "a = persistence_adapter('dynamodb://progress');"
                 "print(a.inner.inner.dynamodb.meta.client.meta.region_name)")
        result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "us-east-1"

    def test_the_adapter_is_imported_without_touching_the_environment(self, tmp_path):
        """ask-sdk's adapter module needs a region at import; it gets one without os.environ being changed,
        which every thread of the process would see while it lasted."""
        env = {k: v for k, v in os.environ.items() if k not in {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"}}
        env["AWS_CONFIG_FILE"] = str(tmp_path / "no-config")
        probe = ("import os; changed = []; real_putenv = os.putenv;"
                 "os.putenv = lambda key, value: (changed.append(key), real_putenv(key, value));"
                 "from skill.storage.persistence import persistence_adapter;"
                 "a = persistence_adapter('dynamodb://progress', aws_region='eu-west-2');"
                 "print(changed, a.inner.inner.dynamodb.meta.client.meta.region_name)")
        result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "[] eu-west-2"

    @pytest.mark.parametrize("value", [
        "", "sqlite", "sqlite://relative.db", "sqlite:///", "sqlite:///:memory:", "dynamodb://",
        "dynamodb://ab", "dynamodb://bad/name", "dynamodb://bad name", "dynamo://table",
        "mysql://host/db", "memory",
    ])
    def test_anything_else_refuses_to_start(self, value):
        with pytest.raises(ValueError, match="TRUST_DATABASE"):
            persistence_adapter(value)

    def test_the_refusal_does_not_repeat_a_password(self):
        with pytest.raises(ValueError) as refused:
            persistence_adapter("postgresql://admin:hunter2@db.example/trust")
        assert "hunter2" not in str(refused.value)
        assert "sqlite:///PATH" in str(refused.value)


def test_a_file_from_before_keeps_its_records_and_loses_the_write_time(tmp_path):
    """The table once kept `updated_at`, which nothing read: opening an old file drops the column, not the rows."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE attributes (id TEXT PRIMARY KEY NOT NULL, attributes TEXT NOT NULL,"
                   " updated_at TEXT NOT NULL)")
        db.execute("INSERT INTO attributes VALUES ('amzn1.ask.account.old', '{\"version\": 1}', '2026-01-01')")
    adapter = SqliteAdapter(path)
    request = RequestEnvelope(context=Context(system=SystemState(user=User(user_id="amzn1.ask.account.old"))))
    assert adapter.get_attributes(request) == {"version": 1}
    adapter.save_attributes(request, {"version": 1, "disclaimer_heard": True})
    with sqlite3.connect(path) as db:
        assert [row[1] for row in db.execute("PRAGMA table_info(attributes)")] == ["id", "attributes"]
        assert db.execute("SELECT count(*) FROM attributes").fetchone() == (1,)
