"""The conversations the robustness tests and the benchmarks replay, typed as a person types them at the chat console.

Each script is one whole session: launch, the turns of one feature, goodbye. Lines go through the chat console's
own machinery (skill/devtools/chat.py: the interaction model's resolver and skill/devtools/envelopes.py), so the requests are the ones
Alexa would send. A feature still being written is detected, not assumed: `available_kinds` says which scripts the
skill really answers, and the benchmark table says which were left out.
"""
from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from skill.devtools.chat_session import ENDPOINT, ChatSession, EndpointError

from skill.devtools.resolver import resolver_for
from skill.devtools.envelopes import Caller, alexa_id
from skill.voice.wording import phrase
from tests.live_signing_support import SKILL_ID, signed_request

LOCALE = "en-US"

# kind -> the lines of one session. The second line is the one that shows whether the feature exists yet.
SCRIPTS: dict[str, list[str]] = {
    "selfcheck": ["/launch", "start a self-check", "yes", "no", "sometimes", "not sure", "yes", "yes", "no",
                  "sometimes", "yes", "skip", "no", "yes", "what were my results", "stop"],
    "topics": ["/launch", "what topics do you have", "tell me about building trust", "tell me more", "repeat that",
               "tell me about red flags", "next", "stop"],
    "exercises": ["/launch", "give me an exercise", "do the eye contact exercise", "next", "repeat that", "stop"],
    "basics": ["/launch", "help", "blah blah banana", "start over", "cancel"],
    # Sentences in people's own words (TellIntent), each heard by the listener on the way in.
    "free": ["/launch", "I found out he lied about where he was last weekend", "no",
             "we argue about everything these days and I don't know why", "no",
             "how do we get back to how things used to be", "no", "thanks", "stop"],
}
# Always answered by the certification basics, so always included.
CORE_KINDS = ("basics",)


@dataclass
class SigningClient:
    """Posts the chat console's requests the way Alexa does: raw body, Signature-256, certificate URL.

    Wraps a Flask test client (or anything with `post(path, data=, headers=)`); ChatSession only needs
    `post(path, json=)`. Signing happens before the clock starts: `on_post(seconds)` hears how long the app took.
    """

    client: Any
    on_post: Callable[[float], None] | None = None

    def post(self, path: str, json: dict[str, Any]):  # noqa: A002 - Flask's own keyword
        body, headers = signed_request(json)
        started = time.perf_counter()
        answer = self.client.post(path, data=body, headers=headers)
        if self.on_post is not None:
            self.on_post(time.perf_counter() - started)
        return answer


@dataclass
class Transcript:
    """What one conversation sent and got back: request envelopes and response envelopes, turn by turn."""

    kind: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)


def chat_session(client, user: str) -> ChatSession:
    """A chat session for `user` on `client`, with the skill id the signing tests configure."""
    return ChatSession(client, resolver_for(LOCALE), Caller.named(user, application_id=SKILL_ID), LOCALE)


def run_script(client, kind: str, user: str) -> Transcript:
    """Play the script `kind` as `user` through `client`; raises EndpointError on any non-200 answer."""
    chat = chat_session(client, user)
    transcript = Transcript(kind)
    for line in SCRIPTS[kind]:
        turn = chat.say(line)
        if turn.request is None:
            continue
        transcript.requests.append(turn.request)
        transcript.responses.append(turn.response or {})
    return transcript


def available_kinds(client, kinds: Iterable[str] = SCRIPTS) -> dict[str, bool]:
    """Which scripts the skill really answers: a feature is missing when its opening turn falls back."""
    fallback = phrase("fallback", LOCALE)
    found = {}
    for kind in kinds:
        if kind in CORE_KINDS:
            found[kind] = True
            continue
        try:
            transcript = run_script(client, kind, f"probe-{kind}")
        except EndpointError:
            found[kind] = False
            continue
        opening = transcript.responses[1].get("response", {}).get("outputSpeech", {}).get("ssml", "")
        found[kind] = fallback not in opening
    return found


def replay(client, template: Transcript, user: str) -> Transcript:
    """`template`'s conversation again as another person in a new session, carrying its own session attributes.

    Each request is the template's, with `user`'s ids, a fresh session id and request ids, and the attributes the
    previous response in *this* conversation gave back, as Alexa sends them; the interaction model is not consulted
    again, so a replay costs only the requests. Raises EndpointError on any answer but 200.
    """
    session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
    user_id = alexa_id("account", user)
    transcript = Transcript(template.kind)
    attributes: dict[str, Any] = {}
    for number, original in enumerate(template.requests):
        request = copy.deepcopy(original)
        request["request"]["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
        request["context"]["System"]["user"]["userId"] = user_id
        session = request.get("session")
        if session is not None:
            session["user"]["userId"] = user_id
            session["sessionId"] = session_id
            session["attributes"] = {} if session.get("new") else attributes
        answer = client.post(ENDPOINT, json=request)
        if answer.status_code != 200:
            raise EndpointError(f"{ENDPOINT} answered {answer.status_code} on turn {number}")
        reply = answer.get_json()
        attributes = reply.get("sessionAttributes") or {}
        transcript.requests.append(request)
        transcript.responses.append(reply)
    return transcript
