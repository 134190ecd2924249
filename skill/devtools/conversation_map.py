"""Draws the features' conversation tables (skill/handlers/) as Mermaid state diagrams: docs/conversation.md.

`python -m skill.devtools.conversation_map` rewrites the file; tests/test_conversation_map.py fails when it is stale.
"""
from __future__ import annotations

from pathlib import Path

from skill.handlers import FEATURES
from skill.handlers.feature import ANY, ANY_INTENT, ANY_REQUEST, Feature

DOC = Path(__file__).resolve().parents[2] / "docs" / "conversation.md"
HEADER = """# The conversation, feature by feature

Generated from the tables in `skill/handlers/` by `python -m skill.devtools.conversation_map`; do not edit by hand
(`tests/test_conversation_map.py` fails when this file is stale).

Each feature answers from its own table: in each of its states, which requests it takes, and the states a turn may
leave it in (`[*]`: the turn lets go of the conversation). A request is offered to the features in this order, and
the first whose state takes it answers; `any` holds in every state:
"""


def _label(key: str) -> str:
    return {ANY_INTENT: "any other intent", ANY_REQUEST: "any other request"}.get(key, key.removeprefix("AMAZON."))


def feature_diagram(feature: Feature) -> list[str]:
    """One edge per state, target and action, labelled with every request that takes it."""
    edges: dict[tuple[str, str, str], list[str]] = {}
    for state, rows in feature.states.items():
        for key, turn in rows.items():
            condition = f" if {turn.when.__name__.strip('_').replace('_', ' ')}" if turn.when else ""
            for target in turn.to or ("[*]",):
                edge = ("[*]" if state == ANY else state, target, turn.action.__name__)
                edges.setdefault(edge, []).append(_label(key) + condition)
    lines = [f"    {source} --> {target} : {', '.join(keys)} / {action}"
             for (source, target, action), keys in edges.items()]
    return [f"## {feature.name}", "", "```mermaid", "stateDiagram-v2", *lines, "```", ""]


def document(features: list[Feature] = FEATURES) -> str:
    order = [f"{index}. {feature.name}" for index, feature in enumerate(features, start=1)]
    body = [line for feature in features for line in feature_diagram(feature)]
    return "\n".join([HEADER, *order, "", *body])


if __name__ == "__main__":
    DOC.write_text(document(), encoding="utf-8")
    print(f"wrote {DOC}")
