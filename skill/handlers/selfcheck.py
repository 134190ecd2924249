"""The spoken self-check, as a feature: its questions, answers in session attributes, the rules' suggestions at
the end, and carrying on with one left unfinished.

While a question waits for its answer, session "mode" is "selfcheck" and the offer is {"answer": question_id}: both
must hold for yes, no, next, repeat, back, help or stop to be part of the self-check. Any other feature that answers
(safety words, a topic by name) replaces the offer, so the self-check simply waits in session attributes until
"continue my self-check". Answers are never logged.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import offers
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.handlers.answers import LEANING, answer_of_intent
from skill.conversation.reply import Reply, ending
from skill.conversation.selfcheck_results import result
from skill.handlers import keeping, suggestions
from skill.handlers.common import MODE, SAFETY_CONCERN, end_feature, menu, pause
from skill.handlers.feature import ANY, Feature, Turn, table
from skill.handlers.hearing import heard
from skill.handlers.interceptors import rulebook_of
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


def asking(handler_input: HandlerInput) -> bool:
    """A self-check question is waiting for its answer."""
    session = session_of(handler_input)
    return state.mode(session) == state.SELFCHECK_MODE and offers.ANSWER in offers.current(session)


def _asked_state(handler_input: HandlerInput) -> dict:
    """The state of the self-check being asked; a fresh one if the session's was lost or damaged."""
    return state.selfcheck(session_of(handler_input)) or flow.start()


# --- building the turns --------------------------------------------------------------------------------------------

def ask(handler_input: HandlerInput, selfcheck: dict, *opening: str, missed: bool = False) -> Reply:
    """Say `opening`, then the current question; or, when all are answered, the result. `missed`: what was said
    could not be placed as an answer."""
    session = session_of(handler_input)
    session[state.SELFCHECK] = selfcheck
    if flow.is_finished(selfcheck, question_ids()):
        return finish(handler_input, selfcheck, *opening)
    session[MODE] = state.SELFCHECK_MODE
    locale = locale_of(handler_input)
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


def finish(handler_input: HandlerInput, selfcheck: dict, *opening: str) -> Reply:
    """The rules' recommendations for these answers, computed once, kept in the session, and the result said. Words
    of fear or harm earlier in the session count as the rules putting safety first. Results kept from an earlier
    self-check are stale from now on, and let go."""
    found = rulebook_of(handler_input).explain(flow.answers_so_far(selfcheck, question_ids()))
    recommendations, withheld = flow.recommendation_data(found.recommendations), sorted(found.withholding)
    session = session_of(handler_input)
    if state.selfcheck_resumed(session) and not keeping.recognised(handler_input):
        # Answers kept from an earlier visit may be someone else's: no "because you said ..." to whoever is here.
        recommendations = [{**entry, "because": ""} for entry in recommendations]
    session.pop(state.SELFCHECK, None)
    session.pop(state.SELFCHECK_RESUMED, None)
    end_feature(session)
    session[state.RECOMMENDATIONS] = recommendations
    session[state.WITHHELD] = withheld
    if flow.safety_first(recommendations):
        session[SAFETY_CONCERN] = True
    keeping.results_replaced(handler_input)
    outcome = result(recommendations, state.withheld_now(session), locale_of(handler_input),
                     safety_concern=state.safety_concern(session), notice=found.notice)
    asked = keeping.ask_to_remember(handler_input, outcome, opening)
    if asked is not None:
        return asked
    speech = Speech().say(*opening).extend(outcome.speech) if opening else outcome.speech
    return Reply(speech, reprompt=outcome.reprompt, offer=outcome.offer, card=outcome.card)


def begin(handler_input: HandlerInput) -> Reply:
    session_of(handler_input).pop(state.SELFCHECK_RESUMED, None)
    locale = locale_of(handler_input)
    return ask(handler_input, flow.start(), phrase("selfcheck_intro", locale, count=spoken_number(len(question_ids()))))


# --- turns while a question waits ------------------------------------------------------------------------------------

def answer(handler_input: HandlerInput) -> Reply:
    """An answer: AnswerIntent (yes, no, sometimes, not sure, skip and their variants), yes, no, or next (skip);
    yes or no to "sounds like sometimes, is that right?"."""
    intent = handler_input.request_envelope.request.intent
    waiting = offers.current(session_of(handler_input)).get(offers.CONFIRM)
    if waiting is not None and intent.name in ("AMAZON.YesIntent", "AMAZON.NoIntent"):
        if intent.name == "AMAZON.NoIntent":
            return ask(handler_input, _asked_state(handler_input), phrase("confirm_denied", locale_of(handler_input)))
        return _record(handler_input, waiting)
    given = answer_of_intent(intent.name, intent.slots)
    if given is None:
        return answer_in_words(handler_input)
    hearing = heard(handler_input)
    if intent.name in LEANING and hearing is not None and hearing.meaning == "answer" and hearing.level == SURE:
        given = HEARD_ANSWERS[hearing.detail]  # "yes, sometimes": the words say more than the leading yes
    return _record(handler_input, given)


def answer_in_words(handler_input: HandlerInput) -> Reply:
    """An answer said in a sentence, as the listener heard it given the question: kept when it is sure, checked
    first when it is fairly sure ("sounds like sometimes, is that right?"), else the question again."""
    hearing = heard(handler_input)
    if hearing is None or hearing.meaning != "answer" or hearing.level not in (SURE, FAIRLY_SURE):
        return not_an_answer(handler_input)
    given = HEARD_ANSWERS[hearing.detail]
    if hearing.level == SURE:
        return _record(handler_input, given)
    selfcheck = _asked_state(handler_input)
    question = phrase(CONFIRM_KEYS[hearing.detail], locale_of(handler_input))
    return Reply(Speech().say(question), reprompt=speak(handler_input, "confirm_answer_reprompt"),
                 offer={offers.ANSWER: flow.current_question(selfcheck, question_ids()), offers.CONFIRM: given})


def _record(handler_input: HandlerInput, given: str) -> Reply:
    locale = locale_of(handler_input)
    selfcheck = flow.record(_asked_state(handler_input), question_ids(), given)
    if flow.is_finished(selfcheck, question_ids()):
        return ask(handler_input, selfcheck)
    opening = phrase("skipped", locale) if given == SKIPPED else phrase_in_turn("acks", selfcheck["index"], locale)
    return ask(handler_input, selfcheck, opening)


def not_an_answer(handler_input: HandlerInput) -> Reply:
    """What was said is not an answer: the question again; from the second miss in a row, how to answer first."""
    again = state.misses(session_of(handler_input)) >= 1
    opening = phrase("how_to_answer" if again else "not_an_answer", locale_of(handler_input))
    return ask(handler_input, _asked_state(handler_input), opening, missed=True)


def question_again(handler_input: HandlerInput) -> Reply:
    return ask(handler_input, _asked_state(handler_input))


def selfcheck_help(handler_input: HandlerInput) -> Reply:
    return ask(handler_input, _asked_state(handler_input), phrase("selfcheck_help", locale_of(handler_input)))


def back(handler_input: HandlerInput) -> Reply:
    locale = locale_of(handler_input)
    selfcheck = _asked_state(handler_input)
    if selfcheck["index"] == 0:
        return ask(handler_input, selfcheck, phrase("back_first", locale))
    selfcheck = flow.back(selfcheck)
    question_id = flow.current_question(selfcheck, question_ids())
    earlier = selfcheck["answers"].get(question_id)
    if not keeping.may_read_back(handler_input, question_id, rulebook_of(handler_input).policy.watched(question_ids())):
        reminder = ""
    elif earlier == SKIPPED:
        reminder = phrase("previous_skipped", locale)
    else:
        reminder = phrase("previous_answer", locale, answer=flow.spoken_answer(earlier)) if earlier else ""
    return ask(handler_input, selfcheck, phrase("back", locale), reminder)


def stop(handler_input: HandlerInput) -> Reply:
    """Stop or cancel mid-way: a goodbye, which says how to pick up again only when the answers so far were kept:
    saved now, and found in the store (skill/handlers/keeping.py `kept_for_next_time`). No store, no answer yet,
    words of fear or harm (nothing of the self-check is stored then), or a failed save: no promise."""
    session = session_of(handler_input)
    end_feature(session)
    kept = keeping.kept_for_next_time(handler_input)
    return ending(Speech().say(phrase("selfcheck_stop" if kept else "selfcheck_stop_unkept", locale_of(handler_input))))


def pause_question(handler_input: HandlerInput) -> Reply:
    """Pause: wait, and let resume or repeat bring the question back."""
    return pause(handler_input, "pause")


def restart(handler_input: HandlerInput) -> Reply:
    session_of(handler_input).pop(state.SELFCHECK_RESUMED, None)
    return ask(handler_input, flow.start(), phrase("selfcheck_restart", locale_of(handler_input)))


def leave(handler_input: HandlerInput) -> Reply:
    """"Main menu" mid-way: the self-check waits in the session, and the menu is offered."""
    return menu(handler_input, speak(handler_input, "selfcheck_paused"))


# --- starting and carrying on ------------------------------------------------------------------------------------

def start(handler_input: HandlerInput) -> Reply:
    """"Start a self-check", or yes to an offer of one; with one unfinished, it offers to carry on."""
    selfcheck = state.unfinished_selfcheck(session_of(handler_input))
    if selfcheck is None:
        return begin(handler_input)
    return keeping.resume_offer(handler_input, selfcheck)


def carry_on(handler_input: HandlerInput) -> Reply:
    """Yes to carrying on, or "resume" when a self-check waits."""
    selfcheck = state.unfinished_selfcheck(session_of(handler_input))
    if selfcheck is None:  # the offer outlived the self-check it was about: a new one
        return begin(handler_input)
    return ask(handler_input, selfcheck, phrase("resume_go_on", locale_of(handler_input)))


def continue_selfcheck(handler_input: HandlerInput) -> Reply:
    """"Continue my self-check": the unfinished one is offered, with how far it went; with none, says so and
    offers to start one (never a new one without asking)."""
    if state.unfinished_selfcheck(session_of(handler_input)) is not None:
        return start(handler_input)  # how far it went, and "shall we carry on?"
    end_feature(session_of(handler_input))
    return Reply(speak(handler_input, "selfcheck_none_to_continue", "results_nothing_question"),
                 reprompt=speak(handler_input, "results_nothing_question"), offer={offers.SELFCHECK: True})


def not_now(handler_input: HandlerInput) -> Reply:
    """No is "not now": the answers so far are kept for later ("start over" begins a new one); asked at a launch,
    the launches that follow stop asking ("continue my self-check" still carries on)."""
    if offers.current(session_of(handler_input)).get(offers.AT) == offers.AT_LAUNCH:
        keeping.resume_declined_at_launch(handler_input)
    return menu(handler_input, speak(handler_input, "resume_kept"))


def _waits_unoffered(handler_input: HandlerInput) -> bool:
    """A self-check waits unfinished, and the last reply offered nothing else: "resume" means it."""
    session = session_of(handler_input)
    return state.unfinished_selfcheck(session) is not None and not offers.made(session)


class SelfCheck(Feature):
    name = "selfcheck"
    states = {
        ASKING: table({
            ("AnswerIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent", *LEANING): Turn(
                answer, to=(ASKING, RESULTS)),
            "AMAZON.FallbackIntent": Turn(not_an_answer, to=(ASKING,)),
            "TellIntent": Turn(answer_in_words, to=(ASKING, RESULTS)),
            ("AMAZON.RepeatIntent", "AMAZON.ResumeIntent"): Turn(question_again, to=(ASKING,)),
            "AMAZON.PreviousIntent": Turn(back, to=(ASKING,)),
            "AMAZON.HelpIntent": Turn(selfcheck_help, to=(ASKING,)),
            ("AMAZON.StopIntent", "AMAZON.CancelIntent"): Turn(stop),
            "AMAZON.PauseIntent": Turn(pause_question, to=(ASKING,)),
            "AMAZON.StartOverIntent": Turn(restart, to=(ASKING,)),
            "AMAZON.NavigateHomeIntent": Turn(leave),
        }),
        RESUME_OFFERED: table({
            ("AMAZON.YesIntent", "AMAZON.ResumeIntent"): Turn(carry_on, to=(ASKING,)),
            "AMAZON.NoIntent": Turn(not_now),
            "AMAZON.StartOverIntent": Turn(restart, to=(ASKING,)),
            ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Turn(suggestions.offer_again, to=(RESUME_OFFERED,)),
        }),
        START_OFFERED: {"AMAZON.YesIntent": Turn(start, to=(ASKING, RESUME_OFFERED))},
        RESULTS: suggestions.TABLE,
        ANY: {"StartSelfCheckIntent": Turn(start, to=(ASKING, RESUME_OFFERED)),
              "ContinueSelfCheckIntent": Turn(continue_selfcheck, to=(RESUME_OFFERED, START_OFFERED)),
              **suggestions.ANYWHERE,
              "AMAZON.ResumeIntent": Turn(carry_on, to=(ASKING,), when=_waits_unoffered),
              "AMAZON.NextIntent": Turn(suggestions.suggestion, to=(RESULTS,), when=suggestions.following_one)},
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        if asking(handler_input):
            return [ASKING]
        offer = offers.current(session_of(handler_input))
        found = {offers.RESUME: [RESUME_OFFERED], True: [START_OFFERED]}.get(offer.get(offers.SELFCHECK), [])
        return found + ([RESULTS] if offers.RECOMMENDATION in offer else [])


FEATURE = SelfCheck()
