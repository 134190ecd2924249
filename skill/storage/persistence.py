"""Chooses where persistent attributes live (TRUST_DATABASE) and keeps storage faults out of the conversation."""
from __future__ import annotations

import logging
import os
import re
import sys
import weakref
from decimal import Decimal
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_dynamodb.partition_keygen import person_id_partition_keygen

from skill.log_safety import describe_fault
from skill.settings import DEFAULT_AWS_REGION
from skill.storage.sqlite_adapter import SqliteAdapter

log = logging.getLogger(__name__)

SQLITE_PREFIX = "sqlite:///"
DYNAMODB_PREFIX = "dynamodb://"
NO_STORAGE = "none"
EXPECTED_FORMS = "sqlite:///PATH, dynamodb://TABLE or none"
# DynamoDB's own rule for table names.
TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")


def persistence_adapter(database_url: str, *,
                        aws_region: str = DEFAULT_AWS_REGION) -> AbstractPersistenceAdapter | None:
    """The adapter TRUST_DATABASE names, wrapped so storage faults never end a conversation.

    `sqlite:///PATH` (a relative PATH is relative to the working directory, `sqlite:////abs` is
    absolute), `dynamodb://TABLE` (in `aws_region`), or `none` for no storage. Anything else raises
    ValueError, so a mistyped setting stops the service at start-up instead of silently forgetting people.
    """
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


def dynamodb_adapter(table: str, dynamodb_resource: Any = None, *,
                     aws_region: str = DEFAULT_AWS_REGION) -> AbstractPersistenceAdapter:
    """ask-sdk's DynamoDB adapter on an existing table, keyed by voice profile, with plain numbers."""
    adapter_class = _import_dynamodb_adapter(aws_region)
    if dynamodb_resource is None:
        import boto3  # here, not at the top: boto3 costs a cold start ~150 ms that SQLite users never need

        dynamodb_resource = boto3.resource("dynamodb", region_name=aws_region)
    return PlainNumbersAdapter(adapter_class(
        table_name=table,
        partition_keygen=person_id_partition_keygen,
        create_table=False,  # the table belongs to template.yaml, with its backups and encryption
        dynamodb_resource=dynamodb_resource,
    ))


def _import_dynamodb_adapter(region: str) -> type:
    # ask_sdk_dynamodb.adapter has `dynamodb_resource=boto3.resource("dynamodb")` as a default argument, built
    # when the module is imported: with no region in boto3's default session that raises NoRegionError, and no
    # import order avoids it. That resource is never used (ours is always passed, with an explicit region), so
    # the import only needs boto3's default session to have a region: give it the configured one, through
    # boto3's public setup_default_session, when it has none. (Not by lending AWS_DEFAULT_REGION to the process
    # environment for the import: every thread sees that while it lasts.)
    if "ask_sdk_dynamodb.adapter" not in sys.modules:
        import boto3

        if boto3.DEFAULT_SESSION is None or boto3.DEFAULT_SESSION.region_name is None:
            boto3.setup_default_session(region_name=region)
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    return DynamoDbAdapter


class PlainNumbersAdapter(AbstractPersistenceAdapter):
    """Hides DynamoDB's number type: it returns every number as Decimal and refuses floats."""

    def __init__(self, inner: AbstractPersistenceAdapter) -> None:
        self.inner = inner

    def get_attributes(self, request_envelope) -> dict[str, Any]:
        return from_dynamodb(self.inner.get_attributes(request_envelope))

    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        self.inner.save_attributes(request_envelope, to_dynamodb(attributes))

    def delete_attributes(self, request_envelope) -> None:
        self.inner.delete_attributes(request_envelope)


def from_dynamodb(value: Any) -> Any:
    """Decimals become int when whole, float otherwise, anywhere inside dicts and lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: from_dynamodb(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [from_dynamodb(item) for item in value]
    return value


def to_dynamodb(value: Any) -> Any:
    """Floats become Decimal through their shortest text form, so 0.1 is stored as 0.1."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {key: to_dynamodb(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_dynamodb(item) for item in value]
    return value


class ResilientAdapter(AbstractPersistenceAdapter):
    """Storage that can fail without costing the conversation.

    A failed read answers {}; a failed save or delete is dropped. A save after a failed read of the
    same envelope is skipped: it would replace whatever is stored with attributes built on an empty
    start. Each fault is logged, as one warning per request: a store that is down fails every call
    a request makes (read, save, the account's index), and one line says so; the rest go to DEBUG.
    Envelopes built for another key of the same request (skill/storage/memory.py) share its `request`.
    """

    def __init__(self, inner: AbstractPersistenceAdapter) -> None:
        self.inner = inner
        # Envelopes whose read failed, and requests already warned about, by object identity;
        # an entry leaves with its object.
        self._unread: dict[int, weakref.ref] = {}
        self._warned: dict[int, weakref.ref] = {}

    def get_attributes(self, request_envelope) -> dict[str, Any]:
        try:
            return self.inner.get_attributes(request_envelope)
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
            self.inner.save_attributes(request_envelope, attributes)
        except Exception as error:  # noqa: BLE001
            self.log_fault(request_envelope, "attributes could not be saved: %s", describe_fault(error))

    def delete_attributes(self, request_envelope) -> None:
        try:
            self.inner.delete_attributes(request_envelope)
        except Exception as error:  # noqa: BLE001
            self.log_fault(request_envelope, "stored attributes could not be deleted: %s", describe_fault(error))

    def log_fault(self, request_envelope, message: str, *args: Any) -> None:
        """Log a storage fault of this request: a warning the first time, DEBUG after (see the class)."""
        # The request, not the envelope: envelopes built for another key of the same request share it.
        request = getattr(request_envelope, "request", None) or request_envelope
        level = logging.DEBUG if _is_marked(self._warned, request) else logging.WARNING
        _mark(self._warned, request)
        log.log(level, message, *args)


def _mark(marks: dict[int, weakref.ref], item: Any) -> None:
    key = id(item)
    try:
        marks[key] = weakref.ref(item, lambda _gone: marks.pop(key, None))
    except TypeError:
        pass  # an object without weak references (a test double): nothing to remember about it


def _is_marked(marks: dict[int, weakref.ref], item: Any) -> bool:
    marker = marks.get(id(item))
    return marker is not None and marker() is item
