"""`make listener-model`: trains the listener's topic model from the team's phrasings and writes its weights.

    python -m skill.devtools.listener_model [--check]

The model is a logistic regression over skill/listener/features.py (words, word pairs, word pieces, weighted by
how rare they are). Its classes are the sections, plus "crisis", "harm", "medical" and "distress" (a safety net
under the patterns) and "none" (calm words, manners, requests, answers). It learns from
skill/content/listening/topics.yaml and safety_phrasings.yaml, and from the tuning part of the corpus
(tests/data/listener/tune.yaml); never from the held-out part (skill/devtools/listener_tuning.py prints the
cross-validation inside the tuning part that set levels.yaml). scikit-learn trains it here, at build time (the `test` extra); the skill reads the exported weights
with plain Python (skill/listener/topics.py).
The weights file records a fingerprint of everything it was trained from; --check exits 1 when it is stale.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from array import array
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from skill import content
from skill.listener import features as features_module
from skill.listener import words as words_module
from skill.listener.features import features
from skill.listener.topics import MODEL_PATH, SAFETY_NET, WEIGHTS_PATH, group_normalised
from skill.listener.words import normalise

REPO = Path(__file__).resolve().parents[2]
PHRASINGS = REPO / "skill" / "content" / "listening" / "topics.yaml"
SAFETY = REPO / "skill" / "content" / "listening" / "safety_phrasings.yaml"
TUNING = REPO / "tests" / "data" / "listener" / "tune.yaml"
NONE = "none"
REGULARISATION = 10.0  # C, chosen by 5-fold cross-validation on the tuning part (docs/listening.md, "Why a linear model")
MIN_DELIVERED_WORDS = 2  # a single word left after the opening ("struggling") is too little to learn from
DIGITS = 4  # idf and intercepts rounded (the weights are float32): scores move far less than any threshold


def own_sentences() -> list[tuple[str, str]]:
    """(sentence, class) pairs the team wrote for the model: section phrasings, then crisis, harm, medical
    emergencies and distress (the patterns' examples, and distress as people say it), then calm, everyday words and
    calm words shared with crisis and distress (none of them danger nor a need)."""
    phrasings = yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))["sections"]
    pairs = [(text, section) for section, texts in phrasings.items() for text in texts]
    safety = yaml.safe_load(SAFETY.read_text(encoding="utf-8"))
    spoken = [(text, family) for family in SAFETY_NET for texts in safety[family].values() for text in texts]
    spoken += [(text, "distress") for text in safety["distress_spoken"]]
    spoken += [(text, NONE) for text in safety["calm"] + safety["everyday"] + safety["calm_spoken"]]
    # Each as a device may deliver it too: Alexa keeps a carrier's opening out of the words ("i'm done living"
    # arrives as "done living"), and the net reads the words as they came.
    spoken += [(delivered, label) for text, label in spoken if (delivered := as_delivered(text)) is not None]
    return pairs + spoken


def as_delivered(text: str) -> str | None:
    """`text` without the longest opening in the speaker's own voice that a sample of TellIntent may strip ("i",
    "i'm", "i feel like" ...: the en-US model's carriers), or None when it opens with none or too little is left."""
    said = normalise(text).split()
    for opening in _own_voice_openings():
        if said[:len(opening)] == list(opening) and len(said) - len(opening) >= MIN_DELIVERED_WORDS:
            return " ".join(said[len(opening):])
    return None


@cache
def _own_voice_openings() -> list[tuple[str, ...]]:
    """TellIntent's carriers in en-US that open in the first person and end before the words, longest first (then
    in order of the alphabet, so the fingerprint does not change from run to run)."""
    carriers = content.load("carriers")["locales"]["en-US"]["TellIntent"]
    openings = {tuple(normalise(before).split()) for before, after in carriers if not after}
    own = (opening for opening in openings if opening and opening[0] == "i")
    return sorted(own, key=lambda opening: (-len(opening), opening))


def tuning_sentences() -> list[tuple[str, str]]:
    """(sentence, class) pairs of the tuning part: a topic's class is its section."""
    tuning = yaml.safe_load(TUNING.read_text(encoding="utf-8"))["items"]
    return [(item["text"], model_class(item)) for item in tuning]


def model_class(item: dict) -> str:
    return item["section"] if item["label"] == "topic" else item["label"] if item["label"] in SAFETY_NET else NONE


def training_sentences() -> list[tuple[str, str]]:
    return own_sentences() + tuning_sentences()


def fingerprint() -> str:
    """Changes when the phrasings, the tuning part, the openings a device strips, or the code that turns a sentence
    into features change."""
    digest = hashlib.sha256()
    for path in (PHRASINGS, SAFETY, TUNING, Path(features_module.__file__), Path(words_module.__file__)):
        digest.update(path.read_bytes())
    # Only the openings read from carriers.yaml: its table of crossings changes with every danger pattern.
    digest.update(repr(_own_voice_openings()).encode())
    digest.update(repr(REGULARISATION).encode())
    return digest.hexdigest()


def train(pairs: list[tuple[str, str]]) -> dict:
    """The exported model: classes, intercepts, idf and per-feature weights, for skill/listener/topics.py."""
    from sklearn.feature_extraction import DictVectorizer  # build-time only: never imported by the skill
    from sklearn.linear_model import LogisticRegression

    raw = [features(normalise(text)) for text, _ in pairs]
    counts = Counter(name for found in raw for name in found)
    idf = {name: round(math.log((1 + len(raw)) / (1 + count)) + 1, DIGITS) for name, count in counts.items()}
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform([group_normalised(found, idf) for found in raw])
    model = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(matrix, [section for _, section in pairs])
    names = [str(name) for name in vectoriser.get_feature_names_out()]
    weights = {name: [float(value) for value in model.coef_[:, column]] for column, name in enumerate(names)}
    return {"fingerprint": fingerprint(), "classes": [str(c) for c in model.classes_],
            "intercepts": [round(float(v), DIGITS) for v in model.intercept_], "features": names,
            "idf": dict(zip(names, (idf[name] for name in names))), "weights": weights}


def write(model: dict) -> None:
    """topic_model.json (classes, features, idf) and topic_model.bin (the weights, float32 little-endian)."""
    rows = array("f", (value for name in model["features"] for value in model["weights"][name]))
    if sys.byteorder != "little":
        rows.byteswap()
    WEIGHTS_PATH.write_bytes(rows.tobytes())
    header = {key: model[key] for key in ("fingerprint", "classes", "intercepts", "features")}
    header["idf"] = [model["idf"][name] for name in model["features"]]
    MODEL_PATH.write_text(json.dumps(header, separators=(",", ":")) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.devtools.listener_model", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the weights file is stale")
    args = parser.parse_args(argv)
    if args.check:
        stored = json.loads(MODEL_PATH.read_text(encoding="utf-8")).get("fingerprint") if MODEL_PATH.exists() else None
        if stored != fingerprint():
            print(f"{MODEL_PATH.name} is stale: run `make listener-model`", file=sys.stderr)
            return 1
        return 0
    pairs = training_sentences()
    model = train(pairs)
    write(model)
    size = (MODEL_PATH.stat().st_size + WEIGHTS_PATH.stat().st_size) // 1024
    print(f"{MODEL_PATH.relative_to(REPO)} and .bin: {len(model['classes'])} classes, {len(pairs)} sentences, "
          f"{len(model['features'])} features, {size} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
