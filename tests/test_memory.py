"""skill/storage/memory.py: the stored record's shape, its pure changes, and keeping, forgetting and the account's index on
real stores (SQLite files, DynamoDB under moto)."""
from __future__ import annotations

import json
import logging
import sqlite3

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Context, LaunchRequest, Person, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState

from skill.alexa.memory_port import store_request_of
from skill.storage import memory
from skill.storage.forgetting import AccountDeletionUnfinished, DeletionUnfinished
from skill.storage.persistence import ResilientAdapter, dynamodb_adapter
from skill.storage.sqlite_adapter import SqliteAdapter
from skill.storage.store_request import StoreRequest
from tests.test_persistence import TABLE, BrokenStore, aws, dynamodb  # noqa: F401 - fixtures

USER = "amzn1.ask.account.SHARED-DEVICE"
OTHER_USER = "amzn1.ask.account.NEIGHBOUR"
ALEX = "amzn1.ask.person.ALEX"
SAM = "amzn1.ask.person.SAM"
INDEX = USER + memory.INDEX_SUFFIX
STATE = {"index": 3, "answers": {"keeps_promises": "yes", "honest": "sometimes", "safe_to_talk": "skipped"}}
FOUND = [{"id": "building_trust", "kind": "section", "because": "promises matter", "rule": "weak_promises"},
         {"id": "eye_contact", "kind": "exercise", "because": "closeness helps", "rule": "low_closeness"}]
# What is kept of them: which, never why (a reason repeats an answer).
KEPT = [{"id": "building_trust", "kind": "section"}, {"id": "eye_contact", "kind": "exercise"}]


def request_for(adapter, user: str = USER, person: str | None = None) -> StoreRequest:
    """What storage gets of one request, made from its handler input as ask-sdk builds it, on `adapter` (None: no
    store)."""
    envelope = RequestEnvelope(
        version="1.0", request=LaunchRequest(request_id="amzn1.echo-api.request.1", locale="en-US"),
        context=Context(system=SystemState(user=User(user_id=user),
                                           person=Person(person_id=person) if person else None)))
    return store_request_of(HandlerInput(request_envelope=envelope,
                                         attributes_manager=AttributesManager(envelope, adapter)))


def stored(adapter, key: str) -> dict:
    """The raw attributes under `key`, read around the memory module (the key as a bare user id)."""
    return adapter.get_attributes(RequestEnvelope(context=Context(system=SystemState(user=User(user_id=key)))))


@pytest.fixture(params=["sqlite", "dynamodb"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return ResilientAdapter(SqliteAdapter(tmp_path / "memory.sqlite3"))
    return ResilientAdapter(dynamodb_adapter(TABLE, request.getfixturevalue("dynamodb")))


@pytest.fixture
def sqlite_store(tmp_path):
    return ResilientAdapter(SqliteAdapter(tmp_path / "memory.sqlite3"))


# --- the record's changes ----------------------------------------------------------------------------------------

class TestRecordChanges:
    def test_a_first_visit_hears_the_disclaimer_once_and_later_visits_change_nothing(self):
        first = memory.record_visit({})
        assert first == {"version": 1, "disclaimer_heard": True}
        assert memory.record_visit(first) == first  # nothing reads a count of visits, so none is kept

    def test_changes_leave_the_record_they_were_given_alone(self):
        record = memory.record_visit({})
        before = json.dumps(record, sort_keys=True)
        memory.record_visit(record)
        memory.record_exercise(record, "eye_contact")
        memory.save_unfinished_selfcheck(record, STATE)
        memory.save_recommendations(record, FOUND)
        assert json.dumps(record, sort_keys=True) == before

    def test_exercises_are_kept_in_order_and_only_the_latest(self):
        record = {}
        for day in range(1, memory.MAX_EXERCISES + 6):
            record = memory.record_exercise(record, f"exercise_{day}")
        assert len(record["exercises"]) == memory.MAX_EXERCISES
        assert memory.last_exercise(record) == f"exercise_{memory.MAX_EXERCISES + 5}"
        assert record["exercises"][-1] == {"id": f"exercise_{memory.MAX_EXERCISES + 5}"}  # no date: nothing reads it

    def test_an_unfinished_selfcheck_is_kept_and_dropped(self):
        record = memory.save_unfinished_selfcheck(memory.record_visit({}), STATE)
        assert memory.unfinished_selfcheck(record) == STATE
        rest = memory.drop_unfinished_selfcheck(record)
        assert memory.UNFINISHED_SELFCHECK not in rest and memory.disclaimer_heard(rest)

    def test_a_selfcheck_gone_back_to_its_first_question_is_still_unfinished_and_kept(self):
        """One rule for "unfinished" (selfcheck_flow.is_unfinished): an answer given counts, even at index 0."""
        gone_back = {"index": 0, "answers": {"keeps_promises": "yes"}}
        assert memory.unfinished_selfcheck(memory.save_unfinished_selfcheck({}, gone_back)) == gone_back
        assert memory.clean({"unfinished_selfcheck": gone_back})["unfinished_selfcheck"] == gone_back

    def test_results_kept_can_be_let_go(self):
        record = memory.save_recommendations(memory.record_visit({}), FOUND)
        assert memory.drop_recommendations(record) == {"version": 1, "disclaimer_heard": True}

    @pytest.mark.parametrize("state", [{"index": 0, "answers": {}}, None, {"index": "3", "answers": {}},
                                       {"index": 2, "answers": ["yes"]}, {"index": 2, "answers": {"q": 5}}])
    def test_a_selfcheck_not_started_or_malformed_is_not_kept_and_replaces_an_old_one(self, state):
        record = memory.save_unfinished_selfcheck(memory.record_visit({}), STATE)
        assert memory.unfinished_selfcheck(memory.save_unfinished_selfcheck(record, state)) is None

    def test_recommendations_are_kept_without_their_reasons(self):
        with_answers = [{**FOUND[0], "answers": {"honest": "no"}, "score": 3}, FOUND[1]]
        record = memory.save_recommendations({}, with_answers)
        assert memory.recommendations(record) == KEPT
        assert "honest" not in json.dumps(record) and "because" not in json.dumps(record)

    def test_only_sections_and_exercises_are_kept(self):
        odd = [{"id": "x", "kind": "answer"}, {"id": "y"}, {"kind": "section"}, "red_flags", KEPT[0]]
        assert memory.recommendations(memory.save_recommendations({}, odd)) == [KEPT[0]]

    def test_no_recommendations_removes_the_kept_ones(self):
        record = memory.save_recommendations(memory.record_visit({}), FOUND)
        assert memory.RECOMMENDATIONS not in memory.save_recommendations(record, [])

    def test_readers_of_an_empty_record_give_nothing(self):
        assert not memory.disclaimer_heard({})
        assert memory.last_exercise({}) is None and memory.unfinished_selfcheck({}) is None
        assert memory.recommendations({}) == []


class TestCleaningWhatStorageGave:
    GOOD = {"version": 1, "disclaimer_heard": True, "exercises": [{"id": "eye_contact"}],
            "unfinished_selfcheck": STATE, "recommendations": KEPT}

    def test_a_good_record_comes_back_as_it_was(self):
        assert memory.clean(json.loads(json.dumps(self.GOOD))) == self.GOOD

    @pytest.mark.parametrize("garbage", [None, [], "visits", 7, {"visits": "4"}, {"visits": -1}, {"visits": True},
                                         {"disclaimer_heard": "yes"}, {"exercises": "eye_contact"},
                                         {"exercises": [5, {"id": 3}]}, {"unfinished_selfcheck": [1, 2]},
                                         {"recommendations": {"id": "x"}}, {"recommendations": [{"id": "x"}]},
                                         {"version": "two"}, {"someone_elses": "data"}])
    def test_an_odd_record_reads_as_nothing_and_never_raises(self, garbage):
        assert memory.clean(garbage) == {}

    def test_each_odd_field_counts_as_absent_and_the_rest_is_kept(self):
        mixed = {**self.GOOD, "visits": "many", "exercises": [{"id": 3}, *self.GOOD["exercises"]],
                 "unfinished_selfcheck": {"index": 2, "answers": "yes"}, "extra": {"secret": 1}}
        cleaned = memory.clean(mixed)
        assert cleaned == {"version": 1, "disclaimer_heard": True, "exercises": self.GOOD["exercises"],
                           "recommendations": KEPT}

    def test_a_later_version_is_read_field_by_field(self):
        assert memory.last_exercise(memory.clean({**self.GOOD, "version": 9})) == "eye_contact"

    def test_fields_no_longer_kept_are_dropped(self):
        """Visits and exercise dates were once stored; nothing reads them, so they go at the next save."""
        old = {**self.GOOD, "visits": 4, "exercises": [{"id": "eye_contact", "when": "2026-11-20"}]}
        assert memory.clean(old) == self.GOOD


# --- keeping and recalling ---------------------------------------------------------------------------------------

class TestKeeping:
    def test_what_is_kept_is_recalled_next_request(self, store):
        memory.keep(request_for(store), memory.record_visit({}))
        assert memory.recall(request_for(store)) == {"version": 1, "disclaimer_heard": True}

    def test_two_voices_on_one_account_are_kept_apart(self, store):
        for person, exercise in ((ALEX, "eye_contact"), (SAM, None)):
            handler_input = request_for(store, person=person)
            record = memory.record_visit(memory.recall(handler_input))
            memory.keep(handler_input, memory.record_exercise(record, exercise) if exercise else record)
        assert memory.last_exercise(memory.recall(request_for(store, person=ALEX))) == "eye_contact"
        assert memory.recall(request_for(store, person=SAM)) == {"version": 1, "disclaimer_heard": True}
        assert memory.recall(request_for(store)) == {}
        assert stored(store, INDEX) == {"version": 1, "persons": [ALEX, SAM]}

    def test_the_unrecognised_voice_is_not_listed_in_the_index(self, store):
        memory.keep(request_for(store), memory.record_visit({}))
        assert stored(store, INDEX) == {}

    def test_an_unchanged_record_is_not_written_again(self, sqlite_store, monkeypatch):
        memory.keep(request_for(sqlite_store), memory.record_visit({}))
        handler_input = request_for(sqlite_store)
        saves = []
        monkeypatch.setattr(sqlite_store.inner, "save_attributes", lambda *args: saves.append(args))
        memory.keep(handler_input, memory.recall(handler_input))
        assert saves == []

    def test_without_a_store_nothing_is_recalled_and_keeping_is_harmless(self):
        handler_input = request_for(None, person=ALEX)
        memory.keep(handler_input, memory.record_visit({}))
        memory.forget(handler_input)
        memory.forget_account(handler_input)
        assert memory.recall(handler_input) == {} and not memory.is_stored(handler_input)

    def test_an_unreadable_row_is_recalled_as_nothing(self, tmp_path):
        path = tmp_path / "memory.sqlite3"
        store = ResilientAdapter(SqliteAdapter(path))
        memory.keep(request_for(store), memory.record_visit({}))
        with sqlite3.connect(path) as db:
            db.execute("UPDATE attributes SET attributes = ?", ('{"disclaimer_heard": [1, 2',))
        assert memory.recall(request_for(store)) == {}


# --- forgetting --------------------------------------------------------------------------------------------------

def seed_account(store) -> None:
    """Alex and Sam with voice profiles, and the unrecognised voice, on one account; a neighbour on another."""
    for user, person in ((USER, ALEX), (USER, SAM), (USER, None), (OTHER_USER, None)):
        handler_input = request_for(store, user=user, person=person)
        record = memory.save_recommendations(memory.record_visit({}), FOUND)
        memory.keep(handler_input, memory.save_unfinished_selfcheck(record, STATE))


class TestForgetting:
    def test_forget_deletes_this_voice_only_and_its_index_entry(self, store):
        seed_account(store)
        memory.forget(request_for(store, person=ALEX))
        assert stored(store, ALEX) == {}
        assert memory.disclaimer_heard(memory.recall(request_for(store, person=SAM)))
        assert memory.disclaimer_heard(memory.recall(request_for(store)))
        assert stored(store, INDEX)["persons"] == [SAM]

    def test_the_last_voice_forgotten_takes_the_index_with_it(self, store):
        seed_account(store)
        memory.forget(request_for(store, person=ALEX))
        memory.forget(request_for(store, person=SAM))
        assert stored(store, INDEX) == {}

    def test_forget_for_the_unrecognised_voice_keeps_the_index_for_the_others(self, store):
        seed_account(store)
        memory.forget(request_for(store))
        assert memory.recall(request_for(store)) == {}
        assert stored(store, INDEX)["persons"] == [ALEX, SAM]

    def test_forget_in_the_same_request_leaves_nothing_to_recall(self, store):
        seed_account(store)
        handler_input = request_for(store, person=ALEX)
        memory.recall(handler_input)
        memory.forget(handler_input)
        assert memory.recall(handler_input) == {}

    def test_disabling_the_skill_deletes_every_record_of_the_account(self, store):
        seed_account(store)
        memory.forget_account(request_for(store))
        for key in (ALEX, SAM, USER, INDEX):
            assert stored(store, key) == {}, key
        assert memory.disclaimer_heard(memory.recall(request_for(store, user=OTHER_USER)))

    def test_a_voice_forgotten_earlier_is_not_looked_for(self, store):
        seed_account(store)
        memory.forget(request_for(store, person=ALEX))
        memory.forget_account(request_for(store))
        assert all(stored(store, key) == {} for key in (SAM, USER, INDEX))


class FailingDeletes(SqliteAdapter):
    """A working store whose deletes of one key fail."""

    def __init__(self, path, failing_key):
        super().__init__(path)
        self.failing_key = failing_key

    def delete_attributes(self, request_envelope):
        if self.partition_keygen(request_envelope) == self.failing_key:
            raise sqlite3.OperationalError("disk I/O error")
        super().delete_attributes(request_envelope)


class TestForgettingWhenStorageFails:
    def test_a_failed_delete_keeps_the_index_so_no_record_is_lost_track_of(self, tmp_path, caplog):
        inner = FailingDeletes(tmp_path / "memory.sqlite3", failing_key=SAM)
        store = ResilientAdapter(inner)
        seed_account(store)
        with caplog.at_level(logging.DEBUG, logger="skill"), pytest.raises(AccountDeletionUnfinished):
            memory.forget_account(request_for(store))
        assert stored(store, ALEX) == {}
        assert stored(store, INDEX)["persons"] == [ALEX, SAM]
        assert [record.levelno for record in caplog.records] == [logging.WARNING]
        assert USER not in caplog.text and SAM not in caplog.text

    def test_a_store_that_fails_every_call_logs_one_warning_per_request(self, caplog):
        store = ResilientAdapter(BrokenStore())
        with caplog.at_level(logging.DEBUG, logger="skill"):
            for person in (ALEX, None):
                caplog.clear()
                handler_input = request_for(store, person=person)
                memory.keep(handler_input, memory.record_visit(memory.recall(handler_input)))
                with pytest.raises(DeletionUnfinished):
                    memory.forget(handler_input)
                warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
                assert len(warnings) == 1, [record.getMessage() for record in caplog.records]
        assert USER not in caplog.text and ALEX not in caplog.text

    def test_a_failed_index_read_never_overwrites_the_index(self, sqlite_store, monkeypatch):
        seed_account(sqlite_store)
        real_update = sqlite_store.inner.update_attributes

        def index_unreadable(envelope, change):
            if sqlite_store.inner.partition_keygen(envelope) == INDEX:
                raise sqlite3.OperationalError("database is locked")
            return real_update(envelope, change)

        monkeypatch.setattr(sqlite_store.inner, "update_attributes", index_unreadable)
        newcomer = "amzn1.ask.person.NEW"
        memory.keep(request_for(sqlite_store, person=newcomer), memory.record_visit({}))
        with pytest.raises(DeletionUnfinished):
            memory.forget(request_for(sqlite_store, person=ALEX))
        monkeypatch.setattr(sqlite_store.inner, "update_attributes", real_update)
        assert stored(sqlite_store, INDEX)["persons"] == [ALEX, SAM]
        # Nor is the newcomer's record written: disabling the skill could not find it.
        assert memory.recall(request_for(sqlite_store, person=newcomer)) == {}


class FailingSaves(SqliteAdapter):
    """A working store whose saves of one key fail (DynamoDB throttling, a crash between two writes)."""

    def __init__(self, path, failing_key):
        super().__init__(path)
        self.failing_key = failing_key

    def save_attributes(self, request_envelope, attributes):
        if self.partition_keygen(request_envelope) == self.failing_key:
            raise sqlite3.OperationalError("disk I/O error")
        super().save_attributes(request_envelope, attributes)

    def update_attributes(self, request_envelope, change):
        if self.partition_keygen(request_envelope) == self.failing_key:
            raise sqlite3.OperationalError("disk I/O error")
        super().update_attributes(request_envelope, change)


class TestNoRecordOutlivesDisablingTheSkill:
    """A person's record and the account's index are two writes: whichever fails, disabling the skill leaves nothing."""

    @pytest.mark.parametrize("failing_key", [INDEX, ALEX], ids=["index write fails", "record write fails"])
    def test_a_failed_write_leaves_nothing_that_disabling_cannot_find(self, tmp_path, failing_key):
        store = ResilientAdapter(FailingSaves(tmp_path / "memory.sqlite3", failing_key))
        handler_input = request_for(store, person=ALEX)
        memory.keep(handler_input, memory.save_unfinished_selfcheck(memory.recall(handler_input), STATE))

        memory.forget_account(request_for(store))

        assert [stored(store, key) for key in (ALEX, USER, INDEX)] == [{}, {}, {}]


class TestNoKeyNoRow:
    def test_a_request_without_a_user_id_stores_nothing(self, tmp_path, caplog):
        path = tmp_path / "memory.sqlite3"
        store = ResilientAdapter(SqliteAdapter(path))
        handler_input = request_for(store, user=None)
        with caplog.at_level(logging.WARNING, logger="skill"):
            memory.keep(handler_input, memory.record_visit(memory.recall(handler_input)))
        stored(SqliteAdapter(path), USER)  # makes the table, if nothing did
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM attributes").fetchone() == (0,)
        assert len(caplog.records) == 1

    def test_the_key_column_refuses_null(self, tmp_path):
        SqliteAdapter(tmp_path / "memory.sqlite3").get_attributes(
            RequestEnvelope(context=Context(system=SystemState(user=User(user_id="someone")))))
        with sqlite3.connect(tmp_path / "memory.sqlite3") as db, pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO attributes (id, attributes) VALUES (NULL, '{}')")
