"""Forgetting that finishes: "forget me" and a disabled skill either delete everything, or leave a durable note of
what is still to delete, which a later request finishes.

The note is one record under PENDING_KEY, {"version": 1, "pending": [[userId, what], ...]}, `what` being a person id,
OWN (the user id's own record) or ACCOUNT (every record of the account). It is written first, changed only by atomic
updates, and an entry leaves it only once its deletion is done. When storage fails part-way:
- "forget me" raises DeletionUnfinished, so the person hears an apology, never "done";
- AlexaSkillEvent.SkillDisabled raises AccountDeletionUnfinished, which no exception handler answers: the event gets
  an error (the web endpoint's 400, a failed Lambda invocation), for whatever redelivers it. Alexa gives a new user
  id when the skill is enabled again, so no later request of that account would ever come to finish it;
- either way, the note stays, and PendingDeletions finishes it on a later request that no one waits to hear
  (a session's end, a skill event), at most once a minute in each process, and at once after a fault here.
When even the note cannot be written, nothing is claimed: the turn apologises, or the event fails.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill.log_safety import describe_fault
from skill.storage.account_index import (adapter_of, attempt, envelope_for, forget_keys, forget_whole_account,
                                         is_text, log_fault, person_id, store_of, unlist)

log = logging.getLogger(__name__)

# No Alexa id can be this key: theirs begin "amzn1.".
PENDING_KEY = "trust-builder#pending-deletions"
PENDING = "pending"
OWN, ACCOUNT = "", "*"
MAX_PENDING = 1000  # a few hundred kilobytes at most: under DynamoDB's 400 KB item limit
FINISHED_PER_SWEEP = 10
SWEEP_INTERVAL_S = 60.0


class DeletionUnfinished(Exception):
    """A deletion a person asked for did not finish; a note, if it could be written, will finish it."""


class AccountDeletionUnfinished(DeletionUnfinished):
    """The deletion of a disabled account did not finish: the event must fail, not be answered."""


def forget_person(handler_input: HandlerInput) -> None:
    """ "Forget me": delete this request's person's record (the user id's own without a recognised voice) and their
    entry in the account's index. DeletionUnfinished when that did not all happen."""
    user = _user_of(handler_input)
    person = person_id(handler_input.request_envelope)
    _forget(handler_input, [user, person or OWN], DeletionUnfinished)


def forget_account(handler_input: HandlerInput) -> None:
    """AlexaSkillEvent.SkillDisabled: delete every record of the account. AccountDeletionUnfinished when that did
    not all happen."""
    _forget(handler_input, [_user_of(handler_input), ACCOUNT], AccountDeletionUnfinished)


def finish_pending(handler_input: HandlerInput) -> int:
    """Carry out up to FINISHED_PER_SWEEP noted deletions, oldest first, and take them off the note; how many are
    left. A fault is raised (the entries not done stay noted)."""
    adapter = adapter_of(handler_input)
    note = _note_envelope(handler_input)
    pending = _entries(attempt(adapter, note, lambda: store_of(adapter).get_attributes(note)))
    done = []
    try:
        for entry in pending[:FINISHED_PER_SWEEP]:
            _delete(handler_input, entry)
            done.append(entry)
    finally:
        if done:
            _change_note(handler_input, lambda entries: [entry for entry in entries if entry not in done])
            _erase_deleted(handler_input)
    return len(pending) - len(done)


class PendingDeletions(AbstractResponseInterceptor):
    """Finishes noted deletions after a request no one waits to hear, before its answer goes: a session's end, or a
    skill event. At most once a SWEEP_INTERVAL_S in a process, except right after a deletion failed here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_sweep = 0.0  # the first quiet request of a process looks

    def process(self, handler_input: HandlerInput, response: Any) -> None:
        request_type = getattr(handler_input.request_envelope.request, "object_type", "") or ""
        if adapter_of(handler_input) is None or not (request_type == "SessionEndedRequest"
                                                      or request_type.startswith("AlexaSkillEvent.")):
            return
        with self._lock:
            if time.monotonic() < self._next_sweep and not _failed_here.is_set():
                return
            self._next_sweep = time.monotonic() + SWEEP_INTERVAL_S
            _failed_here.clear()
        try:
            left = finish_pending(handler_input)
        except Exception as error:  # noqa: BLE001 - the note stays for the next sweep
            log.warning("noted deletions could not be finished yet: %s", describe_fault(error))
            _failed_here.set()
            return
        if left:
            _failed_here.set()  # more than one sweep's worth: the next quiet request goes on


# Set when a deletion failed in this process: the next quiet request sweeps without waiting for the interval.
_failed_here = threading.Event()


def _forget(handler_input: HandlerInput, entry: list[str], unfinished: type[DeletionUnfinished]) -> None:
    adapter = adapter_of(handler_input)
    if adapter is None:
        return
    envelope = handler_input.request_envelope
    try:
        _change_note(handler_input, lambda entries: entries if entry in entries else [*entries, entry])
        noted = True
    except Exception as error:  # noqa: BLE001 - the deletion is still tried: it may work where the note did not
        log_fault(adapter, envelope, "the deletion could not be noted before it began: %s", describe_fault(error))
        noted = False
    try:
        _delete(handler_input, entry)
    except Exception as error:  # noqa: BLE001
        _failed_here.set()
        log_fault(adapter, envelope, "a deletion did not finish%s: %s",
                  ", and is noted to be finished later" if noted else "", describe_fault(error))
        raise unfinished("the deletion did not finish") from None
    if noted:
        try:
            _change_note(handler_input, lambda entries: [other for other in entries if other != entry])
        except Exception as error:  # noqa: BLE001 - a finished entry left noted is deleted again: harmless
            log_fault(adapter, envelope, "a finished deletion is still noted: %s", describe_fault(error))
    _erase_deleted(handler_input)


def _delete(handler_input: HandlerInput, entry: list[str]) -> None:
    user, what = entry
    if what == ACCOUNT:
        forget_whole_account(handler_input, user)
    else:
        forget_keys(handler_input, user, [what or None])
        if what != OWN:
            unlist(handler_input, user, what)


def _erase_deleted(handler_input: HandlerInput) -> None:
    """Once the records and the note are changed: no copy of what was deleted stays in the store's files (SQLite's
    write-ahead log). If that fails, the next checkpoint SQLite makes by itself overwrites it."""
    adapter = adapter_of(handler_input)
    erase = getattr(store_of(adapter), "erase_deleted", None)
    if erase is None:
        return
    try:
        attempt(adapter, handler_input.request_envelope, erase)
    except Exception as error:  # noqa: BLE001
        log_fault(adapter, handler_input.request_envelope, "deleted records could not be erased from the log yet: %s",
                  describe_fault(error))


def _change_note(handler_input: HandlerInput, change) -> None:
    """Change the list of noted deletions in one atomic update."""
    adapter = adapter_of(handler_input)
    note = _note_envelope(handler_input)

    def changed(stored: dict) -> dict:
        entries = change(_entries(stored))
        if len(entries) > MAX_PENDING:
            raise DeletionUnfinished("too many deletions are noted already")
        return {"version": 1, PENDING: entries} if entries else {}

    attempt(adapter, note, lambda: store_of(adapter).update_attributes(note, changed))


def _entries(stored: Any) -> list[list[str]]:
    """The well-formed entries of a stored note, in order, each once."""
    entries = stored.get(PENDING) if isinstance(stored, dict) else None
    if not isinstance(entries, list):
        return []
    kept: list[list[str]] = []
    for entry in entries:
        if isinstance(entry, list) and len(entry) == 2 and is_text(entry[0]) and isinstance(entry[1], str) \
                and (entry[1] in (OWN, ACCOUNT) or is_text(entry[1])) and entry not in kept:
            kept.append(list(entry))
    return kept


def _note_envelope(handler_input: HandlerInput):
    return envelope_for(handler_input.request_envelope, PENDING_KEY, PENDING_KEY)


def _user_of(handler_input: HandlerInput) -> str:
    return handler_input.request_envelope.context.system.user.user_id

