"""`python -m skill.devtools.listener_tuning`: the 5-fold cross-validation inside the tuning part that sets levels.yaml.

Each fold trains the model on the team's own sentences and four fifths of the tuning part, and reads the fifth.
It prints, for each candidate threshold, how many topics would be heard right at that level, how many wrong ones
would be acted on, and how often the model's safety net would catch crisis, harm, a medical emergency or
distress, or raise a false alarm.
The held-out part is never read here.
"""
from __future__ import annotations

import sys

from skill.devtools.listener_model import NONE, SAFETY_NET, own_sentences, train, tuning_sentences
from skill.listener.topics import scores_with, section_shares
from skill.listener.words import normalise

FOLDS = 5


def out_of_fold() -> list[tuple[str, dict[str, float]]]:
    """(true class, {class: probability}) for every tuning sentence, read by a model that did not learn it."""
    from sklearn.model_selection import StratifiedKFold  # build-time only

    tuning = tuning_sentences()
    classes = [label for _, label in tuning]
    found = []
    for learn, held in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(tuning, classes):
        model = train(own_sentences() + [tuning[index] for index in learn])
        found += [(tuning[index][1], dict(scores_with(model, normalise(tuning[index][0])))) for index in held]
    return found


def report(found: list[tuple[str, dict[str, float]]]) -> None:
    topics = [(label, probabilities) for label, probabilities in found if label not in (*SAFETY_NET, NONE)]
    print(f"topics: {len(topics)} tuning sentences, out of fold; a topic's score is its share among the sections")
    print("threshold  right at or above  wrong at or above")
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8):
        right = wrong = 0
        for label, probabilities in topics:
            section, probability = section_shares(sorted(probabilities.items(), key=lambda pair: -pair[1]))[0]
            if probability >= threshold:
                right += section == label
                wrong += section != label
        print(f"{threshold:>9.2f}  {right / len(topics):>17.1%}  {wrong / len(topics):>17.1%}")
    for family in SAFETY_NET:
        positives = [p[family] for label, p in found if label == family]
        if not positives:  # a class learnt from the team's phrasings alone: nothing of it to hold out here
            continue
        negatives = [p[family] for label, p in found if label == NONE]
        others = [p[family] for label, p in found if label not in (*SAFETY_NET, NONE)]
        print(f"safety net {family}: threshold, caught of {len(positives)}, false alarms of {len(negatives)} none "
              f"and {len(others)} topics")
        for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
            caught = sum(p >= threshold for p in positives) / len(positives)
            alarms = sum(p >= threshold for p in negatives) / len(negatives)
            topic_alarms = sum(p >= threshold for p in others) / len(others)
            print(f"  {threshold:.2f}  {caught:.1%}  {alarms:.1%}  {topic_alarms:.1%}")


def main() -> int:
    report(out_of_fold())
    return 0


if __name__ == "__main__":
    sys.exit(main())
