"""The spoken self-check, as a feature: its questions, answers in session attributes, the rules' suggestions at
the end, and carrying on with one left unfinished.

While a question waits for its answer, session "mode" is "selfcheck" and the offer is {"answer": question_id}: both
must hold for yes, no, next, repeat, back, help or stop to be part of the self-check. Any other feature that answers
(safety words, a topic by name) replaces the offer, so the self-check simply waits in session attributes until
"continue my self-check". Answers are never logged.
"""
from __future__ import annotations


from skill.conversation import offers
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.conversation.turn import Turn
from skill.handlers.answers import LEANING, answer_of_intent
from skill.conversation.reply import Reply, ending
from skill.conversation.selfcheck_results import result
from skill.handlers import keeping, suggestions
from skill.handlers.common import MODE, SAFETY_CONCERN, end_feature, menu, pause
from skill.handlers.feature import ANY, Feature, Row, table
from skill.handlers.hearing import heard
from skill.handlers.session import locale_of, session_of, speak
from skill.listener.hearing import FAIRLY_SURE, SURE
from skill.rulebook.questions import SKIPPED, question_ids, questions
from skill.voice.flow_wording import spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import phrase, phrase_in_turn

ASKING, RESUME_OFFERED, START_OFFERED, RESULTS = "asking", "resume_offered", "start_offered", "results"
# The listener's answers, as the rules name them, and how each is checked when it was heard only fairly surely.
HEARD_ANSWERS = {"yes": "yes", "no": "no", "sometimes": "sometimes", "not_sure": "not sure", "skip": SKIPPED}
CONFIRM_KEYS = {"yes": "confirm_yes", "no": "confirm_no", "sometimes": "confirm_sometimes",
                "not_sure": "confirm_not_sure", "skip": "confirm_skip"}


def asking(turn: Turn) -> bool:
    """A self-check question is waiting for its answer."""
    session = session_of(turn)
    return state.mode(session) == state.SELFCHECK_MODE and offers.ANSWER in offers.current(session)


def _asked_state(turn: Turn) -> dict:
    """The state of the self-check being asked; a fresh one if the session's was lost or damaged."""
    return state.selfcheck(session_of(turn)) or flow.start()


# --- building the turns --------------------------------------------------------------------------------------------

def ask(turn: Turn, selfcheck: dict, *opening: str, missed: bool = False) -> Reply:
    """Say `opening`, then the current question; or, when all are answered, the result. `missed`: what was said
    could not be placed as an answer."""
    session = session_of(turn)
    session[state.SELFCHECK] = selfcheck
    if flow.is_finished(selfcheck, question_ids()):
        return finish(turn, selfcheck, *opening)
    session[MODE] = state.SELFCHECK_MODE
    locale = locale_of(turn)
    speech = Speech().say(*opening, *_question(selfcheck, locale))
    return Reply(speech, reprompt=_question_reprompt(selfcheck, locale),
                 offer={offers.ANSWER: flow.current_question(selfcheck, question_ids())}, missed=missed)


def _question(selfcheck: dict, locale: str) -> list[str]:
    index, count = selfcheck["index"], len(question_ids())
    if index == 0:
        label = phrase("question_first", locale)
    elif index == count - 1:
        label = phrase("question_last", locale)
    else:
        label = phrase("question_number", locale, number=spoken_number(index + 1))
    return [label, questions()[index].text]


def _question_reprompt(selfcheck: dict, locale: str) -> Speech:
    return Speech().say(questions()[selfcheck["index"]].text, phrase("question_options", locale))


def finish(turn: Turn, selfcheck: dict, *opening: str) -> Reply:
    """The rules' recommendations for these answers, computed once, kept in the session, and the result said. Words
    of fear or harm earlier in the session count as the rules putting safety first. Results kept from an earlier
    self-check are stale from now on, and let go."""
    found = turn.rules.explain(flow.answers_so_far(selfcheck, question_ids()))
    recommendations, withheld = flow.recommendation_data(found.recommendations), sorted(found.withholding)
    session = session_of(turn)
    if state.selfcheck_resumed(session) and not keeping.recognised(turn):
        # Answers kept from an earlier visit may be someone else's: no "because you said ..." to whoever is here.
        recommendations = [{**entry, "because": ""} for entry in recommendations]
    session.pop(state.SELFCHECK, None)
    session.pop(state.SELFCHECK_RESUMED, None)
    end_feature(session)
    session[state.RECOMMENDATIONS] = recommendations
    session[state.WITHHELD] = withheld
    if flow.safety_first(recommendations):
        session[SAFETY_CONCERN] = True
    keeping.results_replaced(turn)
    outcome = result(recommendations, state.withheld_now(session), locale_of(turn),
                     safety_concern=state.safety_concern(session), notice=found.notice)
    asked = keeping.ask_to_remember(turn, outcome, opening)
    if asked is not None:
        return asked
    speech = Speech().say(*opening).extend(outcome.speech) if opening else outcome.speech
    return Reply(speech, reprompt=outcome.reprompt, offer=outcome.offer, card=outcome.card)


def begin(turn: Turn) -> Reply:
    session_of(turn).pop(state.SELFCHECK_RESUMED, None)
    locale = locale_of(turn)
    return ask(turn, flow.start(), phrase("selfcheck_intro", locale, count=spoken_number(len(question_ids()))))


# --- turns while a question waits ------------------------------------------------------------------------------------

def answer(turn: Turn) -> Reply:
    """An answer: AnswerIntent (yes, no, sometimes, not sure, skip and their variants), yes, no, or next (skip);
    yes or no to "sounds like sometimes, is that right?"."""
    waiting = offers.current(session_of(turn)).get(offers.CONFIRM)
    if waiting is not None and turn.asks("AMAZON.YesIntent", "AMAZON.NoIntent"):
        if turn.asks("AMAZON.NoIntent"):
            return ask(turn, _asked_state(turn), phrase("confirm_denied", locale_of(turn)))
        return _record(turn, waiting)
    given = answer_of_intent(turn.request, turn.slots, turn.slot_words)
    if given is None:
        return answer_in_words(turn)
    hearing = heard(turn)
    if turn.request in LEANING and hearing is not None and hearing.meaning == "answer" and hearing.level == SURE:
        given = HEARD_ANSWERS[hearing.detail]  # "yes, sometimes": the words say more than the leading yes
    return _record(turn, given)


def answer_in_words(turn: Turn) -> Reply:
    """An answer said in a sentence, as the listener heard it given the question: kept when it is sure, checked
    first when it is fairly sure ("sounds like sometimes, is that right?"), else the question again."""
    hearing = heard(turn)
    if hearing is None or hearing.meaning != "answer" or hearing.level not in (SURE, FAIRLY_SURE):
        return not_an_answer(turn)
    given = HEARD_ANSWERS[hearing.detail]
    if hearing.level == SURE:
        return _record(turn, given)
    selfcheck = _asked_state(turn)
    question = phrase(CONFIRM_KEYS[hearing.detail], locale_of(turn))
    return Reply(Speech().say(question), reprompt=speak(turn, "confirm_answer_reprompt"),
                 offer={offers.ANSWER: flow.current_question(selfcheck, question_ids()), offers.CONFIRM: given})


def _record(turn: Turn, given: str) -> Reply:
    locale = locale_of(turn)
    selfcheck = flow.record(_asked_state(turn), question_ids(), given)
    if flow.is_finished(selfcheck, question_ids()):
        return ask(turn, selfcheck)
    opening = phrase("skipped", locale) if given == SKIPPED else phrase_in_turn("acks", selfcheck["index"], locale)
    return ask(turn, selfcheck, opening)


def not_an_answer(turn: Turn) -> Reply:
    """What was said is not an answer: the question again; from the second miss in a row, how to answer first."""
    again = state.misses(session_of(turn)) >= 1
    opening = phrase("how_to_answer" if again else "not_an_answer", locale_of(turn))
    return ask(turn, _asked_state(turn), opening, missed=True)


def question_again(turn: Turn) -> Reply:
    return ask(turn, _asked_state(turn))


def selfcheck_help(turn: Turn) -> Reply:
    return ask(turn, _asked_state(turn), phrase("selfcheck_help", locale_of(turn)))


def back(turn: Turn) -> Reply:
    locale = locale_of(turn)
    selfcheck = _asked_state(turn)
    if selfcheck["index"] == 0:
        return ask(turn, selfcheck, phrase("back_first", locale))
    selfcheck = flow.back(selfcheck)
    question_id = flow.current_question(selfcheck, question_ids())
    earlier = selfcheck["answers"].get(question_id)
    if not keeping.may_read_back(turn, question_id, turn.rules.policy.watched(question_ids())):
        reminder = ""
    elif earlier == SKIPPED:
        reminder = phrase("previous_skipped", locale)
    else:
        reminder = phrase("previous_answer", locale, answer=flow.spoken_answer(earlier)) if earlier else ""
    return ask(turn, selfcheck, phrase("back", locale), reminder)


def stop(turn: Turn) -> Reply:
    """Stop or cancel mid-way: a goodbye, which says how to pick up again only when the answers so far were kept:
    saved now, and found in the store (skill/handlers/keeping.py `kept_for_next_time`). No store, no answer yet,
    words of fear or harm (nothing of the self-check is stored then), or a failed save: no promise."""
    session = session_of(turn)
    end_feature(session)
    kept = keeping.kept_for_next_time(turn)
    return ending(Speech().say(phrase("selfcheck_stop" if kept else "selfcheck_stop_unkept", locale_of(turn))))


def pause_question(turn: Turn) -> Reply:
    """Pause: wait, and let resume or repeat bring the question back."""
    return pause(turn, "pause")


def restart(turn: Turn) -> Reply:
    session_of(turn).pop(state.SELFCHECK_RESUMED, None)
    return ask(turn, flow.start(), phrase("selfcheck_restart", locale_of(turn)))


def leave(turn: Turn) -> Reply:
    """"Main menu" mid-way: the self-check waits in the session, and the menu is offered."""
    return menu(turn, speak(turn, "selfcheck_paused"))


# --- starting and carrying on ------------------------------------------------------------------------------------

def start(turn: Turn) -> Reply:
    """"Start a self-check", or yes to an offer of one; with one unfinished, it offers to carry on."""
    selfcheck = state.unfinished_selfcheck(session_of(turn))
    if selfcheck is None:
        return begin(turn)
    return keeping.resume_offer(turn, selfcheck)


def carry_on(turn: Turn) -> Reply:
    """Yes to carrying on, or "resume" when a self-check waits."""
    selfcheck = state.unfinished_selfcheck(session_of(turn))
    if selfcheck is None:  # the offer outlived the self-check it was about: a new one
        return begin(turn)
    return ask(turn, selfcheck, phrase("resume_go_on", locale_of(turn)))


def continue_selfcheck(turn: Turn) -> Reply:
    """"Continue my self-check": the unfinished one is offered, with how far it went; with none, says so and
    offers to start one (never a new one without asking)."""
    if state.unfinished_selfcheck(session_of(turn)) is not None:
        return start(turn)  # how far it went, and "shall we carry on?"
    end_feature(session_of(turn))
    return Reply(speak(turn, "selfcheck_none_to_continue", "results_nothing_question"),
                 reprompt=speak(turn, "results_nothing_question"), offer={offers.SELFCHECK: True})


def not_now(turn: Turn) -> Reply:
    """No is "not now": the answers so far are kept for later ("start over" begins a new one); asked at a launch,
    the launches that follow stop asking ("continue my self-check" still carries on)."""
    if offers.current(session_of(turn)).get(offers.AT) == offers.AT_LAUNCH:
        keeping.resume_declined_at_launch(turn)
    return menu(turn, speak(turn, "resume_kept"))


def _waits_unoffered(turn: Turn) -> bool:
    """A self-check waits unfinished, and the last reply offered nothing else: "resume" means it."""
    session = session_of(turn)
    return state.unfinished_selfcheck(session) is not None and not offers.made(session)


class SelfCheck(Feature):
    name = "selfcheck"
    states = {
        ASKING: table({
            ("AnswerIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent", *LEANING): Row(
                answer, to=(ASKING, RESULTS)),
            "AMAZON.FallbackIntent": Row(not_an_answer, to=(ASKING,)),
            "TellIntent": Row(answer_in_words, to=(ASKING, RESULTS)),
            ("AMAZON.RepeatIntent", "AMAZON.ResumeIntent"): Row(question_again, to=(ASKING,)),
            "AMAZON.PreviousIntent": Row(back, to=(ASKING,)),
            "AMAZON.HelpIntent": Row(selfcheck_help, to=(ASKING,)),
            ("AMAZON.StopIntent", "AMAZON.CancelIntent"): Row(stop),
            "AMAZON.PauseIntent": Row(pause_question, to=(ASKING,)),
            "AMAZON.StartOverIntent": Row(restart, to=(ASKING,)),
            "AMAZON.NavigateHomeIntent": Row(leave),
        }),
        RESUME_OFFERED: table({
            ("AMAZON.YesIntent", "AMAZON.ResumeIntent"): Row(carry_on, to=(ASKING,)),
            "AMAZON.NoIntent": Row(not_now),
            "AMAZON.StartOverIntent": Row(restart, to=(ASKING,)),
            ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Row(suggestions.offer_again, to=(RESUME_OFFERED,)),
        }),
        START_OFFERED: {"AMAZON.YesIntent": Row(start, to=(ASKING, RESUME_OFFERED))},
        RESULTS: suggestions.TABLE,
        ANY: {"StartSelfCheckIntent": Row(start, to=(ASKING, RESUME_OFFERED)),
              "ContinueSelfCheckIntent": Row(continue_selfcheck, to=(RESUME_OFFERED, START_OFFERED)),
              **suggestions.ANYWHERE,
              "AMAZON.ResumeIntent": Row(carry_on, to=(ASKING,), when=_waits_unoffered),
              "AMAZON.NextIntent": Row(suggestions.suggestion, to=(RESULTS,), when=suggestions.following_one)},
    }

    def states_now(self, turn: Turn) -> list[str]:
        if asking(turn):
            return [ASKING]
        offer = offers.current(session_of(turn))
        found = {offers.RESUME: [RESUME_OFFERED], True: [START_OFFERED]}.get(offer.get(offers.SELFCHECK), [])
        return found + ([RESULTS] if offers.RECOMMENDATION in offer else [])


FEATURE = SelfCheck()
