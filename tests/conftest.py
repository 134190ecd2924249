"""Shared fixtures: every test gets a fresh app, as in Flask's own tutorial."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.settings import Settings


@pytest.fixture
def settings() -> Settings:
    """No verification and no store: the skill's behaviour alone. Tests of those features build their own."""
    return Settings(verify_requests=False, database="none")


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def chat(client):
    """Talk to the skill as at the chat console: `chat()` is a new session in en-US on the test's client;
    `chat("en-GB")` another locale; `attributes=` one already under way holding them; `client=` another app's
    client; `caller=` another account or voice."""
    from skill.devtools.chat_session import ChatSession
    from skill.devtools.resolver import resolver_for
    from skill.devtools.envelopes import Caller, SessionState

    def start(locale: str = "en-US", attributes: dict | None = None, *, client=client,
              caller: Caller | None = None) -> ChatSession:
        session = ChatSession(client, resolver_for(locale), caller or Caller(), locale=locale)
        if attributes is not None:
            session.session = SessionState(new=False, attributes=attributes)
        return session

    return start


@pytest.fixture(autouse=True)
def storage_budget_for_a_loaded_machine(monkeypatch):
    """A request's storage time budget (persistence.STORAGE_BUDGET_S, 2 s) is for DynamoDB's milliseconds: moto or a
    file on a machine running many suites can take longer for reasons no test is about. Tests of the budget set
    their own."""
    from tests.storage_faults_support import generous_storage_budget

    generous_storage_budget(monkeypatch)
