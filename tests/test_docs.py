"""The README stays short enough for a newcomer to read, and no link in it or in docs/ leads nowhere."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_MAX_BYTES = 16 * 1024  # about 15 KB: what it is, the two commands, talking to it, connecting, where to read on
PAGES = [README, ROOT / "SAFETY.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCED = re.compile(r"^```.*?^```", re.M | re.S)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(FENCED.sub("", page.read_text(encoding="utf-8")))}


def local_links(page: Path) -> list[str]:
    text = FENCED.sub("", page.read_text(encoding="utf-8"))
    return [target for target in LINK.findall(text) if not re.match(r"[a-z]+:", target)]


def broken(page: Path, target: str) -> str | None:
    path, _, fragment = target.partition("#")
    destination = (page.parent / path).resolve() if path else page
    if not destination.exists():
        return f"{target}: no such file"
    if fragment and destination.suffix == ".md" and fragment not in anchors(destination):
        return f"{target}: no heading #{fragment} in {destination.name}"
    return None


def test_the_readme_stays_short():
    size = len(README.read_bytes())
    assert size <= README_MAX_BYTES, f"README.md is {size} bytes; move detail into docs/ (at most {README_MAX_BYTES})"


def test_the_readme_points_into_docs():
    targets = [target.partition("#")[0] for target in local_links(README)]
    assert any(target.startswith("docs/") for target in targets), "README.md links to no page under docs/"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_local_link_resolves(page):
    problems = [problem for target in local_links(page) if (problem := broken(page, target))]
    assert not problems, f"{page.relative_to(ROOT)}: {problems}"


def test_a_broken_link_is_caught(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A page\n\n## Where to read on\n\n[there](missing.md) [here](#where-to-read-on) [no](#nowhere)\n")
    assert broken(page, "missing.md") == "missing.md: no such file"
    assert broken(page, "#where-to-read-on") is None
    assert broken(page, "#nowhere") is not None


def test_anchors_follow_github():
    assert anchor("Results that protect (`rules/policy.json`)") == "results-that-protect-rulespolicyjson"
    assert anchor("As Alexa delivers it: carriers and the catch-all") == "as-alexa-delivers-it-carriers-and-the-catch-all"
