"""Launch, help, stop, home and session end, the certification basics; and the last resort, which answers whatever
no other feature took, so that nothing is a dead end."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation.reply import SILENT, Reply, ending
from skill.handlers.common import concern, last_reply_again, menu, menu_question
from skill.handlers.feature import ANY, ANY_INTENT, ANY_REQUEST, Feature, Turn
from skill.handlers.keeping import greet
from skill.handlers.listening import fallback
from skill.handlers.session import speak
from skill.rulebook.questions import question_ids
from skill.storage import memory
from skill.voice.flow_wording import spoken_number


def launch(handler_input: HandlerInput) -> Reply:
    record = memory.recall(handler_input)
    memory.keep(handler_input, memory.record_visit(record))
    return greet(handler_input, record)


def general_help(handler_input: HandlerInput) -> Reply:
    _question, reprompt = menu_question(handler_input)
    heard = concern(handler_input)
    question = "help_question" if heard is None else "help_browse_question"
    count = spoken_number(len(question_ids()))
    return Reply(speak(handler_input, "help", question, concern=heard, count=count), reprompt=reprompt)


def goodbye(handler_input: HandlerInput) -> Reply:
    """The same few neutral words after words of crisis, fear or harm: no card, and nothing said aloud about a
    number or the topic that anyone in the room could hear (the number was said, and offered again, on that path)."""
    return ending(speak(handler_input, "goodbye"))


def home(handler_input: HandlerInput) -> Reply:
    return menu(handler_input, speak(handler_input, "home"))


def silent(handler_input: HandlerInput) -> Reply:
    """A session's end, and requests that are not a turn of conversation (events, unknown types): no speech."""
    return SILENT


class Basics(Feature):
    name = "basics"
    states = {ANY: {"LaunchRequest": Turn(launch, to=("resume_offered",)),
                    "AMAZON.HelpIntent": Turn(general_help),
                    "AMAZON.StopIntent": Turn(goodbye), "AMAZON.CancelIntent": Turn(goodbye),
                    "AMAZON.NavigateHomeIntent": Turn(home),
                    "AMAZON.ResumeIntent": Turn(last_reply_again), "AMAZON.RepeatIntent": Turn(last_reply_again),
                    "SessionEndedRequest": Turn(silent)}}


class LastResort(Feature):
    """Accepts whatever no other feature took, so it goes last."""

    name = "last_resort"
    states = {ANY: {ANY_INTENT: Turn(fallback), ANY_REQUEST: Turn(silent)}}


FEATURE, LAST_RESORT = Basics(), LastResort()
