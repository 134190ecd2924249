"""What a screen shows (skill/conversation/screen.py) and the APL made of it (skill/alexa/apl.py): documents built
with ask-sdk-model's APL types and checked, as serialized, against what APL 1.x requires; a screen only where the
device has one, never on a reply that ends the session; and every section and round stays under Alexa's limits
with its screen."""
from __future__ import annotations

import json
import re

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, Response

from skill import content
from skill.alexa import apl
from skill.conversation import browse
from skill.conversation.exercise_timing import exercise_script, round_lengths
from skill.conversation.reply import Reply
from skill.conversation.screen import SHOWN_KINDS, Screen, exercise_screen, section_screen
from skill.devtools.envelopes import SCREEN_INTERFACES
from skill.alexa.respond import respond
from skill.conversation.turn import Turn
from skill.voice.speech import Speech
from tests.alexa_limits_support import response_problems

SERIALIZER = DefaultSerializer()
RENDER = "Alexa.Presentation.APL.RenderDocument"
LOCALES = ["en-US", "en-GB", "en-IN", "en-AU", "en-CA"]
# What APL 1.0 defines of the components the document may use: the properties each takes, and which it requires.
COMPONENTS = {
    "Container": {"items", "data", "width", "height", "grow", "paddingLeft", "paddingRight", "paddingTop",
                  "paddingBottom", "when"},
    "Sequence": {"items", "data", "width", "height", "grow", "paddingLeft", "paddingRight", "paddingTop",
                 "paddingBottom", "when", "scrollDirection"},
    "Text": {"text", "fontSize", "fontWeight", "maxLines", "color", "paddingLeft", "paddingRight", "paddingTop",
             "paddingBottom", "when", "textAlign"},
}
DIMENSION = re.compile(r"^\d+(\.\d+)?(dp|px|vw|vh|%)?$")
BINDING = re.compile(r"\$\{([^}]*)\}")


def envelope(interfaces: dict | None = None, showing: str | None = None) -> RequestEnvelope:
    """A request as a device sends it: its supported interfaces, and the APL document it shows now."""
    context = {"System": {"application": {"applicationId": "amzn1.ask.skill.test"}, "user": {"userId": "u"},
                          "device": {"deviceId": "d", "supportedInterfaces": interfaces or {}}}}
    if showing:
        context["Alexa.Presentation.APL"] = {"token": showing, "version": "AplRuntime-1"}
    body = {"version": "1.0", "context": context,
            "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "2026-12-08T00:00:00Z",
                        "locale": "en-US"}}
    return SERIALIZER.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)


def directives_for(screen: Screen | None, request: RequestEnvelope, *, ending: bool = False) -> list[dict]:
    response = Response(should_end_session=ending)
    apl.add_screen(response, request, screen)
    return SERIALIZER.serialize(response).get("directives", [])


def components(component: dict):
    yield component
    for child in component.get("items", []):
        yield from components(child)


def document_problems(directive: dict) -> list[str]:
    """What an APL 1.x RenderDocument would refuse or show wrongly: its shape, its components and properties, its
    sizes, and data bindings that name nothing in the data sources."""
    problems = []
    document = directive["document"]
    if document.get("type") != "APL" or not re.fullmatch(r"1\.\d+", document.get("version", "")):
        problems.append(f"not an APL 1.x document: {document.get('type')} {document.get('version')}")
    template = document.get("mainTemplate")
    if not isinstance(template, dict) or not isinstance(template.get("items"), list) or not template["items"]:
        return problems + ["mainTemplate needs a list of items"]
    parameters = template.get("parameters", [])
    if not isinstance(parameters, list) or not all(isinstance(name, str) for name in parameters):
        problems.append("mainTemplate.parameters must be a list of names")
    sources = directive.get("datasources") or {}
    for top in template["items"]:
        for component in components(top):
            kind = component.get("type")
            if kind not in COMPONENTS:
                problems.append(f"unknown component {kind}")
                continue
            problems += [f"{kind} has no property {name}" for name in component if
                         name not in COMPONENTS[kind] | {"type"}]
            if kind == "Text" and not isinstance(component.get("text"), str):
                problems.append("a Text without text")
            if "items" in component and not isinstance(component["items"], list):
                problems.append(f"{kind}.items must be a list")
            problems += [f"{kind}.{name} {component[name]!r} is no dimension" for name in
                         ("width", "height", "paddingLeft", "paddingRight", "paddingTop", "paddingBottom", "fontSize")
                         if name in component and not DIMENSION.match(component[name])]
            for value in component.values():
                for expression in BINDING.findall(value) if isinstance(value, str) else ():
                    problems += _binding_problems(expression, parameters, sources)
    return problems


def _binding_problems(expression: str, parameters: list[str], sources: dict) -> list[str]:
    """A binding must name the data of a list being shown or a path that exists under a parameter."""
    if expression == "data":
        return []
    head, *path = expression.split(".")
    if head not in parameters:
        return [f"${{{expression}}} names no parameter"]
    value = sources
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return [f"${{{expression}}} names nothing in the data sources"]
        value = value[key]
    return []


# --- what a screen holds -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_a_part_of_a_section_shows_its_title_and_its_own_words(locale):
    screen = section_screen("what_is_trust", 1, locale, after_concern=False)
    assert screen.title == "What trust is"
    assert screen.text == browse.spoken_part("what_is_trust", 1, locale).text
    assert screen.items == ()


def test_only_the_kinds_that_may_be_seen_by_anyone_are_shown():
    shown = {section_id for section_id in content.sections()
             if section_screen(section_id, 0, "en-US", after_concern=False) is not None}
    assert shown == {section_id for section_id, section in content.sections().items()
                     if section["kind"] in SHOWN_KINDS}
    assert {"red_flags", browse.SAFETY_SECTION, browse.TRUSTING_YOURSELF}.isdisjoint(shown)
    assert {"own_wellbeing", "support"}.isdisjoint(SHOWN_KINDS)


def test_nothing_is_shown_after_words_of_fear_harm_or_crisis():
    assert all(section_screen(section_id, 0, "en-US", after_concern=True) is None for section_id in content.sections())
    assert all(exercise_screen(exercise_id, 0, 1, "en-US", after_concern=True) is None
               for exercise_id in content.exercises())


def test_a_round_shows_the_exercise_which_round_and_the_idea_it_offers():
    ideas = content.exercises()["question_round"]["ideas"]
    screen = exercise_screen("question_round", 1, 2, "en-US", after_concern=False)
    assert screen == Screen("A question and answer round", "Round two of two.", (ideas[1],))
    alone = exercise_screen("eye_contact", 0, 1, "en-US", after_concern=False)
    assert alone.title.lower() == content.exercises()["eye_contact"]["title"] and alone.text == ""


@pytest.mark.parametrize("exercise_id", sorted(content.exercises()))
def test_a_rounds_screen_says_nothing_the_round_does_not_say(exercise_id):
    exercise = content.exercises()[exercise_id]
    seconds = exercise["duration"]["max"]
    rounds = len(round_lengths(exercise, seconds))
    for index in range(1, rounds):
        spoken = exercise_script(exercise, seconds, index, "en-GB").text
        screen = exercise_screen(exercise_id, index, rounds, "en-GB", after_concern=False)
        assert all(line in spoken for line in (screen.text, *screen.items)), (exercise_id, index)


# --- the APL made of it ------------------------------------------------------------------------------------------

def test_a_screen_becomes_one_valid_apl_document_on_a_device_with_a_screen():
    screen = section_screen("building_trust", 0, "en-US", after_concern=False)
    [directive] = directives_for(screen, envelope(SCREEN_INTERFACES))
    assert directive["type"] == RENDER and directive["token"] == apl.SCREEN_TOKEN
    assert document_problems(directive) == []
    assert directive["datasources"] == {"screen": {"title": "Building trust", "lines": [screen.text]}}


def test_a_rounds_idea_is_a_line_of_its_own():
    screen = exercise_screen("question_round", 0, 2, "en-US", after_concern=False)
    [directive] = directives_for(screen, envelope(SCREEN_INTERFACES))
    assert directive["datasources"]["screen"]["lines"] == [screen.text, screen.items[0]]
    assert document_problems(directive) == []


def test_the_checker_finds_what_apl_would_refuse():
    """The document check can fail: a broken binding, an unknown component, a bad size are each caught."""
    screen = Screen("Title", "Words")
    directive = SERIALIZER.serialize(apl.render(screen))
    broken = {**directive, "datasources": {"other": {}}}
    assert any("names nothing" in problem for problem in document_problems(broken))
    document = {**directive["document"], "mainTemplate": {"items": [{"type": "Frame", "width": "wide"}]}}
    assert document_problems({**directive, "document": document}) == ["unknown component Frame"]
    document = {**directive["document"], "mainTemplate": {"items": [{"type": "Text", "text": "x", "fontSize": "big"}]}}
    assert document_problems({**directive, "document": document}) == ["Text.fontSize 'big' is no dimension"]


def test_words_that_look_like_apl_expressions_are_shown_as_they_are():
    """Words travel in the data sources, which APL shows as they are; the document holds no words of content."""
    directive = SERIALIZER.serialize(apl.render(Screen("${evil}", "a ${payload} b")))
    assert "evil" not in str(directive["document"]) and "a ${payload} b" in directive["datasources"]["screen"]["lines"]


@pytest.mark.parametrize("interfaces", [{}, {"AudioPlayer": {}},
                                        {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "0.9"}}}],
                         ids=["no interfaces", "audio only", "an older APL than the document"])
def test_a_device_that_cannot_show_the_document_gets_nothing(interfaces):
    screen = section_screen("building_trust", 0, "en-US", after_concern=False)
    assert directives_for(screen, envelope(interfaces)) == []
    assert directives_for(None, envelope(interfaces, showing=apl.SCREEN_TOKEN)) == []


def test_a_reply_without_a_screen_clears_ours_and_leaves_anything_else_alone():
    [directive] = directives_for(None, envelope(SCREEN_INTERFACES, showing=apl.SCREEN_TOKEN))
    assert directive["token"] == apl.EMPTY_TOKEN and document_problems(directive) == []
    assert not any(component["type"] == "Text" for component in components(directive["document"]["mainTemplate"]
                                                                             ["items"][0]))
    assert directives_for(None, envelope(SCREEN_INTERFACES)) == []
    assert directives_for(None, envelope(SCREEN_INTERFACES, showing=apl.EMPTY_TOKEN)) == []
    assert directives_for(None, envelope(SCREEN_INTERFACES, showing="another-skills-token")) == []


def test_a_reply_that_ends_the_session_shows_nothing():
    screen = section_screen("building_trust", 0, "en-US", after_concern=False)
    assert directives_for(screen, envelope(SCREEN_INTERFACES), ending=True) == []
    [directive] = directives_for(screen, envelope(SCREEN_INTERFACES, showing=apl.SCREEN_TOKEN), ending=True)
    assert directive["token"] == apl.EMPTY_TOKEN


# --- Alexa's limits -------------------------------------------------------------------------------------------------

def _sent(reply: Reply) -> dict:
    """The whole envelope the endpoint would send for `reply` to a device with a screen."""
    response = respond(Turn("IntentRequest", locale="en-US"), reply, envelope(SCREEN_INTERFACES))
    return {"version": "1.0", "sessionAttributes": {}, "userAgent": "ask-python/1.19.0 Python/3.12.0",
            "response": SERIALIZER.serialize(response)}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_section_part_and_every_round_with_its_screen_stays_within_alexas_limits(locale):
    checked = 0
    for section_id, section in content.sections().items():
        for part in range(len(section["parts"])):
            screen = section_screen(section_id, part, locale, after_concern=False)
            speech, reprompt, _ = browse.section_speech(section_id, part, locale)
            sent = _sent(Reply(speech, reprompt=reprompt, screen=screen))
            assert response_problems(sent) == [], (section_id, part)
            checked += screen is not None
    for exercise_id, exercise in content.exercises().items():
        seconds = exercise["duration"]["max"]
        rounds = len(round_lengths(exercise, seconds))
        for index in range(rounds):
            screen = exercise_screen(exercise_id, index, rounds, locale, after_concern=False)
            speech = exercise_script(exercise, seconds, index, locale)
            sent = _sent(Reply(speech, reprompt=Speech().say("Say next when you are ready."), screen=screen))
            assert response_problems(sent) == [] and sent["response"]["directives"], (exercise_id, index)
            checked += 1
    assert checked > len(content.exercises())
