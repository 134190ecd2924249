"""Settings come from the environment once, with the defaults DESIGN §2 gives."""
from __future__ import annotations

import pytest

from skill.settings import DEFAULT_DATABASE, Settings, SettingsError


def test_defaults_verify_requests_and_use_sqlite():
    settings = Settings.from_env({})
    assert settings.verify_requests is True
    assert settings.database == DEFAULT_DATABASE == "sqlite:///var/trust-builder.sqlite3"
    assert settings.skill_ids is None
    assert settings.log_level == "INFO"


def test_several_skill_ids_are_comma_separated():
    settings = Settings.from_env({"TRUST_SKILL_ID": " amzn1.ask.skill.a, amzn1.ask.skill.b ,"})
    assert settings.skill_ids == frozenset({"amzn1.ask.skill.a", "amzn1.ask.skill.b"})


@pytest.mark.parametrize("raw, expected", [("false", False), ("FALSE", False), ("0", False), ("true", True), ("", True)])
def test_verification_flag(raw, expected):
    assert Settings.from_env({"TRUST_VERIFY_REQUESTS": raw}).verify_requests is expected


def test_a_flag_that_is_neither_true_nor_false_stops_the_start():
    with pytest.raises(SettingsError, match="TRUST_VERIFY_REQUESTS"):
        Settings.from_env({"TRUST_VERIFY_REQUESTS": "maybe"})
