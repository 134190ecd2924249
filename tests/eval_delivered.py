"""Danger heard as Alexa delivers it: each harm, crisis and calm sentence of the corpus goes through the en-US model's
resolver, as the chat console and a device would route it (an intent; free words without their opening), then
through the skill's own hearing (skill/handlers/hearing.py). Caught: an intent of the safety or crisis path, or
danger heard in the words by the rule the safety and crisis features act on. `python -m tests.eval_delivered`;
the last line is one JSON object."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from skill.devtools.resolver import resolver_for
from skill.handlers.hearing import danger_acted_on, hear

CORPUS = Path(__file__).parent / "data" / "listener"
PATH_INTENTS = {"SafetyIntent", "CrisisIntent", "CrisisCheckIntent"}
# tune and heldout as for the listener; openings: sentences as people start talking to a speaker (fillers, questions,
# cries for help), written to find routing gaps and mended against, but not trained on (see the file's header).
PARTS = ("tune", "openings", "heldout")


def caught(text: str, asked: str | None, resolver) -> bool:
    resolution = resolver.resolve(text)
    if resolution.intent in PATH_INTENTS:
        return True
    words = " ".join(slot.value for slot in resolution.slots.values() if slot and isinstance(slot.value, str)
                     and slot.value)
    if not words:
        return False
    hearing = hear(words, "en-US", asked, resolution.intent)
    return danger_acted_on(hearing, resolution.intent) is not None


def evaluate(part: str) -> dict:
    resolver = resolver_for("en-US")
    items = yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))["items"]
    found = {}
    for label in ("crisis", "harm", "calm"):
        chosen = [item for item in items if item["label"] == label]
        hits = sum(caught(item["text"], item.get("after"), resolver) for item in chosen)
        found[f"{label}_{'as_danger' if label == 'calm' else 'caught'}"] = round(hits / len(chosen), 4)
        found[f"{label}_n"] = len(chosen)
    return found


if __name__ == "__main__":
    results = {part: evaluate(part) for part in PARTS}
    for part, found in results.items():
        print(f"== {part}: crisis caught {found['crisis_caught']:.1%} of {found['crisis_n']}, harm caught "
              f"{found['harm_caught']:.1%} of {found['harm_n']}, calm taken as danger {found['calm_as_danger']:.1%} "
              f"of {found['calm_n']}")
    print(json.dumps(results, sort_keys=True))
