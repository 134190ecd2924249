"""Speech made again from its recipe (skill/content/provenance.py): the one reader of what "repeat" kept.

The session keeps a reply as recipes, which come back from the client and may be forged. A recipe is read here
only as ids: a content string by its place in a spoken file, a prompt by its key, a rule's reason by the rule's
name, numbers as whole numbers in range, pauses and sounds within Alexa's limits. Each maker below is the same
function that made the words the first time, so a recipe the skill kept gives exactly the same speech, and a forged
one gives the skill's own sentences or NotOurs, never words of its own.

Why recipes kept by each sentence, not the name of the handler that built the reply: a handler reads and writes the
session and the memory (a self-check moves on, a suggestion is counted), so calling it again is not saying the same
thing again; a sentence's source is a pure function of ids, and every reply, whatever built it, is made of them.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from skill import content
from skill.conversation.exercise_timing import closing_before_question
from skill.conversation.selfcheck_flow import reason, spoken_answer
from skill.rulebook.questions import ANSWERS
from skill.voice.flow_wording import spoken_list, spoken_number
from skill.voice.speech import MAX_AUDIO_SECONDS, SOUND_SECONDS, Speech
from skill.voice.wording import VARIANTS, capitalised, filled, localise, phrase, prompts

# What a kept reply may hold at most: the largest in the dialogues of tests/conversations keeps 27 nodes and 20 pieces.
MAX_NODES, MAX_PIECES, MAX_ID_CHARS, MAX_NUMBER = 100, 100, 80, 100_000
# Where a piece holds text recipes, by argument: "one" recipe, or a "list" of them; all other arguments are values.
_PIECE_HOLDS = {"s": ("one",), "t": ("one",), "w": ("one", "list")}


class NotOurs(ValueError):
    """A kept reply that does not name the skill's own content and values."""


def keep(**speeches: Speech | None) -> dict:
    """`speeches` as the session keeps them: {"nodes": [every text recipe once, those it holds by their index
    before it], name: [pieces holding nodes by index] or None where a speech has no recipe}. Flat, so that it
    nests no deeper than session attributes may (skill/web/session_bounds.py); a question said twice is kept once."""
    nodes: list = []
    index: dict[str, int] = {}
    done: dict[int, int] = {}  # by the recipe object: a sentence said twice (a question and its reprompt) is kept once

    def node(recipe: Any) -> int:
        if id(recipe) in done:
            return done[id(recipe)]
        holds = _HOLDS.get(recipe[0], ())
        flat = _flat(recipe, holds, node) if holds else list(recipe)  # a copy: the recipe stays its sentence's alone
        key = repr(flat)
        if key not in index:
            index[key] = len(nodes)
            nodes.append(flat)
        done[id(recipe)] = index[key]
        return index[key]

    kept: dict[str, Any] = {}
    for name, speech in speeches.items():
        recipe = speech.recipe if speech is not None else None
        kept[name] = None if recipe is None else \
            [_flat(piece, _PIECE_HOLDS.get(piece[0], ()), node) for piece in recipe]
    return {"nodes": nodes, **kept}


def _flat(recipe: list, holds: tuple, node: Callable[[Any], int]) -> list:
    """`recipe` with each recipe it holds (by `holds`, argument by argument) replaced by its node's index."""
    flat = [recipe[0]]
    for position, argument in enumerate(recipe[1:]):
        held = holds[position] if position < len(holds) else None
        if held == "one":
            argument = node(argument)
        elif held == "dict":
            argument = {name: node(argument[name]) for name in sorted(argument)}  # one order, whatever came back
        elif held == "list":
            argument = [node(value) for value in argument]
        flat.append(argument)
    return flat


def speech_from(kept: Any, name: str, locale: str, rules: Mapping) -> Speech:
    """The speech `name` of a reply `keep` kept, made again; NotOurs for anything that is not what `keep` could
    have written. `rules` are the request's rules by name, whose reasons a recipe may name."""
    if not isinstance(kept, Mapping) or not isinstance(kept.get(name), list) or len(kept[name]) > MAX_PIECES:
        raise NotOurs("no such speech")
    try:
        said = _Nodes(locale, rules, kept.get("nodes"))
        speech = Speech()
        for piece in kept[name]:
            _piece(speech, piece, said)
    except (LookupError, TypeError, ValueError, AttributeError) as error:
        raise NotOurs(str(error)) from error
    return speech


class _Nodes:
    """The nodes of a kept reply made into text in order, in one request's locale and rules: a node
    may name only nodes made before it, so there is no loop and each is made once."""

    def __init__(self, locale: str, rules: Mapping, nodes: Any) -> None:
        if not isinstance(nodes, list) or len(nodes) > MAX_NODES:
            raise NotOurs("no nodes")
        self.locale, self.rules, self.made = locale, rules, []
        for node in nodes:
            if not isinstance(node, list) or not node or not isinstance(node[0], str):
                raise NotOurs("not a node")
            self.made.append(_MAKERS[node[0]][0](self, *node[1:]))

    def text(self, index: Any) -> str:
        if type(index) is not int or not 0 <= index < len(self.made):
            raise NotOurs("no such node")
        return self.made[index]

    def values(self, indexes: Any) -> dict:
        if not isinstance(indexes, dict):
            raise NotOurs("values are not named")
        return {_id(name): self.text(index) for name, index in indexes.items()}


def _piece(speech: Speech, piece: Any, said: _Nodes) -> None:
    if not isinstance(piece, list) or not piece:
        raise NotOurs("not a piece")
    kind, *args = piece
    if kind == "s" and len(args) == 1:
        speech.say(said.text(args[0]))
    elif kind == "t" and len(args) == 1:
        speech.phone(said.text(args[0]))
    elif kind == "w" and len(args) == 2 and isinstance(args[1], list):
        speech.say_with_numbers(said.text(args[0]), [said.text(number) for number in args[1]])
    elif kind == "b" and len(args) == 1 and type(args[0]) in (int, float) and 0 < args[0] <= MAX_AUDIO_SECONDS:
        speech.pause(args[0])
    elif kind == "a" and len(args) == 1 and isinstance(args[0], str) and args[0] in SOUND_SECONDS:
        speech.sound(args[0])
    else:
        raise NotOurs("unknown piece")


def _content(said: _Nodes, file: Any, *path: Any) -> str:
    if file not in content.SPOKEN:
        raise NotOurs("not a spoken file")
    found = content.load(file)
    for step in path:
        if isinstance(found, dict) and isinstance(step, str):
            found = found[step]
        elif isinstance(found, list) and type(step) is int and 0 <= step < len(found):
            found = found[step]
        else:
            raise NotOurs("no such place")
    if not isinstance(found, str):
        raise NotOurs("not text")
    return found


def _phrase(said: _Nodes, key: Any, concern: Any = None, values: Any = None) -> str:
    if not isinstance(key, str) or key not in prompts() or concern not in VARIANTS:
        raise NotOurs("no such prompt")
    return phrase(key, said.locale, concern=concern, **said.values(values or {}))


def _rule(said: _Nodes, name: Any) -> str:
    if not isinstance(name, str) or name not in said.rules:
        raise NotOurs("no such rule")
    return said.rules[name].because


def _number(value: Any) -> int:
    if type(value) is not int or not 0 <= value <= MAX_NUMBER:
        raise NotOurs("not a number in range")
    return value


def _id(value: Any) -> str:
    if not isinstance(value, str) or not value.isidentifier() or len(value) > MAX_ID_CHARS:
        raise NotOurs("not a name")
    return value


def _answer(said: _Nodes, answer: Any) -> str:
    if answer not in ANSWERS:
        raise NotOurs("not an answer")
    return spoken_answer(answer)


def _items(said: _Nodes, indexes: Any) -> list[str]:
    if not isinstance(indexes, list):
        raise NotOurs("not a list")
    return [said.text(index) for index in indexes]


# Each kind of text recipe: its maker, and where it holds other recipes by argument ("one", a {name: recipe} "dict",
# a "list"); all other arguments are ids and numbers. A maker is the function that made the words the first time.
_MAKERS: dict[str, tuple[Callable[..., str], tuple]] = {
    "c": (_content, ()),
    "p": (_phrase, (None, None, "dict")),
    "rule": (_rule, ()),
    "e": (lambda said: "", ()),
    "answer": (_answer, ()),
    "n": (lambda said, number: spoken_number(_number(number)), ()),
    "l": (lambda said, text: localise(said.text(text), said.locale), ("one",)),
    "cap": (lambda said, text: capitalised(said.text(text)), ("one",)),
    "why": (lambda said, text: reason(said.text(text)), ("one",)),
    "before_question": (lambda said, text: closing_before_question(said.text(text)), ("one",)),
    "f": (lambda said, template, values: filled(said.text(template), **said.values(values)), ("one", "dict")),
    "list": (lambda said, items: spoken_list(_items(said, items), said.locale), ("list",)),
}
_HOLDS = {kind: holds for kind, (_maker, holds) in _MAKERS.items()}
