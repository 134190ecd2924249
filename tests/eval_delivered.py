"""Danger heard as Alexa delivers it: each harm, crisis and calm sentence of the corpus goes through the en-US model's
resolver, as the chat console and a device would route it (an intent; free words without their opening), then
through the skill's own hearing (skill/handlers/hearing.py). Caught: an intent of the safety or crisis path, or
danger heard in the words by the rule the safety and crisis features act on. `python -m tests.eval_delivered`;
the last line is one JSON object.

The outside sets (tests/data/listener/outside/) are measured the same way, every family (harm, crisis, medical,
distress, calm), and then as the skill answers them in every state (tests/eval_replies.py): the reply's speech
must carry the locale's number for what was said."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from skill.devtools.resolver import resolver_for
from skill.handlers.hearing import danger_acted_on, hear
from skill.listener.hearing import SURE
from tests import eval_replies
from tests.eval import OUTSIDE_PARTS, families, outside_items, outside_summary, print_scorecard

CORPUS = Path(__file__).parent / "data" / "listener"
# The intents of the safety and crisis paths, and the family each answers. Whoever adds a path adds it here.
PATH_FAMILIES = {"SafetyIntent": "harm", "CrisisIntent": "crisis", "CrisisCheckIntent": "crisis"}
PATH_INTENTS = set(PATH_FAMILIES)
# Families a hearing may name beside danger, acted on wherever heard (issue 18: medical emergencies, distress).
SIGNPOSTED_MEANINGS = ("medical", "distress")
# tune and heldout as for the listener; openings: sentences as people start talking to a speaker (fillers, questions,
# cries for help), written to find routing gaps and mended against, but not trained on (see the file's header).
PARTS = ("tune", "openings", "heldout")


def delivered(text: str, asked: str | None, resolver) -> tuple[set[str], str | None]:
    """The families the skill acts on when a device hands it `text`, and the level of the danger reading (sure
    for a path intent); (set(), None) when the words are lost or no family is acted on."""
    resolution = resolver.resolve(text)
    if resolution.intent in PATH_FAMILIES:
        return {PATH_FAMILIES[resolution.intent]}, SURE
    words = " ".join(slot.value for slot in resolution.slots.values() if slot and isinstance(slot.value, str)
                     and slot.value)
    if not words:
        return set(), None
    hearing = hear(words, "en-US", asked, resolution.intent)
    acted = danger_acted_on(hearing, resolution.intent)
    found = {acted} if acted else set()
    found |= {family for family in families(hearing) if family in SIGNPOSTED_MEANINGS}
    return found, hearing.level if acted else None


def caught(text: str, asked: str | None, resolver) -> str | None:
    """How the skill acts on danger in `text`: "sure" (the safety or crisis path), "asked" (danger heard only fairly
    surely: the skill asks directly), or None."""
    found, level = delivered(text, asked, resolver)
    if not found & {"crisis", "harm"}:
        return None
    return "sure" if level == SURE else "asked"


def evaluate(part: str) -> dict:
    resolver = resolver_for("en-US")
    items = yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))["items"]
    found = {}
    for label in ("crisis", "harm", "calm"):
        chosen = [item for item in items if item["label"] == label]
        acted = [caught(item["text"], item.get("after"), resolver) for item in chosen]
        if label == "calm":  # taken as danger (sure) apart from asked about (fairly sure, the rule of asymmetry)
            found["calm_as_danger"] = round(acted.count("sure") / len(chosen), 4)
            found["calm_asked"] = round(acted.count("asked") / len(chosen), 4)
        else:
            found[f"{label}_caught"] = round(sum(how is not None for how in acted) / len(chosen), 4)
        found[f"{label}_n"] = len(chosen)
    return found


def evaluate_outside(part: str) -> dict:
    """An outside part as a device delivers it to the skill's hearing (en-US), in outside_summary's numbers."""
    resolver = resolver_for("en-US")
    labelled = []
    for item in outside_items(part):
        heard, level = delivered(item["text"], None, resolver)
        labelled.append((item["label"], heard, level))
    return outside_summary(labelled)


def main() -> int:
    results = {part: evaluate(part) for part in PARTS}
    for part, found in results.items():
        print(f"== {part}: crisis caught {found['crisis_caught']:.1%} of {found['crisis_n']}, harm caught "
              f"{found['harm_caught']:.1%} of {found['harm_n']}, calm taken as danger {found['calm_as_danger']:.1%} "
              f"and asked about {found['calm_asked']:.1%} of {found['calm_n']}")
    for part in OUTSIDE_PARTS:
        results[f"outside_{part}"] = found = evaluate_outside(part)
        print(f"== outside/{part} as a device delivers it (en-US resolver, then the skill's hearing)")
        print_scorecard(found, sys.stdout, "  ")
    for part in OUTSIDE_PARTS:
        results[f"outside_{part}_replies"] = answered = eval_replies.evaluate(outside_items(part), sentences=False)
        eval_replies.print_states(f"outside/{part}", answered, sys.stdout)
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
