"""Runs a WSGI app under the production server on a free loopback port, for the shutdown test and the HTTP benchmark.

`serve_command` is the real `trust-builder serve` (skill/cli.py: gunicorn, its flags, its graceful timeout);
`gunicorn_command` serves another app the same way (the bare baseline). Test behaviour (warming the chain cache,
slow requests, readiness) comes from tests/gunicorn_hooks_support.py through GUNICORN_CMD_ARGS, never from skill/.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from skill.cli import gunicorn_flags

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "tests" / "gunicorn_hooks_support.py"
LOOPBACK = "127.0.0.1"
WORKERS = 2  # trust-builder serve's defaults (TRUST_WORKERS, TRUST_THREADS), given explicitly so that a
THREADS = 4  # developer's own settings cannot make the two servers of a comparison differ


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def serve_command(bind: str) -> list[str]:
    """`trust-builder serve --bind BIND` with the default workers and threads, run by this interpreter."""
    return [sys.executable, "-m", "skill.cli", "serve", "--bind", bind, "--workers", str(WORKERS),
            "--threads", str(THREADS)]


def gunicorn_command(bind: str, app: str) -> list[str]:
    """gunicorn serving `app` with the flags `trust-builder serve` uses (skill/cli.py), for a fair comparison."""
    return [sys.executable, "-m", "gunicorn", *gunicorn_flags(bind, WORKERS, THREADS), app]


@dataclass
class Server:
    process: subprocess.Popen
    host: str
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def terminate(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)


class ServerFailed(RuntimeError):
    """The server exited or never became ready; the message ends with its log."""


@contextmanager
def running_server(command_for_bind, env: dict[str, str] | None = None, *, ready_timeout: float = 60,
                   workers: int = WORKERS) -> Iterator[Server]:
    """Start `command_for_bind("127.0.0.1:PORT")`, wait until every worker is ready, stop it with SIGTERM at the end.

    `env` is added to this process's environment. The server's output goes to a log file, read on failure.
    """
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="trust-server-") as scratch:
        ready_dir = Path(scratch, "ready")
        ready_dir.mkdir()
        log = Path(scratch, "server.log")
        full_env = {**os.environ, **(env or {}), "TRUST_TEST_READY_DIR": str(ready_dir),
                    "GUNICORN_CMD_ARGS": f"--config {HOOKS}"}
        with open(log, "wb") as output:
            process = subprocess.Popen(command_for_bind(f"{LOOPBACK}:{port}"), cwd=REPO, env=full_env,
                                       stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        server = Server(process, LOOPBACK, port, log)
        try:
            _wait_ready(server, ready_dir, workers, ready_timeout)
            yield server
        finally:
            server.terminate()
            wait_or_kill(process, 30)


def wait_or_kill(process: subprocess.Popen, timeout: float) -> None:
    """Wait for a process that was asked to stop; kill it if it is still there after `timeout` seconds."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_ready(server: Server, ready_dir: Path, workers: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerFailed(f"server exited with {server.process.returncode}:\n{server.log_text()[-4000:]}")
        if len(list(ready_dir.iterdir())) >= workers:
            return
        time.sleep(0.05)
    raise ServerFailed(f"server not ready after {timeout} s:\n{server.log_text()[-4000:]}")
