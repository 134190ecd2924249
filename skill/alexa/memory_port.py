"""The memory port over ask-sdk's persistence: what skill/storage/ reads, saves and deletes for the person of this
request, offered to the conversation without its HandlerInput; and the sweep that finishes noted deletions."""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Mapping

from ask_sdk_core.dispatch_components import AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput

from skill.log_safety import describe_fault
from skill.storage import forgetting, memory
from skill.storage.store_request import StoreRequest

log = logging.getLogger("skill.storage.forgetting")


def store_request_of(handler_input: HandlerInput) -> StoreRequest:
    """What storage needs of this request; the scratch is the request's own attributes, so it lives as long."""
    manager = handler_input.attributes_manager
    return StoreRequest(adapter=manager._persistence_adapter,  # noqa: SLF001 - ask-sdk offers no public way to ask
                        envelope=handler_input.request_envelope, scratch=manager.request_attributes)


class StoredMemory:
    """The record of this request's person (their recognised voice, else the account's user id)."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self._request = store_request_of(handler_input)

    def is_stored(self) -> bool:
        return memory.is_stored(self._request)

    def recall(self) -> dict:
        return memory.recall(self._request)

    def stored_now(self) -> dict:
        return memory.stored_now(self._request)

    def keep(self, record: Mapping) -> None:
        memory.keep(self._request, record)

    def forget(self) -> None:
        memory.forget(self._request)

    def forget_account(self) -> None:
        memory.forget_account(self._request)


class PendingDeletions(AbstractResponseInterceptor):
    """Finishes noted deletions after a request no one waits to hear, before its answer goes: a session's end, or a
    skill event. At most once a SWEEP_INTERVAL_S in a process, except right after a deletion failed here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next_sweep = 0.0  # the first quiet request of a process looks

    def process(self, handler_input: HandlerInput, response: Any) -> None:
        request = store_request_of(handler_input)
        request_type = getattr(request.envelope.request, "object_type", "") or ""
        if request.adapter is None or not (request_type == "SessionEndedRequest"
                                           or request_type.startswith("AlexaSkillEvent.")):
            return
        with self._lock:
            if time.monotonic() < self._next_sweep and not forgetting.failed_here.is_set():
                return
            self._next_sweep = time.monotonic() + forgetting.SWEEP_INTERVAL_S
            forgetting.failed_here.clear()
        try:
            left = forgetting.finish_pending(request)
        except Exception as error:  # noqa: BLE001 - the note stays for the next sweep
            log.warning("noted deletions could not be finished yet: %s", describe_fault(error))
            forgetting.failed_here.set()
            return
        if left:
            forgetting.failed_here.set()  # more than one sweep's worth: the next quiet request goes on
