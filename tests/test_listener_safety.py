"""The safety net, phrase by phrase: every harm kind in every gender and relation, crisis by kind, negations and
benign fear (skill/content/listening/harm.yaml, crisis.yaml, calm.yaml, benign.yaml, safety_phrasings.yaml).

By the rule of asymmetry, danger words denied, limited or inside a phrase that only lowers are heard fairly sure
(ASKED: the skill asks directly), never calm; only an audited idiom is no signal."""
from __future__ import annotations

import pytest
import yaml

from skill.listener import listen
from skill.listener.topics import MODEL_PATH
from skill.listener.words import normalise

PHRASINGS = yaml.safe_load((MODEL_PATH.parent / "safety_phrasings.yaml").read_text(encoding="utf-8"))
WHO = ["he", "she", "they", "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend", "my ex",
       "my fiance", "my ex wife"]
WHOM = ["him", "her", "them", "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend", "my ex"]
# One plain sentence per harm kind, said of anyone: the kind must not depend on who does it.
ASKED = "asked"  # danger words lowered to fairly sure: the skill asks directly


def heard(sentence: str, asked: str | None = None) -> str:
    """The meaning, or ASKED for danger words lowered to fairly sure."""
    hearing = listen(sentence, asked=asked)
    lowered = hearing.level == "fairly_sure" and any(line.startswith("lowered") for line in hearing.evidence)
    return ASKED if hearing.meaning in ("crisis", "harm") and lowered else hearing.meaning


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
def test_fear_of_anyone_is_harm_and_its_negation_is_asked_about(whom):
    assert (listen(f"I'm scared of {whom}").meaning, listen(f"I'm scared of {whom}").detail) == ("harm", "fear")
    assert heard(f"I'm not scared of {whom}") == ASKED
    assert heard(f"I'm not afraid of {whom} at all") == ASKED


@pytest.mark.parametrize("who", WHO)
def test_never_hurt_is_asked_about_for_anyone(who):
    assert heard(f"{who} has never hit me") == ASKED
    assert heard(f"{who} would never hurt me") == ASKED


CRISIS = [(kind, text) for kind, texts in PHRASINGS["crisis"].items() for text in texts]
HARM = [(kind, text) for kind, texts in PHRASINGS["harm"].items() for text in texts]


@pytest.mark.parametrize(("kind", "sentence"), CRISIS)
def test_the_teams_crisis_sentences_are_crisis(kind, sentence):
    assert listen(sentence).meaning == "crisis"


@pytest.mark.parametrize(("kind", "sentence"), HARM)
def test_the_teams_harm_sentences_are_harm(kind, sentence):
    assert listen(sentence).meaning == "harm"


# Calm sentences are never taken as danger at sure; those that deny danger are asked about (fairly sure).
@pytest.mark.parametrize("sentence", PHRASINGS["calm"])
def test_the_teams_calm_sentences_raise_no_alarm(sentence):
    hearing = listen(sentence)
    assert hearing.meaning not in ("crisis", "harm") or hearing.level == "fairly_sure"


@pytest.mark.parametrize("sentence", [
    "I'm scared of spiders", "I was afraid I'd miss the train", "the film about a stalker was creepy",
    "this traffic is killing me", "I'm dying to see him", "I could murder a pizza",
    "she'd kill me if I forgot her birthday",
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


# A negation does not reach past a verb of knowing, telling or stopping: what is denied is that, not the harm.
@pytest.mark.parametrize(("sentence", "meaning"), [
    ("nobody knows my husband shoves me", "harm"),
    ("no one would guess he slaps me", "harm"),
    ("I've never told anyone she chokes me", "harm"),
    ("my ex won't stop following me", "harm"),
    ("nothing I say stops her hitting me", "harm"),
    ("I can't stop thinking about killing myself", "crisis"),
    ("nobody is stopping me seeing my family", ASKED),
    ("I don't think he'd ever hurt me", ASKED),
])
def test_a_negation_stops_at_a_verb_of_knowing_telling_or_stopping(sentence, meaning):
    assert heard(sentence) == meaning


# Words after a denial that limit it to some times or places undo it; "not even when" widens it.
@pytest.mark.parametrize(("sentence", "meaning"), [
    ("she never hits me where people can see", "harm"),
    ("he doesn't hit me in front of the kids", "harm"),
    ("he hasn't hurt me yet", "harm"),
    ("I'm not scared of my boyfriend when he's sober", "harm"),
    ("I'm not afraid of her most of the time, only when she drinks", "harm"),
    ("he's never hit me, not even when he's drunk", ASKED),
    ("I'm not scared of him at all", ASKED),
])
def test_a_limited_denial_is_no_denial(sentence, meaning):
    assert heard(sentence) == meaning


# Alexa hands words over without commas: a new subject after a denial starts a clause the denial does not reach.
@pytest.mark.parametrize(("sentence", "meaning"), [
    ("he doesn't hit me he just grabs me", "harm"),
    ("i am not okay he hit me again", "harm"),
    ("never punched me only slapped me", "harm"),
    ("i am not okay i have been hurting myself", "crisis"),
    ("it is not that he hits me", ASKED),
    ("i don't believe she would hurt me", ASKED),
    ("i am not scared he will hurt me", ASKED),
])
def test_a_new_subject_ends_a_denial_said_without_commas(sentence, meaning):
    assert heard(sentence) == meaning


@pytest.mark.parametrize(("said", "read"), [
    ("she never lets me out of her sight", "she never lets me out of her sight"),  # "let us" only as "let's"
    ("lets start", "let us start"),
    ("my girlfriend's going to kill me", "my girlfriend is going to kill me"),  # "'s" before a verb is "is"
    ("my husband's phone", "my husbands phone"),
])
def test_lets_and_s_are_read_as_said(said, read):
    assert normalise(said) == read


def test_control_said_with_lets_is_harm():
    assert listen("she never lets me out of her sight").meaning == "harm"
    assert listen("my partner never lets me see my wages").meaning == "harm"


# Denials said by what happens instead: the danger after them is heard.
@pytest.mark.parametrize(("sentence", "kind"), [
    ("she's never hit me but she threatens to", "threats"),
    ("he doesn't hit me, he just smashes plates when he's angry", "violence"),
    ("my wife doesn't hit me but she kicks the doors", "fear"),
    ("he's never touched me, but he said I'd regret leaving", "threats"),
    ("I'm not sure I'm safe at home", "fear"),
    ("it isn't safe for me to talk", "fear"),
    ("my husband can't know I'm using this", "fear"),
    ("I don't have access to my own money", "control_money"),
])
def test_harm_said_after_a_denial_is_harm(sentence, kind):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.detail) == ("harm", kind)


@pytest.mark.parametrize("sentence", [
    "I don't trust myself not to cut tonight",
    "I've stopped self harming but I still want to",
    "I'm not sure there's any reason to live",
    "I don't know how much longer I can go on",
    "it's not worth going on",
])
def test_crisis_said_with_a_negation_is_crisis(sentence):
    assert listen(sentence).meaning == "crisis"


# A benign phrase ends where the speaker's own life begins again, and it takes suspicion from the model's net.
@pytest.mark.parametrize(("sentence", "meaning"), [
    ("we saw a film about a stalker and now he follows me too", "harm"),
    ("I read a story about money abuse and my wife takes all my wages", "harm"),
    ("my boyfriend keeps threatening to sing at the wedding", None),
    ("I'm scared of spiders, not of my husband", ASKED),
    ("she always beats me at chess", None),
    ("he keeps pushing me to apply for the job", None),
    ("the only time I feel unsafe is on the night bus", ASKED),
])
def test_benign_phrases_end_where_the_speakers_life_begins(sentence, meaning):
    said = heard(sentence)
    assert said == meaning if meaning else said not in ("crisis", "harm", ASKED)


# Words of safety the model's net must not overrule: money of one's own, worry about a partner, idioms.
@pytest.mark.parametrize("sentence", [
    "we each have our own bank accounts",
    "I come and go as I like",
    "I'm worried because my wife has been really poorly",
    "I'm scared his parents don't approve of me",
    "I'm afraid she doesn't love me anymore",
    "I'm terrified of letting her down",
    "I'd kill to have his energy",
    "I can't wait to meet her family",
    "he's not the kind of man who'd do that",
    "I feel safest when she's home",
])
def test_words_of_safety_outrank_the_models_net(sentence):
    assert listen(sentence).meaning not in ("crisis", "harm")


def test_a_denial_of_crisis_is_asked_about_never_calm():
    hearing = listen("I'm not going to do anything stupid, I'm just letting off steam")
    assert (hearing.meaning, hearing.level) == ("crisis", "fairly_sure")
