"""Where a turn's time goes: one kind of turn (interleaved.py's envelopes) run under cProfile, its own time summed by
the part of the code it was spent in.

    python -m tests.benchmarks.profile_turn [KIND] [--requests N]     KIND: launch, topics, free_8, free_40, ...
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
from collections import defaultdict
from pathlib import Path

from skill.app import create_app
from skill.settings import Settings
from tests.benchmarks.in_process import log_to_nowhere
from tests.benchmarks.interleaved import recorded_kinds

# The first of these that a function's file path contains names its part.
PARTS = [("re.Pattern", "regular expressions (C), mostly the listener's"), ("sqlite3.", "SQLite"),
         ("skill/listener/", "listener"), ("skill/handlers/hearing", "listening step (hearing)"),
         ("skill/alexa/turn_of", "listening step (the Turn)"),
         ("skill/storage/", "storage (ours)"), ("sqlite3", "SQLite"), ("skill/web/", "dispatch and envelope checks"),
         ("skill/handlers/", "handlers"), ("skill/conversation/", "conversation"), ("skill/voice/", "speech"),
         ("skill/rulebook/", "rules"), ("skill/", "skill, other"), ("ask_sdk_model", "ask-sdk model (de)serialise"),
         ("ask_sdk", "ask-sdk dispatch"), ("werkzeug", "Flask and werkzeug"), ("flask", "Flask and werkzeug"),
         ("json", "json"), ("logging", "logging"), ("re.py", "re"), ("_sre", "re")]


def profile(kind: str, requests: int) -> list[tuple[str, float]]:
    log_to_nowhere()
    with tempfile.TemporaryDirectory(prefix="trust-profile-") as folder:
        client = create_app(Settings(verify_requests=False, database=f"sqlite:///{Path(folder) / 'p.sqlite3'}",
                                     log_level="INFO")).test_client()
        bodies = recorded_kinds(client, print)[kind]
        for body in bodies * 5:
            client.post("/alexa", data=body, content_type="application/json")
        profiler = cProfile.Profile()
        profiler.enable()
        for index in range(requests):
            client.post("/alexa", data=bodies[index % len(bodies)], content_type="application/json")
        profiler.disable()
    by_part: dict[str, float] = defaultdict(float)
    for (path, _line, name), (_calls, _primitive, own_time, _total, _callers) in pstats.Stats(profiler).stats.items():
        where = f"{path}:{name}"
        part = next((label for needle, label in PARTS if needle in where), "other (interpreter, libraries)")
        by_part[part] += own_time
    total = sum(by_part.values())
    return [(part, seconds / total) for part, seconds in sorted(by_part.items(), key=lambda item: -item[1])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", nargs="?", default="free_40")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    for part, share in profile(args.kind, args.requests):
        print(f"{share:6.1%}  {part}")


if __name__ == "__main__":
    main()
