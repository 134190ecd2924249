"""Where a sentence came from: text the skill made from its own content, carrying the ids that make it again.

"Repeat" must say again exactly what was said, but the session that would keep it comes back from the client and
may be forged (DESIGN §3): it keeps no text, only this recipe. A recipe names our content and validated values,
never words: ["c", file, *path] a content string, ["p", key, concern, values] a prompt, ["l", recipe] localised, and
the few other makers of skill/conversation/said_again.py, which reads a recipe back. Text with no recipe (made by string
arithmetic the makers do not know) is never kept: the reply it is in is not repeated, but asked again or the menu.
"""
from __future__ import annotations

from typing import Any, Mapping


class Line(str):
    """Text together with its recipe. Compares, hashes and serialises as the plain text it is."""

    recipe: Any

    def __reduce__(self):  # copied and pickled with its recipe
        return sourced, (str(self), self.recipe)


def sourced(text: str, recipe: Any) -> str:
    """`text` carrying `recipe`; plain text when `recipe` is None (its source is unknown)."""
    if recipe is None:
        return str(text) if isinstance(text, Line) else text
    line = Line(text)
    line.recipe = recipe
    return line


def recipe_of(value: Any) -> Any:
    """The recipe of a value said or filled into a prompt: a Line's, ["e"] for no text (a reason left unsaid); None
    otherwise. A number has none of its own: it is said in words (flow_wording.spoken_number), kept as ["n", n]."""
    if isinstance(value, Line):
        return value.recipe
    return ["e"] if value == "" else None


def recipes_of(values: Mapping[str, Any]) -> dict | None:
    """The recipe of each value, or None when one of them has none."""
    found = {}
    for name, value in values.items():
        found[name] = recipe_of(value)
        if found[name] is None:
            return None
    return found


def tagged(data: Any, path: list) -> Any:
    """`data` (parsed YAML) with every string a Line whose recipe is its place: ["c", file, *keys]."""
    if isinstance(data, str):
        return sourced(data, ["c", *path])
    if isinstance(data, dict):
        return {key: tagged(value, [*path, key]) for key, value in data.items()}
    if isinstance(data, list):
        return [tagged(value, [*path, index]) for index, value in enumerate(data)]
    return data
