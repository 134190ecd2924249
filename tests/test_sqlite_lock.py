"""Another process holding SQLite's write lock: a turn's busy wait is short and runs off gevent's event loop, so
`/healthz` and a crisis answer are not held up, and a turn that wanted to save answers without memory.

The lock is held until the test lets it go, so every answer that comes back while it is held did not wait for it:
the checks are of that structure (and, under gevent, that the hub kept running other greenlets during a save's
wait), with only a generous bound on time.
"""
from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from skill.devtools.chat_session import ChatSession
from skill.devtools.envelopes import Caller
from skill.devtools.resolver import resolver_for
from tests.gunicorn_support import LOOPBACK, running_server, serve_command

REPO = Path(__file__).resolve().parents[1]
MAX_HOLD_S = 120.0  # the holder lets go by itself after this, should the test die first

HOLDER = """
import sqlite3, sys, time, pathlib
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("CREATE TABLE IF NOT EXISTS attributes (id TEXT PRIMARY KEY NOT NULL, attributes TEXT NOT NULL)")
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT OR REPLACE INTO attributes VALUES ('holder', '{}')")
pathlib.Path(sys.argv[2]).write_text("held")
release, until = pathlib.Path(sys.argv[3]), time.monotonic() + float(sys.argv[4])
while not release.exists() and time.monotonic() < until:
    time.sleep(0.01)
db.execute("COMMIT")
"""

UNDER_GEVENT = """
from gevent import monkey; monkey.patch_all()
import gevent, json, sqlite3, sys, time
from ask_sdk_model import Context, RequestEnvelope, User
from ask_sdk_model.interfaces.system import SystemState
from skill.storage.sqlite_adapter import SqliteAdapter

ticks = []
def ticker():
    while True:
        ticks.append(1)
        gevent.sleep(0.005)
gevent.spawn(ticker)
gevent.sleep(0.05)
envelope = RequestEnvelope(context=Context(system=SystemState(user=User(user_id="amzn1.ask.account.LOCKED"))))
before = len(ticks)
try:
    SqliteAdapter(sys.argv[1]).save_attributes(envelope, {"a": 1})
    outcome = "saved"
except sqlite3.OperationalError as error:
    outcome = "locked" if "locked" in str(error) else type(error).__name__
print(json.dumps({"outcome": outcome, "ticks_during_the_call": len(ticks) - before}))
"""


@contextmanager
def write_lock_held(database: Path):
    """Another process takes SQLite's write lock on `database` and keeps it until the block ends; the block is
    given a function that says whether the lock is still held."""
    ready, release = database.with_suffix(".held"), database.with_suffix(".release")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database), str(ready), str(release),
                               str(MAX_HOLD_S)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline, "the lock holder did not start"
            time.sleep(0.01)
        yield lambda: holder.poll() is None
    finally:
        release.write_text("go")
        try:
            holder.wait(timeout=30)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()


def test_a_save_waiting_on_the_lock_leaves_the_gevent_hub_running(tmp_path):
    database = tmp_path / "locked.sqlite3"
    with write_lock_held(database) as still_held:
        finished = subprocess.run([sys.executable, "-c", UNDER_GEVENT, str(database)], cwd=REPO, capture_output=True,
                                  text=True, timeout=90, check=False)
        assert still_held()
    assert finished.returncode == 0, finished.stderr[-2000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    # The save gives up while the lock is still held (a short busy wait), and other greenlets ran meanwhile.
    assert result["outcome"] == "locked"
    assert result["ticks_during_the_call"] > 0


class HttpClient:
    """The chat console's client shape, posting to a live server."""

    class Answer:
        def __init__(self, status_code: int, body: bytes) -> None:
            self.status_code, self._body = status_code, body

        def get_json(self, silent: bool = False):
            return json.loads(self._body)

    def __init__(self, port: int) -> None:
        self.port = port

    def post(self, path: str, json: dict):  # noqa: A002 - Flask's test client's name for it
        status, body, _seconds = request(self.port, "POST", path, json)
        return self.Answer(status, body)


def request(port: int, method: str, path: str, document: dict | None = None) -> tuple[int, bytes, float]:
    started = time.monotonic()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
    try:
        body = None if document is None else json.dumps(document).encode()
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read(), time.monotonic() - started
    finally:
        connection.close()


def test_while_another_process_holds_the_write_lock_the_server_answers_at_once(tmp_path):
    database = tmp_path / "served.sqlite3"
    env = {"TRUST_DATABASE": f"sqlite:///{database}", "TRUST_VERIFY_REQUESTS": "false"}
    with running_server(serve_command, env) as server:
        talk = ChatSession(HttpClient(server.port), resolver_for("en-US"), Caller.named("locked", "alex"))
        talk.say("/launch")  # the file exists, with this person in it
        talk.say("start a self check")
        talk.say("sometimes")
        with write_lock_held(database) as still_held:
            status, _body, health_s = request(server.port, "GET", "/healthz")
            crisis_started = time.monotonic()
            crisis = talk.say("I want to kill myself")
            crisis_s = time.monotonic() - crisis_started
            ended = talk.say("stop")  # wants to save the unfinished self-check: cannot, and still answers
            assert still_held(), "every answer came while the lock was held: none waited for it to be let go"
    assert status == 200
    assert crisis.intent == "CrisisIntent" and "988" in crisis.speech
    assert ended.end_session and ended.speech
    # Only a generous margin on time (a loaded machine is slow): the SQLite waits a turn may make are under 2 s.
    assert health_s < 5 and crisis_s < 10, (health_s, crisis_s)
