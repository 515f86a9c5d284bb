"""An analysis saved by an earlier ficlens must load with every later version (fields are only ever added).

``tests/fixtures/analysis/harbour.v0.1.0-5a1396a.json`` was written by ficlens 0.1.0 at commit 5a1396a from
``harbour.txt`` beside it. Never regenerate it: it stands for the files users already have.
"""

from __future__ import annotations

from pathlib import Path

from ficlens.output.json_io import dumps, load_analysis
from ficlens.report import build_context

FIXTURE = Path(__file__).parents[1] / "fixtures" / "analysis" / "harbour.v0.1.0-5a1396a.json"


def test_analysis_saved_by_0_1_0_loads() -> None:
    analysis = load_analysis(FIXTURE)
    assert analysis.ficlens_version == "0.1.0"
    assert [c.name for c in analysis.characters] == ["Maren Olsk", "Tobin", "Wexley"]
    assert len(analysis.chapters) == 2 and analysis.quotes and analysis.emotions.sentences
    assert analysis.interactions.edges and analysis.relationships.pairs
    assert analysis.acts == () and analysis.kinship == ()  # added later: absent fields load empty


def test_old_analysis_saves_again_and_draws_a_report(tmp_path: Path) -> None:
    analysis = load_analysis(FIXTURE)
    again = tmp_path / "again.json"
    again.write_text(dumps(analysis), encoding="utf-8")
    assert load_analysis(again) == analysis
    context = build_context(analysis)
    assert len(context.cast) == 3 and not context.network.derived
