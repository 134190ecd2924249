"""Which "her" is which, for the gender twins of the model's phrases: the object ("make her trust me", "tell her") has
"him" for its twin, the possessive ("her trust", "her phone") "his". And the mistake the twins once made: a
possessive where an object belongs ("make his trust me")."""
from __future__ import annotations

OBJECTS = {"me", "us", "him", "her", "them", "you", "myself", "yourself", "himself", "herself", "themselves"}
# Words that cannot start the noun a possessive stands before: after "her" they make it the object ("tell her about
# it", "with her again", "love her so much"), and after "his" or "their" they make a possessive without its noun.
NOT_A_NOUN = OBJECTS | {
    "a", "an", "the", "this", "that", "these", "those", "my", "your", "his", "our", "their", "it",
    "to", "about", "with", "for", "from", "at", "in", "on", "of", "by", "into", "like", "than", "as",
    "up", "down", "out", "off", "back", "over", "away", "around",
    "and", "but", "or", "so", "if", "when", "because", "that", "what", "how", "why", "whether",
    "again", "anymore", "too", "enough", "more", "less", "much", "so", "very", "really", "still", "now", "then",
    "is", "was", "are", "will", "would", "can", "could", "should", "does", "did", "has", "had",
}
COPULAS = {"is", "was", "are", "were", "be", "been"}  # "the phone is his": a possessive may end a clause after these
POSSESSIVES = {"his", "their"}
# After a noun's "'s" ("my partner's"), "'s" may be "is" or "has": "my partner's hitting me", "my partner's hit me".
PARTICIPLES = {"hit", "hurt", "cut", "put", "got", "left", "made", "told", "kept", "done", "gone", "been", "said",
               "sent", "lost", "thrown", "broken", "taken", "shut", "let", "set", "read", "spent", "seen"}


def her_is_possessive(words: list[str], at: int) -> bool:
    """Whether words[at], a "her", stands before its noun ("her phone") rather than as an object ("tell her").
    A word followed by an object is a verb, so "her" before it is its subject-object: "make her trust me"."""
    following = words[at + 1:at + 3]
    if not following or following[0] in NOT_A_NOUN:
        return False
    return not (len(following) == 2 and following[1] in OBJECTS)


def possessive_misplaced(words: list[str]) -> str | None:
    """The first possessive standing where an object belongs ("make his trust me", "tell his about it", "i miss
    his"), as "possessive next next"; None if there is none."""
    for at, word in enumerate(words):
        noun_possessive = word.endswith("'s") and at > 0 and words[at - 1] in ("my", "our", "your")
        if word not in POSSESSIVES and not noun_possessive:
            continue
        following = words[at + 1:at + 3]
        if not following:
            if at == 0 or words[at - 1] not in COPULAS:
                return word
            continue
        if word in POSSESSIVES and following[0] in NOT_A_NOUN:
            return " ".join([word, *following])
        verb = following[0]
        if len(following) == 2 and following[1] in OBJECTS and not verb.endswith("ing") \
                and not (noun_possessive and (verb.endswith(("ed", "en")) or verb in PARTICIPLES)):
            return " ".join([word, *following])
    return None
