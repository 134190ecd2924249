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

from skill.log_safety import describe_fault
from skill.storage.account_index import (attempt, envelope_for, forget_keys, forget_whole_account,
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


def forget_person(request: StoreRequest) -> None:
    """ "Forget me": delete this request's person's record (the user id's own without a recognised voice) and their
    entry in the account's index. DeletionUnfinished when that did not all happen."""
    user = _user_of(request)
    person = person_id(request.envelope)
    _forget(request, [user, person or OWN], DeletionUnfinished)


def forget_account(request: StoreRequest) -> None:
    """AlexaSkillEvent.SkillDisabled: delete every record of the account. AccountDeletionUnfinished when that did
    not all happen."""
    _forget(request, [_user_of(request), ACCOUNT], AccountDeletionUnfinished)


def finish_pending(request: StoreRequest) -> int:
    """Carry out up to FINISHED_PER_SWEEP noted deletions, oldest first, and take them off the note; how many are
    left. A fault is raised (the entries not done stay noted)."""
    adapter = request.adapter
    note = _note_envelope(request)
    pending = _entries(attempt(adapter, note, lambda: store_of(adapter).get_attributes(note)))
    done = []
    try:
        for entry in pending[:FINISHED_PER_SWEEP]:
            _delete(request, entry)
            done.append(entry)
    finally:
        if done:
            _change_note(request, lambda entries: [entry for entry in entries if entry not in done])
            _erase_deleted(request)
    return len(pending) - len(done)


# Set when a deletion failed in this process: the next quiet request sweeps without waiting for the interval.
failed_here = threading.Event()


def _forget(request: StoreRequest, entry: list[str], unfinished: type[DeletionUnfinished]) -> None:
    adapter = request.adapter
    if adapter is None:
        return
    envelope = request.envelope
    try:
        _change_note(request, lambda entries: entries if entry in entries else [*entries, entry])
        noted = True
    except Exception as error:  # noqa: BLE001 - the deletion is still tried: it may work where the note did not
        log_fault(adapter, envelope, "the deletion could not be noted before it began: %s", describe_fault(error))
        noted = False
    try:
        _delete(request, entry)
    except Exception as error:  # noqa: BLE001
        failed_here.set()
        log_fault(adapter, envelope, "a deletion did not finish%s: %s",
                  ", and is noted to be finished later" if noted else "", describe_fault(error))
        raise unfinished("the deletion did not finish") from None
    if noted:
        try:
            _change_note(request, lambda entries: [other for other in entries if other != entry])
        except Exception as error:  # noqa: BLE001 - a finished entry left noted is deleted again: harmless
            log_fault(adapter, envelope, "a finished deletion is still noted: %s", describe_fault(error))
    _erase_deleted(request)


def _delete(request: StoreRequest, entry: list[str]) -> None:
    user, what = entry
    if what == ACCOUNT:
        forget_whole_account(request, user)
    else:
        forget_keys(request, user, [what or None])
        if what != OWN:
            unlist(request, user, what)


def _erase_deleted(request: StoreRequest) -> None:
    """Once the records and the note are changed: no copy of what was deleted stays in the store's files (SQLite's
    write-ahead log). If that fails, the next checkpoint SQLite makes by itself overwrites it."""
    adapter = request.adapter
    erase = getattr(store_of(adapter), "erase_deleted", None)
    if erase is None:
        return
    try:
        attempt(adapter, request.envelope, erase)
    except Exception as error:  # noqa: BLE001
        log_fault(adapter, request.envelope, "deleted records could not be erased from the log yet: %s",
                  describe_fault(error))


def _change_note(request: StoreRequest, change) -> None:
    """Change the list of noted deletions in one atomic update."""
    adapter = request.adapter
    note = _note_envelope(request)

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


def _note_envelope(request: StoreRequest):
    return envelope_for(request.envelope, PENDING_KEY, PENDING_KEY)


def _user_of(request: StoreRequest) -> str:
    return request.envelope.context.system.user.user_id

