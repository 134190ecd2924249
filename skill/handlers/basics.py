"""Launch, help, stop, home and session end, the certification basics; and the last resort, which answers whatever
no other feature took, so that nothing is a dead end."""
from __future__ import annotations


from skill.conversation.reply import SILENT, Reply, ending
from skill.conversation.turn import Turn
from skill.handlers.common import concern, last_reply_again, menu, menu_question
from skill.handlers.feature import ANY, ANY_INTENT, ANY_REQUEST, Feature, Row
from skill.handlers.keeping import greet
from skill.handlers.listening import fallback
from skill.handlers.session import speak
from skill.rulebook.questions import question_ids
from skill.storage import memory
from skill.voice.flow_wording import spoken_number


def launch(turn: Turn) -> Reply:
    record = turn.memory.recall()
    turn.memory.keep(memory.record_visit(record))
    return greet(turn, record)


def general_help(turn: Turn) -> Reply:
    _question, reprompt = menu_question(turn)
    heard = concern(turn)
    question = "help_question" if heard is None else "help_browse_question"
    count = spoken_number(len(question_ids()))
    return Reply(speak(turn, "help", question, concern=heard, count=count), reprompt=reprompt)


def goodbye(turn: Turn) -> Reply:
    """The same few neutral words after words of crisis, fear or harm: no card, and nothing said aloud about a
    number or the topic that anyone in the room could hear (the number was said, and offered again, on that path)."""
    return ending(speak(turn, "goodbye"))


def home(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "home"))


def silent(turn: Turn) -> Reply:
    """A session's end, and requests that are not a turn of conversation (events, unknown types): no speech."""
    return SILENT


class Basics(Feature):
    name = "basics"
    states = {ANY: {"LaunchRequest": Row(launch, to=("resume_offered",)),
                    "AMAZON.HelpIntent": Row(general_help),
                    "AMAZON.StopIntent": Row(goodbye), "AMAZON.CancelIntent": Row(goodbye),
                    "AMAZON.NavigateHomeIntent": Row(home),
                    "AMAZON.ResumeIntent": Row(last_reply_again), "AMAZON.RepeatIntent": Row(last_reply_again),
                    "SessionEndedRequest": Row(silent)}}


class LastResort(Feature):
    """Accepts whatever no other feature took, so it goes last."""

    name = "last_resort"
    states = {ANY: {ANY_INTENT: Row(fallback), ANY_REQUEST: Row(silent)}}


FEATURE, LAST_RESORT = Basics(), LastResort()
