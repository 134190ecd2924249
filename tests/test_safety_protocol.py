"""SAFETY.md, the published crisis protocol: its measured-recall block is in the form
`python -m skill.devtools.safety_protocol` writes, measures every part `make eval` measures, and the page names
every locale's numbers and the law that asks for it."""
from __future__ import annotations

import pytest

from skill import content
from skill.content import locale_registry
from skill.devtools import safety_protocol
from tests import eval as listener_eval
from tests import eval_delivered

TEXT = safety_protocol.SAFETY_DOC.read_text(encoding="utf-8")
DELIVERED = {part: {"crisis_caught": 0.98, "crisis_n": 100, "harm_caught": 0.975, "harm_n": 200,
                    "calm_as_danger": 0.02, "calm_n": 50} for part in eval_delivered.PARTS}
LISTENER = {part: {"crisis_recall": 0.99, "harm_recall": 0.97, "calm_as_danger": 0.03, "sentences": 900}
            for part in listener_eval.PARTS}


def test_the_block_is_in_the_form_the_command_writes():
    assert safety_protocol.format_problems(safety_protocol.current_block(TEXT)) == []


def test_the_block_measures_every_part_make_eval_measures_once_refreshed():
    written = safety_protocol.block(DELIVERED, LISTENER, "2026-12-07")
    assert safety_protocol.format_problems(written) == []
    expected = {(part, "delivered") for part in eval_delivered.PARTS} | \
        {(part, "listener") for part in listener_eval.PARTS}
    assert safety_protocol.parts_measured(written) == expected
    outside = {(f"outside_{part}", how) for part in listener_eval.OUTSIDE_PARTS for how in ("delivered", "listener")}
    measured = safety_protocol.parts_measured(safety_protocol.current_block(TEXT))
    assert measured <= expected | outside, "a row names a part make eval no longer measures: refresh the block"


def test_refreshing_rewrites_only_the_block():
    refreshed = safety_protocol.refresh(TEXT, DELIVERED, LISTENER, "2026-12-08")
    before, after = TEXT.split(safety_protocol.MARK_START), refreshed.split(safety_protocol.MARK_START)
    assert before[0] == after[0] and TEXT.split(safety_protocol.MARK_END)[1] == refreshed.split(safety_protocol.MARK_END)[1]
    assert "| heldout | delivered | 98.0% | 97.5% | 2.0% | 350 |" in refreshed
    assert "Measured on 2026-12-08 with `make eval`." in refreshed


def test_a_block_out_of_form_is_named():
    broken = TEXT.replace("Measured on", "Measured at")
    assert safety_protocol.format_problems(safety_protocol.current_block(broken))


def test_the_command_reads_each_measures_last_line(tmp_path, monkeypatch):
    delivered, listener = tmp_path / "delivered.txt", tmp_path / "listener.txt"
    delivered.write_text("== tune: ...\n" + __import__("json").dumps(DELIVERED) + "\n", encoding="utf-8")
    listener.write_text("table\n" + __import__("json").dumps(LISTENER) + "\n", encoding="utf-8")
    page = tmp_path / "SAFETY.md"
    page.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(safety_protocol, "SAFETY_DOC", page)
    assert safety_protocol.main(["--from-json", str(delivered), str(listener)]) == 0
    assert safety_protocol.format_problems(safety_protocol.current_block(page.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("locale", locale_registry.names())
def test_the_page_names_every_locales_numbers(locale):
    entry = content.load("safety")["locales"][locale]
    for number in [entry["emergency_number"], entry["helpline_number"], *entry["crisis"]["numbers"],
                   *entry["support"]["numbers"]]:
        assert str(number) in TEXT, (locale, number)


def test_the_page_says_what_a_protocol_must():
    for needed in ("SB 243", "What the skill listens for", "What it says", "What it never says", "Numbers by locale",
                   "What happens after a disclosure", "What is stored and shown", "How it is tested",
                   "How to report a miss", "voice history"):
        assert needed in TEXT, needed
