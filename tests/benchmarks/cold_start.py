"""Lambda cold start, the project beside a bare ask-sdk-core skill: a fresh interpreter imports the entry (Lambda's
init phase), answers its first event, then the same event again as a warm container does.

Each run is a new process, as a new Lambda container is, with Lambda's own environment variable set, so the import
builds and prepares the skill as Lambda's init phase does; the median of several runs is reported. Interpreter
start-up is Lambda's, not ours, so the clock starts at the import. The first request's penalty is its time less a warm
request's: what a person waits for on the first turn after a cold start, beyond any other turn. The store is off
(TRUST_DATABASE=none), so the figures are the skill's own work.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WARM_REQUESTS = 20
ENTRIES = {"project": "import skill.lambda_function as entry; handler = entry.handler",
           "bare": "from tests.benchmarks.bare_skill import lambda_handler as handler"}

# Each figure in CPU time of the process (what the verdict reads: a shared machine's load stretches wall-clock time
# by whatever the neighbours do) and in wall-clock time ("*_wall_ms").
CHILD = """
import json, statistics, time
clocks = (time.process_time, time.perf_counter)
def now():
    return [clock() for clock in clocks]
def spent(since):
    return [(clock() - start) * 1000 for clock, start in zip(clocks, since)]
started = now()
{entry}
imported = spent(started)
event = json.loads({event!r})
began = now()
answer = handler(event, None)
first = spent(began)
assert answer["response"], answer
warm = []
for _ in range({warm}):
    began = now()
    handler(event, None)
    warm.append(spent(began))
warm_cpu, warm_wall = (statistics.median(sample[n] for sample in warm) for n in (0, 1))
print(json.dumps({{"import_ms": imported[0], "first_request_ms": first[0], "warm_request_ms": warm_cpu,
                  "import_wall_ms": imported[1], "first_request_wall_ms": first[1],
                  "warm_request_wall_ms": warm_wall}}))
"""


def _event() -> str:
    from tests.live_signing_support import launch_envelope

    return json.dumps(launch_envelope("amzn1.ask.account.COLDSTART"))


def run(runs: int = 7) -> dict:
    """Per entry (project, bare): medians of import, first request and warm request (ms of CPU, and of wall clock),
    and the first request's CPU penalty over a warm one."""
    env = {**os.environ, "TRUST_DATABASE": "none", "TRUST_LOG_LEVEL": "WARNING", "PYTHONDONTWRITEBYTECODE": "1",
           # As Lambda's runtime sets it: the entry then builds the skill in the init phase, as it does on Lambda.
           "AWS_LAMBDA_FUNCTION_NAME": "trust-builder-cold-start"}
    env.pop("TRUST_SKILL_ID", None)
    results: dict[str, list[dict]] = {name: [] for name in ENTRIES}
    for _ in range(runs):
        for name, entry in ENTRIES.items():  # interleaved, as the warm benchmarks are
            code = CHILD.format(entry=entry, event=_event(), warm=WARM_REQUESTS)
            finished = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                                      text=True, timeout=120, check=False)
            if finished.returncode != 0:
                raise RuntimeError(f"cold start run of the {name} failed:\n{finished.stderr[-2000:]}")
            results[name].append(json.loads(finished.stdout.strip().splitlines()[-1]))
    summary = {}
    for name, measured in results.items():
        medians = {key: round(statistics.median(run[key] for run in measured), 1) for key in measured[0]}
        medians["first_request_penalty_ms"] = round(medians["first_request_ms"] - medians["warm_request_ms"], 1)
        summary[name] = medians
    return summary


if __name__ == "__main__":
    print(json.dumps(run(3)))
