"""Failures are logged by exception type, error code and frames: never a message, which may quote a person's words."""
from __future__ import annotations

import logging
import os
import sqlite3
from types import SimpleNamespace

import pytest

from skill.web import dispatch
from skill.devtools.chat_session import ChatSession
from skill.devtools.resolver import resolver_for
from skill.alexa.handler import ConversationHandler
from skill.log_safety import describe_fault, log_failure

WORDS = "my partner hurts me"


def raise_with_words():
    raise ValueError(f"cannot read {WORDS!r}")


def caught(function) -> BaseException:
    try:
        function()
    except BaseException as error:  # noqa: BLE001
        return error
    raise AssertionError("nothing was raised")


def test_a_fault_is_named_by_type_and_code_through_its_causes():
    def storage_fault():
        try:
            raise sqlite3.OperationalError(f"no such table near {WORDS!r}")
        except sqlite3.OperationalError as inner:
            inner.sqlite_errorname = "SQLITE_ERROR"
            raise RuntimeError(WORDS) from inner

    description = describe_fault(caught(storage_fault))
    assert description == "RuntimeError <- OperationalError(SQLITE_ERROR)"


def test_a_botocore_error_is_named_by_its_code():
    error = type("ClientError", (Exception,), {})(WORDS)
    error.response = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": WORDS}}
    assert describe_fault(error) == "ClientError(ProvisionedThroughputExceededException)"


def test_log_failure_gives_type_and_frames_but_never_the_message(caplog):
    with caplog.at_level(logging.DEBUG):
        log_failure(logging.getLogger("skill.test"), "reading the request failed", caught(raise_with_words))
    [record] = caplog.records
    text = record.getMessage()
    assert text.startswith("reading the request failed: ValueError\n") and "raise_with_words" in text
    assert WORDS not in caplog.text and record.levelno == logging.ERROR


def test_a_handler_that_fails_is_logged_without_what_was_said(client, monkeypatch, caplog):
    monkeypatch.setattr(ConversationHandler, "handle", lambda self, handler_input: raise_with_words())
    with caplog.at_level(logging.DEBUG):
        turn = ChatSession(client, resolver_for("en-US")).say("help")
    assert turn.reprompt, "the session carries on"
    assert "handler failed on IntentRequest intent=AMAZON.HelpIntent: ValueError" in caplog.text
    assert WORDS not in caplog.text


@pytest.mark.parametrize("component", ["skill", "verifier"])
def test_the_endpoint_logs_a_failing_skill_or_verifier_without_its_message(app, component, caplog):
    from tests.signing import envelope

    services = app.extensions["trust_builder"]
    if component == "skill":
        services.skill = SimpleNamespace(invoke=lambda **_: raise_with_words())
    else:
        services.verifier = SimpleNamespace(verify=lambda *_: raise_with_words())
    with caplog.at_level(logging.DEBUG, logger=dispatch.__name__):
        response = app.test_client().post("/alexa", json=envelope())
    assert response.status_code == 400
    assert f"{component} failed on a request: ValueError" in caplog.text and WORDS not in caplog.text


def test_log_records_skip_their_call_site_once_the_skill_sets_up_logging(monkeypatch):
    """The turn line is written every turn: no record walks the stack for a source line no format prints."""
    from skill.app import configure_logging
    monkeypatch.setattr(logging, "_srcfile", os.path.normcase(logging.addLevelName.__code__.co_filename))
    monkeypatch.setattr(logging, "logThreads", True)
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger("skill.turns")
    keep = Keep()
    logger.addHandler(keep)
    try:
        logger.warning("before")
        configure_logging("INFO")
        logger.warning("after")
    finally:
        logger.removeHandler(keep)
    assert records[0].lineno > 0 and records[0].thread is not None
    assert records[1].lineno == 0 and records[1].thread is None
