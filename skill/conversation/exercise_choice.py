"""Which exercise to offer: what the last self-check recommended first, never one that is withheld."""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence


def pick_exercise(all_ids: Sequence[str], recommendations: Sequence[Mapping], withheld: Iterable[str],
                  done: Sequence[str] = ()) -> str | None:
    """An exercise to run; None when every one is withheld.

    A recommended one not yet done this session comes first; then the next one in order after the last one
    done; once all have been done, they come round again.
    """
    hidden = frozenset(withheld)
    allowed = [exercise_id for exercise_id in all_ids if exercise_id not in hidden]
    if not allowed:
        return None
    fresh = [exercise_id for exercise_id in allowed if exercise_id not in done] or \
            [exercise_id for exercise_id in allowed if not done or exercise_id != done[-1]] or allowed
    for entry in recommendations:
        if entry.get("kind") == "exercise" and entry.get("id") in fresh:
            return entry["id"]
    last = done[-1] if done else None
    if last in all_ids:
        start = list(all_ids).index(last) + 1
        for exercise_id in [*all_ids[start:], *all_ids[:start]]:
            if exercise_id in fresh:
                return exercise_id
    return fresh[0]
