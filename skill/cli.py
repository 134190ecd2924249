"""The `trust-builder` command: serve the skill, talk to it in a terminal, check the rules."""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trust-builder", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the skill endpoint with gunicorn (production WSGI server)")
    serve.add_argument("--bind", default=os.environ.get("TRUST_BIND", "127.0.0.1:5000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("TRUST_WORKERS", "2")))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("TRUST_THREADS", "4")))
    serve.set_defaults(run=_serve)

    _add_optional_commands(commands)
    args = parser.parse_args(argv)
    return args.run(args) or 0


def _add_optional_commands(commands) -> None:
    from skill.chat import add_chat_command
    from skill.rules_cli import add_rules_commands

    add_chat_command(commands)
    add_rules_commands(commands)


def _serve(args: argparse.Namespace) -> int:
    # gunicorn's own entry point, so its flags, signals and graceful shutdown behave as documented.
    from gunicorn.app.wsgiapp import run

    sys.argv = ["gunicorn", "--bind", args.bind, "--workers", str(args.workers), "--threads", str(args.threads),
                "--access-logfile", "-", "--graceful-timeout", "20", "skill.app:create_app()"]
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
