"""The app as production runs it, in process: verification alone, and the signed conversations the HTTP runs replay.

create_app() runs as in production: verification on (chain cached after one download), the SQLite store, INFO
logging (written to /dev/null, so its cost is counted without flooding the terminal). Turn by turn speed beside a
bare skill is interleaved.py's.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from skill.devtools import envelopes
from skill.app import create_app
from skill.devtools.envelopes import Caller, SessionState
from skill.settings import Settings
from tests.benchmarks.timing import clock, ms, percentile
from tests.conversation_support import LOCALE, SCRIPTS, SigningClient, available_kinds, run_script
from tests.live_signing_support import SKILL_ID, signed_request, warm_chain_cache, write_live_ca_bundle

FEATURE_KINDS = ("selfcheck", "topics", "exercises", "free")
RECORDED_FOR_HTTP = 1200


def production_settings(directory: Path) -> Settings:
    """Settings as production runs them, with the throwaway CA and a fresh SQLite file in `directory`."""
    return Settings(skill_ids=frozenset({SKILL_ID}), verify_requests=True,
                    ca_bundle=write_live_ca_bundle(directory),
                    database=f"sqlite:///{Path(directory) / 'skill.sqlite3'}", log_level="INFO")


def log_to_nowhere() -> None:
    """Logging as configured in production, written to /dev/null; must run before create_app()."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    logging.basicConfig(stream=open(os.devnull, "w"), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def production_app(directory: Path):
    app = create_app(production_settings(directory))
    warm_chain_cache(app)
    return app


def launch_envelope(user: str) -> dict:
    caller = Caller.named(user, application_id=SKILL_ID)
    return envelopes.envelope(envelopes.launch_request(LOCALE), caller, SessionState())


def record_conversations(app, kinds: list[str], conversations_per_kind: int) -> list[dict]:
    """Whole scripted sessions, each by a new person: every request sent, in order (for the HTTP runs)."""
    client = SigningClient(app.test_client())
    return [request for number in range(conversations_per_kind) for kind in kinds
            for request in run_script(client, kind, f"bench-{kind}-{number}").requests]


def bench_verification(app, count: int) -> list[float]:
    verifier = app.extensions["trust_builder"].verifier
    body, headers = signed_request(launch_envelope("bench-verify"))
    envelope = json.loads(body)
    samples = []
    for _ in range(count):
        started = clock()
        verifier.verify(headers, body, envelope)
        samples.append(clock() - started)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": ms(percentile(samples, 50)), "p99_ms": ms(percentile(samples, 99)), "n": len(samples)}


def run(directory: Path, *, scale: float = 1.0, note: Callable[[str], None] = print) -> dict:
    """Verification alone, and the requests the HTTP runs replay; `scale` shrinks the sample counts."""
    log_to_nowhere()
    app = production_app(directory)
    kinds_found = available_kinds(SigningClient(app.test_client()))
    kinds = [kind for kind in SCRIPTS if kinds_found[kind]]
    missing = [kind for kind in FEATURE_KINDS if not kinds_found[kind]]
    if missing:
        note(f"HTTP turn mix leaves out {', '.join(missing)}: the skill does not answer those turns yet")
    verification = bench_verification(app, max(20, int(3000 * scale)))
    conversations = record_conversations(app, kinds, max(2, int(12 * scale)))
    return {
        "verify": summary(verification),
        # For the HTTP runs: whole conversations in order, and launches for the bare skill.
        "recorded": {"conversations": conversations[:RECORDED_FOR_HTTP],
                     "launches": [launch_envelope(f"bench-http-{n}") for n in range(50)]},
    }
