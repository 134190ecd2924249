"""What answers a calm reading: "I'm glad to hear that" only for an explicit statement of safety
(content/calm_replies.yaml), a neutral word for a denial, a benign phrase or anything else calm."""
from __future__ import annotations

from skill import content
from skill.listener import Hearing

GLAD, NEUTRAL = "calm_heard", "calm_noted"  # prompt keys


def explicit_safety(hearing: Hearing | None) -> bool:
    """Whether `hearing` is a calm reading that states safety outright, not one that only lowered danger words."""
    return hearing is not None and hearing.meaning == "calm" and \
        hearing.detail in content.load("calm_replies")["explicit_safety"]


def calm_reply_key(hearing: Hearing | None) -> str:
    return GLAD if explicit_safety(hearing) else NEUTRAL
