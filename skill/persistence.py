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

from skill.sqlite_adapter import SqliteAdapter

log = logging.getLogger(__name__)

SQLITE_PREFIX = "sqlite:///"
DYNAMODB_PREFIX = "dynamodb://"
NO_STORAGE = "none"
EXPECTED_FORMS = "sqlite:///PATH, dynamodb://TABLE or none"
DEFAULT_AWS_REGION = "us-east-1"
# DynamoDB's own rule for table names.
TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")


def persistence_adapter(database_url: str) -> AbstractPersistenceAdapter | None:
    """The adapter TRUST_DATABASE names, wrapped so storage faults never end a conversation.

    `sqlite:///PATH` (a relative PATH is relative to the working directory, `sqlite:////abs` is
    absolute), `dynamodb://TABLE`, or `none` for no storage. Anything else raises ValueError,
    so a mistyped setting stops the service at start-up instead of silently forgetting people.
    """
    url = database_url.strip()
    lowered = url.lower()
    if lowered == NO_STORAGE:
        return None
    if lowered.startswith(SQLITE_PREFIX):
        return ResilientAdapter(SqliteAdapter(_sqlite_path(url[len(SQLITE_PREFIX):])))
    if lowered.startswith(DYNAMODB_PREFIX):
        return ResilientAdapter(dynamodb_adapter(_table_name(url[len(DYNAMODB_PREFIX):])))
    # Only the scheme is quoted: a URL of some other database may carry a password.
    scheme = url.split("://", 1)[0] + "://" if "://" in url else "a value without a scheme"
    raise ValueError(f"TRUST_DATABASE must be {EXPECTED_FORMS}; got {scheme}")


def _sqlite_path(path: str) -> str:
    if not path:
        raise ValueError("TRUST_DATABASE sqlite:/// needs a file path, e.g. sqlite:///var/trust-builder.sqlite3")
    if path == ":memory:":
        # Each call opens its own connection, so an in-memory database would forget at once.
        raise ValueError("TRUST_DATABASE cannot be an in-memory SQLite database; use none for no storage")
    return os.path.abspath(path)


def _table_name(name: str) -> str:
    if not TABLE_NAME.fullmatch(name):
        raise ValueError("TRUST_DATABASE dynamodb://TABLE needs a DynamoDB table name: "
                         "3 to 255 letters, digits, '_', '-' or '.'")
    return name


def aws_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_AWS_REGION


def dynamodb_adapter(table: str, dynamodb_resource: Any = None) -> AbstractPersistenceAdapter:
    """ask-sdk's DynamoDB adapter on an existing table, keyed by voice profile, with plain numbers."""
    region = aws_region()
    adapter_class = _import_dynamodb_adapter(region)
    if dynamodb_resource is None:
        import boto3  # here, not at the top: boto3 costs a cold start ~150 ms that SQLite users never need

        dynamodb_resource = boto3.resource("dynamodb", region_name=region)
    return PlainNumbersAdapter(adapter_class(
        table_name=table,
        partition_keygen=person_id_partition_keygen,
        create_table=False,  # the table belongs to template.yaml, with its backups and encryption
        dynamodb_resource=dynamodb_resource,
    ))


def _import_dynamodb_adapter(region: str) -> type:
    # Importing ask_sdk_dynamodb.adapter builds a default boto3 resource, which fails without
    # a region (NoRegionError). Lend it one for the import only; our own resource is explicit.
    if "ask_sdk_dynamodb.adapter" not in sys.modules and not os.environ.get("AWS_DEFAULT_REGION"):
        previous = os.environ.get("AWS_DEFAULT_REGION")
        os.environ["AWS_DEFAULT_REGION"] = region
        try:
            import ask_sdk_dynamodb.adapter  # noqa: F401
        finally:
            if previous is None:
                del os.environ["AWS_DEFAULT_REGION"]
            else:
                os.environ["AWS_DEFAULT_REGION"] = previous
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
    Envelopes built for another key of the same request (skill/memory.py) share its `request`.
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
            self._log(request_envelope, "stored attributes could not be read, continuing without them: %s",
                      describe_fault(error))
            _mark(self._unread, request_envelope)
            return {}

    def save_attributes(self, request_envelope, attributes: dict[str, Any]) -> None:
        if _is_marked(self._unread, request_envelope):
            self._log(request_envelope,
                      "attributes not saved: this request could not read what is stored and would overwrite it")
            return
        try:
            self.inner.save_attributes(request_envelope, attributes)
        except Exception as error:  # noqa: BLE001
            self._log(request_envelope, "attributes could not be saved: %s", describe_fault(error))

    def delete_attributes(self, request_envelope) -> None:
        try:
            self.inner.delete_attributes(request_envelope)
        except Exception as error:  # noqa: BLE001
            self._log(request_envelope, "stored attributes could not be deleted: %s", describe_fault(error))

    def _log(self, request_envelope, message: str, *args: Any) -> None:
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


def describe_fault(error: BaseException) -> str:
    """Names an exception and its causes by type and error code only: messages may quote user data."""
    names = []
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        names.append(_fault_name(current))
        current = current.__cause__ or current.__context__
    return " <- ".join(names)


def _fault_name(error: BaseException) -> str:
    code = getattr(error, "sqlite_errorname", None)
    response = getattr(error, "response", None)
    if code is None and isinstance(response, dict):
        code = response.get("Error", {}).get("Code")  # botocore's ClientError
    return f"{type(error).__name__}({code})" if code else type(error).__name__
