"""The listener's cost per sentence (median, p99), its first-sentence load, its resident memory, and the size of
the Lambda package it ships in.

`python -m tests.benchmarks.bench_listen` prints the figures. Sentences are the tuning part of the corpus, said
after the questions the corpus gives, so every reader runs. The percentiles are of this thread's CPU time:
on a shared machine (a load of 10 on 2 cores is common here) wall-clock p99 measures the neighbours, so the
wall-clock figures are reported beside them.
"""
from __future__ import annotations

import gc
import json
import re
import time
from importlib import metadata
from pathlib import Path

import yaml

from tests.benchmarks.bench_rules import resident_mb
from tests.benchmarks.timing import clock, ms, percentile, us

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 20
LAMBDA_UNZIPPED_LIMIT_MB = 250
# What the Lambda runtime provides, so build-SkillFunction leaves it out (the Makefile's LAMBDA_PROVIDED).
LAMBDA_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath"})


def sentences() -> list[tuple[str, str | None]]:
    items = yaml.safe_load((REPO / "tests" / "data" / "listener" / "tune.yaml").read_text(encoding="utf-8"))["items"]
    return [(item["text"], item.get("after")) for item in items]


def run(rounds: int = ROUNDS) -> dict:
    before = resident_mb()
    started = clock()
    from skill.listener import listen

    listen("hello")
    first_ms = ms(clock() - started)
    said = sentences()
    samples, walls = [], []
    gc.collect()
    for _ in range(rounds):
        for text, asked in said:
            began, began_cpu = clock(), time.thread_time()
            listen(text, asked=asked)
            samples.append(time.thread_time() - began_cpu)
            walls.append(clock() - began)
    return {"listen_p50_us": us(percentile(samples, 50)), "listen_p99_us": us(percentile(samples, 99)),
            "listen_wall_p50_us": us(percentile(walls, 50)), "listen_wall_p99_us": us(percentile(walls, 99)),
            "listen_first_ms": first_ms, "listen_sentences": len(samples),
            "listen_rss_mb": round(resident_mb() - before, 1), "lambda_package_mb": lambda_package_mb()}


def lambda_package_mb() -> float:
    """Unzipped size of what `build-SkillFunction` installs: our package and rules, and every dependency but the web
    extra's and what the Lambda runtime provides (`make lambda-size` builds it for real)."""
    total = sum(path.stat().st_size for folder in ("skill", "rules") for path in (REPO / folder).rglob("*")
                if path.is_file() and "__pycache__" not in path.parts)
    project = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    wanted = re.findall(r'^\s+"([A-Za-z0-9_.\-\[\]]+)', project.split("dependencies = [", 1)[1].split("]\n", 1)[0],
                        re.MULTILINE)
    seen: set[str] = set()
    while wanted:
        name = re.split(r"[\[<>=!~; ]", wanted.pop())[0].lower().replace("_", "-")
        if name in seen or name in LAMBDA_PROVIDED:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        total += sum(file.locate().stat().st_size for file in dist.files or () if file.locate().is_file())
        wanted += [requirement for requirement in dist.requires or () if "extra ==" not in requirement]
    return round(total / 1024 / 1024, 1)


if __name__ == "__main__":
    print(json.dumps(run()))
