"""A card in the Alexa app, only on request: "put it in my app", "send the number to my phone". Anyone with access to
the app can read a card, so the skill says so and asks first; the card holds numbers or titles, never what a person
said or answered (DESIGN §3, "Privacy on a shared device")."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.reply import Card, Reply
from skill.conversation.selfcheck_results import results_card
from skill.conversation.support import numbers_card_text
from skill.handlers.common import concern, menu
from skill.handlers.feature import ANY, Feature, Turn
from skill.handlers.keeping import results_now
from skill.handlers.session import locale_of, session_of, speak
from skill.voice.wording import phrase

CARD_ASKED = "card_asked"
NUMBERS, RESULTS = "numbers", "results"


def ask_for_card(handler_input: HandlerInput) -> Reply:
    """What the card would hold (the support numbers after words of fear, harm or crisis, else the suggestions by
    title), and who can see it; yes sends it."""
    kind = NUMBERS if concern(handler_input) else RESULTS if results_now(handler_input) else None
    if kind is None:
        return menu(handler_input, speak(handler_input, "card_nothing"))
    question = {NUMBERS: "card_numbers_question", RESULTS: "card_results_question"}[kind]
    return Reply(speak(handler_input, question), reprompt=speak(handler_input, "card_reprompt"),
                 offer={offers.CARD: kind})


def send_card(handler_input: HandlerInput) -> Reply:
    locale = locale_of(handler_input)
    kind = offers.current(session_of(handler_input))[offers.CARD]
    if kind == NUMBERS:
        card = Card(phrase("card_numbers_title", locale), numbers_card_text(locale, crisis=state.crisis_line_given(
            session_of(handler_input))))
    else:
        card = results_card(results_now(handler_input), locale)
    reply = menu(handler_input, speak(handler_input, "card_sent"))
    return Reply(reply.speech, reprompt=reply.reprompt, card=card)


def keep_card_back(handler_input: HandlerInput) -> Reply:
    return menu(handler_input, speak(handler_input, "card_not_sent"))


class Cards(Feature):
    name = "cards"
    states = {
        ANY: {"CardIntent": Turn(ask_for_card, to=(CARD_ASKED,))},
        CARD_ASKED: {"AMAZON.YesIntent": Turn(send_card), "AMAZON.NoIntent": Turn(keep_card_back)},
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        return [CARD_ASKED] if offers.CARD in offers.current(session_of(handler_input)) else []


FEATURE = Cards()
