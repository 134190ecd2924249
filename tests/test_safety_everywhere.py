"""Safety first everywhere: words of fear heard at any point reach the self-check's result and card, the results kept
between visits, the catch-all answers (fallback, help, the apology) and the goodbye of a stopped self-check."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.devtools.chat_session import ChatSession
from skill.devtools.envelopes import Caller
from skill.conversation.selfcheck_results import result
from skill.settings import Settings

LIE_ANSWERS = ["yes", "no", "sometimes", "skip", "skip", "sometimes", "yes", "no", "no", "yes", "no", "no"]
FEAR_ANSWERS = ["yes"] * 6 + ["no"] * 5 + ["yes"]
WITHHELD_TITLES = ["rebuilding trust after a lie", "being trustworthy", "forgiveness", "learning to trust your partner",
                   "fixing trust issues", "expert help", "building trust"]


@pytest.fixture
def stored_client(tmp_path):
    return create_app(Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'trust.sqlite3'}")).test_client()


def selfcheck(talk: ChatSession, answers: list[str]):
    talk.say("start a self-check")
    for answer in answers:
        turn = talk.say(answer)
    return turn


# --- S2: results, card, suggestions ------------------------------------------------------------------------------

def test_the_result_and_card_put_safety_first_after_words_of_fear_heard_before():
    found = [{"id": "rebuilding_after_lying", "kind": "section", "because": "because a lie hurts", "rule": "r"},
             {"id": "forgiveness", "kind": "exercise", "because": "because a lie hurts", "rule": "r"},
             {"id": "red_flags", "kind": "section", "because": "because of control", "rule": "c"}]
    said = result(found, [], "en-US", safety_concern=True)
    assert "You deserve to be safe" in said.speech.text and "red flags" not in said.speech.text  # on yes, after it
    assert "rebuilding trust after a lie" not in said.speech.text and "forgiveness" not in said.speech.text.lower()
    assert "1-800-799-7233" in said.speech.text and said.card is None
    assert said.offer == {"recommendation": 0}
    plain = result(found, [], "en-US")
    assert "You deserve to be safe" not in plain.speech.text and "rebuilding trust after a lie" in plain.speech.text


def test_words_of_fear_then_a_self_check_with_calm_answers(chat):
    talk = chat()
    talk.say("/launch")
    talk.say("my partner hurts me")
    end = selfcheck(talk, LIE_ANSWERS)
    assert end.speech.startswith("Thank you. That's all the questions. If you feel afraid")
    said = end.speech.lower()
    assert not [title for title in WITHHELD_TITLES if title in said]
    assert "1-800-799-7233" in end.speech and end.card is None


# --- S3: results kept between visits ------------------------------------------------------------------------------

def test_a_self_check_that_finds_fear_lets_go_of_results_kept_from_an_earlier_one(stored_client, chat):
    talk = chat(client=stored_client, caller=Caller.named(person="alex"))  # recognised: the greeting names results
    talk.say("/launch")
    assert "Shall I remember these" in selfcheck(talk, LIE_ANSWERS).speech
    talk.say("yes")
    talk.say("stop")
    assert "I've kept the suggestions" in talk.say("/launch").speech
    end = selfcheck(talk, FEAR_ANSWERS)
    assert "You deserve to be safe" in end.speech
    results = talk.say("what were my results")
    assert not [title for title in WITHHELD_TITLES if title in results.speech.lower()]
    talk.say("stop")
    again = talk.say("/launch")
    assert "I've kept the suggestions" not in again.speech
    assert "don't have any self-check results" in talk.say("what were my results").speech


def test_a_new_result_makes_the_kept_one_stale_even_when_it_is_not_kept(stored_client, chat):
    talk = chat(client=stored_client)
    talk.say("/launch")
    selfcheck(talk, LIE_ANSWERS)
    talk.say("yes")
    talk.say("stop")
    talk.say("/launch")
    selfcheck(talk, ["no"] * 12)
    talk.say("no")  # not remembered
    talk.say("stop")
    talk.say("/launch")
    assert "don't have any self-check results" in talk.say("what were my results").speech


# --- S4: the catch-all answers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["blorp fizzle wug", "help"])
def test_the_catch_all_answers_offer_no_couple_activity_after_words_of_fear(line, chat):
    # A feature this version does not know holds the conversation, so basics.py answers, not navigation.
    turn = chat(attributes={"safety_concern": True, "mode": "some-new-feature"}).say(line)
    assert "support numbers" in turn.speech and "exercise" not in turn.speech.lower()
    assert "exercise" not in turn.reprompt.lower() and turn.speech.endswith("?")


def test_the_fallback_still_offers_everything_without_a_concern(chat):
    turn = chat(attributes={"mode": "some-new-feature"}).say("blorp fizzle wug")
    assert "didn't catch that" in turn.speech and "try an exercise together" in turn.speech


# --- S6: the goodbye of a stopped self-check ------------------------------------------------------------------------

def test_without_a_store_stopping_a_self_check_promises_nothing_for_next_time(chat):
    talk = chat()
    talk.say("/launch")
    talk.say("start a self-check")
    talk.say("yes")
    goodbye = talk.say("stop")
    assert goodbye.end_session and "Goodbye" in goodbye.speech and "continue my self-check" not in goodbye.speech


def test_with_a_store_stopping_promises_to_carry_on_unless_fear_was_heard(stored_client, chat):
    talk = chat(client=stored_client)
    talk.say("/launch")
    talk.say("start a self-check")
    talk.say("yes")
    assert "continue my self-check" in talk.say("stop").speech
    talk.say("/launch")
    talk.say("i'm scared of my partner")
    talk.say("continue my self-check")
    talk.say("yes")
    assert "continue my self-check" not in talk.say("stop").speech


# --- Danger wins in every state -------------------------------------------------------------------------------------
# Every state some feature's table names (skill/handlers/*.py, `states`), and a journey said at the console that leaves
# the conversation in it; "launch" is the state of none. A state added to a table without a journey here fails
# test_every_state_of_every_table_has_a_journey, so it cannot go unwalked.

ANSWERED = ["yes"] * 12
JOURNEYS = {
    "launch": ["/launch"],
    "crisis/number_offered": ["/launch", "I want to end my life"],
    "crisis/check_asked": ["/launch", "I can't do this anymore"],
    "crisis/grounding_offered": ["/launch", "I want to end my life", "no"],
    "signposting/go_on_offered": ["/launch", "I've been so depressed lately"],
    "safety/check_asked": ["/launch", "she has come close loads of times"],
    "cards/card_asked": ["/launch", "support numbers", "send the number to my phone"],
    "selfcheck/asking": ["/launch", "start a self-check"],
    "selfcheck/start_offered": ["/launch", "tell me about recognising trust", "yes", "yes", "yes", "yes"],
    "selfcheck/results": ["/launch", "start a self-check", *ANSWERED],
    "exercises/exercise_offered": ["/launch", "start the eye contact exercise", "yes"],
    "exercises/ready_asked": ["/launch", "tell me about the eye contact exercise"],
    "exercises/between_rounds": ["/launch", "start the eye contact exercise", "yes", "yes", "ready"],
    # Only a reading that was not clear can be undone: a clear disclosure is kept for the session.
    "listening/undo_asked": ["/launch", "I can't do this anymore", "that's not what I meant"],
    "browsing/browsing": ["/launch", "tell me about building trust"],
}
# States a journey reaches only with a memory of earlier visits (a store): walked with stored_client.
STORED_JOURNEYS = {
    "remembering/forget_asked": ["/launch", "start the eye contact exercise", "no", "stop", "/launch", "delete my data"],
    "selfcheck/resume_offered": ["/launch", "start a self-check", "yes", "yes", "stop", "/launch"],
    # "Shall I remember these?" is asked only of a recognised voice.
    "remembering/remember_asked": ["/person alex", "/launch", "start a self-check", *LIE_ANSWERS],
}
# Danger said the ways a device may deliver it: a sample of its own, words behind a carrier, words behind a yes or a no
# (answer intents with a phrase slot), words with no carrier at all (the catch-all), and words only the listener's
# model hears. What the reply must hold: the abuse helpline or the crisis line.
ABUSE_LINE, CRISIS_LINE = "1-800-799-7233", "988"
DANGER = [
    ("harm", "no he hits me when he drinks"),
    ("harm", "yeah and she chokes me sometimes"),
    ("harm", "sometimes my boyfriend drags me by the hair"),
    ("harm", "the bloke I live with punches me"),
    ("crisis", "there's no reason for me to still be here"),
    ("crisis", "no I want to die"),
    ("crisis", "yes and I keep thinking about killing myself"),
    ("crisis", "I want to die so badly"),
]


def table_states() -> set[str]:
    from skill.handlers.router import FEATURES
    from skill.handlers.feature import ANY

    return {f"{feature.name}/{state}" for feature in FEATURES for state in feature.states if state != ANY}


def states_held(attributes: dict) -> set[str]:
    """The states the features' own `states_now` find in a session holding `attributes`."""
    from skill.conversation.turn import Turn
    from skill.handlers.router import FEATURES

    turn = Turn(request="AMAZON.HelpIntent", locale="en-US", is_intent=True, session=dict(attributes))
    return {f"{feature.name}/{state}" for feature in FEATURES for state in feature.states_now(turn)}


def test_every_state_of_every_table_has_a_journey():
    assert table_states() == set(JOURNEYS) - {"launch"} | set(STORED_JOURNEYS)


_REACHED: dict[tuple[str, ...], dict] = {}  # the session a journey without memory leaves, walked once a run


def walk(chat, journey: list[str], client=None):
    """A console session left where `journey` leads. Without a store, the journey is walked once and each test
    starts from a copy of the session it left."""
    import copy

    if client is not None:
        talk = chat(client=client)
        for line in journey:
            talk.say(line)
        return talk
    if tuple(journey) not in _REACHED:
        talk = chat()
        for line in journey:
            talk.say(line)
        _REACHED[tuple(journey)] = talk.session.attributes
    return chat(attributes=copy.deepcopy(_REACHED[tuple(journey)]))


@pytest.mark.parametrize("state", sorted(set(JOURNEYS) | set(STORED_JOURNEYS)))
def test_each_journey_reaches_its_state(state, chat, stored_client):
    stored = state in STORED_JOURNEYS
    talk = walk(chat, (STORED_JOURNEYS if stored else JOURNEYS)[state], stored_client if stored else None)
    held = states_held(talk.session.attributes)
    assert state in held if state != "launch" else not held & {"selfcheck/asking", "exercises/between_rounds"}, held


def answers_of(attributes: dict) -> list:
    return list((attributes.get("selfcheck") or {}).get("answers") or [])


def assert_danger_answered(state: str, kind: str, said: str, talk):
    before = answers_of(talk.session.attributes)
    turn = talk.say(said)
    # "Yes" to "are you thinking about ending your life?" is crisis first, whatever else is said with it.
    crisis_confirmed = state == "crisis/check_asked" and said.split()[0] in ("yes", "yeah")
    line = CRISIS_LINE if kind == "crisis" or crisis_confirmed else ABUSE_LINE
    assert line in turn.speech, f"{state}: {said!r} -> {turn.intent}: {turn.speech}"
    after = answers_of(talk.session.attributes) if talk.session is not None else []
    assert len(after) <= len(before), f"{state}: {said!r} was stored as an answer"


@pytest.mark.parametrize("state", sorted(JOURNEYS))
@pytest.mark.parametrize("kind, said", DANGER)
def test_danger_beats_an_answer_a_command_or_a_topic_in_every_state(state, kind, said, chat):
    assert_danger_answered(state, kind, said, walk(chat, JOURNEYS[state]))


@pytest.mark.parametrize("state", sorted(STORED_JOURNEYS))
@pytest.mark.parametrize("kind, said", DANGER[::3])
def test_danger_beats_an_answer_in_the_states_a_memory_leads_to(state, kind, said, chat, stored_client):
    assert_danger_answered(state, kind, said, walk(chat, STORED_JOURNEYS[state], stored_client))


@pytest.mark.parametrize("question", range(1, 13))
def test_danger_is_never_stored_as_an_answer_at_any_question(question, chat):
    for kind, said in DANGER[::2]:
        assert_danger_answered(f"question {question}", kind, said,
                               walk(chat, ["/launch", "start a self-check", *ANSWERED[:question - 1]]))
