"""A reply's Screen as APL, in one place: a RenderDocument directive for a device whose requests say it supports
Alexa.Presentation.APL (an Echo Show, a Fire TV). A device without a screen gets no directive, so its response is the
one it always had.

The screen shows only the reply being spoken now: a reply without a screen, on a device still showing ours (its
request names our document's token), replaces it with an empty one, so a section's words never stay up beside a
safety or crisis reply, nor linger after a quick "stop". A reply that ends the session shows nothing."""
from __future__ import annotations

from ask_sdk_model import Response
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

from skill.conversation.screen import Screen

SCREEN_TOKEN = "trust-builder-screen"
EMPTY_TOKEN = "trust-builder-empty"
# The oldest APL: the document uses only what 1.0 has (Container, Sequence, Text, data binding), so every device with
# a screen can show it. A device reporting an older runtime than this gets no screen.
APL_VERSION = "1.0"
_FILL = {"width": "100vw", "height": "100vh"}
# The words come from the data sources, never from the document itself: a data source's text is shown as it is,
# while text in a document would be read as APL's ${...} expressions.
DOCUMENT = {
    "type": "APL",
    "version": APL_VERSION,
    "mainTemplate": {
        "parameters": ["payload"],
        "items": [{
            "type": "Container", **_FILL, "paddingLeft": "6vw", "paddingRight": "6vw", "paddingTop": "6vh",
            "items": [
                {"type": "Text", "text": "${payload.screen.title}", "fontSize": "40dp", "fontWeight": "bold",
                 "maxLines": 2},
                {"type": "Sequence", "grow": 1, "paddingTop": "3vh", "data": "${payload.screen.lines}",
                 "items": [{"type": "Text", "text": "${data}", "fontSize": "28dp", "paddingBottom": "2vh"}]},
            ],
        }],
    },
}
EMPTY_DOCUMENT = {"type": "APL", "version": APL_VERSION, "mainTemplate": {"items": [{"type": "Container", **_FILL}]}}


def add_screen(response: Response, request_envelope: object, screen: Screen | None) -> None:
    """Adds to `response` what the device should show: `screen`, or an empty document in place of ours; nothing on
    a device without a screen, nor when nothing of ours is up and there is nothing to show."""
    if not shows_apl(request_envelope):
        return
    if screen is not None and not response.should_end_session:
        directive = render(screen)
    elif _token_on_screen(request_envelope) == SCREEN_TOKEN:
        directive = RenderDocumentDirective(token=EMPTY_TOKEN, document=EMPTY_DOCUMENT)
    else:
        return
    response.directives = [*(response.directives or ()), directive]


def render(screen: Screen) -> RenderDocumentDirective:
    lines = [line for line in (screen.text, *screen.items) if line]
    return RenderDocumentDirective(token=SCREEN_TOKEN, document=DOCUMENT,
                                   datasources={"screen": {"title": screen.title, "lines": lines}})


def shows_apl(request_envelope: object) -> bool:
    """Whether the device supports APL at APL_VERSION or later (a runtime it does not name counts as able)."""
    system = getattr(getattr(request_envelope, "context", None), "system", None)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    apl = getattr(interfaces, "alexa_presentation_apl", None)
    if apl is None:
        return False
    newest = getattr(getattr(apl, "runtime", None), "max_version", None)
    return newest is None or _version(newest) >= _version(APL_VERSION)


def _token_on_screen(request_envelope: object) -> str | None:
    """The token of the APL document the device shows now, as its request reports it; None when it shows none."""
    return getattr(getattr(getattr(request_envelope, "context", None), "alexa_presentation_apl", None), "token", None)


def _version(text: str) -> tuple[int, ...]:
    """"1.0" as (1, 0), "2024.3" as (2024, 3); a version that does not read counts as the oldest."""
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return (0,)
