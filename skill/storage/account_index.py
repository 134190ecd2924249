"""The account's index of voices: the only code that writes it, and the deletion of a whole account through it.

A recognised person's id is listed in one record per account, {"version": 1, "persons": [personId, ...]}, under the
key "<userId>#persons": the AlexaSkillEvent.SkillDisabled event names only the user id, and the index is how it
finds every person's record to delete it. A person is listed before their record is first written, so no record
can exist that the index does not name (a failure in between leaves an entry without a record, which is harmless).
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Context, Person, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState

from skill.log_safety import describe_fault
from skill.storage.persistence import ResilientAdapter

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


def list_person(handler_input: HandlerInput) -> bool:
    """List this request's person in the account's index; whether their record may now be written.

    True without a recognised person (the user id's own record needs no listing) or once they are listed. False
    when the index could not be read or written: the caller must then not write the record, which disabling the
    skill could not find. The store is used unwrapped here, so that a fault is known, not just logged.
    """
    person = person_id(handler_input.request_envelope)
    attributes = handler_input.attributes_manager.request_attributes
    if person is None or attributes.get(_INDEXED):
        return True
    envelope = _index_envelope(handler_input)
    adapter = adapter_of(handler_input)
    store = _unwrapped(adapter)
    try:
        listed = persons(store.get_attributes(envelope))
        if person not in listed:
            store.save_attributes(envelope, {"version": INDEX_VERSION, PERSONS: [*listed, person][-MAX_PERSONS:]})
    except Exception as error:  # noqa: BLE001 - a storage fault must not end the conversation
        message = "the account's index could not be written, so the record is not saved: %s"
        if isinstance(adapter, ResilientAdapter):
            adapter.log_fault(envelope, message, describe_fault(error))  # one warning per request, with the others
        else:
            log.warning(message, describe_fault(error))
        return False
    attributes[_INDEXED] = True  # once per request: one more read of the index per save would add nothing
    return True


def unlist_person(handler_input: HandlerInput) -> None:
    """Remove this request's person from the account's index (their record is already deleted)."""
    person = person_id(handler_input.request_envelope)
    if person is None:
        return  # the user id's own record: the index lists other people, and stays for them
    envelope = _index_envelope(handler_input)
    adapter = adapter_of(handler_input)
    listed = persons(adapter.get_attributes(envelope))
    if person not in listed:
        return
    remaining = [other for other in listed if other != person]
    if remaining:
        adapter.save_attributes(envelope, {"version": INDEX_VERSION, PERSONS: remaining})
    else:
        adapter.delete_attributes(envelope)


def forget_account(handler_input: HandlerInput) -> None:
    """Delete every record of the account the request names: each person in its index, the user id's own record,
    then the index. Run for AlexaSkillEvent.SkillDisabled, which has no session and names no person.

    Storage faults are caught here rather than by the resilient wrapper, so that the index is deleted only when every
    record it lists is gone: a failure leaves it, and the persons it lists, for the next attempt.
    """
    adapter = adapter_of(handler_input)
    if adapter is None:
        return
    store = _unwrapped(adapter)
    user = handler_input.request_envelope.context.system.user.user_id
    index = envelope_for(handler_input.request_envelope, user, user + INDEX_SUFFIX)
    try:
        for person in persons(store.get_attributes(index)):
            store.delete_attributes(envelope_for(handler_input.request_envelope, user, person))
        store.delete_attributes(envelope_for(handler_input.request_envelope, user, None))
        store.delete_attributes(index)
    except Exception as error:  # noqa: BLE001 - an event has no conversation to end; say what failed, once
        log.warning("the account's stored attributes could not all be deleted: %s", describe_fault(error))


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


def adapter_of(handler_input: HandlerInput):
    return handler_input.attributes_manager._persistence_adapter  # noqa: SLF001 - ask-sdk offers no public way to ask


def _unwrapped(adapter: Any) -> Any:
    return adapter.inner if isinstance(adapter, ResilientAdapter) else adapter


def _index_envelope(handler_input: HandlerInput) -> RequestEnvelope:
    attributes = handler_input.attributes_manager.request_attributes
    if _INDEX_ENVELOPE not in attributes:
        original = handler_input.request_envelope
        user = original.context.system.user.user_id
        attributes[_INDEX_ENVELOPE] = envelope_for(original, user, user + INDEX_SUFFIX)
    return attributes[_INDEX_ENVELOPE]
