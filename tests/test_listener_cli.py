"""`trust-builder listen` and `trust-builder chat --explain`: the listener's reading, printed for a reviewer."""
from __future__ import annotations

import io

from skill.cli import main
from skill.devtools.listen_cli import asked_in, explain_line


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["listen", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_listen_prints_meaning_level_confidence_evidence_and_alternatives(capsys):
    code, out, _ = run(capsys, "she won't let me see my friends")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Meaning: harm control_friends"
    assert lines[1] == "Level: sure (confidence 0.95)"
    assert "Evidence:" in lines and "Alternatives:" in lines
    assert any("harm/control_friends" in line and "will not let me see my friends" in line for line in lines)


def test_listen_after_a_question_reads_an_answer(capsys):
    code, out, _ = run(capsys, "--after", "feels_unsafe", "I feel safe")
    assert code == 0
    assert out.startswith("Meaning: answer no\n")
    assert "After: feels_unsafe" in out


def test_listen_shows_the_closest_topics_when_unsure(capsys):
    _, out, _ = run(capsys, "purple monkey dishwasher")
    assert out.startswith("Meaning: unknown\n")
    assert out.split("Alternatives:\n")[1].count("  topic ") == 3


def test_listen_refuses_an_unknown_question(capsys):
    code, _, err = run(capsys, "--after", "nonsense", "yes")
    assert code == 2 and "unknown question id 'nonsense'" in err


def test_asked_in_reads_the_self_check_question_from_the_session():
    assert asked_in({"mode": "selfcheck", "selfcheck": {"index": 11, "answers": {}}}) == "feels_unsafe"
    assert asked_in({"mode": "exercise"}) is None
    assert asked_in(None) is None


def test_chat_explain_prints_the_reading_before_the_answer(app):
    from skill.devtools.chat import console
    from skill.devtools.chat_session import ChatSession
    from skill.devtools.resolver import resolver_for

    chat = ChatSession(app.test_client(), resolver_for("en-US"))
    out = io.StringIO()
    console(chat, io.StringIO("he cheated on me\n"), out, explain=True)
    text = out.getvalue()
    assert "listener| Meaning: topic rebuilding_after_lying" in text
    assert text.index("listener|") < text.index("alexa>")


def test_explain_leaves_console_commands_alone():
    assert explain_line("/launch", None, "en-US") == ""
