"""Everything a turn needs is built at start-up (create_app in each gunicorn worker, Lambda's init phase), not
inside someone's first request: after start-up, turns of every kind in every published locale build nothing.

Counted, not timed: each functools cache of the skill that misses would be building something, and so would the
serializer reading a model class it had not met. `localise` (its cache, `_localised`) is left out: it caches each
sentence once said, and costs a regular-expression substitution, not a build. `make bench` times the first request."""
from __future__ import annotations

import functools
import gc
import os
import subprocess
import sys
from pathlib import Path

from skill.app import create_app
from skill.devtools.envelopes import Caller, SessionState, envelope, intent_request, launch_request
from skill.devtools.resolver import resolver_for
from skill.listener.memory import kept_functions
from skill.settings import Settings
from skill.skill_builder import published_locales

REPO = Path(__file__).resolve().parents[1]
# Caches of one sentence's reading (the same words heard twice in a turn, forgotten when it ends), not builds.
PER_SENTENCE = {"skill.voice.wording._localised"} | {f"{kept.__module__}.{kept.__qualname__}" for kept in kept_functions()}
# The router's memo of which rows a state and a request's keys reach (skill/handlers/router.py): a tuple of a few rows
# picked out of tables already built, in microseconds, for each pair as it first comes; there are too many pairs to
# list them all at start-up. Not a build.
ROUTES = {"skill.handlers.router.deciding", "skill.handlers.router.candidates"}
# Phrasings of our own for the kinds of turn there are: free words, a feature, danger, the built-in intents.
LINES = ["we keep arguing about money and i feel like he never hears me", "start the self check", "yes", "no",
         "i want to kill myself", "i am scared of my partner", "help", "tell me about trust", "start an exercise",
         "repeat that", "stop"]


def _skill_caches() -> dict[str, int]:
    """Misses so far of every functools cache in the skill (devtools aside: the chat console is not a turn)."""
    found = {}
    for thing in gc.get_objects():
        module = getattr(thing, "__module__", None) or ""
        if isinstance(thing, functools._lru_cache_wrapper) and module.startswith("skill.") \
                and not module.startswith("skill.devtools"):
            found[f"{module}.{thing.__qualname__}"] = thing.cache_info().misses
    return found


def _envelopes() -> list[dict]:
    found = []
    for locale in published_locales():
        resolver = resolver_for(locale)
        found.append(envelope(launch_request(locale), Caller(), SessionState(new=True, attributes={})))
        found += [envelope(intent_request(resolver.resolve(line), locale), Caller(),
                           SessionState(new=False, attributes={})) for line in LINES]
    return found


def count_builds_after_create_app() -> None:
    """Run in a fresh interpreter (so no other test has built anything first): prints what turns built."""
    envelopes = _envelopes()  # the chat console's resolver warms its own caches here, before the app exists
    dispatcher = create_app(Settings(verify_requests=False, database="none")).extensions["trust_builder"]
    caches_before = _skill_caches()
    classes_before, models_before = dict(dispatcher.serializer._classes), dict(dispatcher.serializer._models)

    for request in envelopes:
        assert dispatcher.answer(request, None)["response"]

    caches_after = _skill_caches()
    built = {name: caches_after[name] - caches_before.get(name, 0) for name in caches_after
             if name not in PER_SENTENCE | ROUTES and caches_after[name] != caches_before.get(name, 0)}
    built["serializer classes"] = len(dispatcher.serializer._classes) - len(classes_before)
    built["serializer models"] = len(dispatcher.serializer._models) - len(models_before)
    print("BUILT", {name: count for name, count in built.items() if count})


def test_after_create_app_no_turn_of_any_kind_builds_anything():
    probe = "from tests.test_cold_start import count_builds_after_create_app as count\ncount()\n"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TRUST_LOG_LEVEL": "ERROR"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "BUILT {}" in done.stdout, done.stdout[-2000:]


def test_on_lambda_the_skill_is_built_in_the_init_phase_not_by_the_first_event():
    probe = (
        "import skill.lambda_function as entry\n"
        "built = entry._runtime\n"
        "assert built is not None, 'not built at import'\n"
        "from tests.test_lambda import launch_event\n"
        "entry.handler(launch_event(), None)\n"
        "assert entry._runtime is built\n"
        "print('built at import')\n"
    )
    env = {**os.environ, "AWS_LAMBDA_FUNCTION_NAME": "trust-builder-test", "TRUST_DATABASE": "none"}
    env.pop("TRUST_SKILL_ID", None)
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "built at import" in done.stdout


def test_outside_lambda_importing_the_entry_builds_nothing():
    probe = "import skill.lambda_function as entry\nassert entry._runtime is None\n"
    env = {key: value for key, value in os.environ.items() if key != "AWS_LAMBDA_FUNCTION_NAME"}
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
