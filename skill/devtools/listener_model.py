"""`make listener-model`: trains the listener's topic model from the team's phrasings and writes its weights.

    python -m skill.devtools.listener_model [--check]

The model is a logistic regression over skill/listener/features.py (words, word pairs, word pieces, weighted by
how rare they are), trained on skill/content/listening/topics.yaml and the topic items of the corpus's tuning
part (tests/data/listener/tune.yaml); never on the held-out part. scikit-learn trains it here, at build time
(the `test` extra); the skill reads the exported weights with plain Python (skill/listener/topics.py).
The weights file records a fingerprint of everything it was trained from; --check exits 1 when it is stale.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

import yaml

from skill.listener import features as features_module
from skill.listener import words as words_module
from skill.listener.features import features
from skill.listener.topics import MODEL_PATH, group_normalised
from skill.listener.words import normalise

REPO = Path(__file__).resolve().parents[2]
PHRASINGS = REPO / "skill" / "content" / "listening" / "topics.yaml"
TUNING = REPO / "tests" / "data" / "listener" / "tune.yaml"
REGULARISATION = 10.0  # C, chosen by 5-fold cross-validation on the tuning part (README, "How the skill listens")
DIGITS = 4  # weights rounded: the file stays small, and scores change by far less than any threshold


def training_sentences() -> list[tuple[str, str]]:
    """(sentence, section id) pairs: the team's phrasings, then the tuning part's topic items."""
    phrasings = yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))["sections"]
    pairs = [(text, section) for section, texts in phrasings.items() for text in texts]
    tuning = yaml.safe_load(TUNING.read_text(encoding="utf-8"))["items"]
    pairs += [(item["text"], item["section"]) for item in tuning if item["label"] == "topic"]
    return pairs


def fingerprint() -> str:
    """Changes when the phrasings, the tuning part, or the code that turns a sentence into features change."""
    digest = hashlib.sha256()
    for path in (PHRASINGS, TUNING, Path(features_module.__file__), Path(words_module.__file__)):
        digest.update(path.read_bytes())
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
    weights = {}
    for column, name in enumerate(vectoriser.get_feature_names_out()):
        weights[name] = [round(float(value), DIGITS) for value in model.coef_[:, column]]
    return {"fingerprint": fingerprint(), "classes": [str(c) for c in model.classes_],
            "intercepts": [round(float(v), DIGITS) for v in model.intercept_], "idf": idf, "weights": weights}


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
    MODEL_PATH.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{MODEL_PATH.relative_to(REPO)}: {len(model['classes'])} sections, {len(pairs)} sentences, "
          f"{len(model['weights'])} features, {MODEL_PATH.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
