"""Concurrency: 8 threads x 500 whole conversations through one app and one SQLite store.

Every conversation is a different person, so each must get exactly the responses the same script gets when it
runs alone on a fresh app: nothing one thread does (session state, stored attributes, the rules engine, content
caches) may leak into another. Each script is typed once at the chat console, then replayed by each person with
their own ids and the session attributes of their own previous answer, as Alexa sends them.

The 4,000 conversations run with verification off, so the test measures the skill, not RSA; a smaller run with
verification on checks that the verifier's shared chain cache holds up under the same threads.
"""
from __future__ import annotations

import logging
import sys
import threading
import time

import pytest

from skill.app import create_app
from skill.settings import Settings
from tests.conversation_support import SCRIPTS, SigningClient, Transcript, replay, run_script
from tests.live_signing_support import SKILL_ID, warm_chain_cache, write_live_ca_bundle

THREADS = 8
TIME_LIMIT_S = 180  # a hang fails the test instead of stalling the suite
SWITCH_INTERVAL_S = 0.001  # the GIL changes hands often, so threads interleave inside requests


def _client(directory, name: str, *, verify: bool):
    settings = Settings(skill_ids=frozenset({SKILL_ID}), verify_requests=verify,
                        ca_bundle=write_live_ca_bundle(directory), database=f"sqlite:///{directory / name}")
    app = create_app(settings)
    if not verify:
        return app, app.test_client
    warm_chain_cache(app)
    return app, lambda: SigningClient(app.test_client())


@pytest.fixture
def quick_thread_switches():
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    yield
    sys.setswitchinterval(previous)


@pytest.mark.parametrize("verify, conversations_per_thread", [(False, 500), (True, 25)],
                         ids=["8x500 verification off", "8x25 verification on"])
def test_concurrent_conversations_each_get_what_they_get_alone(tmp_path, quick_thread_switches, caplog, verify,
                                                               conversations_per_thread):
    _, alone_client = _client(tmp_path, "alone.sqlite3", verify=verify)
    expected: dict[str, Transcript] = {kind: run_script(alone_client(), kind, f"alone-{kind}") for kind in SCRIPTS}
    _, new_client = _client(tmp_path, "shared.sqlite3", verify=verify)
    # Two INFO lines a turn for 35,000 turns would only fill memory; caplog puts the level back afterwards.
    caplog.set_level(logging.WARNING, logger="skill")
    kinds = list(SCRIPTS)
    deadline = time.monotonic() + TIME_LIMIT_S
    mismatches: list[str] = []
    failures: list[str] = []
    finished = [0] * THREADS  # one slot per thread: no shared counter to race on
    start = threading.Barrier(THREADS)

    def talk(thread: int) -> None:
        client = new_client()  # one test client per thread, one app for all
        start.wait()
        for number in range(conversations_per_thread):
            if time.monotonic() > deadline:
                failures.append(f"thread {thread}: out of time after {number} conversations")
                return
            kind = kinds[(thread + number) % len(kinds)]
            try:
                transcript = replay(client, expected[kind], f"person-{thread}-{number}")
            except Exception as error:  # noqa: BLE001 - reported below with the conversation it broke
                failures.append(f"thread {thread} conversation {number} ({kind}): {type(error).__name__}: {error}")
                continue
            wanted = expected[kind].responses
            if transcript.responses != wanted:
                turn = next((i for i, (got, want) in enumerate(zip(transcript.responses, wanted)) if got != want), -1)
                mismatches.append(f"thread {thread} conversation {number} ({kind}) differs at turn {turn}")
            finished[thread] += 1

    threads = [threading.Thread(target=talk, args=(n,), daemon=True) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 5))

    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert not failures, failures[:5]
    assert not mismatches, mismatches[:5]
    assert sum(finished) == THREADS * conversations_per_thread
