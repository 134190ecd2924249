"""The safety catalogue (docs/safety-catalogue.md) is written from the data and kept current: a change to any
listening file shows here until the page is written again (`trust-builder safety-catalogue`)."""
from __future__ import annotations

import argparse
import io
import re
from skill.devtools import safety_catalogue
from skill.listener.patterns import load_patterns
from skill.listener.words import normalise
from tests.eval import OUTSIDE_PARTS, outside_items


def page() -> str:
    return safety_catalogue.render()  # written once per process


def test_the_catalogue_is_current():
    written = safety_catalogue.PAGE.read_text(encoding="utf-8")
    assert written == page(), "docs/safety-catalogue.md is out of date: run trust-builder safety-catalogue"


def test_every_kind_of_every_family_has_its_entry_and_a_description():
    for family in safety_catalogue.families():
        for kind in {pattern.kind for pattern in load_patterns(family)}:
            assert f"**{kind.replace('_', ' ')}** — " in page(), f"{family}/{kind} is not catalogued"
    assert "(no description yet)" not in page(), "a kind without plain words: add them to content/catalogue.yaml"


def test_no_pattern_is_shown_in_the_syntax_of_patterns():
    assert not re.search(r"\(\?|\\[wsb]|\[\^|\{[a-z_]+\}", page())


def test_a_rule_is_written_out_in_plain_words():
    assert safety_catalogue.plain_words("(?:is|are) killing me(?! softly)") == "“(is / are) killing me”"
    assert safety_catalogue.plain_words("i was (?:only )?joking [^,]*") == "“i was (maybe only )joking …”"


def test_the_sign_off_table_gives_each_danger_its_number_and_calm_none():
    rows = [line.split(" | ") for line in page().splitlines() if line.startswith("| crisis") or
            line.startswith("| harm") or line.startswith("| calm")]
    assert rows
    assert all("988" in row[3] for row in rows if row[0] == "| crisis")
    assert all("no number" in row[3] for row in rows if row[0] == "| calm" and "no danger" in row[2])


def test_the_catalogue_never_quotes_an_outside_sentence():
    """The outside sets are read by their owner alone: a page every engineer reads must not show them."""
    shown = normalise(page())
    quoted = [item["text"] for part in OUTSIDE_PARTS for item in outside_items(part)
              if len(item["text"].split()) > 4 and normalise(item["text"]) in shown]
    assert not quoted


def test_check_says_whether_the_page_is_current(tmp_path):
    stale = tmp_path / "catalogue.md"
    stale.write_text("old\n", encoding="utf-8")
    out = io.StringIO()
    assert safety_catalogue.run_catalogue(argparse.Namespace(check=True, out=stale), out) == safety_catalogue.EXIT_STALE
    assert "out of date" in out.getvalue()
    assert safety_catalogue.run_catalogue(argparse.Namespace(check=False, out=stale), io.StringIO()) == 0
    assert safety_catalogue.run_catalogue(argparse.Namespace(check=True, out=stale), io.StringIO()) == 0
