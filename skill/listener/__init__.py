"""The listener: what one sentence means, how sure it is, and why (pure: no ask-sdk, no IO but its data, read once).

    from skill.listener import listen, Hearing
    hearing = listen("she won't let me see my friends", locale="en-GB", asked=None)

Order, first match wins: crisis, harm (the safety net), an answer to the question just asked, calm, a request
(exercise, command, manners, out of scope), a topic. See README, "How the skill listens".
"""
from skill.listener.hearing import Hearing
from skill.listener.listening import listen

__all__ = ["Hearing", "listen"]
