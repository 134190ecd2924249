"""Memory between visits, as a feature: "shall I remember these?", "what were my results", forgetting a person on
request or when the skill is disabled; and bringing an unfinished self-check in at the start of a session and
keeping it at the end. When the skill keeps what is skill/handlers/keeping.py's.

Offers answered here by yes or no: {"forget": true} after "forget me"; {"remember_results": true, "then": the
suggestion offer that waits} at the end of a self-check.
"""
from __future__ import annotations

from skill.conversation import offers
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.conversation.reply import SILENT, Reply, ending
from skill.conversation.selfcheck_results import read_back
from skill.conversation.turn import Turn
from skill.handlers.common import ask_again, end_feature, menu, unclear as unclear_answer
from skill.handlers.feature import ANY, YES_NO, Feature, Row, table
from skill.handlers.keeping import keep_unfinished_selfcheck, results_now
from skill.handlers.replay import spoken_again
from skill.handlers.suggestions import nothing_yet
from skill.handlers.session import locale_of, session_of, speak
from skill.rulebook.questions import question_ids
from skill.storage import memory
from skill.voice.speech import Speech

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"
REMEMBER_ASKED, FORGET_ASKED = "remember_asked", "forget_asked"


def remember_answer(turn: Turn) -> Reply:
    """Yes or no to "shall I remember these for next time?"; then the suggestion that was waiting is offered."""
    session = session_of(turn)
    question, waiting = offers.pop_then(offers.current(session))
    if turn.asks("AMAZON.YesIntent"):
        record = memory.drop_unfinished_selfcheck(turn.memory.recall())
        turn.memory.keep(memory.save_recommendations(record, state.suggestions_now(session)))
        opening = speak(turn, "results_remembered")
    else:
        opening = speak(turn, "results_not_remembered")
    question = spoken_again(turn, question, "question")
    if question is None:
        return menu(turn, opening)
    return Reply(opening.extend(question), reprompt=question, offer=waiting)


def results(turn: Turn) -> Reply:
    """ "What were my results", "what did you tell me last time": the top three of this session's self-check (with
    their reasons) or of those kept from the last one, briefly, and the offer of the first."""
    found = results_now(turn)
    if not found:
        return nothing_yet(turn)
    end_feature(session_of(turn))
    speech, question, offer = read_back(found, locale_of(turn))
    return Reply(speech.say(question), reprompt=Speech().say(question), offer=offer)


def forget_me(turn: Turn) -> Reply:
    """ "Forget me", "delete my data": asks first; yes deletes everything kept for this person's key."""
    if not turn.memory.is_stored():
        return menu(turn, speak(turn, "forget_nothing_kept"))
    end_feature(session_of(turn))
    return Reply(speak(turn, "forget_question"), reprompt=speak(turn, "forget_reprompt"),
                 offer={offers.FORGET: True})


def forget_answer(turn: Turn) -> Reply:
    """Yes or no to "shall I delete everything I've kept for you?"."""
    if turn.asks("AMAZON.NoIntent"):
        return menu(turn, speak(turn, "forget_kept"))
    turn.memory.forget()
    session = session_of(turn)
    for name in (state.SELFCHECK, state.RECOMMENDATIONS, state.WITHHELD):
        session.pop(name, None)
    # The session ends here, so nothing of this visit is saved again after the deletion.
    return ending(speak(turn, "forget_done"))


def forget_again(turn: Turn) -> Reply:
    """Help, or something unclear, at "shall I delete everything?": what deleting means, and the question again."""
    unclear = turn.asks("AMAZON.FallbackIntent")
    return unclear_answer(turn) if unclear else ask_again(turn, "forget_help")


def remember_again(turn: Turn) -> Reply:
    """Help, or something unclear, at "shall I remember these?": what remembering means, and the question again."""
    unclear = turn.asks("AMAZON.FallbackIntent")
    return unclear_answer(turn) if unclear else ask_again(turn, "remember_results_help")


def forget_account(turn: Turn) -> Reply:
    """The skill was disabled on the account: delete every record kept for it. An event: no session, no speech."""
    turn.memory.forget_account()
    return SILENT


class Remembering(Feature):
    name = "remembering"
    states = {
        ANY: {"ResultsIntent": Row(results, to=("start_offered", "results")),
              "ForgetMeIntent": Row(forget_me, to=(FORGET_ASKED,)),
              SKILL_DISABLED: Row(forget_account)},
        REMEMBER_ASKED: table({YES_NO: Row(remember_answer),
                               ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Row(remember_again, to=(REMEMBER_ASKED,))}),
        FORGET_ASKED: table({YES_NO: Row(forget_answer),
                             ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Row(forget_again, to=(FORGET_ASKED,))}),
    }

    def states_now(self, turn: Turn) -> list[str]:
        offer = offers.current(session_of(turn))
        return [name for name, key in ((REMEMBER_ASKED, offers.REMEMBER_RESULTS), (FORGET_ASKED, offers.FORGET))
                if offer.get(key) is True]


FEATURE = Remembering()


def bring_back_unfinished_selfcheck(turn: Turn) -> None:
    """At a launch or "start a self-check", a self-check left unfinished on an earlier visit is brought into the
    session, where the self-check offers to carry on with it. Not after this session finished one of its own."""
    if not turn.in_session or not turn.asks("LaunchRequest", "StartSelfCheckIntent", "ContinueSelfCheckIntent"):
        return
    session = session_of(turn)
    if state.selfcheck(session) is not None or state.has_results(session) or not turn.memory.is_stored():
        return
    stored = flow.restore(memory.unfinished_selfcheck(turn.memory.recall()), question_ids())
    if flow.is_unfinished(stored, question_ids()):
        session[state.SELFCHECK] = stored
        session[state.SELFCHECK_RESUMED] = True


def keep_when_ended(turn: Turn, ended: bool) -> None:
    """When a session ends (stop, cancel, walking away, the skill closing it), its unfinished self-check is kept."""
    if turn.in_session and (ended or turn.asks("SessionEndedRequest")):
        keep_unfinished_selfcheck(turn)
