"""Refreshes the measured recall in SAFETY.md: runs `make eval`'s two measures and rewrites the marked block.

    python -m skill.devtools.safety_protocol            # run both measures, rewrite the block
    python -m skill.devtools.safety_protocol --from-json delivered.json listener.json

The measures are the team's own commands (`python -m tests.eval_delivered`, `python -m tests.eval`); each prints one
JSON object as its last line, and only that line is read. The block lies between MARK_START and MARK_END; everything
else in SAFETY.md is written by hand. tests/test_safety_protocol.py checks that the block is in the form this writes.
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

SAFETY_DOC = Path(__file__).resolve().parents[2] / "SAFETY.md"
MARK_START, MARK_END = "<!-- measured recall: start (python -m skill.devtools.safety_protocol) -->", \
    "<!-- measured recall: end -->"
MEASURES = {"delivered": "tests.eval_delivered", "listener": "tests.eval"}
HEADER = "| part | measured as | crisis recall | harm recall | calm taken as danger | sentences |"
RULE = "|---|---|---|---|---|---|"
ROW = re.compile(r"^\| (?P<part>[a-z_]+) \| (?P<how>delivered|listener) \| (?P<crisis>\d+\.\d%|-) \| "
                 r"(?P<harm>\d+\.\d%|-) \| (?P<calm>\d+\.\d%|-) \| (?P<n>\d+) \|$")
DATE_LINE = re.compile(r"^Measured on (?P<day>\d{4}-\d{2}-\d{2}) with `make eval`\.$")


def last_json_line(output: str) -> dict:
    """The JSON object a measure prints as its last line."""
    lines = [line for line in output.strip().splitlines() if line.strip()]
    return json.loads(lines[-1])


def run_measure(module: str) -> dict:
    done = subprocess.run([sys.executable, "-m", module], capture_output=True, text=True, check=True)
    return last_json_line(done.stdout)


def rows(delivered: dict, listener: dict) -> list[str]:
    """One table row a part and measure: delivered (through the resolver, as a device routes it), then the listener."""
    found = []
    for part, result in delivered.items():
        if "crisis_caught" in result:  # the team's corpus
            total = result["crisis_n"] + result["harm_n"] + result["calm_n"]
            found.append(_row(part, "delivered", result["crisis_caught"], result["harm_caught"],
                              result["calm_as_danger"], total))
        elif "crisis_recall" in result:  # an outside part, as a device delivers it (its replies are left out)
            found.append(_row(part, "delivered", result["crisis_recall"], result["harm_recall"],
                              result["calm_as_danger"], result["sentences"]))
    for part, result in listener.items():
        found.append(_row(part, "listener", result.get("crisis_recall"), result.get("harm_recall"),
                          result.get("calm_as_danger"), result["sentences"]))
    return found


def block(delivered: dict, listener: dict, day: str) -> str:
    """The marked block: the date line and the table, between the marks."""
    return "\n".join([MARK_START, f"Measured on {day} with `make eval`.", "", HEADER, RULE,
                      *rows(delivered, listener), MARK_END])


def current_block(text: str) -> str:
    """The marked block as SAFETY.md holds it; ValueError when the marks are missing or doubled."""
    if text.count(MARK_START) != 1 or text.count(MARK_END) != 1:
        raise ValueError("SAFETY.md must hold the measured-recall marks once each")
    start = text.index(MARK_START)
    return text[start:text.index(MARK_END) + len(MARK_END)]


def format_problems(found: str) -> list[str]:
    """What keeps a block from being one this command writes; [] when it is."""
    lines = found.splitlines()
    problems = []
    if len(lines) < 6 or lines[0] != MARK_START or lines[-1] != MARK_END:
        return ["the block is not between the marks, or has no table"]
    if not DATE_LINE.match(lines[1]):
        problems.append(f"the date line reads {lines[1]!r}")
    if lines[3:5] != [HEADER, RULE]:
        problems.append("the table's header is not the one this command writes")
    problems += [f"row {line!r} is not in the written form" for line in lines[5:-1] if not ROW.match(line)]
    return problems


def parts_measured(found: str) -> set[tuple[str, str]]:
    """(part, measured as) of every row of a block."""
    return {(match["part"], match["how"]) for line in found.splitlines() if (match := ROW.match(line))}


def refresh(text: str, delivered: dict, listener: dict, day: str) -> str:
    return text.replace(current_block(text), block(delivered, listener, day))


def _row(part: str, how: str, crisis: float | None, harm: float | None, calm: float | None, total: int) -> str:
    return f"| {part} | {how} | {_percent(crisis)} | {_percent(harm)} | {_percent(calm)} | {total} |"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.devtools.safety_protocol",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--from-json", nargs=2, metavar=("DELIVERED", "LISTENER"),
                        help="files holding each measure's last line, instead of running the measures")
    args = parser.parse_args(argv)
    if args.from_json:
        delivered, listener = (last_json_line(Path(name).read_text(encoding="utf-8")) for name in args.from_json)
    else:
        delivered, listener = (run_measure(module) for module in MEASURES.values())
    text = SAFETY_DOC.read_text(encoding="utf-8")
    SAFETY_DOC.write_text(refresh(text, delivered, listener, datetime.date.today().isoformat()), encoding="utf-8")
    print(f"wrote the measured recall into {SAFETY_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
