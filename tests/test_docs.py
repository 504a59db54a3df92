"""Every documentation citation in the repository resolves (oracle: the content of the files in docs/).

The code cites the project's own documents as ``docs/<file>.md §N`` (a heading ``## N. …`` of that file;
chains such as ``§2, §4`` and ranges such as ``§7–§8`` are checked too), as ``docs/<file>.md "Title"`` (a
heading with that title) and its sources as ``[S<n>]`` (an entry of docs/sources.md). A reference to the
formula sheet or the design notes without the ``docs/`` prefix points outside the repository, so it
fails: new code has to cite a file a fresh clone contains. Inside docs/ a bare file name is a relative
link and is read as ``docs/<file>.md``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SUFFIXES = (".py", ".md", ".toml")
SKIP_DIRS = {".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}
SKIP_DIRS |= {"node_modules", "artifacts"}
DOC_NAMES = r"(?:formulas|design|ux|style|architecture|sources|validation)"

FILE_REF = re.compile(r"docs/(?P<name>[\w-]+\.md)\b")
SECTION_CITE = re.compile(
    r"docs/(?P<name>[\w-]+\.md)(?:'s)?(?:(?!docs/)[^§\n;]){0,40}?§(?P<first>\d+)"
    r"(?P<chain>(?:\s*(?:\([^()]*\))?\s*(?:,|and|–|—|-|to|/)?\s*§\d+)*)"
)
CHAIN_LINK = re.compile(r"(?P<sep>,|and|–|—|-|to|/)?\s*§(?P<number>\d+)")
TITLE_CITE = re.compile(r'docs/(?P<name>[\w-]+\.md)\s+"(?P<title>[^"\n]+)"')
SOURCE_TAG = re.compile(r"\[(?P<tag>S\d+[a-z]?)\]")
SOURCE_ENTRY = re.compile(r"^\s*[-*]\s+\**\[(?P<tag>S\d+[a-z]?)\]", re.MULTILINE)
BARE_REF = re.compile(rf"(?<![\w/.-]){DOC_NAMES}\.md\b")
OUTSIDE_REF = re.compile(r"\.\./shared/")
HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*$", re.MULTILINE)
NUMBERED_HEADING = re.compile(r"^##\s+(?P<number>\d+)\.\s", re.MULTILINE)


@dataclass
class Scan:
    """What the scanner found: problems (file: message) and how many citations it resolved."""

    problems: list[str] = field(default_factory=list)
    sections: int = 0
    titles: int = 0
    sources: int = 0


def source_files(root: Path) -> Iterator[Path]:
    """Every *.py, *.md and *.toml file under ``root``, outside virtualenvs, caches and test artifacts."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(SUFFIXES):
                yield Path(folder) / name


def _headings(text: str) -> tuple[set[int], set[str]]:
    numbers = {int(m["number"]) for m in NUMBERED_HEADING.finditer(text)}
    titles = {re.sub(r"^\d+\.\s+", "", m["text"]).strip().lower() for m in HEADING.finditer(text)}
    return numbers, titles


def _cited_sections(match: re.Match[str]) -> list[int]:
    numbers = [int(match["first"])]
    for link in CHAIN_LINK.finditer(re.sub(r"\([^()]*\)", " ", match["chain"])):
        n = int(link["number"])
        if link["sep"] in ("–", "—", "-", "to") and n > numbers[-1]:
            numbers.extend(range(numbers[-1] + 1, n))  # a range cites every section in between
        numbers.append(n)
    return numbers


def scan_text(text: str, where: str, docs: Path, *, in_docs: bool = False) -> Scan:
    """Check one file's citations against the headings and source entries found in ``docs``."""
    scan = Scan()
    if in_docs:  # a relative link inside docs/ names a sibling file
        text = re.sub(rf"(?<![\w/.-])({DOC_NAMES}\.md)\b", r"docs/\1", text)
    else:
        scan.problems += [f"{where}: '{m.group()}' without docs/" for m in BARE_REF.finditer(text)]
        scan.problems += [f"{where}: cites a file outside the repository" for _ in OUTSIDE_REF.finditer(text)]
    for m in FILE_REF.finditer(text):
        if not (docs / m["name"]).is_file():
            scan.problems.append(f"{where}: docs/{m['name']} does not exist")
    for m in SECTION_CITE.finditer(text):
        target = docs / m["name"]
        numbers = _headings(target.read_text(encoding="utf-8"))[0] if target.is_file() else set()
        for n in _cited_sections(m):
            scan.sections += 1
            if n not in numbers:
                scan.problems.append(f"{where}: docs/{m['name']} has no heading '## {n}. …'")
    for m in TITLE_CITE.finditer(text):
        target = docs / m["name"]
        titles = _headings(target.read_text(encoding="utf-8"))[1] if target.is_file() else set()
        scan.titles += 1
        if m["title"].strip().lower() not in titles:
            scan.problems.append(f'{where}: docs/{m["name"]} has no heading "{m["title"]}"')
    sources_file = (docs / "sources").with_suffix(".md")
    entries = (
        set(SOURCE_ENTRY.findall(sources_file.read_text(encoding="utf-8")))
        if sources_file.is_file()
        else set()
    )
    for m in SOURCE_TAG.finditer(text):
        scan.sources += 1
        if m["tag"] not in entries:
            scan.problems.append(f"{where}: [{m['tag']}] has no entry in docs/sources.md")
    return scan


def scan_tree(root: Path, docs: Path) -> Scan:
    """Scan every source file under ``root``; citations resolve against ``docs``."""
    total = Scan()
    for path in source_files(root):
        one = scan_text(
            path.read_text(encoding="utf-8"),
            str(path.relative_to(root)),
            docs,
            in_docs=path.parent == docs,
        )
        total.problems += one.problems
        total.sections += one.sections
        total.titles += one.titles
        total.sources += one.sources
    return total


def cite(*parts: str) -> str:
    """Join a citation from pieces, so this file's own examples are not read as citations of it."""
    return "".join(parts)


def test_every_citation_in_the_repository_resolves() -> None:
    scan = scan_tree(ROOT, DOCS)
    assert not scan.problems, "\n".join(scan.problems)
    # The scanner really saw citations (dozens of each kind are in economics/ and rollout/).
    assert scan.sections > 100 and scan.sources > 50 and scan.titles >= 1, scan


def test_section_numbering_is_the_contract() -> None:
    """The numbers the code cites: formulas §0–§15 (plus §16), architecture §1–§7, screens §1–§5."""
    for name, expected in (("formulas", range(0, 17)), ("architecture", range(1, 8)), ("ux", range(1, 6))):
        numbers = _headings((DOCS / f"{name}.md").read_text(encoding="utf-8"))[0]
        assert set(expected) <= numbers, (name, sorted(set(expected) - numbers))


def test_every_source_entry_is_listed_once() -> None:
    tags = SOURCE_ENTRY.findall((DOCS / "sources").with_suffix(".md").read_text(encoding="utf-8"))
    assert len(tags) == len(set(tags)), sorted(t for t in set(tags) if tags.count(t) > 1)
    assert {"S1", "S14", "S37b", "S54"} <= set(tags)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (cite("docs/formulas", ".md §99"), "no heading '## 99."),
        (cite("docs/formulas", ".md §2, §4 and §77 (oops)"), "no heading '## 77."),
        (cite("docs/formulas", ".md §2 (uplift), §88 (not there)"), "no heading '## 88."),
        (cite("docs/formulas", ".md §16–§19"), "no heading '## 18."),
        (cite("docs/formulas", ".md's worked examples – §42"), "no heading '## 42."),
        (cite("docs/architecture", ".md §9"), "no heading '## 9."),
        (cite("docs/ux", '.md "No such screen"'), 'no heading "No such screen"'),
        (cite("docs/missing", ".md §1"), "missing.md does not exist"),
        (cite("Hughes [S", "999]"), "S999] has no entry"),
        (cite("see formulas", ".md §4"), "without docs/"),
        (cite("the layers of design", ".md §2"), "without docs/"),
        (cite("..", "/shared/", "ux", ".md"), "outside the repository"),
    ],
)
def test_a_broken_citation_is_reported(text: str, problem: str) -> None:
    """Negative checks on temporary strings: each broken citation yields exactly the expected problem."""
    scan = scan_text(text, "example.py", DOCS)
    assert any(problem in p for p in scan.problems), scan.problems


@pytest.mark.parametrize(
    "text",
    [
        cite("docs/formulas", ".md §6"),
        cite("docs/formulas", ".md §2 (non-significant; SRM), §4 (break-even), §6 (bounds)"),
        cite("docs/formulas", ".md §7–§8 (formula 22) [S", "37]"),
        cite("docs/formulas", ".md's published worked examples – §9 (NPS) and §10"),
        cite("docs/ux", '.md "Metrics and direction"'),
        cite("docs/architecture", ".md §1 (RECORD), §6 (charts); docs/ux", ".md (Roll-out decision page)"),
        cite("Feit & Berman (2019), §5.1; PostgreSQL 15 manual, §9.5"),
    ],
)
def test_a_good_citation_passes(text: str) -> None:
    assert scan_text(text, "example.py", DOCS).problems == []


def test_the_tree_scanner_finds_a_bad_file(tmp_path: Path) -> None:
    """Round trip through the file walker: a bad citation in a new module is found, .venv is not read."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(cite('"""References: docs/formulas', '.md §123."""\n'))
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "lib.py").write_text(cite("# formulas", ".md §1\n"))
    scan = scan_tree(tmp_path, DOCS)
    assert scan.problems == ["pkg/mod.py: docs/formulas.md has no heading '## 123. …'"]


def _section(number: int) -> str:
    """The text of ``## <number>. …`` in docs/formulas.md, up to the next second-level heading."""
    text = (DOCS / "formulas").with_suffix(".md").read_text(encoding="utf-8")
    start = re.search(rf"^## {number}\. ", text, re.MULTILINE)
    assert start, number
    end = re.search(r"^## ", text[start.end() :], re.MULTILINE)
    return text[start.start() : start.end() + (end.start() if end else len(text))]


def test_section2_figures_that_no_other_test_pins() -> None:
    """The §2 sample sizes, score z and MDE: computed by the code, checked against their oracles, and
    printed with those values in the reference.

    Oracles: R ``power.prop.test(p1 = .02, p2 = .03, power = .8, strict = TRUE)$n`` = 3825.140449 and
    ``(p2 = .025)`` = 13808.89118; ``prop.test(c(600, 100), c(20000, 5000), correct = FALSE)$statistic``
    = 14.69723692 (z = its square root); statsmodels ``power_proportions_2indep`` (an independent library)
    gives power 0.8 at the MDE; the textbook n is the closed form with scipy's normal quantiles.
    """
    from scipy.stats import norm
    from statsmodels.stats.proportion import power_proportions_2indep

    from experiments import ArmCounts, compare_proportions, mde_two_proportions, sample_size_two_proportions

    assert sample_size_two_proportions(0.02, effect_size=0.01).n_control == math.ceil(3825.140449) == 3826
    assert sample_size_two_proportions(0.02, effect_size=0.005).n_control == math.ceil(13808.89118) == 13809
    z = compare_proportions(ArmCounts(100, 5_000), ArmCounts(600, 20_000)).statistic
    assert z == pytest.approx(math.sqrt(14.69723692), abs=1e-7)
    mde = mde_two_proportions(0.02, n_control=5_000, n_treatment=20_000).effect_size
    assert power_proportions_2indep(mde, 0.02, 20_000, ratio=0.25).power == pytest.approx(0.8, abs=1e-6)
    k = (norm.ppf(0.975) + norm.ppf(0.8)) ** 2
    textbook = [k * (0.02 * 0.98 + p * (1 - p)) / (p - 0.02) ** 2 for p in (0.03, 0.025)]
    assert [math.ceil(n) for n in textbook] == [3823, 13807]
    text = _section(2)
    for printed in (
        "**3 826**",
        "**13 809**",
        "**3 823**",
        "**13 807**",
        "**3,83**",
        f"**{mde * 100:.2f} pp**",
    ):
        assert printed.replace(".", ",") in text, printed


def _printed(value: float, pattern: str = "{:,.0f}") -> str:
    """A number the way docs/formulas.md prints it: a space between thousands, a decimal comma."""
    return "**" + pattern.format(value).replace(",", " ").replace(".", ",") + "**"


def test_corrected_figures_are_the_ones_printed() -> None:
    """§4 contacts, §9 second wave and invitations as printed equal what the code returns (the code's
    values are pinned against closed forms in tests/economics)."""
    from economics import break_even_contacts, compare_nps, nps, survey_invitations

    assert _printed(break_even_contacts(0.03, 40_000, 300, 2_000_000)) + " contacts" in _section(4)
    wave = compare_nps(nps(200, 120, 80), nps(180, 120, 100))
    text9 = _section(9)
    assert "scores " + _printed(nps(180, 120, 100).score, "+{:.0f}") in text9
    assert "z = " + _printed(wave.statistic, "{:.2f}") in text9
    for audience in ("b2c", "b2b"):
        invitations = survey_invitations(922, audience=audience, survey="relational").invitations
        assert "→ " + _printed(invitations) in text9, (audience, invitations)
