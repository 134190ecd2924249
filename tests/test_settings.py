"""Settings come from the environment once, with the defaults DESIGN §2 gives."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from skill import cli
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


def test_serving_and_rules_and_region_have_the_documented_defaults():
    settings = Settings.from_env({})
    assert (settings.bind, settings.workers, settings.threads) == ("127.0.0.1:5000", 2, 4)
    assert settings.rules_dir == Path(__file__).resolve().parents[1] / "rules"
    assert settings.aws_region == "us-east-1"


def test_serving_rules_and_region_come_from_the_environment():
    settings = Settings.from_env({"TRUST_BIND": "0.0.0.0:8080", "TRUST_WORKERS": "3", "TRUST_THREADS": " 8 ",
                                  "TRUST_RULES_DIR": "/srv/rules", "AWS_DEFAULT_REGION": "eu-west-1"})
    assert (settings.bind, settings.workers, settings.threads) == ("0.0.0.0:8080", 3, 8)
    assert settings.rules_dir == Path("/srv/rules") and settings.aws_region == "eu-west-1"
    # Lambda sets AWS_REGION; it wins over AWS_DEFAULT_REGION.
    assert Settings.from_env({"AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "eu-west-1"}).aws_region == "ap-south-1"
    assert Settings.from_env({"TRUST_BIND": "unix:/run/trust.sock"}).bind == "unix:/run/trust.sock"


@pytest.mark.parametrize("name, value", [
    ("TRUST_WORKERS", "two"), ("TRUST_WORKERS", "0"), ("TRUST_THREADS", "-1"), ("TRUST_THREADS", "4.5"),
    ("TRUST_BIND", "localhost:http"), ("TRUST_BIND", "0.0.0.0:99999"), ("TRUST_BIND", "host :80"),
])
def test_a_bad_serving_setting_is_named_in_the_refusal(name, value):
    with pytest.raises(SettingsError, match=name) as refused:
        Settings.from_env({name: value})
    assert repr(value) in str(refused.value)


def test_defaults_given_by_a_command_yield_to_the_environment():
    assert Settings.from_env({}, defaults={"TRUST_LOG_LEVEL": "WARNING"}).log_level == "WARNING"
    assert Settings.from_env({"TRUST_LOG_LEVEL": "debug"}, defaults={"TRUST_LOG_LEVEL": "WARNING"}).log_level == "DEBUG"


def test_serve_refuses_a_bad_setting_with_its_name_not_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("TRUST_WORKERS", "lots")
    assert cli.main(["serve"]) == cli.EXIT_BAD_SETTINGS
    error = capsys.readouterr().err
    assert "TRUST_WORKERS must be a whole number of at least 1, not 'lots'" in error
    assert "Traceback" not in error


def test_serve_hands_gunicorn_the_settings_and_options_win(monkeypatch):
    started = []
    monkeypatch.setattr("gunicorn.app.wsgiapp.run", lambda: started.append(list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["trust-builder"])
    monkeypatch.setenv("TRUST_BIND", "0.0.0.0:8000")
    monkeypatch.setenv("TRUST_WORKERS", "5")
    monkeypatch.delenv("TRUST_THREADS", raising=False)
    assert cli.main(["serve", "--threads", "6"]) == 0
    argv = started[0]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8000"
    assert (argv[argv.index("--workers") + 1], argv[argv.index("--threads") + 1]) == ("5", "6")


def test_only_settings_reads_the_environment():
    """STYLE: one place reads settings. Any other module of the skill reading os.environ is a second place."""
    package = Path(__file__).resolve().parents[1] / "skill"
    readers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                     if path.name != "settings.py" and re.search(r"os\.environ|os\.getenv|getenv\(",
                                                                 path.read_text(encoding="utf-8")))
    assert not readers, f"modules reading the environment outside skill/settings.py: {readers}"


def test_the_console_refuses_a_broken_rules_folder_with_its_message(monkeypatch, tmp_path, capsys):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    monkeypatch.setenv("TRUST_RULES_DIR", str(tmp_path))
    assert cli.main(["chat", "--database", "none", "--json"]) == cli.EXIT_BAD_SETTINGS
    error = capsys.readouterr().err
    assert f"trust-builder: {tmp_path / 'broken.json'}: not valid JSON" in error and "Traceback" not in error
