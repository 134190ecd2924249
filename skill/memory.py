"""What the skill remembers about a person between visits, read and written through the persistence adapter."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

DISCLAIMER_HEARD = "disclaimer_heard"
VISITS = "visits"


def remembered(handler_input: HandlerInput) -> dict:
    """This person's stored attributes; an empty dict when nothing is stored or no store is configured."""
    manager = handler_input.attributes_manager
    if manager._persistence_adapter is None:  # noqa: SLF001 - ask-sdk offers no public way to ask
        return {}
    return manager.persistent_attributes


def remember(handler_input: HandlerInput, **values) -> None:
    """Store `values` for this person, keeping what was stored before."""
    manager = handler_input.attributes_manager
    if manager._persistence_adapter is None:  # noqa: SLF001
        return
    manager.persistent_attributes.update(values)
    manager.save_persistent_attributes()
