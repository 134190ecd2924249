"""The safety catalogue: docs/safety-catalogue.md, written from the listening data for a safeguarding lead to read and
sign off. `trust-builder safety-catalogue` (or `python -m skill.devtools.safety_catalogue`) writes it;
`--check` says whether the page is current. tests/test_safety_catalogue.py keeps it so.

Everything on the page comes from the data: the families and kinds of the danger patterns (listening/crisis.yaml,
harm.yaml, and medical.yaml and distress.yaml where they exist), the statements of safety (calm.yaml), the
suppressions (benign.yaml, with the comments written above them), the negation rules and limits (words.yaml), the
team's own phrasings (safety_phrasings.yaml) heard through listen(), and what the skill says first in reply, through
the app at the chat console (en-US). Plain words from content/catalogue.yaml; a rule's words are written out
plainly (catalogue_words.plain_words), never in the syntax of patterns.
"""
from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path
from typing import IO, Iterable

from skill import content
from skill.devtools.catalogue_words import (DANGER_FAMILIES, LOCALE, commented_items, hearing_in_words, is_danger,
                                            notes, numbers_said, plain_words, quote)
from skill.listener import Hearing, listen
from skill.listener.patterns import compile_pattern, find, load_patterns
from skill.listener.words import normalise

PAGE = Path(__file__).resolve().parents[2] / "docs" / "safety-catalogue.md"
EXAMPLES = 3  # worked examples for each kind or rule: enough to see what it means, short enough to read
TABLE_PER_KIND = 2  # sentences of each kind in the sign-off table
TABLE_CALM = 16
EXIT_STALE = 1


def families() -> list[str]:
    return [family for family in DANGER_FAMILIES if (content.CONTENT_DIR / "listening" / f"{family}.yaml").exists()]


@cache
def phrasings() -> dict:
    return content.load("listening/safety_phrasings")


def team_sentences(family: str) -> list[tuple[str, str]]:
    """(kind, sentence) of the team's phrasings of `family`; calm has no kinds ("")."""
    written = phrasings().get(family) or {}
    if isinstance(written, list):
        return [("", sentence) for sentence in written]
    return [(kind, sentence) for kind, sentences in written.items() for sentence in sentences or ()]


def every_danger_sentence() -> list[tuple[str, str, str]]:
    return [(family, kind, sentence) for family in families() for kind, sentence in team_sentences(family)]


@cache
def heard(sentence: str) -> Hearing:
    return listen(sentence, LOCALE)


# --- what each kind covers ---------------------------------------------------------------------------------------

def kinds_section() -> list[str]:
    lines = ["## 1. What the skill listens for", "",
             "Each family below is a set of patterns of words the team wrote and reviews. A pattern marked *clear* "
             "makes the skill sure: it acts at once. One marked *unclear* makes it fairly sure: it asks directly "
             "and kindly, with the number in the same reply. The worked examples are the team's own phrasings "
             "that the kind's patterns match, and what the listener made of each.", ""]
    for family in families():
        lines += [f"### {family.capitalize()}", "", notes()["families"].get(family, "(no description yet)"), ""]
        patterns = load_patterns(family)
        written = team_sentences(family)
        for kind in dict.fromkeys(pattern.kind for pattern in patterns):
            own = [pattern for pattern in patterns if pattern.kind == kind]
            unclear = sum(pattern.clarity == "unclear" for pattern in own)
            lines += [f"**{kind.replace('_', ' ')}** — {kind_words(family, kind)}",
                      f"{len(own)} patterns ({len(own) - unclear} clear, {unclear} unclear)."]
            sentences = [sentence for written_kind, sentence in written if written_kind == kind]
            matched = sorted((s for s in sentences if any(m.kind == kind for m in find(patterns, normalise(s)))),
                             key=lambda s: heard(s).detail != kind)  # those heard as this kind first
            right = sum(heard(s).meaning == family for s in sentences)
            if sentences:
                lines.append(f"Of the team's {len(sentences)} phrasings of this kind, {right} are heard as {family}.")
            lines += ["", *(f"- {quote(s)} → {hearing_in_words(heard(s))}" for s in matched[:EXAMPLES])]
            if not matched:
                lines.append("- (no phrasing of this kind in safety_phrasings.yaml yet: write some)")
            lines.append("")
    return lines


def kind_words(family: str, kind: str) -> str:
    """A kind in plain words: the catalogue's own note, else what kinds.yaml (`heard`) says it covers."""
    written = notes()["kinds"].get(kind)
    if written:
        return written
    heard_as = content.load("kinds").get("heard", {}).get(family, {}).get(kind)
    return f"{heard_as['name'].capitalize()}: {heard_as['covers']}." if heard_as else "(no description yet)"


# --- statements of safety ------------------------------------------------------------------------------------------

def calm_section() -> list[str]:
    lines = ["## 2. What the skill hears as calm", "",
             "A sentence that says it is safe (and has no live words of danger) is heard as calm. Words of danger "
             "always win: a statement of safety never hides them.", ""]
    calm = [sentence for _, sentence in team_sentences("calm")]
    for kind in dict.fromkeys(pattern.kind for pattern in load_patterns("calm")):
        own = [s for s in calm if heard(s).meaning == "calm" and heard(s).detail == kind]
        shown = [f"- {quote(s)} → {hearing_in_words(heard(s))}" for s in own[:EXAMPLES]]
        lines += [f"**{kind.replace('_', ' ')}** — {kind_words('calm', kind)}", "",
                  *(shown or ["- (no phrasing of the team shows it yet)"]), ""]
    return lines


# --- suppressions ------------------------------------------------------------------------------------------------


def suppression_section() -> list[str]:
    lines = ["## 3. Phrases in which words of danger may not mean danger", "",
             "benign.yaml holds two lists, read by the rule of asymmetry. An **audited idiom** is the only phrase "
             "that may make words of violence or death no signal at all; each says why no person can be harming the "
             "speaker in it. Any **other benign phrase** only lowers: danger words inside it are heard fairly "
             "sure, and the skill asks directly, with the number. Under each: the reason written for it, sentences "
             "it rightly quiets or lowers, and sentences of real danger that touch it and must still be heard. "
             "A ⚠ marks a sentence of danger that the skill did not hear as danger.", "",
             "### Audited idioms (may be calm)", ""]
    idioms = [(entry["phrase"], entry.get("why", "")) for entry in content.load("listening/benign")["idioms"]]
    lines += _rules(idioms, "I")
    lines += ["### Phrases that only lower (fairly sure: the skill asks)", ""]
    return lines + _rules(commented_items("benign", "lowers"), "L")


def _rules(rules: list[tuple[str, str]], mark: str) -> list[str]:
    """Each benign rule in plain words, with what it quiets and what it must not."""
    calm = [sentence for _, sentence in team_sentences("calm")]
    danger = every_danger_sentence() + probes()
    lines: list[str] = []
    for number, (phrase, comment) in enumerate(rules, start=1):
        regex = compile_pattern(phrase)
        quiets = [s for s in calm if regex.search(normalise(s))]
        touches = [(family, s) for family, _, s in danger if regex.search(normalise(s))]
        lines += [f"**Rule {mark}{number}.** {comment or '(no reason of its own in benign.yaml)'}", "",
                  f"Words: {plain_words(phrase)}", ""]
        lines += [f"- quiets {quote(s)} → {hearing_in_words(heard(s))}" for s in quiets[:EXAMPLES]]
        if not quiets:
            lines.append("- (no calm phrasing of the team shows it yet)")
        lines += [f"- must not quiet {quote(s)} → {flag(family, heard(s))}" for family, s in touches[:EXAMPLES]]
        if not touches:
            lines.append("- (no sentence of danger of the team touches it: nothing yet shows what it must not quiet)")
        lines.append("")
    return lines


def probes() -> list[tuple[str, str, str]]:
    """The catalogue's own sentences of danger that touch a suppression or a denial (content/catalogue.yaml)."""
    return [("danger", "", sentence) for sentence in notes().get("must_still_hear") or ()]


def flag(family: str, hearing: Hearing) -> str:
    mark = "" if is_danger(hearing) else "⚠ "
    written = "" if family == "danger" else f" (written as {family})"
    return f"{mark}{hearing_in_words(hearing)}{written}"


# --- negation ----------------------------------------------------------------------------------------------------

def negation_section() -> list[str]:
    spec = content.load("listening/words")["negation"]
    listed = lambda words: ", ".join(f"“{word}”" for word in words)  # noqa: E731
    lines = ["## 4. When words of danger are denied", "",
             f"A word of danger is denied when one of these words stands before it, at most {spec['reach_words']} "
             f"words before, in the same clause: {listed(spec['cues'])}. A denied word of danger is no signal; "
             "if the sentence has no other, it is heard as calm.", "",
             f"- **A new clause starts** after a comma or at {listed(spec['clause_starts'])}: a denial before it "
             "does not reach past it (“he never shouts but he hit me” is heard as harm).",
             f"- **The denial stops at** {listed(spec['reach_stops'])}: what is denied is the knowing, telling, "
             "stopping or helping, not the danger (“nobody knows he hits me”).",
             f"- **A new subject ends the denial** ({listed(spec['new_subjects'])}), unless it follows "
             f"{listed(spec['passes_on'])}: “he doesn't hit me she just screams” denies only the hitting.",
             "- **Limits undo a denial:** words after the danger that limit it to some times or places, so it is no "
             "denial (“he never hits me where people can see”, “he hasn't hit me yet”):",
             *(f"  - {plain_words(limit)}" for limit in spec["limits"]), ""]
    cues = compile_pattern("(?:" + "|".join(spec["cues"]) + ")")
    calm = [s for _, s in team_sentences("calm") if any(line.startswith("negated:") for line in heard(s).evidence)]
    lines += ["Denials it rightly hears as calm:", "",
              *(f"- {quote(s)} → {hearing_in_words(heard(s))}" for s in calm[:EXAMPLES * 2]), ""]
    denied_yet_danger = [(family, s) for family in families() for s in
                         [s for _, s in team_sentences(family) if cues.search(normalise(s))][:EXAMPLES]]
    denied_yet_danger += [(family, s) for family, _, s in probes() if cues.search(normalise(s))]
    lines += ["Sentences with a word of denial that must still be heard as danger:", "",
              *(f"- {quote(s)} → {flag(family, heard(s))}" for family, s in denied_yet_danger), ""]
    limits = [compile_pattern(limit) for limit in spec["limits"]]
    limited = [(family, s) for family, _, s in every_danger_sentence() + probes()
               if cues.search(normalise(s)) and any(limit.search(normalise(s)) for limit in limits)]
    shown = [f"- {quote(s)} → {flag(family, heard(s))}" for family, s in limited[:EXAMPLES]]
    return lines + ["Denials undone by a limit:", "", *(shown or ["- (no sentence of the team shows a limit yet)"]), ""]


# --- sentence → outcome -------------------------------------------------------------------------------------------


def replies(sentences: Iterable[str]) -> list[str]:
    """What the skill says to each sentence said right after opening it, through the app (no store)."""
    from skill.devtools.chat_session import ChatSession  # here: building the app is only needed for the table
    from skill.settings import Settings

    chat = ChatSession.open(Settings(verify_requests=False, database="none", log_level="WARNING"), LOCALE)
    said = []
    for sentence in sentences:
        chat.new_session()
        chat.say("/launch")
        said.append(chat.say(sentence).speech)
    return said


def table_section() -> list[str]:
    chosen: list[tuple[str, str]] = []
    for family in families():
        by_kind: dict[str, list[str]] = {}
        for kind, sentence in team_sentences(family):
            by_kind.setdefault(kind, []).append(sentence)
        chosen += [(family, sentence) for sentences in by_kind.values() for sentence in sentences[:TABLE_PER_KIND]]
    chosen += [("calm", sentence) for _, sentence in team_sentences("calm")[:TABLE_CALM]]
    answers = replies(sentence for _, sentence in chosen)
    lines = ["## 5. Sentence → outcome, for sign-off", "",
             f"Each sentence said right after opening the skill ({LOCALE}, through the chat console's resolver and "
             "the app itself): what the listener hears in it, and the numbers the reply says, in the order said. "
             "Danger should get its number first; calm should get none.", "",
             "| written as | sentence | what the skill hears | numbers said |", "|---|---|---|---|"]
    for (family, sentence), speech in zip(chosen, answers):
        lines.append(f"| {family} | {quote(sentence)} | {hearing_in_words(heard(sentence))} | {numbers_said(speech)} |")
    lines += ["", "Reviewed and signed off by: ______________________  Role: ______________  Date: __________", ""]
    return lines


# --- the page ----------------------------------------------------------------------------------------------------

def withheld_section() -> list[str]:
    kinds = content.load("kinds")["kinds"]
    return ["## 6. What is withheld after fear or harm", "",
            "Every section and exercise has a kind (content/kinds.yaml). After words or answers of fear, harm or "
            "crisis, the kinds below marked *withheld* are neither offered nor listed.", "",
            *(f"- **{name.replace('_', ' ')}**: {kind['means']} — {kind['after_fear_or_harm']}"
              for name, kind in kinds.items()), ""]


@cache
def render() -> str:
    lines = ["# Safety catalogue", "",
             "What Trust Builder listens for, what it treats as no danger, and what it says first. Written from the "
             "data by `trust-builder safety-catalogue`; do not edit by hand. A test fails while this page is out of "
             "date: after changing any listening file, run the command and read the difference.", ""]
    lines += kinds_section() + calm_section() + suppression_section() + negation_section() + table_section()
    lines += withheld_section()
    return "\n".join(lines).rstrip() + "\n"


def add_catalogue_command(subparsers) -> None:
    """Adds `safety-catalogue` to the `trust-builder` command's subparsers."""
    command = subparsers.add_parser("safety-catalogue", help="write docs/safety-catalogue.md from the listening data")
    command.add_argument("--check", action="store_true", help="only say whether the page is current (exit 1 if not)")
    command.add_argument("--out", type=Path, default=PAGE, help="where to write it (default: docs/safety-catalogue.md)")
    command.set_defaults(run=run_catalogue)


def run_catalogue(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    out = out or sys.stdout
    page = render()
    if args.check:
        current = args.out.exists() and args.out.read_text(encoding="utf-8") == page
        print(f"{args.out}: {'current' if current else 'out of date; run trust-builder safety-catalogue'}", file=out)
        return 0 if current else EXIT_STALE
    args.out.write_text(page, encoding="utf-8")
    print(f"wrote {args.out}", file=out)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m skill.devtools.safety_catalogue",
                                     description=__doc__.split("\n")[0])
    add_catalogue_command(parser.add_subparsers(dest="command", required=False))
    arguments = parser.parse_args(["safety-catalogue", *sys.argv[1:]])
    sys.exit(arguments.run(arguments))
