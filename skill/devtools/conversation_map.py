"""Draws the features' conversation tables (skill/handlers/) as Mermaid state diagrams: docs/conversation.md.

`python -m skill.devtools.conversation_map` rewrites the file; tests/test_conversation_map.py fails when it is stale.
"""
from __future__ import annotations

from pathlib import Path

from skill.handlers.feature import ANY, ANY_INTENT, ANY_REQUEST, Feature
from skill.handlers.router import FEATURES, candidates

DOC = Path(__file__).resolve().parents[2] / "docs" / "conversation.md"
HEADER = """# The conversation, feature by feature

Generated from the tables in `skill/handlers/` by `python -m skill.devtools.conversation_map`; do not edit by hand
(`tests/test_conversation_map.py` fails when this file is stale).

Each feature answers from its own table: in each of its states, which requests it takes, and the states a turn may
leave it in (`[*]`: the turn lets go of the conversation). The router (`skill/handlers/router.py`) reads the states
that hold from the session and looks up the rows they and the request may reach, in the features' order below, the
first whose condition holds answering; `any` holds in every state:
"""
ANSWERS = ("AMAZON.YesIntent", "AMAZON.NoIntent")
LOOKUP_HEADER = """## What yes and no mean now

One lookup for each state: the rows a yes or a no reaches there, first to last. A row with a condition answers only
when it holds; the first row without one answers otherwise.
"""


def _label(key: str) -> str:
    return {ANY_INTENT: "any other intent", ANY_REQUEST: "any other request"}.get(key, key.removeprefix("AMAZON."))


def feature_diagram(feature: Feature) -> list[str]:
    """One edge per state, target and action, labelled with every request that takes it."""
    edges: dict[tuple[str, str, str], list[str]] = {}
    for state, rows in feature.states.items():
        for key, row in rows.items():
            for target in row.to or ("[*]",):
                edge = ("[*]" if state == ANY else state, target, row.action.__name__)
                edges.setdefault(edge, []).append(_label(key) + _condition(row))
    lines = [f"    {source} --> {target} : {', '.join(keys)} / {action}"
             for (source, target, action), keys in edges.items()]
    return [f"## {feature.name}", "", "```mermaid", "stateDiagram-v2", *lines, "```", ""]


def _condition(row) -> str:
    return f" if {row.when.__name__.strip('_').replace('_', ' ')}" if row.when else ""


def looked_up(state: tuple[str, ...], request: str) -> tuple[list[str], str]:
    """The rows `request` reaches in `state`, as the router looks them up: those with a condition, in order, and the
    first without one, which answers when no condition holds."""
    conditional = []
    for feature, row in candidates(state, (request, ANY_INTENT, ANY_REQUEST)):
        name = f"{feature.name}.{row.action.__name__}"
        if row.when is None:
            return conditional, name
        conditional.append(name + _condition(row))
    return conditional, ""


def lookup_table(features: list[Feature]) -> list[str]:
    """A yes and a no in each state alone: the interrupts every state shares are named once, above the table."""
    interrupts = looked_up((), ANSWERS[0])[0]

    def cell(state: tuple[str, ...], request: str) -> str:
        conditional, answer = looked_up(state, request)
        asked = "interrupts" if conditional == interrupts else ", ".join(conditional)
        return f"{asked}, then {answer}" if asked else answer

    states = [(f"{feature.name}/{name}",) for feature in features for name in feature.states if name != ANY]
    rows = [f"| {' '.join(state) or '(none)'} | {' | '.join(cell(state, request) for request in ANSWERS)} |"
            for state in ((), *states)]
    return [LOOKUP_HEADER, f"The interrupts, asked first unless a state's own rows come before them: "
            f"{'; '.join(interrupts)}.", "", "| state | yes | no |", "|---|---|---|", *rows, ""]


def document(features: list[Feature] = FEATURES) -> str:
    order = [f"{index}. {feature.name}" for index, feature in enumerate(features, start=1)]
    body = [line for feature in features for line in feature_diagram(feature)]
    return "\n".join([HEADER, *order, "", *lookup_table(features), *body])


if __name__ == "__main__":
    DOC.write_text(document(), encoding="utf-8")
    print(f"wrote {DOC}")
