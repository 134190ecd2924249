"""`make bench`: measured speed of the skill against a bare ask-sdk-core skill, in one run of about five minutes.

    python -m tests.benchmarks [--quick] [--no-http]

Prints a table as it goes and, as its last line, one JSON object (milliseconds unless a key says otherwise).
Every measurement runs in this run, on this machine: the baseline is measured beside what it is compared with,
interleaved request by request on the same envelopes (interleaved.py), and the verdict reads medians of CPU time
over hundreds of pairs, which a shared machine's load moves little (each kind's ratio over each third of its pairs
is printed beside it). A step that cannot run here is left out with its reason, and its keys are null.
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import cold_start, http_load, in_process, interleaved
from tests.benchmarks.http_load import LoadUnavailable

REPO = Path(__file__).resolve().parents[2]
BUDGET_S = 330  # the whole run, start to JSON, on the 2-core machine
MEMORY_TURNS = 100_000
MEMORY_MIN_SECONDS = 30

TARGETS = {
    "kinds": "each kind of turn <= 2 x the bare skill on the same envelopes (free_40 <= 3 x), p99 < 10",
    "first_request_penalty_ms": "< 300 (first request after a cold start, beyond a warm one)",
    "import_ms": "< 400",
    "listen_p50_us": "<= 1000 (CPU time per sentence)",
    "listen_p99_us": "<= 3000 (CPU time per sentence)",
    "lambda_package_mb": "< 250 (Lambda's unzipped limit)",
    "rss_growth_mb": "< 10 (over 100,000 turns)",
    "http_rps": ">= 0.5 x http_baseline_rps",
    "http_errors": "0",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples and shorter runs: a smoke test")
    parser.add_argument("--no-http", action="store_true", help="leave out the gunicorn + wrk runs")
    args = parser.parse_args(argv)
    bench = Bench(quick=args.quick)
    bench.run(http=not args.no_http)
    bench.print_table()
    print(json.dumps(bench.summary(), allow_nan=False), flush=True)
    return 0


class Bench:
    def __init__(self, *, quick: bool) -> None:
        self.quick = quick
        self.started = time.monotonic()
        self.values: dict = {}
        self.notes: list[str] = []
        self.recorded: dict = {}

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def note_progress(self, text: str) -> None:
        print(f"        {text}", flush=True)

    def step(self, title: str, work) -> None:
        print(f"[{self.elapsed():5.0f} s] {title}", flush=True)
        try:
            work()
        except Exception as error:  # noqa: BLE001 - one step failing must not lose the others' numbers
            self.note(f"{title} failed: {type(error).__name__}: {str(error)[:600]}")

    def run(self, *, http: bool) -> None:
        self.step("interleaved: each kind of turn, the project beside a bare skill on the same envelopes",
                  self.interleaved)
        self.step("in process: verification alone, conversations recorded for HTTP", self.in_process)
        self.step("rules evaluation", self.rules)
        self.step("listener: every tuning sentence, CPU time per sentence, and the Lambda package's size", self.listener)
        self.step("cold start: import skill.lambda_function in fresh interpreters", self.cold_start)
        if http:
            self.step("HTTP: gunicorn + wrk, bare baseline then trust-builder serve", self.http)
        else:
            self.note("HTTP runs left out (--no-http)")
        self.step("memory: resident growth over mixed turns", self.memory)

    def interleaved(self) -> None:
        in_process.log_to_nowhere()
        with tempfile.TemporaryDirectory(prefix="trust-bench-") as directory:
            result = interleaved.run(Path(directory), pairs=80 if self.quick else 400, note=self.note)
        self.values.update(kinds=result["kinds"], kinds_met=result["met"], listening=result["listening"])

    def in_process(self) -> None:
        with tempfile.TemporaryDirectory(prefix="trust-bench-") as directory:
            result = in_process.run(Path(directory), scale=0.2 if self.quick else 1.0, note=self.note)
        self.recorded = result.pop("recorded")
        self.values.update(verify_p50_ms=result["verify"]["p50_ms"], verify_p99_ms=result["verify"]["p99_ms"])

    def rules(self) -> None:
        try:
            from tests.benchmarks import bench_rules
        except ImportError as error:
            self.note(f"rules left out: tests/benchmarks/bench_rules.py cannot be imported ({error})")
            return
        result = bench_rules.run(5_000 if self.quick else 20_000)
        self.values.update(rules_p50_us=result["rules_p50_us"], rules_p99_us=result["rules_p99_us"])

    def listener(self) -> None:
        from tests.benchmarks import bench_listen

        self.values.update(bench_listen.run(rounds=3 if self.quick else bench_listen.ROUNDS))

    def cold_start(self) -> None:
        result = cold_start.run(runs=3 if self.quick else 5)
        ours = result["project"]
        self.values.update(cold_start=result, import_ms=ours["import_ms"],
                           first_request_penalty_ms=ours["first_request_penalty_ms"])

    def http(self) -> None:
        if not self.recorded:
            raise LoadUnavailable("no recorded requests (the in-process step failed)")
        try:
            result = http_load.run(self.recorded["launches"], self.recorded["conversations"],
                                   seconds=6 if self.quick else http_load.RUN_SECONDS, note=self.note)
        except LoadUnavailable as reason:
            self.note(f"HTTP numbers left out: {reason}")
            return
        baseline, ours = result["baseline"], result["skill"]
        self.values.update(
            http_rps=ours["rps"], http_p50_ms=ours["p50_ms"], http_p99_ms=ours["p99_ms"], http_errors=ours["errors"],
            http_requests=ours["requests"], http_baseline_rps=baseline["rps"],
            http_baseline_p99_ms=baseline["p99_ms"], http_baseline_errors=baseline["errors"],
        )
        if ours["errors"]:
            self.note(f"HTTP errors {ours['error_detail']}; server log ends:\n{result.get('skill_log_tail', '')}")

    def memory(self) -> None:
        seconds = 20 if self.quick else max(MEMORY_MIN_SECONDS, BUDGET_S - self.elapsed() - 40)
        turns = 5_000 if self.quick else MEMORY_TURNS
        command = [sys.executable, "-m", "tests.benchmarks.memory_growth", "--turns", str(turns),
                   "--warmup", str(turns // 20), "--max-seconds", f"{seconds:.0f}"]
        self.note_progress(f"up to {turns:,} turns or {seconds:.0f} s")
        finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=seconds * 2 + 120,
                                  check=False)
        if finished.returncode != 0:
            raise RuntimeError(finished.stderr[-1500:])
        result = json.loads(finished.stdout.strip().splitlines()[-1])
        self.values.update(rss_growth_mb=result["rss_growth_mb"], rss_before_mb=result["rss_before_mb"],
                           rss_after_mb=result["rss_after_mb"], memory_turns=result["turns"],
                           memory_errors=result["errors"], memory_turns_per_s=round(result["turns"] / result["seconds"]))
        if result["turns"] < turns:
            self.note(f"memory: only {result['turns']:,} of {turns:,} turns fit the time budget "
                      f"({result['turns'] / result['seconds']:.0f} turns/s), so the target is not judged met")
        if result["errors"]:
            self.note(f"memory run: {result['errors']} requests were not answered 200")

    # --- reporting --------------------------------------------------------------------------------------------

    def met(self) -> dict[str, bool | None]:
        """Each target: True or False, or None when what it needs was not measured."""
        v = self.values
        checks = {
            "kinds": (("kinds_met",), lambda: all(v["kinds_met"].values())),
            "first_request_penalty_ms": (("first_request_penalty_ms",), lambda: v["first_request_penalty_ms"] < 300),
            "import_ms": (("import_ms",), lambda: v["import_ms"] < 400),
            "listen_p50_us": (("listen_p50_us",), lambda: v["listen_p50_us"] <= 1000),
            "listen_p99_us": (("listen_p99_us",), lambda: v["listen_p99_us"] <= 3000),
            "lambda_package_mb": (("lambda_package_mb",), lambda: v["lambda_package_mb"] < 250),
            "rss_growth_mb": (("rss_growth_mb",),
                              lambda: v["rss_growth_mb"] < 10 and v.get("memory_turns", 0) >= MEMORY_TURNS),
            "http_rps": (("http_rps", "http_baseline_rps"), lambda: v["http_rps"] >= 0.5 * v["http_baseline_rps"]),
            "http_errors": (("http_errors",), lambda: v["http_errors"] == 0),
        }
        return {key: (predicate() if all(_number(v.get(name)) or isinstance(v.get(name), dict) for name in needs)
                      else None)
                for key, (needs, predicate) in checks.items()}

    def print_table(self) -> None:
        v = self.values
        cold = v.get("cold_start", {})
        rows = [
            *[(f"{kind}: project / bare p50, CPU ms (ratio; thirds)",
               f"{r['project_p50_ms']:.2f} / {r['bare_p50_ms']:.2f} ({r['ratio']}; "
               f"{', '.join(str(t) for t in r['ratio_thirds'])})",
               f"<= {3 if kind == 'free_40' else 2}x, p99 {r['project_p99_ms']:.1f} < 10",
               v["kinds_met"][kind]) for kind, r in v.get("kinds", {}).items()],
            *[(f"  listening step / listen() alone, {kind}, CPU us",
               f"{r['step_p50_us']:.0f} / {r['listen_alone_p50_us']:.0f}", "", None)
              for kind, r in v.get("listening", {}).items()],
            *[(f"cold start, {name}: import / first / warm request, CPU ms",
               f"{r['import_ms']} / {r['first_request_ms']} / {r['warm_request_ms']}",
               "first - warm < 300" if name == "project" else "",
               self.met()["first_request_penalty_ms"] if name == "project" else None) for name, r in cold.items()],
            ("verification alone p50 / p99 (ms)", _pair(v, "verify_p50_ms", "verify_p99_ms"), "", None),
            ("rules evaluation p50 / p99 (us)", _pair(v, "rules_p50_us", "rules_p99_us"), "", None),
            ("listener p50 / p99, CPU (us)", _pair(v, "listen_p50_us", "listen_p99_us"), "<= 1000 / <= 3000",
             _both(self.met(), "listen_p50_us", "listen_p99_us")),
            ("  listener p50 / p99, wall clock (us)", _pair(v, "listen_wall_p50_us", "listen_wall_p99_us"), "", None),
            ("  listener first sentence, loading its data (ms)", v.get("listen_first_ms"), "", None),
            ("Lambda package, unzipped (MB)", v.get("lambda_package_mb"), "< 250", self.met()["lambda_package_mb"]),
            ("import skill.lambda_function, CPU (ms)", v.get("import_ms"), "< 400", self.met()["import_ms"]),
            ("resident memory growth (MB)", v.get("rss_growth_mb"), "< 10 over 100,000 turns",
             self.met()["rss_growth_mb"]),
            ("  turns measured", v.get("memory_turns"), "100,000", None),
            ("HTTP bare baseline (req/s, p99 ms)", _pair(v, "http_baseline_rps", "http_baseline_p99_ms"), "", None),
            ("HTTP trust-builder serve (req/s, p99 ms)", _pair(v, "http_rps", "http_p99_ms"), ">= half the baseline",
             self.met()["http_rps"]),
            ("HTTP errors", v.get("http_errors"), "0", self.met()["http_errors"]),
        ]
        width = max(len(row[0]) for row in rows)
        print()
        print(f"{'measure'.ljust(width)}  {'value':>16}  {'target':<28} met")
        print("-" * (width + 52))
        for name, value, target, ok in rows:
            shown = "-" if value is None else (f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float)
                                               else str(value))
            mark = "" if ok is None else ("yes" if ok else "NO")
            print(f"{name.ljust(width)}  {shown:>16}  {target:<28} {mark}")
        for text in self.notes:
            print(f"note: {text.splitlines()[0]}")
        print(f"whole run: {self.elapsed():.0f} s")

    def summary(self) -> dict:
        keys = ["kinds", "listening", "cold_start", "first_request_penalty_ms", "verify_p50_ms",
                "rules_p50_us", "rules_p99_us", "listen_p50_us", "listen_p99_us", "lambda_package_mb", "import_ms",
                "rss_growth_mb", "http_rps", "http_p99_ms", "http_errors", "http_baseline_rps"]
        extras = ["listen_wall_p50_us", "listen_wall_p99_us", "listen_first_ms", "listen_rss_mb", "verify_p99_ms",
                  "memory_turns", "memory_errors", "rss_before_mb", "rss_after_mb",
                  "http_p50_ms", "http_requests", "http_baseline_p99_ms", "http_baseline_errors"]
        data = {key: _clean(self.values.get(key)) for key in keys}
        data.update({key: _clean(self.values[key]) for key in extras if key in self.values})
        data["targets_met"] = self.met()
        data["notes"] = [text.splitlines()[0] for text in self.notes]
        data["bench_seconds"] = round(self.elapsed(), 1)
        return data


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value))


def _pair(values: dict, first: str, second: str) -> str | None:
    if values.get(first) is None and values.get(second) is None:
        return None
    return f"{_short(values.get(first))} / {_short(values.get(second))}"


def _short(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def _both(met: dict, first: str, second: str) -> bool | None:
    if met[first] is None or met[second] is None:
        return None
    return met[first] and met[second]


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


if __name__ == "__main__":
    sys.exit(main())
