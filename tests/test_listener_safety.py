"""The safety net, phrase by phrase: every harm kind in every gender and relation, crisis by kind, negations and
benign fear (skill/content/listening/harm.yaml, crisis.yaml, calm.yaml, benign.yaml, safety_phrasings.yaml)."""
from __future__ import annotations

import pytest
import yaml

from skill.listener import listen
from skill.listener.topics import MODEL_PATH

PHRASINGS = yaml.safe_load((MODEL_PATH.parent / "safety_phrasings.yaml").read_text(encoding="utf-8"))
WHO = ["he", "she", "they", "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend", "my ex",
       "my fiance", "my ex wife"]
WHOM = ["him", "her", "them", "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend", "my ex"]
# One plain sentence per harm kind, said of anyone: the kind must not depend on who does it.
HARM_BY_ANYONE = {
    "violence": "{who} punched me",
    "threats": "{who} threatened to kill me",
    "control_money": "{who} took all my wages",
    "control_phone": "{who} smashed my phone",
    "control_friends": "{who} won't let me see my family",
    "control_movement": "{who} locked me in the house",
    "sexual_coercion": "{who} forced me to have sex",
    "stalking": "{who} put a tracker on my car",
}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("kind", "template"), HARM_BY_ANYONE.items())
def test_every_harm_kind_in_every_gender_and_relation(kind, template, who):
    hearing = listen(template.format(who=who))
    assert (hearing.meaning, hearing.detail, hearing.level) == ("harm", kind, "sure")


@pytest.mark.parametrize("whom", WHOM)
def test_fear_of_anyone_is_harm_and_its_negation_is_calm(whom):
    assert (listen(f"I'm scared of {whom}").meaning, listen(f"I'm scared of {whom}").detail) == ("harm", "fear")
    assert listen(f"I'm not scared of {whom}").meaning == "calm"
    assert listen(f"I'm not afraid of {whom} at all").meaning == "calm"


@pytest.mark.parametrize("who", WHO)
def test_never_hurt_is_calm_for_anyone(who):
    assert listen(f"{who} has never hit me").meaning == "calm"
    assert listen(f"{who} would never hurt me").meaning == "calm"


CRISIS = [(kind, text) for kind, texts in PHRASINGS["crisis"].items() for text in texts]
HARM = [(kind, text) for kind, texts in PHRASINGS["harm"].items() for text in texts]


@pytest.mark.parametrize(("kind", "sentence"), CRISIS)
def test_the_teams_crisis_sentences_are_crisis(kind, sentence):
    assert listen(sentence).meaning == "crisis"


@pytest.mark.parametrize(("kind", "sentence"), HARM)
def test_the_teams_harm_sentences_are_harm(kind, sentence):
    assert listen(sentence).meaning == "harm"


@pytest.mark.parametrize("sentence", PHRASINGS["calm"])
def test_the_teams_calm_sentences_raise_no_alarm(sentence):
    assert listen(sentence).meaning not in ("crisis", "harm")


@pytest.mark.parametrize("sentence", [
    "I'm scared of spiders", "I was afraid I'd miss the train", "the film about a stalker was creepy",
    "this traffic is killing me", "I'm dying to see him", "I could murder a pizza",
    "she'd kill me if I forgot her birthday", "I'm terrified of heights, not of my wife",
])
def test_benign_fear_and_idioms_are_no_signal(sentence):
    assert listen(sentence).meaning not in ("crisis", "harm")


def test_crisis_is_heard_before_harm():
    assert listen("he hits me and I want to die").meaning == "crisis"


def test_a_clear_signal_wins_over_an_undo():
    assert listen("that's not what I meant, he did hit me").meaning == "harm"


def test_harm_after_the_safety_question_is_still_harm():
    assert listen("yes he hits me", asked="feels_unsafe").meaning == "harm"


def test_evidence_names_the_pattern_and_the_words():
    hearing = listen("my wife beats me")
    assert any("harm/violence" in line and "beats me" in line for line in hearing.evidence)


def test_the_sentence_stays_out_of_the_repr():
    assert "beats" not in repr(listen("my wife beats me"))
