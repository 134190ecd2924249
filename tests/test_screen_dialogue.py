"""Talking to the skill on a device with a screen: a section and a round of an exercise are shown as APL, safety and
crisis answers show nothing (and clear what was shown), and a device without a screen hears and gets exactly what
it got before screens existed."""
from __future__ import annotations

import pytest

from skill.alexa import apl
from skill.devtools.envelopes import Caller
from tests.alexa_limits_support import response_problems

RENDER = "Alexa.Presentation.APL.RenderDocument"


class EchoShow:
    """The test client as a device with a screen: each request names the APL document it shows, as a device's
    requests do; a session that ends takes the device back to its home screen."""

    def __init__(self, client):
        self.client = client
        self.showing: str | None = None

    def post(self, path: str, json: dict):
        if self.showing:
            json["context"]["Alexa.Presentation.APL"] = {"token": self.showing, "version": "AplRuntime-1"}
        answer = self.client.post(path, json=json)
        response = (answer.get_json(silent=True) or {}).get("response") or {}
        rendered = [directive["token"] for directive in response.get("directives", []) if directive["type"] == RENDER]
        if rendered:
            self.showing = rendered[-1]
        if response.get("shouldEndSession") is not False:
            self.showing = None
        return answer


def renders(turn) -> list[dict]:
    return [directive for directive in turn.response["response"].get("directives", [])
            if directive["type"] == RENDER]


def screen_of(turn) -> dict | None:
    """What the turn put on the screen: the data of our document, or None when it showed nothing of its own."""
    shown = [directive for directive in renders(turn) if directive["token"] == apl.SCREEN_TOKEN]
    assert len(shown) <= 1 and not response_problems(turn.response), turn.response
    return shown[0]["datasources"]["screen"] if shown else None


def cleared(turn) -> bool:
    return [directive["token"] for directive in renders(turn)] == [apl.EMPTY_TOKEN]


@pytest.fixture
def show(chat, client):
    """A conversation on an Echo Show."""
    return lambda locale="en-US": chat(locale, client=EchoShow(client), caller=Caller(screen=True))


def test_a_section_is_shown_with_its_title_and_the_words_being_read(show):
    talk = show()
    talk.say("/launch")
    turn = talk.say("tell me about building trust")
    screen = screen_of(turn)
    assert screen["title"] == "Building trust"
    assert screen["lines"] and all(line in turn.speech for line in screen["lines"])
    more = talk.say("tell me more")
    assert screen_of(more)["title"] == "Building trust" and screen_of(more)["lines"] != screen["lines"]
    assert all(line in more.speech for line in screen_of(more)["lines"])


def test_a_timed_exercise_shows_its_name_and_the_round(show):
    talk = show("en-GB")
    talk.say("/launch")
    first = talk.say("do the question and answer exercise now")
    assert screen_of(first)["title"] == "A question and answer round"
    second = talk.say("next")
    screen = screen_of(second)
    assert screen["title"] == "A question and answer round" and screen["lines"][0] == "Round two of two."
    assert all(line in second.speech for line in screen["lines"])


def test_words_of_crisis_clear_the_screen_and_show_nothing_of_their_own(show):
    talk = show()
    talk.say("tell me about building trust")
    crisis = talk.say("I want to end my life")
    assert "988" in crisis.speech
    assert cleared(crisis)
    after = talk.say("tell me about what trust is")
    assert screen_of(after) is None and not renders(after)


def test_words_of_harm_clear_the_screen_and_no_section_is_shown_after_them(show):
    talk = show()
    exercise = talk.say("do the question and answer exercise now")
    assert screen_of(exercise) is not None
    harm = talk.say("my husband hits me")
    assert cleared(harm) and screen_of(harm) is None
    section = talk.say("tell me about what trust is")
    assert not renders(section), section.speech


def test_the_safety_section_the_sections_for_someone_in_danger_and_a_helpline_answer_show_nothing(show):
    for line in ("where to find support", "tell me about red flags", "tell me about trusting yourself",
                 "I need to talk to someone"):
        turn = show().say(line)
        assert screen_of(turn) is None and not renders(turn), line


def test_stop_leaves_nothing_on_the_screen(show):
    talk = show()
    talk.say("tell me about what trust is")
    stop = talk.say("stop")
    assert stop.end_session and cleared(stop)


SCRIPT = ["/launch", "tell me about building trust", "tell me more", "repeat",
          "do the question and answer exercise now", "next", "tell me about red flags", "I'm scared of my partner",
          "I want to end my life", "stop"]


def test_a_device_without_a_screen_gets_the_response_it_got_before_screens(chat, monkeypatch):
    """The same dialogue on a device without a screen, with the screen seam and with it taken out: every response
    envelope is the same, and carries no directive of APL."""
    with_seam = [turn.response for turn in map(chat().say, SCRIPT)]
    monkeypatch.setattr("skill.alexa.respond.add_screen", lambda *arguments: None)
    before = [turn.response for turn in map(chat().say, SCRIPT)]
    assert with_seam == before
    assert not any(directive["type"].startswith("Alexa.Presentation")
                   for response in with_seam for directive in response["response"].get("directives", []))


def test_on_a_screen_the_words_are_the_same_only_a_screen_is_added(chat, show):
    """What is said, asked again and kept is the same on a screen device: only the directives differ."""
    plain = [turn.response for turn in map(chat().say, SCRIPT)]
    shown = [turn.response for turn in map(show().say, SCRIPT)]
    assert any("directives" in response["response"] for response in shown)
    assert [without_directives(response) for response in shown] == [without_directives(response) for response in plain]


def without_directives(envelope: dict) -> dict:
    return {**envelope, "response": {key: value for key, value in envelope["response"].items() if key != "directives"}}
