"""`make eval`: the listener measured on the team's corpus, tuning part then held-out part.

    python -m tests.eval [--part tune|heldout|both|outside]

Prints per-class precision and recall, then every confusion (expected → got, with the sentence), and as its last
line one JSON object with the numbers the suite enforces (tests/test_listener_eval.py). The held-out part is for
measuring only: a miss there is mended by writing more varied phrasings of our own, never by copying it.

Then the outside scorecard as the listener hears it (tests/data/listener/outside/: a held-out set written fresh
and an external one from published tests and real people's words; see its README): recall per family, calm taken
as danger at sure ("alarm") and at fairly sure ("asked to check"), and every miss.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from skill.listener import Hearing, listen

CORPUS = Path(__file__).resolve().parent / "data" / "listener"
OUTSIDE = CORPUS / "outside"
PARTS = ("tune", "heldout")
OUTSIDE_PARTS = ("heldout", "external")  # files under OUTSIDE
DANGER = ("crisis", "harm")
LABELS = ("crisis", "harm", "calm", "topic", "answer", "exercise", "manners", "out_of_scope")
ASKING = ("sure", "fairly_sure")
SAFETY_QUESTION = "feels_unsafe"  # a right "it sounds like ..." question counts as right


@cache
def items(part: str) -> tuple[dict, ...]:
    return tuple(yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))["items"])


def expected(item: dict) -> str:
    """What a right hearing shows, in the form `meaning/detail` of describe()."""
    label = item["label"]
    detail = {"topic": item.get("section"), "answer": item.get("answer"), "calm": None,
              "exercise": item.get("command") or item.get("exercise")}.get(label, item.get("kind"))
    return f"{label}/{detail}" if detail else label


def describe(hearing: Hearing) -> str:
    return f"{hearing.meaning}/{hearing.detail} ({hearing.level})" if hearing.detail else hearing.meaning


def is_right(item: dict, hearing: Hearing) -> bool:
    label = item["label"]
    if label == "calm":  # calm means no danger signal: any reading but crisis or harm
        return hearing.meaning not in ("crisis", "harm")
    if label in ("crisis", "harm"):  # the safety net caught it; the kind is reported apart
        return hearing.meaning == label
    if label == "distress":  # a support line: distress heard, or crisis (whose line serves distress too)
        return hearing.meaning in ("distress", "crisis")
    if label == "answer" and item["after"] == SAFETY_QUESTION and item["answer"] in ("yes", "sometimes"):
        # "Yes, sometimes I'm scared of him" answering "do you ever feel unsafe?" is harm: safety wins (issue 11).
        if hearing.meaning in ("crisis", "harm"):
            return True
    if hearing.meaning != label:
        return False
    if label == "topic":
        return hearing.detail == item["section"] and hearing.level in ASKING
    if label == "exercise":
        exercise_right = "exercise" not in item or item["exercise"] in (hearing.exercise, hearing.detail)
        return hearing.detail == (item.get("command") or item.get("exercise")) and exercise_right
    return hearing.detail == expected(item).split("/", 1)[1]


def evaluate(part: str) -> dict:
    """Per-class counts, confusions and the enforced numbers for one part of the corpus."""
    heard = [(item, listen(item["text"], asked=item.get("after"))) for item in items(part)]
    right = Counter(item["label"] for item, hearing in heard if is_right(item, hearing))
    total = Counter(item["label"] for item, _ in heard)
    said = Counter(hearing.meaning for _, hearing in heard)
    said_right = Counter(hearing.meaning for item, hearing in heard
                         if hearing.meaning == item["label"] and is_right(item, hearing))
    kinds_right = sum(hearing.detail == item["kind"] for item, hearing in heard
                      if item["label"] in ("crisis", "harm") and hearing.meaning == item["label"])
    danger = total["crisis"] + total["harm"]
    # Calm taken as danger at sure (the skill acts on it), apart from calm only asked about (fairly sure: danger
    # words denied or lowered, which the rule of asymmetry never reads as calm).
    calm_danger = [hearing.level for item, hearing in heard
                   if item["label"] == "calm" and hearing.meaning in ("crisis", "harm")]
    summary = {
        "sentences": len(heard),
        "right": round(sum(right.values()) / len(heard), 4),
        **{f"{label}_right": _ratio(right[label], total[label]) for label in LABELS},
        "crisis_recall": _ratio(right["crisis"], total["crisis"]),
        "harm_recall": _ratio(right["harm"], total["harm"]),
        "danger_kind_right": _ratio(kinds_right, danger),
        "calm_as_danger": _ratio(calm_danger.count("sure"), total["calm"]),
        "calm_asked": _ratio(len(calm_danger) - calm_danger.count("sure"), total["calm"]),
        "topic_sure": _ratio(sum(h.level == "sure" for i, h in heard if i["label"] == "topic" and is_right(i, h)),
                             total["topic"]),
    }
    classes = {label: {"precision": _ratio(said_right[label], said[label]), "recall": _ratio(right[label], total[label]),
                       "n": total[label]} for label in LABELS}
    confusions = [(expected(item), describe(hearing), item["text"], item.get("after"))
                  for item, hearing in heard if not is_right(item, hearing)]
    return {"summary": summary, "classes": classes, "confusions": confusions}


@cache
def outside_items(part: str) -> tuple[dict, ...]:
    return tuple(yaml.safe_load((OUTSIDE / f"{part}.yaml").read_text(encoding="utf-8"))["items"])


def families(hearing: Hearing) -> set[str]:
    """Every family heard in a sentence: its meaning, and any other family said beside it (`also`)."""
    return {hearing.meaning, *hearing.also}


# Issue 18's "done when" for the outside sets, as the listener hears them, as a device delivers them and as the
# skill answers them in every state: at least these shares of each family reach the right help, and calm is taken
# as danger at most CALM_AT_MOST. The suite holds each as a test (xfail, strict, while not met).
TARGETS = {"harm": 0.97, "crisis": 0.97, "medical": 1.0, "distress": 0.70}
CALM_AT_MOST = 0.05
# What counts as reaching the right help, per family of the outside sets, from the families heard. Distress is
# signposted by a crisis reading as well (its line serves emotional distress too).
SIGNPOSTED = {"harm": {"harm"}, "crisis": {"crisis"}, "medical": {"medical"}, "distress": {"distress", "crisis"}}


def outside_summary(labelled: list[tuple[str, set[str], str]]) -> dict:
    """Recall per family, calm taken as danger at sure (alarm) and fairly sure (asked), from (label, families
    heard, level of the danger reading) per sentence; the same numbers for the listener and for a device."""
    total = Counter(label for label, _, _ in labelled)
    found: dict = {"sentences": len(labelled)}
    for family, right in SIGNPOSTED.items():
        found[f"{family}_n"] = total[family]
        found[f"{family}_recall"] = _ratio(sum(bool(heard & right) for label, heard, _ in labelled
                                                if label == family), total[family])
    for family in DANGER:  # caught as danger of either kind: the skill gives safety resources, if not the right ones
        found[f"{family}_as_danger"] = _ratio(sum(bool(heard & set(DANGER)) for label, heard, _ in labelled
                                                   if label == family), total[family])
    calm = [(heard, level) for label, heard, level in labelled if label == "calm"]
    found["calm_n"] = len(calm)
    found["calm_alarm"] = _ratio(sum(bool(heard & set(DANGER)) and level == "sure" for heard, level in calm),
                                 len(calm))
    found["calm_asked"] = _ratio(sum(bool(heard & set(DANGER)) and level != "sure" for heard, level in calm),
                                 len(calm))
    found["calm_as_danger"] = _ratio(sum(bool(heard & set(DANGER)) for heard, _ in calm), len(calm))
    return found


def right_help(label: str, heard: set[str]) -> bool:
    if label == "calm" or label not in SIGNPOSTED:  # calm and "physical" are wrong only when taken as danger
        return not heard & set(DANGER)
    return bool(heard & SIGNPOSTED[label])


def evaluate_outside(part: str) -> dict:
    """The outside part `part` as the listener hears it: summary, and how many misses of each kind (family, hearing).
    The sentences themselves are never printed: the outside sets judge, and a miss read is a miss tuned to."""
    heard = [(item, listen(item["text"])) for item in outside_items(part)]
    labelled = [(item["label"], families(hearing), hearing.level) for item, hearing in heard]
    misses = Counter((item["label"], describe(hearing)) for item, hearing in heard
                     if not right_help(item["label"], families(hearing)))
    return {"summary": outside_summary(labelled), "misses": misses}


def print_outside(name: str, result: dict, out) -> None:
    found = result["summary"]
    print(f"== outside/{name} as the listener hears it: {found['sentences']} sentences", file=out)
    print_scorecard(found, out)
    print(f"misses ({sum(result['misses'].values())}), by what was heard (sentences not shown):", file=out)
    for (label, got), count in sorted(result["misses"].items()):
        print(f"  {label} -> {got}: {count}", file=out)


def print_scorecard(found: dict, out, indent: str = "") -> None:
    """One line a family: how many, and how many reached the right help."""
    for family in SIGNPOSTED:
        if found.get(f"{family}_n"):
            extra = (f" (as any danger {found[f'{family}_as_danger']:.1%})" if family in DANGER else "")
            print(f"{indent}{family:<10}{found[f'{family}_n']:>5}  right help {found[f'{family}_recall']:.1%}{extra}"
                  f"{shortfall(found[f'{family}_recall'], TARGETS[family])}", file=out)
    if found.get("calm_n"):
        print(f"{indent}{'calm':<10}{found['calm_n']:>5}  taken as danger {found['calm_as_danger']:.1%}: alarm "
              f"{found['calm_alarm']:.1%}, asked to check {found['calm_asked']:.1%}"
              f"{shortfall(-found['calm_as_danger'], -CALM_AT_MOST)}", file=out)


def shortfall(value: float, target: float) -> str:
    """"" when `value` meets `target`, else a note of the target (negative values: at most)."""
    if value >= target:
        return ""
    return f"  [target: at most {-target:.0%}]" if target < 0 else f"  [target: at least {target:.0%}]"


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def print_part(part: str, result: dict, out) -> None:
    print(f"== {part}: {result['summary']['sentences']} sentences, {result['summary']['right']:.1%} right", file=out)
    print(f"{'class':<14}{'n':>5}{'precision':>11}{'recall':>9}", file=out)
    for label, row in result["classes"].items():
        precision = "-" if row["precision"] is None else f"{row['precision']:.1%}"
        print(f"{label:<14}{row['n']:>5}{precision:>11}{row['recall']:>9.1%}", file=out)
    print(f"confusions ({len(result['confusions'])}):", file=out)
    for want, got, text, after in result["confusions"]:
        asked = f" [after {after}]" if after else ""
        print(f"  {want} -> {got}: {text}{asked}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*PARTS, "both", "outside"), default="both")
    args = parser.parse_args(argv)
    parts = PARTS if args.part == "both" else () if args.part == "outside" else (args.part,)
    results = {part: evaluate(part) for part in parts}
    for part in parts:
        print_part(part, results[part], sys.stdout)
        print(file=sys.stdout)
    outside = {name: evaluate_outside(name) for name in OUTSIDE_PARTS} if args.part in ("both", "outside") else {}
    for name, result in outside.items():
        print_outside(name, result, sys.stdout)
        print(file=sys.stdout)
    numbers = {part: results[part]["summary"] for part in parts}
    numbers.update({f"outside_{name}": result["summary"] for name, result in outside.items()})
    print(json.dumps(numbers, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
