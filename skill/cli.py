"""The `trust-builder` command: serve the skill, talk to it in a terminal, check the rules, see what it hears."""
from __future__ import annotations

import argparse
import sys

from skill.content import ContentError
from skill.devtools.chat import add_chat_command
from skill.devtools.listen_cli import add_listen_command
from skill.devtools.safety_catalogue import add_catalogue_command
from skill.rulebook.cli import add_rules_commands
from skill.rulebook.loader import RulesError
from skill.settings import Settings, SettingsError

EXIT_BAD_SETTINGS = 2
WORKER_CONNECTIONS = 1000  # gunicorn's default; each waiting connection costs a greenlet and a file descriptor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trust-builder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the skill endpoint with gunicorn's gevent workers (production server)")
    serve.add_argument("--bind", help="HOST:PORT or unix:PATH (default: TRUST_BIND, or 127.0.0.1:5000)")
    serve.add_argument("--workers", type=_at_least_one, help="worker processes (default: TRUST_WORKERS, or 2)")
    serve.add_argument("--threads", type=_at_least_one,
                       help="accepted for older set-ups; gevent workers serve each connection on its own greenlet")
    serve.set_defaults(run=_serve)

    add_chat_command(commands)
    add_rules_commands(commands)
    add_listen_command(commands)
    add_catalogue_command(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (SettingsError, RulesError, ContentError) as error:
        # A bad setting, rules file or content file is the operator's to fix: what and where, not a traceback.
        print(f"trust-builder: {error}", file=sys.stderr)
        return EXIT_BAD_SETTINGS


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env()  # refuses a bad value here, before gunicorn starts any worker
    bind = args.bind or settings.bind
    workers = args.workers or settings.workers
    threads = args.threads or settings.threads
    # gunicorn's own entry point, so its flags, signals and graceful shutdown behave as documented.
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", *gunicorn_flags(bind, workers, threads), "skill.app:create_app()"]
    run()
    return 0


def gunicorn_flags(bind: str, workers: int, threads: int) -> list[str]:
    """The flags `serve` gives gunicorn.

    gevent workers, because gunicorn's sync and gthread workers give each connection a thread for as long as the
    client takes to send its request: eight slow clients stopped the default 2 x 4 threads. A gevent worker waits
    on thousands of connections at no cost (64 slow clients: /healthz still answered in under 10 ms). The access
    log has no bodies; gunicorn ignores --threads for gevent workers.
    """
    return ["--bind", bind, "--workers", str(workers), "--threads", str(threads), "--worker-class", "gevent",
            "--worker-connections", str(WORKER_CONNECTIONS), "--access-logfile", "-", "--graceful-timeout", "20"]


if __name__ == "__main__":
    sys.exit(main())
