"""What storage needs of one request, without the request handler's objects: the store, the request's envelope
(whose user and recognised voice name the records) and a scratch dict that lives as long as the request."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ask_sdk_model import RequestEnvelope


@dataclass(frozen=True)
class StoreRequest:
    """`adapter` is the persistence adapter (None: no store is configured); `scratch` keeps what one request read
    once (the record, the index's envelope), so it is not read again within the request."""

    adapter: Any
    envelope: RequestEnvelope
    scratch: dict = field(default_factory=dict)
