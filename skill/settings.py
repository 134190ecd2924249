"""Reads the skill's settings from the environment, once, in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

DEFAULT_DATABASE = "sqlite:///var/trust-builder.sqlite3"
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        ids = frozenset(part.strip() for part in env.get("TRUST_SKILL_ID", "").split(",") if part.strip())
        return cls(
            skill_ids=ids or None,
            verify_requests=_flag(env, "TRUST_VERIFY_REQUESTS", default=True),
            ca_bundle=env.get("TRUST_CA_BUNDLE") or None,
            database=env.get("TRUST_DATABASE") or DEFAULT_DATABASE,
            log_level=(env.get("TRUST_LOG_LEVEL") or "INFO").upper(),
        )


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
