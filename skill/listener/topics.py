"""Which section a sentence is about, and a safety net under the patterns: a linear model over its features, read from exported weights (no numpy).

The weights are trained at build time by skill/devtools/listener_model.py (`make listener-model`) and read once.
"""
from __future__ import annotations

import json
import math
import sys
from array import array
from functools import cache
from operator import mul
from pathlib import Path

from skill.listener.features import features
from skill.listener.memory import per_sentence

# The model's safety net, in the order it is answered: danger (crisis, harm), then needs (medical, distress).
DANGER = ("crisis", "harm")
SAFETY_NET = (*DANGER, "medical", "distress")
NOT_SECTIONS = (*SAFETY_NET, "none")  # the model's classes that are not sections
MODEL_PATH = Path(__file__).resolve().parents[1] / "content" / "listening" / "topic_model.json"
WEIGHTS_PATH = MODEL_PATH.with_suffix(".bin")  # float32, little-endian, one row of class weights per feature


@cache
def _model() -> dict:
    """The exported model, with `weights` as {feature: row} over one array (read whole: fast at a cold start)."""
    with open(MODEL_PATH, encoding="utf-8") as stream:
        model = json.load(stream)
    weights = array("f")
    weights.frombytes(WEIGHTS_PATH.read_bytes())
    if sys.byteorder != "little":
        weights.byteswap()
    width = len(model["classes"])
    model["weights"] = {name: weights[row * width:(row + 1) * width] for row, name in enumerate(model["features"])}
    model["idf"] = dict(zip(model["features"], model["idf"]))
    return model


def group_normalised(found: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    """Known features weighted by rarity, each group (w:, p:, c:) scaled to unit length; unknown ones dropped."""
    weighted = {name: value * idf[name] for name, value in found.items() if name in idf}
    lengths: dict[str, float] = {}
    for name, value in weighted.items():
        lengths[name[0]] = lengths.get(name[0], 0.0) + value * value
    return {name: value / math.sqrt(lengths[name[0]]) for name, value in weighted.items()}


@per_sentence
def section_scores(normalised: str) -> tuple[tuple[str, float], ...]:
    """Every class of the model (sections, the safety net, none) with its probability, best first."""
    return tuple(scores_with(_model(), normalised))


def scores_with(model: dict, normalised: str) -> list[tuple[str, float]]:
    """section_scores() for a model given as its exported dict (the trainer's cross-validation passes its own)."""
    weights, idf = model["weights"], model["idf"]
    groups: dict[str, list[str]] = {}
    for name in features(normalised):
        if name in weights:
            groups.setdefault(name[0], []).append(name)
    values, rows = [], []
    for known in groups.values():
        # group_normalised() in one pass: a group's features share one value, so each known feature's weight is
        # its rarity over the length of the group's rarities (the value cancels out).
        if known:
            rarities = [idf[name] for name in known]
            length = math.sqrt(sum(rarity * rarity for rarity in rarities))
            values += [rarity / length for rarity in rarities]
            rows += map(weights.__getitem__, known)
    # Each class's score is its intercept plus the dot product of the values with its column of weights; zip(*rows)
    # turns the rows into columns and map(mul) multiplies at C speed (a loop per weight was most of a sentence's time).
    scores = [intercept + sum(map(mul, values, column))
              for intercept, column in zip(model["intercepts"], zip(*rows))] if rows else list(model["intercepts"])
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    ranked = sorted(zip(model["classes"], (value / total for value in exps)), key=lambda pair: -pair[1])
    return ranked


def section_shares(ranked: tuple[tuple[str, float], ...] | list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The sections only, each with its share of the sections' probability, best first: a topic's score."""
    sections = [(name, probability) for name, probability in ranked if name not in NOT_SECTIONS]
    total = sum(probability for _, probability in sections) or 1.0
    return [(name, probability / total) for name, probability in sections]
