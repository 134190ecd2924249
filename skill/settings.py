"""Reads the skill's settings from the environment, once, in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

DEFAULT_DATABASE = "sqlite:///var/trust-builder.sqlite3"
DEFAULT_BIND = "127.0.0.1:5000"
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
DEFAULT_AWS_REGION = "us-east-1"
# The rules files that ship with the skill: rules/ beside the package (Makefile's build-SkillFunction copies it).
DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
# The skill manifest, whose published locales must each have safety numbers (copied beside rules/ the same way).
MANIFEST_FILE = Path(__file__).resolve().parent.parent / "interaction_model" / "skill.json"
FALSE_WORDS = frozenset({"false", "0", "no", "off"})
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})


class SettingsError(ValueError):
    """A setting has a value the skill cannot start with."""


@dataclass(frozen=True)
class Settings:
    skill_ids: frozenset[str] | None = None
    verify_requests: bool = True
    ca_bundle: str | None = None
    database: str = DEFAULT_DATABASE
    log_level: str = "INFO"
    rules_dir: Path = DEFAULT_RULES_DIR
    aws_region: str = DEFAULT_AWS_REGION
    # `trust-builder serve` only: where gunicorn listens, and how many processes and threads it runs.
    bind: str = DEFAULT_BIND
    workers: int = DEFAULT_WORKERS
    threads: int = DEFAULT_THREADS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 defaults: Mapping[str, str] | None = None) -> "Settings":
        """Settings from `environ` (default: the process environment); `defaults` stand in for unset variables,
        for a command whose own defaults differ (the chat console logs less)."""
        env = {**(defaults or {}), **(os.environ if environ is None else environ)}
        ids = frozenset(part.strip() for part in env.get("TRUST_SKILL_ID", "").split(",") if part.strip())
        return cls(
            skill_ids=ids or None,
            verify_requests=_flag(env, "TRUST_VERIFY_REQUESTS", default=True),
            ca_bundle=env.get("TRUST_CA_BUNDLE") or None,
            database=env.get("TRUST_DATABASE") or DEFAULT_DATABASE,
            log_level=(env.get("TRUST_LOG_LEVEL") or "INFO").upper(),
            rules_dir=Path(env.get("TRUST_RULES_DIR") or DEFAULT_RULES_DIR),
            # Lambda sets AWS_REGION; AWS tools elsewhere use AWS_DEFAULT_REGION.
            aws_region=(env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_AWS_REGION).strip(),
            bind=_bind(env),
            workers=_count(env, "TRUST_WORKERS", DEFAULT_WORKERS),
            threads=_count(env, "TRUST_THREADS", DEFAULT_THREADS),
        )


def on_lambda() -> bool:
    """Whether this process runs a Lambda function: Lambda sets AWS_LAMBDA_FUNCTION_NAME from its init phase on."""
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return value


def _bind(env: Mapping[str, str]) -> str:
    raw = (env.get("TRUST_BIND") or "").strip()
    if not raw:
        return DEFAULT_BIND
    problem = f"TRUST_BIND must be HOST:PORT or unix:PATH, as gunicorn's --bind takes; not {raw!r}"
    if any(character.isspace() for character in raw):
        raise SettingsError(problem)
    if raw.startswith(("unix:", "fd://")):
        return raw
    _host, colon, port = raw.rpartition(":")
    if colon and not (port.isdigit() and 0 < int(port) < 65536):
        raise SettingsError(problem)
    return raw
