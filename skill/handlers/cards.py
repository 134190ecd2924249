"""A card in the Alexa app, only on request: "put it in my app", "send the number to my phone". Anyone with access to
the app can read a card, so the skill says so and asks first; the card holds numbers or titles, never what a person
said or answered (DESIGN §3, "Privacy on a shared device")."""
from __future__ import annotations


from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.reply import Card, Reply
from skill.conversation.selfcheck_results import results_card
from skill.conversation.support import numbers_card_text
from skill.conversation.turn import Turn
from skill.handlers.common import concern, menu
from skill.handlers.feature import ANY, Feature, Row
from skill.handlers.keeping import results_now
from skill.handlers.session import locale_of, session_of, speak
from skill.voice.wording import phrase

CARD_ASKED = "card_asked"
NUMBERS, RESULTS = "numbers", "results"


def ask_for_card(turn: Turn) -> Reply:
    """What the card would hold (the support numbers after words of fear, harm or crisis, else the suggestions by
    title), and who can see it; yes sends it."""
    kind = NUMBERS if concern(turn) else RESULTS if results_now(turn) else None
    if kind is None:
        return menu(turn, speak(turn, "card_nothing"))
    question = {NUMBERS: "card_numbers_question", RESULTS: "card_results_question"}[kind]
    return Reply(speak(turn, question), reprompt=speak(turn, "card_reprompt"),
                 offer={offers.CARD: kind})


def send_card(turn: Turn) -> Reply:
    locale = locale_of(turn)
    kind = offers.current(session_of(turn))[offers.CARD]
    if kind == NUMBERS:
        card = Card(phrase("card_numbers_title", locale), numbers_card_text(locale, crisis=state.crisis_line_given(
            session_of(turn))))
    else:
        card = results_card(results_now(turn), locale)
    reply = menu(turn, speak(turn, "card_sent"))
    return Reply(reply.speech, reprompt=reply.reprompt, card=card)


def keep_card_back(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "card_not_sent"))


class Cards(Feature):
    name = "cards"
    states = {
        ANY: {"CardIntent": Row(ask_for_card, to=(CARD_ASKED,))},
        CARD_ASKED: {"AMAZON.YesIntent": Row(send_card), "AMAZON.NoIntent": Row(keep_card_back)},
    }

    def states_now(self, turn: Turn) -> list[str]:
        return [CARD_ASKED] if offers.CARD in offers.current(session_of(turn)) else []


FEATURE = Cards()
