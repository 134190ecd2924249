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
