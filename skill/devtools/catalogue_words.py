"""Plain words for the safety catalogue: what a hearing means, a pattern written out for a reader, the comment
written above a rule, and the numbers a reply says (skill/devtools/safety_catalogue.py puts them on the page)."""
from __future__ import annotations

import re
from functools import cache

from skill import content
from skill.listener import Hearing

DANGER_FAMILIES = ("crisis", "harm", "medical", "distress")  # those with a listening file are catalogued
LOCALE = "en-US"


@cache
def notes() -> dict:
    return content.load("catalogue")


def hearing_in_words(hearing: Hearing) -> str:
    """What the listener heard, as a reader says it: the family and kind, and what the skill does about it."""
    kind = f" ({hearing.detail.replace('_', ' ')})" if hearing.detail else ""
    if not is_danger(hearing):
        return f"no danger: {hearing.meaning.replace('_', ' ')}{kind}"
    beside = f", and also {', '.join(hearing.also)}" if hearing.also else ""
    return f"{hearing.meaning}{kind}{beside}, {notes()['levels'].get(hearing.level, hearing.level)}"


def plain_words(source: str) -> str:
    """A pattern's words for a reader: choices as "a / b", optional parts as "(maybe ...)", any words as "…",
    shared words as content/catalogue.yaml names them; what a pattern must not be followed by is left out."""
    text = re.sub(r"\{([a-z_]+)\}", lambda m: notes()["macros"].get(m.group(1), f"‹{m.group(1)}›"), source)
    previous = None
    while previous != text:  # lookarounds, innermost first
        previous, text = text, re.sub(r"\(\?<?[=!][^()]*\)", "", text)
    text = re.sub(r"\(\?:\\w\+ \)\{\d,\d\}", "‹a few words› ", text)
    text = text.replace("[^,]*", "…").replace("\\w+", "‹a word›").replace("\\w*", "…").replace("\\", "")
    text = text.replace("^", "").replace("$", "")
    out: list[str] = []
    opened: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "(":
            index += 2 if text.startswith("?:", index + 1) else 0
            opened.append(len(out))
            out.append("(")
        elif char == ")":
            start = opened.pop() if opened else 0
            out.append(")")
            if text[index + 1:index + 2] in ("?", "*"):
                out.insert(start + 1, "maybe ")
                index += 1
        elif char == "|":
            out.append(" / ")
        elif char not in "?*+":
            out.append(char)
        index += 1
    return "“" + " ".join("".join(out).split()) + "”"


def is_danger(hearing: Hearing) -> bool:
    return hearing.meaning in DANGER_FAMILIES


def quote(sentence: str) -> str:
    return "“" + sentence.replace("|", "/") + "”"


def commented_items(name: str, key: str) -> list[tuple[str, str]]:
    """(entry, the comment written right above it, or "") for the one-line list entries under top-level `key` of
    listening/`name`.yaml, in order. A comment is not carried to the entries after the first: nothing in the file
    says where its group ends."""
    text = (content.CONTENT_DIR / "listening" / f"{name}.yaml").read_text(encoding="utf-8")
    entries = content.load(f"listening/{name}")[key]
    found, inside, comment = [], False, ""
    for line in text.splitlines():
        if re.match(rf"^{key}:", line):
            inside = True
            continue
        if inside and re.match(r"^\S", line) and not line.startswith("#"):
            break
        stripped = line.strip()
        if inside and stripped.startswith("#"):
            comment = f"{comment} {stripped.lstrip('# ').strip()}".strip()
        elif inside and stripped.startswith("- "):
            found.append(comment)
            comment = ""
    if len(found) != len(entries):  # an entry over several lines: keep the entries, drop the notes
        found = [""] * len(entries)
    return list(zip(entries, found))


def services(locale: str = LOCALE) -> list[tuple[str, str]]:
    """(number as said, the service's name) of `locale` in safety.yaml: the crisis line, the helplines, the
    emergency number."""
    entry = content.load("safety")["locales"][locale]
    found = [(number, entry["crisis"].get("name") or "crisis line") for number in entry["crisis"]["numbers"]]
    support = entry.get("support") or {}
    found += [(number, support.get("name") or "support line") for number in support.get("numbers") or ()]
    if entry.get("helpline_number"):
        found.append((entry["helpline_number"], entry["helpline_name"]))
    found += [(other["number"], other["name"]) for other in entry.get("also") or ()]
    found += [(number, f"{entry['helpline_name']} (text)") for number in entry.get("other_numbers") or ()
              if number not in {other["number"] for other in entry.get("also") or ()}]
    found += [(said, "emergency number") for said in (entry["emergency"], entry["emergency_number"]) if said]
    return found


def numbers_said(speech: str) -> str:
    """The numbers `speech` says, first one first, each with its service; or "no number"."""
    places = sorted({(speech.find(number), number, name) for number, name in services() if number in speech})
    if not places:
        return "no number"
    said = [f"{number} ({name})" for _, number, name in places]
    return f"first {said[0]}" + (f"; then {', '.join(said[1:])}" if said[1:] else "")
