"""What the self-check says and shows when it is done: safety first when needed, the top suggestions with their
reasons, and a card that lists every suggestion so it can be read later."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Sequence

from skill import content

from skill.conversation import browse
from skill.conversation.reply import Card
from skill.conversation.support import helpline_line, safety_speech
from skill.conversation.selfcheck_flow import SPOKEN_SUGGESTIONS, reason, safety_first, suggestions
from skill.conversation.offers import RECOMMENDATION
from skill.voice.flow_wording import spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import capitalised, localise, phrase


@dataclass(frozen=True)
class Said:
    """One turn's output: speech, reprompt, what "yes" means next, and a card (or None)."""

    speech: Speech
    reprompt: Speech
    offer: dict | None
    card: Card | None = None
    # The speech before its closing question, and that question: the memory asks "shall I remember these?" first.
    body: Speech | None = None
    question: str = ""


def title_of(entry: Mapping, locale: str) -> str:
    if entry["kind"] == "exercise":
        return localise(content.exercises()[entry["id"]]["title"], locale)
    return browse.section_title(entry["id"], locale)


def result(recommendations: Sequence[Mapping], withheld: Collection[str], locale: str, *,
           safety_concern: bool = False, notice: str | None = None) -> Said:
    """The end of the self-check: safety resources first when the rules found fear or harm, or words of it were
    heard earlier (`safety_concern`), else the protection policy's `notice` (a prompt naming the locale's helpline:
    after control, or a skipped safety question); then up to three suggestions with their reasons, and an offer of
    the first one. Nothing withheld is suggested: `withheld`, and after fear or harm anything declared couple work.
    After fear or harm the turn ends with the safety message, so that the number is not buried: the suggestions
    follow on "yes"."""
    speech = Speech().say(phrase("results_done", locale))
    unsafe = safety_first(recommendations) or safety_concern
    if unsafe:
        speech.extend(safety_speech(locale)).say(phrase("results_safety", locale))
    elif notice:
        speech.extend(helpline_line(locale, notice))
    offered = suggestions(recommendations, browse.withheld_now(unsafe, withheld))
    card = None  # the list reaches the Alexa app only when asked for, after a word on who can see it there
    if unsafe and offered:
        question = phrase("results_safety_question", locale)
        return Said(Speech().extend(speech).say(question), Speech().say(question), {RECOMMENDATION: 0}, card,
                    body=speech, question=question)
    previous = None
    for entry in offered[:SPOKEN_SUGGESTIONS]:
        speech.say(_reason(entry, locale, same_as_before=entry["because"] == previous))
        previous = entry["because"]
    if offered:
        if len(offered) > 1 or unsafe:
            speech.say(phrase("results_in_card", locale))
        question = _offer_question(offered[0], locale, first=True)
        offer = {RECOMMENDATION: 0}
    elif unsafe:
        question, offer = phrase("trusting_yourself_question", locale), {browse.SECTION: browse.TRUSTING_YOURSELF}
    else:
        speech.say(phrase("results_none", locale))
        question, offer = phrase("results_none_question", locale), {"exercise": None}
    body = Speech().extend(speech)
    return Said(speech.say(question), Speech().say(question), offer, card, body=body, question=question)


def results_card(offered: Sequence[Mapping], locale: str) -> Card:
    """The suggestions by title only, for the Alexa app when the person asks for them there: anyone with the app can
    read a card, so it repeats no answer and no reason, and says nothing of what was withheld or why."""
    lines = [phrase(_CARD_KEYS[entry["kind"] == "exercise"], locale, title=capitalised(title_of(entry, locale)))
             for entry in offered] or [phrase("results_card_none", locale)]
    return Card(phrase("results_card_title", locale), "\n".join([*lines, phrase("results_card_footer", locale)]))


def next_suggestion(offered: Sequence[Mapping], index: int, locale: str) -> tuple[str, dict] | None:
    """The question offering suggestion `index`, and its offer; None when there is no such suggestion."""
    if not 0 <= index < len(offered):
        return None
    return _offer_question(offered[index], locale, first=False), {RECOMMENDATION: index}


def read_back(offered: Sequence[Mapping], locale: str) -> tuple[Speech, str, dict]:
    """"What were my results": the top three briefly, with their reasons when known (kept results have none), and
    the question offering the first. `offered` must not be empty."""
    speech = Speech().say(phrase("results_read_back", locale))
    previous = None
    for entry in offered[:SPOKEN_SUGGESTIONS]:
        because = entry.get("because") or ""
        speech.say(_reason({**entry, "because": because}, locale, same_as_before=bool(because) and because == previous))
        previous = because
    if len(offered) > SPOKEN_SUGGESTIONS:
        speech.say(phrase("results_more", locale, count=spoken_number(len(offered))))
    return speech, _offer_question(offered[0], locale, first=True), {RECOMMENDATION: 0}


def why_suggested(offered: Sequence[Mapping], index: int, locale: str) -> tuple[Speech, str, dict]:
    """"Why did you suggest that?", "which one should I start with?": the reason for suggestion `index` (the one on
    offer), and the question offering it again."""
    entry = offered[index]
    because = reason(entry.get("because") or "")
    kind = "exercise" if entry["kind"] == "exercise" else "section"
    key = {(True, "section"): "why_section", (True, "exercise"): "why_exercise",
           (False, "section"): "why_unknown_section", (False, "exercise"): "why_unknown_exercise"}[bool(because), kind]
    speech = Speech().say(phrase(key, locale, title=title_of(entry, locale), because=because))
    return speech, _offer_question(entry, locale, first=index == 0), {RECOMMENDATION: index}


_CARD_KEYS = {False: "results_card_section", True: "results_card_exercise"}
_REASON_KEYS = {
    ("reason", "section"): "results_reason_section", ("reason", "exercise"): "results_reason_exercise",
    ("plain", "section"): "results_plain_section", ("plain", "exercise"): "results_plain_exercise",
    ("also", "section"): "results_also_section", ("also", "exercise"): "results_also_exercise",
}


def _reason(entry: Mapping, locale: str, *, same_as_before: bool = False) -> str:
    """ "Because ..., the part on ... may help."; only the suggestion when the reason was just said or is unknown."""
    kind = "exercise" if entry["kind"] == "exercise" else "section"
    because = reason(entry["because"])
    form = "also" if same_as_before else "reason" if because else "plain"
    return phrase(_REASON_KEYS[form, kind], locale, because=because, title=title_of(entry, locale))


def _offer_question(entry: Mapping, locale: str, *, first: bool) -> str:
    kind = "exercise" if entry["kind"] == "exercise" else "section"
    key = {True: {"section": "results_offer_section", "exercise": "results_offer_exercise"},
           False: {"section": "next_suggestion_section", "exercise": "next_suggestion_exercise"}}[first][kind]
    return phrase(key, locale, title=title_of(entry, locale))
