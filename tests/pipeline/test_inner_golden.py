"""Golden facts of the bundled example (answer key in src/ficlens/examples/README.md): the POV character,
the tense slip and the strongest pair. Skips while a pipeline piece is missing from this build.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from ficlens.datamodel import StoryAnalysis
from ficlens.datamodel.inner import NarrativePerson, Tense

EXAMPLES = Path(str(files("ficlens") / "examples"))


def _missing() -> list[str]:
    from spacy.language import Language

    from ficlens.pipeline import factories

    missing = [name for name in factories.DOC_STAGE if not Language.has_factory(name)]
    if not (files("ficlens") / "models" / "entities" / "config.json").is_file():
        missing.append("entity model")
    return missing


@pytest.fixture(scope="module")
def camp() -> dict[str, StoryAnalysis]:
    missing = _missing()
    if missing:
        pytest.skip(f"pipeline incomplete: {', '.join(missing)}")
    import ficlens

    return {fmt: ficlens.analyze(EXAMPLES / f"camp-reyes.{fmt}") for fmt in ("txt", "html")}


def _id(analysis: StoryAnalysis, first_name: str) -> str:
    found = [
        c.id
        for c in analysis.characters
        if first_name in c.name or any(first_name in a.name for a in c.aliases)
    ]
    assert len(found) == 1, [c.name for c in analysis.characters]
    return found[0]


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_pov_is_marisol_throughout(camp: dict[str, StoryAnalysis], fmt: str) -> None:
    analysis = camp[fmt]
    marisol = _id(analysis, "Marisol")
    assert analysis.pov.person is NarrativePerson.THIRD
    assert len(analysis.pov.scenes) == 4  # two chapters, one break in each
    assert [s.character for s in analysis.pov.scenes] == [marisol] * 4


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_one_slip_into_present_and_back(camp: dict[str, StoryAnalysis], fmt: str) -> None:
    analysis = camp[fmt]
    text = analysis.text
    report = analysis.tense
    assert report.dominant is Tense.PAST
    slip = text.index("The night is clear.")
    back = text.index("Pip caught up with her")
    assert [(s.from_tense, s.to_tense) for s in report.shifts] == [
        (Tense.PAST, Tense.PRESENT),
        (Tense.PRESENT, Tense.PAST),
    ]
    into, out_of = report.shifts
    assert into.paragraph[0] == slip and text[into.start : into.end] == "is"
    assert out_of.paragraph[0] == back and text[out_of.start : out_of.end] == "caught"
    slip_paragraph = next(p for p in report.paragraphs if p.start == slip)
    assert slip_paragraph.tense is Tense.PRESENT


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_strongest_pair_is_marisol_and_tobias(camp: dict[str, StoryAnalysis], fmt: str) -> None:
    analysis = camp[fmt]
    pair = tuple(sorted((_id(analysis, "Marisol"), _id(analysis, "Tobias"))))
    top = analysis.relationships.pairs[0]
    assert top.characters == pair
    assert top.tone.conflict > 0  # the quarrel in the infirmary
    assert top.tone.affection > 0  # the embrace


def test_tags_of_the_html_download(camp: dict[str, StoryAnalysis]) -> None:
    analysis = camp["html"]
    marisol, tobias, pip = (_id(analysis, n) for n in ("Marisol", "Tobias", "Pip"))
    assert analysis.relationships.unmatched_tags == ()
    by_pair = {r.characters: r for r in analysis.relationships.pairs}
    ship = by_pair[tuple(sorted((marisol, tobias)))]
    assert (ship.tagged, ship.borne_out) == ("romantic", True)
    assert by_pair[tuple(sorted((marisol, pip)))].tagged == "platonic"
