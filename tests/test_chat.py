"""The chat console: real envelopes through the real endpoint, sessions kept like Alexa keeps them."""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import threading
from json import dumps
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.devtools import envelopes
from skill.devtools.chat import add_chat_command, chat_settings, console, json_lines
from skill.devtools.chat_session import ChatSession, EndpointError
from skill.devtools.resolver import resolver_for
from skill.devtools.envelopes import CONSOLE_SKILL_ID, Caller
from skill.devtools.resolution import Resolution, ResolvedValue, SlotValue
from skill.settings import DEFAULT_DATABASE

ROOT = Path(__file__).resolve().parent.parent
JSON_KEYS = {"utterance", "intent", "slots", "speech", "ssml", "reprompt", "card", "end_session"}
CHAT_COMMAND = [sys.executable, "-m", "skill.cli", "chat", "--json", "--database", "none"]


@pytest.fixture
def talk(chat) -> ChatSession:
    return chat()


def sent(turn):
    return turn.request


def test_piped_lines_give_one_json_line_each():
    result = subprocess.run(CHAT_COMMAND, input="/launch\nhelp\nstop\n", capture_output=True, text=True,
                            cwd=ROOT, timeout=60, env={**os.environ, "TRUST_LOG_LEVEL": "ERROR"})
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [answer["intent"] for answer in answers] == ["LaunchRequest", "AMAZON.HelpIntent", "AMAZON.StopIntent"]
    assert all(JSON_KEYS <= set(answer) for answer in answers)
    assert [answer["end_session"] for answer in answers] == [False, False, True]
    assert answers[0]["speech"] and answers[0]["ssml"].startswith("<speak>") and answers[0]["reprompt"]
    assert answers[2]["reprompt"] is None


def test_each_json_answer_comes_before_the_next_line_is_sent():
    # Another program holds the conversation: it waits for each answer before it says the next thing.
    process = subprocess.Popen(CHAT_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, cwd=ROOT, env={**os.environ, "TRUST_LOG_LEVEL": "ERROR"})
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    try:
        intents = []
        for line in ("/launch", "help", "cancel"):
            process.stdin.write(line + "\n")
            process.stdin.flush()
            intents.append(json.loads(process.stdout.readline())["intent"])
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        process.kill()
    assert intents == ["LaunchRequest", "AMAZON.HelpIntent", "AMAZON.CancelIntent"]


def test_session_attributes_are_carried_between_turns(talk):
    launch = talk.say("/launch")
    carried = launch.response["sessionAttributes"]
    assert carried, "the skill keeps its last response in the session"
    help_turn = talk.say("help")
    session = sent(help_turn)["session"]
    assert session["attributes"] == carried
    assert session["new"] is False
    assert session["sessionId"] == sent(launch)["session"]["sessionId"]
    assert sent(launch)["session"]["new"] is True


def test_attributes_the_skill_does_not_send_back_are_dropped(client):
    talk = ChatSession(RecordingClient(client, drop_attributes=True), resolver_for("en-US"))
    talk.say("/launch")
    assert sent(talk.say("help"))["session"]["attributes"] == {}


def test_a_new_session_after_the_skill_ends_one(talk):
    launch = talk.say("/launch")
    stop = talk.say("stop")
    assert stop.end_session is True
    after = sent(talk.say("help"))["session"]
    assert after["new"] is True
    assert after["attributes"] == {}
    assert after["sessionId"] != sent(launch)["session"]["sessionId"]


def test_new_starts_a_session_without_launch(talk):
    first = sent(talk.say("/launch"))
    note = talk.say("/new")
    assert note.intent is None and note.request is None
    help_turn = talk.say("help")
    request = sent(help_turn)
    assert request["request"]["type"] == "IntentRequest"
    assert request["session"]["new"] is True
    assert request["session"]["sessionId"] != first["session"]["sessionId"]
    assert help_turn.intent == "AMAZON.HelpIntent"


def test_same_user_and_device_across_sessions_and_person_switch(talk):
    first = sent(talk.say("/launch"))
    talk.say("/new")
    second = sent(talk.say("help"))
    talk.say("/person alex")
    as_alex = sent(talk.say("help"))
    talk.say("/person")
    nobody = sent(talk.say("help"))
    users = {request["context"]["System"]["user"]["userId"] for request in (first, second, as_alex, nobody)}
    devices = {request["context"]["System"]["device"]["deviceId"] for request in (first, second, as_alex, nobody)}
    assert len(users) == 1 and len(devices) == 1
    assert first["session"]["sessionId"] != second["session"]["sessionId"]
    assert as_alex["session"]["sessionId"] == second["session"]["sessionId"], "a new voice is not a new session"
    assert "person" not in first["context"]["System"]
    assert as_alex["context"]["System"]["person"]["personId"] == "amzn1.ask.person.alex"
    assert "person" not in nobody["context"]["System"]


def test_person_option_and_user_option(client):
    talk = ChatSession(client, resolver_for("en-US"), Caller.named(user="sam", person="amzn1.ask.person.XYZ"))
    system = sent(talk.say("/launch"))["context"]["System"]
    assert system["user"]["userId"] == "amzn1.ask.account.sam"
    assert system["person"]["personId"] == "amzn1.ask.person.XYZ"


def test_end_sends_session_ended_request(talk):
    talk.say("/launch")
    ended = talk.say("/end")
    request = sent(ended)
    assert request["request"]["type"] == "SessionEndedRequest"
    assert request["request"]["reason"] == "USER_INITIATED"
    assert request["session"]["new"] is False
    assert (ended.intent, ended.speech, ended.ssml, ended.end_session) == ("SessionEndedRequest", "", None, True)
    assert talk.say("/end").note == "no session is open"
    assert sent(talk.say("help"))["session"]["new"] is True


def test_naming_the_skill_opens_a_session(talk):
    launch = sent(talk.say("/launch"))
    opened = talk.say("Alexa, open Trust Builder")
    assert opened.intent == "LaunchRequest"
    assert sent(opened)["session"]["sessionId"] != launch["session"]["sessionId"]
    one_shot = talk.say("ask trust builder for help")
    assert one_shot.intent == "AMAZON.HelpIntent"
    assert sent(one_shot)["session"]["new"] is True


def test_gibberish_reaches_the_catch_all_with_its_words_and_unknown_commands_send_nothing(talk):
    gibberish = talk.say("blorp fizzle wug")
    assert gibberish.intent == "TellIntent" and gibberish.slots["phrase"]["value"] == "blorp fizzle wug"
    assert "didn't catch that" in gibberish.speech
    unknown = talk.say("/dance")
    assert unknown.intent is None and "unknown command" in unknown.note
    assert "/person" in talk.say("/help").note


def test_requests_are_what_ask_sdk_reads(talk):
    turn = talk.say("/launch")
    request = sent(turn)["request"]
    assert request["locale"] == "en-US"
    assert request["requestId"].startswith("amzn1.echo-api.request.")
    assert request["timestamp"].endswith("Z") and len(request["timestamp"]) == len("2026-01-01T00:00:00Z")
    parsed = DefaultSerializer().deserialize(json.dumps(sent(turn)), RequestEnvelope)
    assert parsed.context.system.device.device_id == sent(turn)["context"]["System"]["device"]["deviceId"]


def test_slots_carry_entity_resolution_as_alexa_sends_it():
    resolution = Resolution("TopicIntent", {
        "Topic": SlotValue("Topic", "TopicType", "trust after a lie", ResolvedValue("rebuilding trust", "rebuild")),
        "Duration": SlotValue("Duration", "AMAZON.DURATION", "PT2M"),
        "Unsaid": SlotValue("Unsaid", "TopicType"),
    })
    body = envelopes.envelope(envelopes.intent_request(resolution, "en-GB"), Caller(), envelopes.SessionState())
    slots = body["request"]["intent"]["slots"]
    authority = slots["Topic"]["resolutions"]["resolutionsPerAuthority"][0]
    assert authority == {"authority": f"amzn1.er-authority.echo-sdk.{CONSOLE_SKILL_ID}.TopicType",
                         "status": {"code": "ER_SUCCESS_MATCH"},
                         "values": [{"value": {"name": "rebuilding trust", "id": "rebuild"}}]}
    assert slots["Duration"]["value"] == "PT2M" and "resolutions" not in slots["Duration"]
    assert slots["Unsaid"] == {"name": "Unsaid", "confirmationStatus": "NONE"}
    parsed = DefaultSerializer().deserialize(json.dumps(body), RequestEnvelope)
    topic = parsed.request.intent.slots["Topic"]
    assert topic.value == "trust after a lie"
    assert topic.resolutions.resolutions_per_authority[0].values[0].value.id == "rebuild"
    assert parsed.request.locale == "en-GB"


def test_json_lines_answer_each_line_and_report_endpoint_errors(client):
    talk = ChatSession(RecordingClient(client, fail_on="AMAZON.HelpIntent"), resolver_for("en-US"))
    out = io.StringIO()
    json_lines(talk, io.StringIO("/launch\n\n# a comment\nhelp\n/new\n"), out)
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [answer.get("intent") for answer in answers] == ["LaunchRequest", None, None]
    assert "500" in answers[1]["error"]
    assert answers[2]["note"] == "the next line starts a new session"
    assert talk.session is None


def test_endpoint_errors_close_the_session(client):
    talk = ChatSession(RecordingClient(client, fail_on="AMAZON.HelpIntent"), resolver_for("en-US"))
    talk.say("/launch")
    with pytest.raises(EndpointError, match="500"):
        talk.say("help")
    assert talk.session is None


def test_console_reads_like_a_dialogue(talk):
    out = io.StringIO()
    console(talk, io.StringIO("/launch\nstop\n"), out)
    text = out.getvalue()
    assert "you> /launch" in text and "[LaunchRequest]" in text and "alexa> " in text
    assert "(session ended)" in text


def test_other_locales_resolve_with_a_model_of_their_language(client):
    talk = ChatSession(client, resolver_for("en-GB"), locale="en-GB")
    turn = talk.say("help")
    assert turn.intent == "AMAZON.HelpIntent"
    assert sent(turn)["request"]["locale"] == "en-GB"


def test_database_option_defaults_to_trust_database():
    assert chat_settings(parse_chat([]), {"TRUST_DATABASE": "none"}).database == "none"
    arguments = parse_chat(["--person", "alex", "--locale", "en-AU"])
    assert (chat_settings(arguments, {}).database, arguments.person, arguments.locale, arguments.json) \
        == (DEFAULT_DATABASE, "alex", "en-AU", False)
    assert chat_settings(parse_chat(["--database", "none"]), {"TRUST_DATABASE": "sqlite:///x.db"}).database == "none"


def test_the_console_takes_the_servers_settings_but_never_verifies_and_logs_less():
    environ = {"TRUST_SKILL_ID": "amzn1.ask.skill.real", "TRUST_VERIFY_REQUESTS": "true",
               "TRUST_RULES_DIR": "/somewhere/rules"}
    settings = chat_settings(parse_chat([]), environ)
    assert (settings.verify_requests, settings.skill_ids, settings.log_level) == (False, None, "WARNING")
    assert str(settings.rules_dir) == "/somewhere/rules"
    assert chat_settings(parse_chat([]), {"TRUST_LOG_LEVEL": "debug"}).log_level == "DEBUG"


def parse_chat(argv):
    parser = argparse.ArgumentParser()
    add_chat_command(parser.add_subparsers())
    return parser.parse_args(["chat", *argv])


class RecordingClient:
    """The real test client, made to fail on one intent or to forget session attributes."""

    def __init__(self, client, *, fail_on=None, drop_attributes=False):
        self.client = client
        self.fail_on = fail_on
        self.drop_attributes = drop_attributes

    def post(self, path, json):
        if self.fail_on and json["request"].get("intent", {}).get("name") == self.fail_on:
            return FailedAnswer()
        answer = self.client.post(path, json=json)
        if self.drop_attributes:
            body = answer.get_json()
            body.pop("sessionAttributes", None)
            answer.set_data(dumps(body))
        return answer


class FailedAnswer:
    status_code = 500

    def get_json(self, silent=False):
        return {"error": "request could not be handled"}
