"""In-process latency through Flask's test client: the bare baseline, create_app() launches and turns, verification alone.

create_app() runs as in production: verification on (chain cached after one download), the SQLite store, INFO
logging (written to /dev/null, so its cost is counted without flooding the terminal). Signing happens before the
clock starts; the time is the test client's post, the same measure as the baseline's.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from skill.devtools import envelopes
from skill.app import create_app
from skill.devtools.envelopes import Caller, SessionState
from skill.settings import Settings
from tests.benchmarks.bare_skill import create_bare_app
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


def _time_posts(client, requests: list[tuple[bytes, dict]], repeat: int) -> list[float]:
    samples = []
    for index in range(repeat):
        body, headers = requests[index % len(requests)]
        started = clock()
        answer = client.post("/alexa", data=body, headers=headers)
        samples.append(clock() - started)
        if answer.status_code != 200:
            raise RuntimeError(f"/alexa answered {answer.status_code}: {answer.get_data(as_text=True)[:300]}")
    return samples


def bench_baseline(count: int) -> list[float]:
    client = create_bare_app().test_client()
    requests = [signed_request(launch_envelope(f"bench-bare-{n}")) for n in range(50)]
    _time_posts(client, requests, 300)  # warm-up
    return _time_posts(client, requests, count)


def bench_launches(app, count: int, max_seconds: float, users: int = 200) -> list[float]:
    """Launches by `users` people in turn (each one's first is a first visit, the rest are returns), until
    `count` or `max_seconds`."""
    client = app.test_client()
    samples: list[float] = []
    deadline = clock() + max_seconds
    while len(samples) < count and clock() < deadline:
        body, headers = signed_request(launch_envelope(f"bench-launch-{len(samples) % users}"))
        samples.extend(_time_posts(client, [(body, headers)], 1))
    return samples


@dataclass
class TurnTimes:
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    launches: list[float] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)  # every request sent, in order

    def turns(self, kinds) -> list[float]:
        return [sample for kind in kinds for sample in self.by_kind.get(kind, [])]


def bench_conversations(app, kinds: list[str], conversations_per_kind: int,
                        max_seconds: float = float("inf")) -> TurnTimes:
    """Whole scripted sessions, each by a new person, until done or `max_seconds`; every turn after the launch
    is a turn sample."""
    times = TurnTimes()
    posted: list[float] = []
    client = SigningClient(app.test_client(), on_post=posted.append)
    deadline = clock() + max_seconds
    for number in range(conversations_per_kind):
        if clock() > deadline:
            break
        for kind in kinds:
            posted.clear()
            transcript = run_script(client, kind, f"bench-{kind}-{number}")
            times.requests.extend(transcript.requests)
            for request, seconds in zip(transcript.requests, posted):
                if request["request"]["type"] == "LaunchRequest":
                    times.launches.append(seconds)
                else:
                    times.by_kind.setdefault(kind, []).append(seconds)
    return times


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
    """All in-process measurements; `scale` shrinks the sample counts for a quick look."""
    log_to_nowhere()
    n = lambda count: max(20, int(count * scale))  # noqa: E731
    baseline = bench_baseline(n(3000))
    app = production_app(directory)
    kinds_found = available_kinds(SigningClient(app.test_client()))
    kinds = [kind for kind in SCRIPTS if kinds_found[kind]]
    missing = [kind for kind in FEATURE_KINDS if not kinds_found[kind]]
    if missing:
        note(f"turn mix leaves out {', '.join(missing)}: the skill does not answer those turns yet")
    bench_conversations(app, kinds, n(10), max_seconds=5)  # warm-up
    turns = bench_conversations(app, kinds, n(80), max_seconds=40 * scale)
    launches = bench_launches(app, n(1500), max_seconds=20 * scale)
    verification = bench_verification(app, n(3000))
    feature_kinds = [kind for kind in FEATURE_KINDS if kinds_found[kind]] or ["basics"]
    return {
        "baseline": summary(baseline),
        "launch": summary(launches),
        "turn": summary(turns.turns(feature_kinds)),
        "turn_kinds": feature_kinds,
        "by_kind": {kind: summary(turns.by_kind.get(kind, [])) for kind in kinds},
        "verify": summary(verification),
        "kinds_found": kinds_found,
        # For the HTTP runs: whole conversations in order, and launches for the bare skill.
        "recorded": {"conversations": turns.requests[:RECORDED_FOR_HTTP],
                     "launches": [launch_envelope(f"bench-http-{n}") for n in range(50)]},
    }
