"""Faults in what the skill depends on: the certificate chain download, the store, the rules engine.

What a person notices is at most a short apology, or for a request that cannot be verified Alexa's own error (the
endpoint must answer 400 then); the conversation goes on; and one log line names the fault, without what was said.
"""
from __future__ import annotations

import logging

import pytest
import requests
import responses

from skill.rulebook import engine as rules_engine
from skill.app import create_app
from skill.settings import Settings
from skill.storage.sqlite_adapter import SqliteAdapter
from skill.voice.wording import phrase
from tests.conversation_support import LOCALE, SCRIPTS, SigningClient, chat_session, run_script
from tests.live_signing_support import CHAIN_URL, SKILL_ID, live_chain_pem, signed_request, write_live_ca_bundle

APOLOGY = phrase("error", LOCALE)
SHORT = 300  # characters: an apology, not a lecture


def _speech(reply: dict) -> str:
    return ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")


def _records_naming(caplog, fault: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if fault in record.getMessage()]


def _reference(kind: str) -> list[dict]:
    """What each turn of script `kind` answers with no store and nothing failing: the normal answers."""
    client = create_app(Settings(verify_requests=False, database="none")).test_client()
    return run_script(client, kind, f"reference-{kind}").responses


# --- the certificate chain download ---------------------------------------------------------------------------

CHAIN_FAULTS = {
    "connect timeout": (requests.exceptions.ConnectTimeout("timed out"), "ConnectTimeout"),
    "read timeout": (requests.exceptions.ReadTimeout("timed out"), "ReadTimeout"),
    "refused": (requests.exceptions.ConnectionError("refused"), "ConnectionError"),
    "HTTP 500": (500, "HTTP 500"),
    "garbage": (b"\x00\xffnot a certificate chain" * 40, "not valid PEM"),
    "truncated PEM": (live_chain_pem()[:700], "not valid PEM"),
}


@pytest.fixture
def verifying_app(tmp_path):
    settings = Settings(skill_ids=frozenset({SKILL_ID}), ca_bundle=write_live_ca_bundle(tmp_path),
                        database=f"sqlite:///{tmp_path / 'skill.sqlite3'}")
    return create_app(settings)


def _register_fault(mock: responses.RequestsMock, fault) -> None:
    if isinstance(fault, int):
        mock.get(CHAIN_URL, status=fault, body="Internal Server Error")
    else:
        mock.get(CHAIN_URL, body=fault)  # bytes are the body; an exception is raised by the download


@pytest.mark.parametrize("fault_name", CHAIN_FAULTS)
def test_a_failed_chain_download_refuses_that_request_only(verifying_app, caplog, fault_name):
    fault, named = CHAIN_FAULTS[fault_name]
    requests_sent = run_script(
        create_app(Settings(verify_requests=False, database="none")).test_client(),
        "topics", "chain-fault").requests
    client = verifying_app.test_client()
    caplog.set_level(logging.WARNING, logger="skill")  # create_app() sets the level of "skill" for the process
    with responses.RequestsMock() as mock:
        _register_fault(mock, fault)
        mock.get(CHAIN_URL, body=live_chain_pem())  # responses answers in order, then repeats the last
        caplog.clear()
        body, headers = signed_request(requests_sent[0])
        refused = client.post("/alexa", data=body, headers=headers)
        assert refused.status_code == 400
        assert len(_records_naming(caplog, named)) == 1, [r.getMessage() for r in caplog.records]
        # The failure was not kept: the person's next try downloads the chain again and the conversation goes on.
        answers = []
        for request in requests_sent:
            body, headers = signed_request(request)
            answers.append(client.post("/alexa", data=body, headers=headers))
        assert [answer.status_code for answer in answers] == [200] * len(requests_sent)
        assert len(mock.calls) == 2, "the good chain is downloaded once, then cached"
    reference = _reference("topics")
    assert [_speech(answer.get_json()) for answer in answers] == [_speech(reply) for reply in reference]


# --- the store ---------------------------------------------------------------------------------------------------

def _store_that_is_garbage(tmp_path, monkeypatch) -> tuple[str, str]:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database, " * 200)
    return f"sqlite:///{path}", "SQLITE_NOTADB"


def _store_that_raises(tmp_path, monkeypatch) -> tuple[str, str]:
    def fail(*_args, **_kwargs):
        raise OSError("disk on fire")

    for method in ("get_attributes", "save_attributes", "delete_attributes"):
        monkeypatch.setattr(SqliteAdapter, method, fail)
    return f"sqlite:///{tmp_path / 'skill.sqlite3'}", "OSError"


@pytest.mark.parametrize("broken_store", [_store_that_is_garbage, _store_that_raises], ids=["garbage file", "raises"])
@pytest.mark.parametrize("kind", list(SCRIPTS))
def test_a_failing_store_costs_the_person_nothing_but_memory(tmp_path, monkeypatch, caplog, broken_store, kind):
    database, fault = broken_store(tmp_path, monkeypatch)
    client = SigningClient(create_app(Settings(skill_ids=frozenset({SKILL_ID}), verify_requests=False,
                                               database=database)).test_client())
    caplog.set_level(logging.WARNING, logger="skill")
    chat = chat_session(client, f"store-fault-{kind}")
    reference = _reference(kind)
    for line, expected in zip([line for line in SCRIPTS[kind]], reference):
        caplog.clear()
        turn = chat.say(line)
        assert _speech(turn.response) == _speech(expected), line
        # Each turn that touched the store says so once; none says it twice.
        assert len(_records_naming(caplog, fault)) <= 1, [r.getMessage() for r in caplog.records]
        assert not [r for r in caplog.records if len(line) > 8 and line in r.getMessage()], "logs quote the person"


def test_a_failing_store_is_named_once_per_request(tmp_path, monkeypatch, caplog):
    database, fault = _store_that_raises(tmp_path, monkeypatch)
    client = SigningClient(create_app(Settings(verify_requests=False, database=database)).test_client())
    caplog.set_level(logging.WARNING, logger="skill")
    caplog.clear()
    turn = chat_session(client, "store-fault-launch").say("/launch")
    assert turn.response["response"]["shouldEndSession"] is False
    assert len(_records_naming(caplog, fault)) == 1, [r.getMessage() for r in caplog.records]


# --- the rules engine --------------------------------------------------------------------------------------------

def test_a_failing_rules_evaluation_gets_an_apology_and_the_session_goes_on(monkeypatch, caplog):
    reference = _reference("selfcheck")
    message = "answers: yes, no, sometimes"  # what a message might quote; the log must not

    def fail(*_args, **_kwargs):
        raise RuntimeError(message)

    monkeypatch.setattr(rules_engine.RuleBook, "explain", fail)
    monkeypatch.setattr(rules_engine.RuleBook, "recommend", fail)
    client = create_app(Settings(verify_requests=False, database="none")).test_client()
    caplog.set_level(logging.WARNING, logger="skill")
    caplog.clear()
    transcript = run_script(client, "selfcheck", "rules-fault")
    apologies = [index for index, reply in enumerate(transcript.responses) if APOLOGY in _speech(reply)]
    assert len(apologies) == 1, "the turn that needed the rules, and only that one, apologises"
    fault_turn = apologies[0]
    apology = transcript.responses[fault_turn]["response"]
    assert len(_speech(transcript.responses[fault_turn])) < SHORT
    assert apology["shouldEndSession"] is False and apology["reprompt"]
    # Up to the fault, the conversation is exactly the normal one.
    assert [_speech(r) for r in transcript.responses[:fault_turn]] == [_speech(r) for r in reference[:fault_turn]]
    # The session goes on: the turns after it are answered (run_script raises on anything but 200), without apology.
    assert fault_turn < len(transcript.responses) - 1
    assert all(APOLOGY not in _speech(reply) for reply in transcript.responses[fault_turn + 1:])
    named = _records_naming(caplog, "RuntimeError")
    assert len(named) == 1 and named[0].levelno >= logging.WARNING
    assert message not in named[0].getMessage()  # an exception's message may quote a person; types only
