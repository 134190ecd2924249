"""One spelling for what people say: lower case, contractions spelled out, punctuation reduced to clause marks.

Every pattern in skill/content/listening/ is written against this form, so "won't", "wont" and "will not" are one
thing to a reviewer: the patterns say "will not".
"""
from __future__ import annotations

import re
import unicodedata

CLAUSE_MARK = ","
# Short forms people say, spelled out so a pattern needs only one form. Whole words only.
_SPELLED_OUT = {
    "won't": "will not", "wont": "will not", "can't": "can not", "cant": "can not", "cannot": "can not",
    "shan't": "shall not", "ain't": "is not", "don't": "do not", "dont": "do not", "doesn't": "does not",
    "doesnt": "does not", "didn't": "did not", "didnt": "did not", "isn't": "is not", "isnt": "is not",
    "wasn't": "was not", "wasnt": "was not", "aren't": "are not", "weren't": "were not", "haven't": "have not",
    "havent": "have not", "hasn't": "has not", "hasnt": "has not", "hadn't": "had not", "wouldn't": "would not",
    "wouldnt": "would not", "couldn't": "could not", "couldnt": "could not", "shouldn't": "should not",
    "mustn't": "must not", "needn't": "need not", "i'm": "i am", "im": "i am", "ive": "i have", "i'd": "i would",
    "i'll": "i will", "wanna": "want to", "gonna": "going to", "gotta": "got to",
    "dunno": "do not know", "kinda": "kind of", "sorta": "sort of", "cos": "because", "'cause": "because",
    "cuz": "because", "ok": "okay", "alright": "all right", "let's": "let us", "lets": "let us", "ya": "you",
    "y'all": "you all", "thx": "thanks", "u": "you", "nah": "no", "yeah": "yes", "yep": "yes", "yup": "yes",
    "ye": "yes", "yea": "yes", "aye": "yes", "nope": "no", "hes": "he is", "shes": "she is", "theyre": "they are",
    "whats": "what is", "thats": "that is", "theres": "there is", "ima": "i am going to",
}
_SUFFIXES = (("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"), ("'m", " am"))
# "'s" is "is" after these; otherwise it is a possessive ("my wife's phone") and only the apostrophe goes.
_IS_AFTER = {"he", "she", "it", "that", "there", "what", "who", "where", "how", "here", "everyone", "nobody",
             "everything", "nothing", "someone", "something", "everybody", "somebody", "life", "one"}
# "'s" after a noun is "is" before these words ("my wife's going to kill me", "my husband's never hit me"): after a
# possessive a noun comes, not these. "been" is "has been"; "is been" reads the same to the patterns as "he's been".
_IS_BEFORE = {"going", "gonna", "been", "never", "not", "always", "just", "so", "really", "very", "getting",
              "being", "got", "a", "an", "such", "still", "constantly", "literally", "actually"}
# "lets" is "let us" ("lets start") except before whom the letting is for: "he never lets me out of his sight".
_LETS_FOR = {"me", "him", "her", "them", "you", "my", "his", "their", "anyone", "anybody", "nobody", "people"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,.;:!?]")


def normalise(text: str) -> str:
    """`text` as the patterns read it: "Yeah, he won't!" → "yes , he will not ,"."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("`", "'")
    out: list[str] = []
    tokens = _WORD.findall(folded)
    for token, following in zip(tokens, tokens[1:] + [""]):
        if not token[0].isalnum():
            if out and out[-1] != CLAUSE_MARK:
                out.append(CLAUSE_MARK)
            continue
        out.extend(_spell_out(token, following).split())
    return " ".join(out)


def _spell_out(token: str, following: str = "") -> str:
    if token == "lets" and following in _LETS_FOR:
        return token
    if token in _SPELLED_OUT:
        return _SPELLED_OUT[token]
    if token.endswith("'s"):
        stem = token[:-2]
        return f"{stem} is" if stem in _IS_AFTER or following in _IS_BEFORE else stem + "s"
    for suffix, spelled in _SUFFIXES:
        if token.endswith(suffix):
            return token[: -len(suffix)] + spelled
    return token.replace("'", "")


def words(normalised: str) -> list[str]:
    """The words of a normalised sentence, without clause marks."""
    return [word for word in normalised.split() if word != CLAUSE_MARK]
