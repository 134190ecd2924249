"""The production server under a real load generator: `trust-builder serve` (gunicorn) on loopback, driven by wrk.

Two servers with the same gunicorn flags: the bare ask-sdk-core skill answering launches (the baseline), and
create_app() with verification on and the SQLite store, answering a replay of recorded conversations. Both are up
together and wrk drives them in turn, ROUNDS short runs each, so a change in the machine's load during the minute
touches both alike. Every request is correctly signed just before the runs (the verifier allows 150 s; all runs
take about 2 x RUN_SECONDS). Each gunicorn worker gets the chain through a server hook before it serves (tests/gunicorn_hooks_support.py);
nothing in skill/ knows about it.

wrk comes from Debian's packages: when it is missing it is installed with apt-get (as root), else the HTTP
numbers are left out with the reason.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.gunicorn_support import ServerFailed, gunicorn_command, running_server, serve_command
from tests.live_signing_support import signed_request, write_live_ca_bundle, write_warmup_file

RUN_SECONDS = 12  # per server, split into ROUNDS
ROUNDS = 3
CONNECTIONS = 16
WRK_THREADS = 1  # the server needs the CPU more than the generator does on two cores
BARE_APP = "tests.benchmarks.bare_skill:create_bare_app()"

LUA = """
local bodies = {BODIES}
local signatures = {SIGNATURES}
local chain_url = "{CHAIN_URL}"
local prepared = {{}}
local index = 0

init = function(args)
  for i = 1, #bodies do
    prepared[i] = wrk.format("POST", "/alexa", {{
      ["Content-Type"] = "application/json",
      ["Signature-256"] = signatures[i],
      ["SignatureCertChainUrl"] = chain_url,
    }}, bodies[i])
  end
end

request = function()
  index = index % #prepared + 1
  return prepared[index]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


class LoadUnavailable(RuntimeError):
    """The HTTP load cannot run here; the message says why."""


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    error_detail: dict
    seconds: float = 0.0

    @classmethod
    def combined(cls, runs: list["LoadResult"]) -> "LoadResult":
        """Throughput over all runs; latency percentiles as the median of the runs' own."""
        detail: dict = {}
        for run in runs:
            for key, count in run.error_detail.items():
                detail[key] = detail.get(key, 0) + count
        middle = sorted(runs, key=lambda run: run.p99_ms)[len(runs) // 2]
        seconds = sum(run.seconds for run in runs)
        requests = sum(run.requests for run in runs)
        return cls(rps=requests / seconds, p50_ms=sorted(run.p50_ms for run in runs)[len(runs) // 2],
                   p99_ms=middle.p99_ms, errors=sum(run.errors for run in runs), requests=requests,
                   error_detail=detail, seconds=seconds)

    def as_dict(self) -> dict:
        return {"rps": round(self.rps, 1), "p50_ms": self.p50_ms, "p99_ms": self.p99_ms, "errors": self.errors,
                "requests": self.requests, "error_detail": self.error_detail}


def ensure_wrk(note=print) -> str:
    """The path of wrk, installing Debian's package when it is missing and we may."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise LoadUnavailable("wrk is not installed and apt-get cannot install it here (needs root on Debian)")
    note("installing wrk from Debian's packages (apt-get update && apt-get install -y wrk)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)
        if finished.returncode != 0:
            raise LoadUnavailable(f"{' '.join(command)} failed: {finished.stderr.strip()[-300:]}")
    found = shutil.which("wrk")
    if not found:
        raise LoadUnavailable("apt-get installed wrk but it is not on PATH")
    return found


def _lua_string(text: str) -> str:
    level = "=" * 4
    if f"]{level}]" in text:
        raise ValueError("body contains the Lua long-bracket terminator")
    return f"[{level}[{text}]{level}]"


def write_script(path: Path, requests: list[dict]) -> Path:
    """A wrk script cycling through `requests`, each signed now."""
    signed = [signed_request(request) for request in requests]
    bodies = "{" + ",\n".join(_lua_string(body.decode("utf-8")) for body, _ in signed) + "}"
    signatures = "{" + ",\n".join(f'"{headers["Signature-256"]}"' for _, headers in signed) + "}"
    chain_url = signed[0][1]["SignatureCertChainUrl"]
    path.write_text(LUA.format(BODIES=bodies, SIGNATURES=signatures, CHAIN_URL=chain_url), encoding="utf-8")
    return path


def run_wrk(wrk: str, url: str, script: Path, seconds: int = RUN_SECONDS) -> LoadResult:
    command = [wrk, f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
               f"{url}/alexa"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    line = next((line for line in finished.stdout.splitlines() if line.startswith("WRK_RESULT ")), None)
    if finished.returncode != 0 or line is None:
        raise LoadUnavailable(f"wrk failed ({finished.returncode}): {finished.stderr.strip()[-300:]}")
    data = json.loads(line[len("WRK_RESULT "):])
    detail = {key: data[key] for key in ("connect", "read", "write", "status", "timeout") if data[key]}
    return LoadResult(rps=data["requests"] / (data["duration_us"] / 1e6), p50_ms=round(data["p50_us"] / 1000, 2),
                      p99_ms=round(data["p99_us"] / 1000, 2), errors=sum(detail.values()),
                      requests=data["requests"], error_detail=detail, seconds=data["duration_us"] / 1e6)


def run(launch_requests: list[dict], conversation_requests: list[dict], *, seconds: int = RUN_SECONDS,
        note=print) -> dict:
    """Baseline and production servers driven in turn; `launch_requests` feed the bare skill, `conversation_requests` ours."""
    wrk = ensure_wrk(note)
    with tempfile.TemporaryDirectory(prefix="trust-http-") as scratch:
        scratch = Path(scratch)
        env = {
            "TRUST_LOG_LEVEL": "INFO",
            "TRUST_SKILL_ID": launch_requests[0]["context"]["System"]["application"]["applicationId"],
            "TRUST_VERIFY_REQUESTS": "true",
            "TRUST_CA_BUNDLE": write_live_ca_bundle(scratch),
            "TRUST_DATABASE": f"sqlite:///{scratch / 'skill.sqlite3'}",
            "TRUST_TEST_WARMUP": str(write_warmup_file(scratch / "warmup.json")),
        }
        try:
            with running_server(lambda bind: gunicorn_command(bind, BARE_APP)) as bare, \
                    running_server(serve_command, env) as skill:
                bare_script = write_script(scratch / "bare.lua", launch_requests)
                skill_script = write_script(scratch / "skill.lua", conversation_requests)
                bare_runs, skill_runs = [], []
                for _ in range(ROUNDS):
                    bare_runs.append(run_wrk(wrk, bare.url, bare_script, max(1, seconds // ROUNDS)))
                    skill_runs.append(run_wrk(wrk, skill.url, skill_script, max(1, seconds // ROUNDS)))
                log_tail = skill.log_text()[-2000:]
        except ServerFailed as failure:
            raise LoadUnavailable(f"a server did not start: {str(failure)[-1500:]}") from None
    baseline, ours = LoadResult.combined(bare_runs), LoadResult.combined(skill_runs)
    result = {"baseline": baseline.as_dict(), "skill": ours.as_dict()}
    if ours.errors:
        result["skill_log_tail"] = log_tail
    return result
