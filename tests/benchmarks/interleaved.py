"""The project beside a bare ask-sdk-core skill on the same envelopes, interleaved request by request, per kind of turn.

Each kind (a launch, the turns of each feature, free sentences of 8, 20 and 40 words) is a set of request envelopes
recorded from the skill's own conversations. Both apps get the same bytes through Flask's test client, one pair at a
time, in an order drawn afresh for each pair, so a change in the machine's load falls on both sides alike. A kind's
ratio is the median of the project's times over the median of the bare skill's, over hundreds of pairs; the ratio of
each third of the pairs is reported beside it, to show how far one run's noise moves it.

Times are this thread's CPU time (everything a request does runs on it, SQLite included), which is what the verdict
reads: on a shared machine (a load of 10 to 30 on 2 cores is common here) wall-clock time measures the neighbours,
and moved the bare skill's median from 0.3 to 8 ms within one run. Wall-clock medians are reported beside it.

The project runs as production does (SQLite store, INFO logging to /dev/null) except that request verification is
off: the bare skill does not verify either, and verification's own cost is measured apart (in_process.py).

The listening step is timed inside the project as it runs (skill.alexa.turn_of.Listening, the whole interceptor that
makes the Turn: the slot's words, the question waiting, the danger scans), beside listen() alone on the same words. The same few
sentences come back hundreds of times, but the listener keeps what it worked out of a sentence only for its turn
(skill/listener/memory.py), so each is heard as new, as a person's sentence is; listen() alone forgets each too.
"""
from __future__ import annotations

import gc
import json
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from skill.app import create_app
from skill.devtools.chat_session import ChatSession
from skill.devtools.envelopes import Caller
from skill.devtools.resolver import resolver_for
from skill.settings import Settings
from tests.benchmarks.bare_skill import create_bare_app
from tests.benchmarks.timing import clock, percentile
from tests.conversation_support import LOCALE, SCRIPTS, run_script

FEATURES = ("selfcheck", "topics", "exercises", "basics")
# Free sentences as people say them, of 8, 20 and 40 words, in our own words (none from a test set).
FREE_SENTENCES = {
    8: ["we keep arguing about money and chores lately",
        "my wife never tells me where she goes",
        "I think he is hiding messages from me"],
    20: ["my partner and I have been drifting apart for months and I am not sure how to talk about it",
         "she says she forgives me for what happened last year but she still checks my phone every single night now",
         "we used to laugh together all the time and now we mostly talk about bills and the kids school schedules"],
    40: ["ever since we moved to the new city my husband works late every night and when he gets home we barely say "
         "a word to each other so I keep wondering whether we can rebuild the closeness we once had",
         "I found some messages on her laptop from someone at her work and she told me they were only friends but "
         "she gets defensive whenever I ask about it and now I cannot stop thinking about it at all lately",
         "my boyfriend promised he would stop gambling after last summer and for a while things felt better between "
         "us but last week I noticed money missing from our joint account again and I honestly do not know what to"
         " believe"],
}
TARGETS = {"ratio": 2.0, "ratio_free_40": 3.0, "p99_ms": 10.0}


def run(directory: Path, *, pairs: int = 400, note: Callable[[str], None] = print) -> dict:
    """Per kind: project and bare medians and p99 (ms), the ratio and its spread over thirds; the listening step."""
    settings = Settings(verify_requests=False, database=f"sqlite:///{directory / 'interleaved.sqlite3'}",
                        log_level="INFO")
    project = create_app(settings).test_client()
    bare = create_bare_app().test_client()
    kinds = recorded_kinds(project, note)
    results = {}
    listening: dict[str, list[float]] = {}
    for kind, bodies in kinds.items():
        with timed_listening() as heard:
            (ours, theirs), (ours_wall, theirs_wall) = interleave(project, bare, bodies, pairs)
        results[kind] = {**compare(ours, theirs), "project_wall_p50_ms": _ms(statistics.median(ours_wall)),
                         "bare_wall_p50_ms": _ms(statistics.median(theirs_wall))}
        if kind.startswith("free_"):
            listening[kind] = heard[:]
    results_listening = {kind: listening_step(samples, FREE_SENTENCES[int(kind.split("_")[1])])
                         for kind, samples in listening.items()}
    return {"kinds": results, "listening": results_listening, "pairs": pairs, "met": verdict(results)}


def recorded_kinds(project, note: Callable[[str], None]) -> dict[str, list[bytes]]:
    """Request bodies by kind, recorded from whole conversations through the project (its answers carry the session
    forward, so each envelope is one Alexa would send at that point)."""
    kinds: dict[str, list[bytes]] = {"launch": []}
    for feature in FEATURES:
        transcript = run_script(project, feature, f"bench-interleaved-{feature}")
        for request in transcript.requests:
            kind = "launch" if request["request"]["type"] == "LaunchRequest" else feature
            kinds.setdefault(kind, []).append(json.dumps(request).encode())
    for words, sentences in FREE_SENTENCES.items():
        chat = ChatSession(project, resolver_for(LOCALE), Caller.named(f"bench-free-{words}"))
        chat.say("/launch")
        bodies = []
        for sentence in sentences:
            assert len(sentence.split()) == words, (words, sentence)
            turn = chat.say(sentence)
            if not turn.slots:
                note(f"free sentence of {words} words reached {turn.intent} without its words; left out")
                continue
            bodies.append(json.dumps(turn.request).encode())
        kinds[f"free_{words}"] = bodies
    return {kind: bodies for kind, bodies in kinds.items() if bodies}


def interleave(project, bare, bodies: list[bytes], pairs: int):
    """CPU and wall seconds per request for each side, the same body to both in each pair, the order drawn per
    pair: ((project CPU, bare CPU), (project wall, bare wall))."""
    draw = random.Random(20261207)
    for body in bodies * 3:  # warm-up: caches, the SQLite connection, the first use of each path
        _post(project, body), _post(bare, body)
    gc.collect()
    cpu: dict[str, list[float]] = {"project": [], "bare": []}
    wall: dict[str, list[float]] = {"project": [], "bare": []}
    for index in range(pairs):
        body = bodies[index % len(bodies)]
        sides = [("project", project), ("bare", bare)]
        draw.shuffle(sides)
        for name, client in sides:
            cpu_s, wall_s = _post(client, body)
            cpu[name].append(cpu_s)
            wall[name].append(wall_s)
    return (cpu["project"], cpu["bare"]), (wall["project"], wall["bare"])


def _post(client, body: bytes) -> tuple[float, float]:
    started, started_cpu = clock(), time.thread_time()
    answer = client.post("/alexa", data=body, content_type="application/json")
    elapsed_cpu, elapsed = time.thread_time() - started_cpu, clock() - started
    if answer.status_code != 200:
        raise RuntimeError(f"/alexa answered {answer.status_code}")
    return elapsed_cpu, elapsed


def compare(ours: list[float], theirs: list[float]) -> dict:
    thirds = [slice(part * len(ours) // 3, (part + 1) * len(ours) // 3) for part in range(3)]
    spread = [statistics.median(ours[part]) / statistics.median(theirs[part]) for part in thirds]
    return {"project_p50_ms": _ms(statistics.median(ours)), "project_p99_ms": _ms(percentile(ours, 99)),
            "bare_p50_ms": _ms(statistics.median(theirs)),
            "ratio": round(statistics.median(ours) / statistics.median(theirs), 2),
            "ratio_thirds": [round(value, 2) for value in spread], "pairs": len(ours)}


def verdict(results: dict) -> dict[str, bool]:
    met = {}
    for kind, result in results.items():
        limit = TARGETS["ratio_free_40"] if kind == "free_40" else TARGETS["ratio"]
        met[kind] = result["ratio"] <= limit and result["project_p99_ms"] < TARGETS["p99_ms"]
    return met


class timed_listening:
    """Times skill.alexa.turn_of.Listening.process, the whole listening step, while the block runs."""

    def __enter__(self) -> list[float]:
        from skill.alexa import turn_of as hearing

        self.samples: list[float] = []
        self.original = hearing.Listening.process
        original, samples = self.original, self.samples

        def process(interceptor, handler_input):
            started = time.thread_time()
            try:
                return original(interceptor, handler_input)
            finally:
                samples.append(time.thread_time() - started)

        hearing.Listening.process = process
        return self.samples

    def __exit__(self, *_exc) -> None:
        from skill.alexa import turn_of as hearing

        hearing.Listening.process = self.original


def listening_step(samples: list[float], sentences: list[str]) -> dict:
    """The step's median CPU time in microseconds, beside listen() alone on the same sentences."""
    from skill.listener import forget, listen

    alone = []
    for _ in range(100):
        for sentence in sentences:
            forget()
            started = time.thread_time()
            listen(sentence, LOCALE)
            alone.append(time.thread_time() - started)
    return {"step_p50_us": round(statistics.median(samples) * 1e6, 1),
            "listen_alone_p50_us": round(statistics.median(alone) * 1e6, 1)}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


if __name__ == "__main__":
    import tempfile

    from tests.benchmarks.in_process import log_to_nowhere

    log_to_nowhere()
    with tempfile.TemporaryDirectory(prefix="trust-interleaved-") as folder:
        print(json.dumps(run(Path(folder)), indent=1))
