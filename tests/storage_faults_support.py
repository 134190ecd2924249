"""DynamoDB faults as botocore sees them, injected in front of moto: throttling answers on chosen operations."""
from __future__ import annotations

import json

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
