"""Lambda cold start: a fresh interpreter importing skill.lambda_function, and that import plus the first invocation.

Each run is a new process, as a new Lambda container is; the median of several runs is reported. The import is
timed inside the child (interpreter start-up is Lambda's, not ours); the first invocation builds the skill
(content, rules, handlers) and answers one LaunchRequest with the store off, as it would on its first event.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import json, time
started = time.perf_counter()
import skill.lambda_function as entry
imported = time.perf_counter()
event = json.loads({event!r})
answer = entry.handler(event, None)
invoked = time.perf_counter()
assert answer["response"], answer
print(json.dumps({{"import_ms": (imported - started) * 1000, "first_invoke_ms": (invoked - started) * 1000}}))
"""


def _event() -> str:
    from tests.live_signing_support import launch_envelope

    return json.dumps(launch_envelope("amzn1.ask.account.COLDSTART"))


def run(runs: int = 7) -> dict:
    env = {**os.environ, "TRUST_DATABASE": "none", "TRUST_LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TRUST_SKILL_ID", None)
    code = CHILD.format(event=_event())
    results = []
    for _ in range(runs):
        finished = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                                  timeout=60, check=False)
        if finished.returncode != 0:
            raise RuntimeError(f"cold start run failed:\n{finished.stderr[-2000:]}")
        results.append(json.loads(finished.stdout.strip().splitlines()[-1]))
    return {key: round(statistics.median(r[key] for r in results), 1) for key in ("import_ms", "first_invoke_ms")}
