"""Checks the spoken content: fits a smart speaker, links up, names its sources, and never copies the articles."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill import content
from skill.content import locale_registry
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LOCALES = locale_registry.names()
MAX_PART_WORDS = 110
MAX_SENTENCE_WORDS = 25
MAX_SETUP_WORDS = 60
MAX_ROUND_SECONDS = 200
SHINGLE = 8
YES_NO_OPENERS = ("would", "do", "shall", "want", "are", "can", "should", "is", "may")
SAFETY_FIELDS = ("emergency", "emergency_number", "helpline_name", "serves", "helpline", "helpline_number",
                 "other_numbers", "also", "card", "source", "confirmed")
NEUTRAL = content.load("safety")["neutral"]
CHECKED = ("2026-11", "2026-12-04", "2026-12-07")  # the dates each number was last confirmed against its source
CUES = ("start", "halfway", "last_30", "end", "next_round", "closing")

SECTIONS = content.sections()
EXERCISES = content.exercises()
SAFETY = content.load("safety")["locales"]
# The safety section's opening is a prompt chosen by who harms (support.harmed_by): the longer one fills it here.
OPENING = content.load("prompts")["safety_opening_family"]


def words(text: str) -> list[str]:
    return text.split()


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def normalised_words(text: str) -> list[str]:
    """Lower case, apostrophes dropped (curly or straight), every other non-alphanumeric a space."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = normalised_words(text)
    return {tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def all_strings(node, where: str = ""):
    """Every string in a YAML tree, with a path for messages."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from all_strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from all_strings(value, f"{where}[{index}]")


def filled_safety_parts(locale: str) -> list[str]:
    resources = SAFETY.get(locale, NEUTRAL)
    return [part.format(emergency=resources["emergency"], helpline=resources["helpline"], opening=OPENING)
            for part in SECTIONS["safety"]["parts"]]


def spoken_texts():
    """(label, text) for everything the skill says from these files, with placeholders filled."""
    for section_id, section in SECTIONS.items():
        if section_id == "safety":
            for locale in [*LOCALES, "neutral"]:
                for index, part in enumerate(filled_safety_parts(locale)):
                    yield f"safety.parts[{index}] in {locale}", part
        else:
            for index, part in enumerate(section["parts"]):
                yield f"{section_id}.parts[{index}]", part
        for key in ("question", "more_question"):
            if key in section:
                yield f"{section_id}.{key}", section[key]
    for locale in LOCALES:
        yield f"crisis.spoken in {locale}", SAFETY[locale]["crisis"]["spoken"]
    yield "crisis.spoken in neutral", NEUTRAL["crisis"]["spoken"]
    for key, text in content.load("crisis").items():
        if isinstance(text, str):  # urgent_kinds is a list of kind names, never said
            yield f"crisis.{key}", text
    for exercise_id, exercise in EXERCISES.items():
        yield f"{exercise_id}.summary", exercise["summary"]
        yield f"{exercise_id}.setup", exercise["setup"]
        for cue, text in exercise["cues"].items():
            yield f"{exercise_id}.cues.{cue}", text
        for index, idea in enumerate(exercise.get("ideas", [])):
            yield f"{exercise_id}.ideas[{index}]", idea


# Sections

def test_the_sections_are_all_there_with_safety():
    assert "safety" in SECTIONS
    listed = [section for group in content.load("topics")["groups"] for section in group["sections"]]
    assert sorted(listed) == sorted(SECTIONS), "the topic list names every section once"


@pytest.mark.parametrize("section_id", sorted(SECTIONS))
def test_every_section_has_written_parts(section_id):
    section = SECTIONS[section_id]
    assert section["title"] and section["source"]
    assert 1 <= len(section["parts"]) <= 2
    for part in section["parts"]:
        assert isinstance(part, str) and part.strip()
        assert "TODO" not in part


@pytest.mark.parametrize("label, text", list(spoken_texts()))
def test_spoken_text_is_short_enough_for_a_speaker(label, text):
    assert len(words(text)) <= MAX_PART_WORDS, f"{label}: {len(words(text))} words"
    for sentence in sentences(text):
        assert len(words(sentence)) <= MAX_SENTENCE_WORDS, f"{label}: {sentence!r}"


@pytest.mark.parametrize("section_id", sorted(SECTIONS))
def test_parts_are_plain_speech(section_id):
    allowed_placeholders = {"{emergency}", "{helpline}", "{opening}"} if section_id == "safety" else set()
    for part in SECTIONS[section_id]["parts"]:
        placeholders = set(re.findall(r"\{[^}]*\}", part))
        assert placeholders <= allowed_placeholders, placeholders
        bare = re.sub(r"\{[^}]*\}", "", part)
        assert not re.search(r'[()\[\]<>"&/;:\d\u201c\u201d]', bare), f"{section_id}: {part!r}"
        assert not re.search(r"\b(e\.g|i\.e|etc)\b", bare, re.IGNORECASE)
        assert bare.rstrip().endswith((".", "!")), "the skill appends the question after a finished sentence"


@pytest.mark.parametrize("section_id", sorted(set(SECTIONS) - {"safety"}))
def test_part_one_names_the_source_therapist(section_id):
    section = SECTIONS[section_id]
    assert section["source"] in section["parts"][0]


@pytest.mark.parametrize("section_id", sorted(SECTIONS))
def test_questions_are_yes_no_questions(section_id):
    section = SECTIONS[section_id]
    keys = ["question"] + (["more_question"] if len(section["parts"]) > 1 else [])
    assert ("more_question" in section) == (len(section["parts"]) > 1)
    for key in keys:
        question = section[key]
        assert question.endswith("?"), f"{section_id}.{key}"
        assert question.split()[0].lower() in YES_NO_OPENERS, f"{section_id}.{key}: {question!r}"


@pytest.mark.parametrize("section_id", sorted(SECTIONS))
def test_every_offer_points_at_something_that_exists(section_id):
    offer = SECTIONS[section_id]["offer"]
    assert len(offer) == 1
    (kind, target), = offer.items()
    if kind == "section":
        assert target in SECTIONS and target != section_id
    elif kind == "exercise":
        assert target in EXERCISES
    else:
        assert kind == "selfcheck" and target is True


def test_safety_section_never_steers_towards_the_couple():
    safety = SECTIONS["safety"]
    assert "section" in safety["offer"]
    assert safety["offer"]["section"] not in {"seeking_help", "trust_exercises", "fixing_trust_issues",
                                              "rebuilding_after_lying", "building_trust"}
    part_one = safety["parts"][0]
    for needed in ("{emergency}", "{helpline}", "not your fault", "deserve to be safe", "not a substitute"):
        assert needed in part_one
    text = " ".join(safety["parts"] + [safety["question"], safety["more_question"]]).lower()
    for steer in ("try an exercise", "together with your partner", "see a counsellor together", "would you like to try"):
        assert steer not in text


# Safety resources

@pytest.mark.parametrize("locale", LOCALES)
def test_safety_resources_are_complete(locale):
    resources = SAFETY[locale]
    for key in SAFETY_FIELDS:
        assert key in resources, f"{locale} lacks {key}"
    for key in ("emergency", "emergency_number", "helpline_name", "helpline", "card", "source"):
        assert isinstance(resources[key], str) and resources[key].strip(), f"{locale}.{key}"
    assert str(resources["confirmed"]) in CHECKED
    assert resources["emergency_number"] in resources["card"]
    assert not re.search(r"\d", resources["emergency"]), "the emergency number is spoken in words"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_number_in_the_helpline_can_be_said_digit_by_digit(locale):
    resources = SAFETY[locale]
    numbers = ([resources["helpline_number"]] if resources["helpline_number"] else []) + resources["other_numbers"]
    rest = resources["helpline"]
    for number in numbers:
        assert number in rest, f"{locale}: {number} is not written the same way in helpline"
        assert number.replace("-", " ").replace(" ", "") in resources["card"].replace("-", "").replace(" ", "")
        rest = rest.replace(number, "")
    assert not re.search(r"\d", rest), f"{locale}: a number in helpline is not listed for the speech builder"


@pytest.mark.parametrize("locale", LOCALES)
def test_crisis_line_is_complete_and_every_number_can_be_said_digit_by_digit(locale):
    crisis = SAFETY[locale]["crisis"]
    assert set(crisis) == {"name", "spoken", "numbers", "source", "confirmed"}
    assert all(isinstance(crisis[key], str) and crisis[key].strip() for key in ("name", "spoken", "source"))
    assert str(crisis["confirmed"]) in CHECKED
    rest = crisis["spoken"]
    for number in crisis["numbers"]:
        assert number in rest, f"{locale}: {number} is not written the same way"
        rest = rest.replace(number, "")
    assert not re.search(r"\d", rest), f"{locale}: a number in crisis.spoken is not listed for the speech builder"


def test_safety_numbers_match_the_design():
    assert SAFETY["en-US"]["emergency_number"] == "911"
    assert SAFETY["en-US"]["helpline_number"] == "1-800-799-7233"
    assert SAFETY["en-US"]["other_numbers"] == ["88788"]
    assert SAFETY["en-GB"]["emergency_number"] == "999"
    assert SAFETY["en-GB"]["helpline_number"] == "0808 2000 247"
    assert SAFETY["en-AU"]["emergency_number"] == "000"
    assert SAFETY["en-AU"]["helpline_number"] == "1800 737 732"
    assert SAFETY["en-CA"]["emergency_number"] == "911"
    assert SAFETY["en-CA"]["helpline_number"] == "211"
    assert "sheltersafe.ca" in SAFETY["en-CA"]["card"]
    assert SAFETY["en-GB"]["other_numbers"] == ["0808 801 0327", "0800 999 5428"]
    assert SAFETY["en-IN"]["emergency_number"] == "112"
    assert SAFETY["en-IN"]["helpline_number"] == "181"


def test_crisis_numbers_are_the_ones_confirmed():
    """Each confirmed against its recorded source (see safety.yaml); change one only after checking it again."""
    confirmed = {"en-US": ["988"], "en-GB": ["116 123"], "en-CA": ["988"], "en-AU": ["13 11 14"], "en-IN": ["14416"]}
    unconfirmed = [locale for locale in LOCALES if locale not in confirmed]
    assert not unconfirmed, f"confirm the crisis line of {unconfirmed} against its source, then list it here"
    assert {locale: SAFETY[locale]["crisis"]["numbers"] for locale in LOCALES} == confirmed


# Exercises

def test_the_five_exercises_are_there():
    assert set(EXERCISES) == {"share_personal", "forgiveness", "eye_contact", "question_round", "three_things"}


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_exercise_timing_fits_one_response(exercise_id):
    exercise = EXERCISES[exercise_id]
    duration = exercise["duration"]
    assert 0 < duration["min"] <= duration["default"] <= duration["max"]
    assert 0 < exercise["round_seconds"] <= MAX_ROUND_SECONDS
    if exercise["turns"]:
        assert exercise["round_seconds"] % 2 == 0, "a round splits into two equal turns"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_exercise_has_setup_and_cues(exercise_id):
    exercise = EXERCISES[exercise_id]
    assert exercise["summary"].strip() and exercise["source"] == "Alyson Jones"
    assert len(words(exercise["setup"])) <= MAX_SETUP_WORDS
    assert "chime" in exercise["setup"]
    assert isinstance(exercise["turns"], bool)
    assert exercise["turns"] == (exercise_id != "eye_contact")
    for cue in CUES:
        assert exercise["cues"][cue].strip(), f"{exercise_id} lacks cue {cue}"
    assert ("switch" in exercise["cues"]) == exercise["turns"]
    assert exercise["cues"]["closing"].endswith("?")
    assert exercise["cues"]["closing"].count("?") == 1, "one question at a time: the reflection is not a question"


# Plagiarism guard

@pytest.fixture(scope="module")
def seed_shingles() -> set[tuple[str, ...]]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not here ({SEEDS})")
    found = set()
    for path in sorted(SEEDS.iterdir()):
        if path.is_file():
            found |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    if not found:
        pytest.skip("no seed article text to compare with")
    return found


def test_no_content_copies_eight_words_in_a_row_from_the_articles(seed_shingles):
    """Every YAML file of skill/content, present and future, is checked, not only the ones written here."""
    copied = []
    for name in sorted(path.stem for path in content.CONTENT_DIR.glob("*.yaml")):
        data = content.load(name)
        for where, text in all_strings(data, name):
            for run in shingles(text) & seed_shingles:
                copied.append(f"{where}: {' '.join(run)}")
    assert not copied, "copied from a seed article:\n" + "\n".join(sorted(copied))


def test_the_guard_catches_a_copied_sentence(seed_shingles):
    sample = "Take turns telling each other three things you love about one another."
    assert shingles(sample) & seed_shingles
