"""DynamoDB as the tests need it beside moto: throttling answers on chosen operations, injected where botocore sends;
each request applied atomically, as the service applies it; and a storage budget no loaded machine runs out of."""
from __future__ import annotations

import functools
import json
import threading

from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse


class Throttle:
    """Answers the named operations (e.g. "DeleteItem") with DynamoDB's throttling error while `on` is set; counts
    every request that reaches the wire, retries included."""

    def __init__(self, resource, *operations: str, code: str = "ProvisionedThroughputExceededException") -> None:
        self.on = True
        self.code = code
        self.sent: list[str] = []
        self.throttled = 0
        events = resource.meta.client.meta.events
        events.register_first("before-send.dynamodb", self._before_send)
        self.operations = set(operations)

    def _before_send(self, request, **_kwargs):
        operation = request.headers.get("X-Amz-Target", b"")
        operation = (operation.decode() if isinstance(operation, bytes) else operation).rsplit(".", 1)[-1]
        self.sent.append(operation)
        if not self.on or (self.operations and operation not in self.operations):
            return None
        self.throttled += 1
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{self.code}",
                           "message": "Rate of requests exceeds the allowed throughput."}).encode()
        return AWSResponse(request.url, 400, {"x-amzn-errortype": self.code}, MockRawResponse(body))


def atomic_moto_requests(monkeypatch) -> None:
    """Make moto apply each item request whole, as DynamoDB does: moto checks a write's condition and writes without a
    lock, so two threads can both pass one condition, which the service never allows."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("get_item", "put_item", "delete_item", "update_item"):
        original = getattr(DynamoDBBackend, name)

        @functools.wraps(original)
        def locked(*args, _original=original, **kwargs):
            with lock:
                return _original(*args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, locked)


def generous_storage_budget(monkeypatch) -> None:
    """A request's storage time budget (persistence.STORAGE_BUDGET_S) long enough for moto on a loaded machine, where
    a test checks behaviour after faults, not the budget."""
    from skill.storage import persistence

    monkeypatch.setattr(persistence, "STORAGE_BUDGET_S", 120.0)
