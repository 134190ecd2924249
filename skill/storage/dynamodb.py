"""DynamoDB behind ask-sdk's adapter: deadlines on every call, plain numbers, and atomic updates of one record."""
from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from typing import Any, Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_dynamodb.partition_keygen import person_id_partition_keygen

from skill.settings import DEFAULT_AWS_REGION

# Deadlines that keep a turn inside Alexa's 8 seconds (DESIGN §3). One DynamoDB call takes at most
# 2 x (0.5 s to connect + 1 s to read) + one back-off of up to 1 s (standard retry mode, 2 tries in all) = 4 s, where
# it normally takes milliseconds (persistence.STORAGE_BUDGET_S bounds a request's calls together).
DYNAMODB_TIMEOUTS = {"connect_timeout": 0.5, "read_timeout": 1.0,
                     "retries": {"mode": "standard", "total_max_attempts": 2}}
# Conditional writes of one record that lost to another writer: tried again this many times in all, each after a short
# random wait that grows, so that writers who collided do not collide again in step (the request's storage budget
# still bounds the whole).
UPDATE_ATTEMPTS = 16
BACKOFF_S = 0.004
# The record's number of changes, on records changed only through update_attributes (the index, pending deletions).
REVISION = "revision"


def dynamodb_adapter(table: str, dynamodb_resource: Any = None, *,
                     aws_region: str = DEFAULT_AWS_REGION) -> AbstractPersistenceAdapter:
    """ask-sdk's DynamoDB adapter on an existing table, keyed by voice profile, with plain numbers."""
    adapter_class = _import_dynamodb_adapter(aws_region)
    if dynamodb_resource is None:
        import boto3  # here, not at the top: boto3 costs a cold start ~150 ms that SQLite users never need
        from botocore.config import Config

        dynamodb_resource = boto3.resource("dynamodb", region_name=aws_region, config=Config(**DYNAMODB_TIMEOUTS))
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

    def erase_deleted(self) -> None:
        """Nothing to do: a deleted item leaves DynamoDB whole (SQLite's files need it, SqliteAdapter.erase_deleted)."""

    def update_attributes(self, request_envelope, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Read the key's attributes and write `change(attributes)` (empty: delete the item; equal: nothing), so
        that two writers at once cannot lose each other's change: each write is conditional on the revision it read,
        and a write that lost is read and changed again."""
        from botocore.exceptions import ClientError

        inner = self.inner
        table = inner.dynamodb.Table(inner.table_name)
        key = {inner.partition_key_name: inner.partition_keygen(request_envelope)}
        for tried in range(UPDATE_ATTEMPTS):
            if tried:
                time.sleep(random.uniform(0, BACKOFF_S * tried))
            item = table.get_item(Key=key, ConsistentRead=True).get("Item")
            revision = from_dynamodb(item.get(REVISION)) if item else None
            current = from_dynamodb(item.get(inner.attribute_name, {})) if item else {}
            changed = change(current)
            if changed == current:
                return
            condition = _unchanged_since(item, revision, inner.partition_key_name)
            try:
                if changed:
                    table.put_item(Item={**key, inner.attribute_name: to_dynamodb(changed),
                                         REVISION: (revision or 0) + 1}, **condition)
                elif item is not None:
                    table.delete_item(Key=key, **condition)
                return
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                    raise
        raise ConcurrentChanges(f"the record changed under each of {UPDATE_ATTEMPTS} attempts")


class ConcurrentChanges(Exception):
    """A conditional update lost to other writers every time it was tried."""


def _unchanged_since(item: dict | None, revision: int | None, partition_key: str) -> dict[str, Any]:
    """The condition that the item is as it was read: still absent, still without a revision (a record written
    before revisions, or by a plain save), or at the same revision."""
    if item is None:
        return {"ConditionExpression": "attribute_not_exists(#key)",
                "ExpressionAttributeNames": {"#key": partition_key}}
    if revision is None:
        return {"ConditionExpression": "attribute_not_exists(#revision)",
                "ExpressionAttributeNames": {"#revision": REVISION}}
    return {"ConditionExpression": "#revision = :revision", "ExpressionAttributeNames": {"#revision": REVISION},
            "ExpressionAttributeValues": {":revision": revision}}


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
