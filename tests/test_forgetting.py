"""Forgetting that finishes: "forget me" and a disabled skill delete everything or leave a note a later request
finishes (DynamoDB throttled under moto); the account's index survives concurrent first saves; and a forgotten person
leaves no bytes in SQLite's files."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Context, RequestEnvelope, SessionEndedRequest, User
from ask_sdk_model.interfaces.system import SystemState

from skill.storage import memory
from skill.alexa.memory_port import PendingDeletions
from skill.storage.forgetting import ACCOUNT, PENDING_KEY, AccountDeletionUnfinished, DeletionUnfinished
from skill.storage.dynamodb import DYNAMODB_TIMEOUTS
from skill.storage.persistence import ResilientAdapter, dynamodb_adapter
from skill.storage.sqlite_adapter import SqliteAdapter
from tests.storage_faults_support import Throttle, atomic_moto_requests
from tests.test_memory import ALEX, FOUND, INDEX, OTHER_USER, SAM, STATE, USER, request_for, seed_account, stored
from tests.test_persistence import TABLE, aws, dynamodb  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def as_the_service_behaves(monkeypatch):
    atomic_moto_requests(monkeypatch)


@pytest.fixture
def resource(dynamodb):  # noqa: F811 - the same table, through a resource with production's timeouts and retries
    import boto3
    from botocore.config import Config

    return boto3.resource("dynamodb", region_name="us-east-1", config=Config(**DYNAMODB_TIMEOUTS))


@pytest.fixture
def dynamo_store(resource):
    return ResilientAdapter(dynamodb_adapter(TABLE, resource))


def session_end(store) -> HandlerInput:
    """A request no one waits to hear, from someone else entirely: where noted deletions are finished."""
    envelope = RequestEnvelope(
        version="1.0", request=SessionEndedRequest(request_id="amzn1.echo-api.request.end", locale="en-US"),
        context=Context(system=SystemState(user=User(user_id="amzn1.ask.account.SOMEONE-ELSE"))))
    return HandlerInput(request_envelope=envelope, attributes_manager=AttributesManager(envelope, store))


def noted(store) -> list:
    return stored(store, PENDING_KEY).get("pending", [])


class TestDisablingTheSkillUnderThrottling:
    def test_a_throttled_delete_fails_the_event_and_leaves_a_note_a_later_request_finishes(self, resource,
                                                                                           dynamo_store):
        seed_account(dynamo_store)
        throttle = Throttle(resource, "DeleteItem")

        with pytest.raises(AccountDeletionUnfinished):
            memory.forget_account(request_for(dynamo_store))

        assert throttle.throttled >= 1
        assert noted(dynamo_store) == [[USER, ACCOUNT]]
        assert stored(dynamo_store, INDEX)["persons"] == [ALEX, SAM]  # the index stays until every record is gone
        throttle.on = False
        PendingDeletions().process(session_end(dynamo_store), None)
        for key in (ALEX, SAM, USER, INDEX, PENDING_KEY):
            assert stored(dynamo_store, key) == {}, key
        assert memory.disclaimer_heard(memory.recall(request_for(dynamo_store, user=OTHER_USER)))

    def test_with_every_write_throttled_nothing_is_claimed_and_nothing_is_lost_track_of(self, resource,
                                                                                          dynamo_store):
        seed_account(dynamo_store)
        throttle = Throttle(resource, "DeleteItem", "PutItem")
        with pytest.raises(AccountDeletionUnfinished):
            memory.forget_account(request_for(dynamo_store))
        throttle.on = False
        assert stored(dynamo_store, INDEX)["persons"] == [ALEX, SAM]
        memory.forget_account(request_for(dynamo_store))  # a redelivered event finishes it
        assert all(stored(dynamo_store, key) == {} for key in (ALEX, SAM, USER, INDEX, PENDING_KEY))

    def test_a_deletion_noted_twice_is_done_once_and_the_note_goes(self, resource, dynamo_store):
        seed_account(dynamo_store)
        throttle = Throttle(resource, "DeleteItem")
        for _ in range(2):
            with pytest.raises(AccountDeletionUnfinished):
                memory.forget_account(request_for(dynamo_store))
        assert noted(dynamo_store) == [[USER, ACCOUNT]]
        throttle.on = False
        PendingDeletions().process(session_end(dynamo_store), None)
        assert stored(dynamo_store, PENDING_KEY) == {} and stored(dynamo_store, ALEX) == {}


class TestForgetMeUnderThrottling:
    def test_forget_me_that_cannot_delete_raises_and_the_note_finishes_it(self, resource, dynamo_store):
        seed_account(dynamo_store)
        throttle = Throttle(resource, "DeleteItem")
        with pytest.raises(DeletionUnfinished):
            memory.forget(request_for(dynamo_store, person=ALEX))
        assert noted(dynamo_store) == [[USER, ALEX]]
        throttle.on = False
        PendingDeletions().process(session_end(dynamo_store), None)
        assert stored(dynamo_store, ALEX) == {} and stored(dynamo_store, PENDING_KEY) == {}
        assert stored(dynamo_store, INDEX)["persons"] == [SAM]
        assert memory.disclaimer_heard(memory.recall(request_for(dynamo_store, person=SAM)))

    def test_the_sweep_waits_its_interval_unless_a_deletion_failed_here(self, resource, dynamo_store, monkeypatch):
        seed_account(dynamo_store)
        sweeper = PendingDeletions()
        sweeper.process(session_end(dynamo_store), None)  # nothing noted: the interval starts
        throttle = Throttle(resource, "DeleteItem")
        with pytest.raises(DeletionUnfinished):
            memory.forget(request_for(dynamo_store, person=SAM))
        throttle.on = False
        sweeper.process(session_end(dynamo_store), None)  # within the interval, but a deletion failed here
        assert stored(dynamo_store, SAM) == {} and noted(dynamo_store) == []


class TestTheIndexUnderConcurrentFirstSaves:
    """Two voices saving for the first time at once: each is listed (the index update is one atomic change)."""

    @staticmethod
    def save_all_at_once(store, people: list[str], threads: int) -> None:
        start = threading.Barrier(threads)
        errors: list[BaseException] = []

        def save(mine: list[str]) -> None:
            try:
                start.wait()
                for person in mine:
                    memory.keep(request_for(store, person=person), memory.record_visit({}))
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        workers = [threading.Thread(target=save, args=(people[n::threads],)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert not errors

    def test_sqlite(self, tmp_path):
        store = ResilientAdapter(SqliteAdapter(tmp_path / "index.sqlite3"))
        people = [f"amzn1.ask.person.P{n:03d}" for n in range(96)]
        self.save_all_at_once(store, people, threads=8)
        assert sorted(stored(store, INDEX)["persons"]) == people
        memory.forget_account(request_for(store))
        assert all(stored(store, person) == {} for person in people)

    def test_dynamodb(self, dynamo_store):
        people = [f"amzn1.ask.person.P{n:03d}" for n in range(40)]
        self.save_all_at_once(dynamo_store, people, threads=4)
        assert sorted(stored(dynamo_store, INDEX)["persons"]) == people
        memory.forget_account(request_for(dynamo_store))
        assert all(stored(dynamo_store, person) == {} for person in people)


class TestNoBytesLeftInTheFiles:
    ANSWER = "sometimes-QX7"  # an answer that can only have come from this person

    def files(self, path: Path) -> dict[str, bytes]:
        return {suffix: Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal", "-shm")
                if Path(f"{path}{suffix}").exists()}

    def traces(self, path: Path, *needles: str) -> list[str]:
        return [f"{needle} in file{suffix or ''}" for suffix, data in self.files(path).items()
                for needle in needles if needle.encode() in data]

    def seed(self, store) -> None:
        seed_account(store)
        state = {"index": 3, "answers": {**STATE["answers"], "honest": self.ANSWER}}
        for round_ in range(5):  # several versions of the record pass through the log
            handler_input = request_for(store, person=ALEX)
            record = memory.save_recommendations(memory.record_visit({}), FOUND[: 1 + round_ % 2])
            memory.keep(handler_input, memory.save_unfinished_selfcheck(record, {**state, "index": 3 + round_}))

    def test_forget_me_leaves_no_trace_of_the_person_in_any_file(self, tmp_path):
        path = tmp_path / "memory.sqlite3"
        store = ResilientAdapter(SqliteAdapter(path))
        self.seed(store)
        assert self.traces(path, ALEX, self.ANSWER)  # the test can see them while they are kept
        memory.forget(request_for(store, person=ALEX))
        assert self.traces(path, ALEX, self.ANSWER) == []
        assert self.traces(path, SAM)  # the others are still kept

    def test_disabling_the_skill_leaves_no_trace_of_anyone_on_the_account(self, tmp_path):
        path = tmp_path / "memory.sqlite3"
        store = ResilientAdapter(SqliteAdapter(path))
        self.seed(store)
        memory.forget_account(request_for(store))
        assert self.traces(path, ALEX, SAM, USER, self.ANSWER) == []
        assert self.traces(path, OTHER_USER)

    def test_secure_delete_is_set_by_the_skill(self, tmp_path):
        adapter = SqliteAdapter(tmp_path / "memory.sqlite3")
        stored(adapter, USER)
        assert adapter._connection().db.execute("PRAGMA secure_delete").fetchone() == (1,)
