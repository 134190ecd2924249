"""Crisis words said of someone else, distress with nobody named as its cause, and words as a device delivers them
(issue 18): the team's own sentences, never the outside sets'."""
import pytest

from skill.devtools.listener_model import as_delivered
from skill.handlers.hearing import hear
from skill.listener import listen


@pytest.mark.parametrize("sentence", [
    "there was a suicide on the news today",
    "my friend's brother died by suicide years ago",
    "we talked about suicide rates in class today",
])
def test_the_bare_word_suicide_of_someone_else_is_asked_about_never_calm(sentence):
    """Lowered by the rule of asymmetry: fairly sure, so the skill asks directly, with the number; never calm."""
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.level) == ("crisis", "fairly_sure")


@pytest.mark.parametrize("sentence", [
    "I want to commit suicide",
    "I attempted suicide last year and I feel the same again",
    "I've been thinking about suicide a lot",
    "suicide feels like the only way out",
    "i did the suicide prevention training at work and now i keep thinking of killing myself",
])
def test_suicide_said_of_oneself_is_sure(sentence):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.level) == ("crisis", "sure")


@pytest.mark.parametrize("sentence", [
    "I'm doing suicide prevention training at work",
    "we're on a suicide awareness walk on Sunday",
    "the suicide squad movie was rubbish",
])
def test_audited_suicide_compounds_are_calm(sentence):
    assert listen(sentence).meaning == "calm"


@pytest.mark.parametrize("sentence", [
    "I called a suicide prevention line last night",
    "can you give me the suicide hotline number",
])
def test_asking_for_a_suicide_line_is_never_quieted(sentence):
    hearing = listen(sentence)
    assert hearing.meaning == "crisis"


@pytest.mark.parametrize("sentence", [
    "I feel trapped in my own life",
    "I'm so isolated",
    "I feel so isolated since I moved here",
    "I feel trapped in this town with no friends",
    "I feel like I'm drowning",
    "I'm so lonely I talk to the telly",
])
def test_trapped_or_isolated_with_nobody_named_is_distress(sentence):
    hearing = listen(sentence)
    assert hearing.meaning == "distress"
    assert "harm" not in hearing.also or hearing.level != "sure"


@pytest.mark.parametrize("sentence", [
    "I feel trapped, he won't let me leave the house",
    "I'm so isolated by my husband",
    "I feel trapped in this marriage",
])
def test_trapped_or_isolated_by_someone_is_harm(sentence):
    assert listen(sentence).meaning == "harm"


@pytest.mark.parametrize("sentence", [
    "ever since my wife passed I just want to go and be with her",
    "I bought paracetamol from three different chemists today",
])
def test_indirect_crisis_is_heard(sentence):
    assert listen(sentence).meaning == "crisis"


def test_visiting_a_grave_is_no_wish_to_die():
    assert listen("since mum died I want to go to her at the cemetery every sunday").meaning != "crisis"


@pytest.mark.parametrize(("said", "delivered"), [
    ("I'm done living", "done living"),
    ("I feel like a ghost", "a ghost"),
    ("I want to die", "to die"),
    ("he hits me", None),
    ("I", None),
])
def test_the_model_learns_each_sentence_as_a_device_delivers_it(said, delivered):
    """The opening in the speaker's own voice that a sample strips, the longest first; nothing for a pronoun of
    someone else, nor when too little is left."""
    assert as_delivered(said) == delivered


@pytest.mark.parametrize("words", ["just feel like fading away", "so trapped and alone"])
def test_words_without_their_opening_still_reach_a_line(words):
    """As Alexa hands them over once "I" or "I feel" is dropped: crisis or distress, never a topic."""
    assert hear(words, "en-US", None, "TellIntent").meaning in ("crisis", "distress")
