"""The memory port over ask-sdk's persistence: what skill/storage/memory.py reads, saves and deletes for the person
of this request, offered to the conversation without its HandlerInput."""
from __future__ import annotations

from typing import Mapping

from ask_sdk_core.handler_input import HandlerInput

from skill.storage import memory


class StoredMemory:
    """The record of this request's person (their recognised voice, else the account's user id)."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self._handler_input = handler_input

    def is_stored(self) -> bool:
        return memory.is_stored(self._handler_input)

    def recall(self) -> dict:
        return memory.recall(self._handler_input)

    def stored_now(self) -> dict:
        return memory.stored_now(self._handler_input)

    def keep(self, record: Mapping) -> None:
        memory.keep(self._handler_input, record)

    def forget(self) -> None:
        memory.forget(self._handler_input)

    def forget_account(self) -> None:
        memory.forget_account(self._handler_input)
