"""The listener: what one sentence means, how sure it is, and why (pure: no ask-sdk, no IO but its data, read once).

    from skill.listener import listen, Hearing
    hearing = listen("she won't let me see my friends", locale="en-GB", asked=None)

Order, first match wins: crisis and harm patterns (danger words denied or lowered are fairly sure, never calm, and
may give way to an answer, confirmed), medical and distress patterns, an answer to the question just asked, the
model's safety net, calm, a request (exercise, command, manners, out of scope), a topic. See docs/listening.md.
"""
from skill.listener.hearing import Hearing
from skill.listener.listening import listen, pattern_danger
from skill.listener.memory import forget


def prepare() -> None:
    """Read the data and compile the patterns now (about a quarter second), not on the first sentence heard.

    Call it where start-up time is free, such as Lambda's init outside the handler; listen() works without it.
    """
    listen("hello", asked="feels_unsafe")
    listen("okay, let's do that again")


__all__ = ["Hearing", "forget", "listen", "pattern_danger", "prepare"]
