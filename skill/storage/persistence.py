"""Chooses where persistent attributes live (TRUST_DATABASE) and keeps storage faults out of the conversation."""
from __future__ import annotations

import logging
import os
import re
import time
import weakref
from typing import Any, Callable, TypeVar

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.log_safety import cap_library_loggers, describe_fault
from skill.settings import DEFAULT_AWS_REGION
# dynamodb_adapter and the number conversions are part of this module's interface too.
from skill.storage.dynamodb import PlainNumbersAdapter, dynamodb_adapter, from_dynamodb, to_dynamodb  # noqa: F401
from skill.storage.sqlite_adapter import SqliteAdapter

log = logging.getLogger(__name__)

T = TypeVar("T")

SQLITE_PREFIX = "sqlite:///"
DYNAMODB_PREFIX = "dynamodb://"
NO_STORAGE = "none"
EXPECTED_FORMS = "sqlite:///PATH, dynamodb://TABLE or none"
# DynamoDB's own rule for table names.
TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")
# A request makes no new storage call after a fault, or once its storage calls have taken this long: with one call's
# worst case (dynamodb.DYNAMODB_TIMEOUTS, about 4 s) its storage takes at most about 6 s of Alexa's 8.
STORAGE_BUDGET_S = 2.0


def persistence_adapter(database_url: str, *,
                        aws_region: str = DEFAULT_AWS_REGION) -> AbstractPersistenceAdapter | None:
    """The adapter TRUST_DATABASE names, wrapped so storage faults never end a conversation.

    `sqlite:///PATH` (a relative PATH is relative to the working directory, `sqlite:////abs` is
    absolute), `dynamodb://TABLE` (in `aws_region`), or `none` for no storage. Anything else raises
    ValueError, so a mistyped setting stops the service at start-up instead of silently forgetting people.
    """
    cap_library_loggers()  # before any storage call: boto3 and botocore log what is stored at DEBUG
    url = database_url.strip()
    lowered = url.lower()
    if lowered == NO_STORAGE:
        return None
    if lowered.startswith(SQLITE_PREFIX):
        return ResilientAdapter(SqliteAdapter(_sqlite_path(url[len(SQLITE_PREFIX):])))
    if lowered.startswith(DYNAMODB_PREFIX):
        return ResilientAdapter(dynamodb_adapter(_table_name(url[len(DYNAMODB_PREFIX):]), aws_region=aws_region))
    # Only the scheme is quoted: a URL of some other database may carry a password.
    scheme = url.split("://", 1)[0] + "://" if "://" in url else "a value without a scheme"
    raise ValueError(f"TRUST_DATABASE must be {EXPECTED_FORMS}; got {scheme}")


def _sqlite_path(path: str) -> str:
    if not path:
        raise ValueError("TRUST_DATABASE sqlite:/// needs a file path, e.g. sqlite:///var/trust-builder.sqlite3")
    if path == ":memory:":
        # Each thread has its own connection, so an in-memory database would be a different one per thread,
        # and gone with the thread.
        raise ValueError("TRUST_DATABASE cannot be an in-memory SQLite database; use none for no storage")
    return os.path.abspath(path)


def _table_name(name: str) -> str:
    if not TABLE_NAME.fullmatch(name):
        raise ValueError("TRUST_DATABASE dynamodb://TABLE needs a DynamoDB table name: "
                         "3 to 255 letters, digits, '_', '-' or '.'")
    return name


class StorageSkipped(Exception):
    """A storage call not made: this request's storage already failed once, or used up its time (STORAGE_BUDGET_S)."""


class ResilientAdapter(AbstractPersistenceAdapter):
    """Storage that can fail without costing the conversation, nor its time.

    A failed read answers {}; a failed save or delete is dropped. A save after a failed read of the
    same envelope is skipped: it would replace whatever is stored with attributes built on an empty
    start. Each fault is logged, as one warning per request: a store that is down fails every call
    a request makes (read, save, the account's index), and one line says so; the rest go to DEBUG.
    Envelopes built for another key of the same request (skill/storage/memory.py) share its `request`.

    Every call of a request goes through `attempt`, which keeps the turn inside Alexa's 8 seconds: after one fault,
    or once the request's storage calls have taken STORAGE_BUDGET_S, its further calls are not made (a store that
    throttles or hangs would fail them all, each after its own timeouts and retries).
    """

    def __init__(self, inner: AbstractPersistenceAdapter) -> None:
        self.inner = inner
        # Envelopes whose read failed, requests already warned about, requests whose storage failed, and when each
        # request's first storage call began; by object identity, an entry leaves with its object.
        self._unread: dict[int, weakref.ref] = {}
        self._warned: dict[int, weakref.ref] = {}
        self._faulted: dict[int, weakref.ref] = {}
        self._began: dict[int, tuple[weakref.ref, float]] = {}

    def attempt(self, request_envelope, work: Callable[[], T]) -> T:
        """Run `work`, one storage call of this request, if the request may still use storage; its fault is raised
        (and remembered: the request makes no further call). StorageSkipped when the call is not made."""
        request = _request_of(request_envelope)
        if _is_marked(self._faulted, request) or self._time_used(request) > STORAGE_BUDGET_S:
            raise StorageSkipped("this request's storage failed or took its time already")
        try:
            return work()
        except Exception:
            _mark(self._faulted, request)
            raise

    def get_attributes(self, request_envelope) -> dict[str, Any]:
        try:
            return self.attempt(request_envelope, lambda: self.inner.get_attributes(request_envelope))
        except Exception as error:  # noqa: BLE001 - any storage fault must not end the session
            self.log_fault(request_envelope, "stored attributes could not be read, continuing without them: %s",
                           describe_fault(error))
            _mark(self._unread, request_envelope)
            return {}

    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        if _is_marked(self._unread, request_envelope):
            self.log_fault(request_envelope,
                           "attributes not saved: this request could not read what is stored and would overwrite it")
            return
        try:
            self.attempt(request_envelope, lambda: self.inner.save_attributes(request_envelope, attributes))
        except Exception as error:  # noqa: BLE001
            self.log_fault(request_envelope, "attributes could not be saved: %s", describe_fault(error))

    def delete_attributes(self, request_envelope) -> None:
        try:
            self.attempt(request_envelope, lambda: self.inner.delete_attributes(request_envelope))
        except Exception as error:  # noqa: BLE001
            self.log_fault(request_envelope, "stored attributes could not be deleted: %s", describe_fault(error))

    def log_fault(self, request_envelope, message: str, *args: Any) -> None:
        """Log a storage fault of this request: a warning the first time, DEBUG after (see the class)."""
        request = _request_of(request_envelope)
        level = logging.DEBUG if _is_marked(self._warned, request) else logging.WARNING
        _mark(self._warned, request)
        log.log(level, message, *args)

    def _time_used(self, request: Any) -> float:
        now = time.monotonic()
        key = id(request)
        began = self._began.get(key)
        if began is None or began[0]() is not request:
            try:
                self._began[key] = (weakref.ref(request, lambda _gone: self._began.pop(key, None)), now)
            except TypeError:
                pass  # an object without weak references (a test double): no budget is kept for it
            return 0.0
        return now - began[1]


def _request_of(request_envelope: Any) -> Any:
    # The request, not the envelope: envelopes built for another key of the same request share it.
    return getattr(request_envelope, "request", None) or request_envelope


def _mark(marks: dict[int, weakref.ref], item: Any) -> None:
    key = id(item)
    try:
        marks[key] = weakref.ref(item, lambda _gone: marks.pop(key, None))
    except TypeError:
        pass  # an object without weak references (a test double): nothing to remember about it


def _is_marked(marks: dict[int, weakref.ref], item: Any) -> bool:
    marker = marks.get(id(item))
    return marker is not None and marker() is item
