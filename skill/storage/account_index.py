"""The account's index of voices: the only code that writes it, and the deletions that go through it.

A recognised person's id is listed in one record per account, {"version": 1, "persons": [personId, ...]}, under the
key "<userId>#persons": the AlexaSkillEvent.SkillDisabled event names only the user id, and the index is how it
finds every person's record to delete it. A person is listed before their record is first written, so no record
can exist that the index does not name (a failure in between leaves an entry without a record, which is harmless).
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

from ask_sdk_model import Context, Person, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState

from skill.log_safety import describe_fault
from skill.storage.persistence import ResilientAdapter
from skill.storage.store_request import StoreRequest

log = logging.getLogger(__name__)

INDEX_VERSION = 1
PERSONS = "persons"
INDEX_SUFFIX = "#persons"
MAX_PERSONS = 100
MAX_TEXT = 500
# Request attributes: the index envelope (read and save must use one object), and whether this request listed its
# person already.
_INDEX_ENVELOPE = "memory.index_envelope"
_INDEXED = "memory.indexed"


def is_text(value: Any) -> bool:
    """Whether a stored value is usable text: a non-empty string of bounded length."""
    return isinstance(value, str) and 0 < len(value) <= MAX_TEXT


def list_person(request: StoreRequest) -> bool:
    """List this request's person in the account's index; whether their record may now be written.

    True without a recognised person (the user id's own record needs no listing) or once they are listed. False
    when the index could not be read or written, or is full: the caller must then not write the record, which
    disabling the skill could not find. The entry is added in one atomic update of the index (a SQLite transaction,
    a DynamoDB conditional write), so two voices saving for the first time at once are both listed.
    """
    person = person_id(request.envelope)
    attributes = request.scratch
    if person is None or attributes.get(_INDEXED):
        return True
    envelope = _index_envelope(request)
    adapter = request.adapter

    def with_person(stored: dict) -> dict:
        listed = persons(stored)
        if person in listed:
            return stored
        if len(listed) >= MAX_PERSONS:
            raise IndexFull("the account's index lists as many voices as it may")
        return {"version": INDEX_VERSION, PERSONS: [*listed, person]}

    try:
        attempt(adapter, envelope, lambda: store_of(adapter).update_attributes(envelope, with_person))
    except Exception as error:  # noqa: BLE001 - a storage fault must not end the conversation
        log_fault(adapter, envelope, "the account's index could not be written, so the record is not saved: %s",
                  describe_fault(error))
        return False
    attributes[_INDEXED] = True  # once per request: one more read of the index per save would add nothing
    return True


def unlist_person(request: StoreRequest) -> None:
    """Remove this request's person from the account's index (their record is already deleted); a fault is raised."""
    person = person_id(request.envelope)
    if person is not None:  # else the user id's own record: the index lists other people, and stays for them
        unlist(request, request.envelope.context.system.user.user_id, person)


def unlist(request: StoreRequest, user: str, person: str) -> None:
    """Remove `person` from `user`'s index, in one atomic update."""
    adapter = request.adapter
    index = envelope_for(request.envelope, user, user + INDEX_SUFFIX)

    def without_person(stored: dict) -> dict:
        remaining = [other for other in persons(stored) if other != person]
        return {"version": INDEX_VERSION, PERSONS: remaining} if remaining else {}

    attempt(adapter, index, lambda: store_of(adapter).update_attributes(index, without_person))


def forget_keys(request: StoreRequest, user: str, keys: list[str | None]) -> None:
    """Delete the records of `user`'s account under `keys` (None: the user id's own record); a fault is raised."""
    adapter = request.adapter
    for key in keys:
        target = envelope_for(request.envelope, user, key)
        attempt(adapter, target, lambda: store_of(adapter).delete_attributes(target))


def forget_whole_account(request: StoreRequest, user: str) -> None:
    """Delete every record of `user`'s account: each person its index lists, the user id's own record, then the
    index, last, so that a fault (raised) leaves it, and the persons it lists, for the next attempt."""
    adapter = request.adapter
    index = envelope_for(request.envelope, user, user + INDEX_SUFFIX)
    listed = persons(attempt(adapter, index, lambda: store_of(adapter).get_attributes(index)))
    forget_keys(request, user, [*listed, None, user + INDEX_SUFFIX])


class IndexFull(Exception):
    """The account's index lists MAX_PERSONS voices: one more would not be found by disabling the skill."""


def log_fault(adapter: Any, envelope: RequestEnvelope, message: str, *args: Any) -> None:
    """A storage fault of this request: one warning per request, with the resilient wrapper's own (DEBUG after)."""
    if isinstance(adapter, ResilientAdapter):
        adapter.log_fault(envelope, message, *args)
    else:
        log.warning(message, *args)


def attempt(adapter: Any, envelope: RequestEnvelope, work):
    """One storage call of this request, inside the request's storage deadline (ResilientAdapter.attempt)."""
    return adapter.attempt(envelope, work) if isinstance(adapter, ResilientAdapter) else work()


def persons(value: Any) -> list[str]:
    """The person ids of a stored index, as far as they are well formed."""
    if not isinstance(value, Mapping) or not isinstance(value.get(PERSONS), list):
        return []
    return list(dict.fromkeys(person for person in value[PERSONS] if is_text(person)))[-MAX_PERSONS:]


def envelope_for(original: RequestEnvelope, user_id: str, key: str | None) -> RequestEnvelope:
    """An envelope whose storage key is `key` (the user id's own record when None).

    Both adapters key by the envelope's person id, else its user id (person_id_partition_keygen), so another key of
    the same account is reached by putting it in the person id. It shares `request`, so faults are logged per request.
    """
    person = Person(person_id=key) if key is not None else None
    return RequestEnvelope(version=original.version, request=original.request,
                           context=Context(system=SystemState(user=User(user_id=user_id), person=person)))


def person_id(envelope: RequestEnvelope) -> str | None:
    person = getattr(getattr(getattr(envelope, "context", None), "system", None), "person", None)
    return getattr(person, "person_id", None) or None


def store_of(adapter: Any) -> Any:
    """The store itself, under the resilient wrapper: its faults are raised, not logged and swallowed."""
    return adapter.inner if isinstance(adapter, ResilientAdapter) else adapter


def _index_envelope(request: StoreRequest) -> RequestEnvelope:
    attributes = request.scratch
    if _INDEX_ENVELOPE not in attributes:
        original = request.envelope
        user = original.context.system.user.user_id
        attributes[_INDEX_ENVELOPE] = envelope_for(original, user, user + INDEX_SUFFIX)
    return attributes[_INDEX_ENVELOPE]
