"""Arcs, interactions and relationships rebuilt from a saved analysis equal the ones from the run."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import ficlens
from ficlens.analysis.derive import derive
from ficlens.datamodel import StoryAnalysis
from ficlens.datamodel.inner import Interactions, InteractionType, Relationships, ToneKind
from ficlens.output.json_io import load_analysis, write_json

STORY = Path(__file__).parents[1] / "fixtures" / "analysis" / "harbour.txt"


@pytest.fixture(scope="module")
def run() -> StoryAnalysis:
    return ficlens.analyze(STORY)


def _acts_on(analysis: StoryAnalysis) -> list[object]:
    edges = (*analysis.interactions.edges, *analysis.interactions.by_chapter)
    return [e for e in edges if e.type is InteractionType.ACTS_ON]


def test_the_run_saves_what_the_network_is_built_from(run: StoryAnalysis) -> None:
    assert run.acts, "the story has characters acting on each other"
    assert any(k.kind is ToneKind.FAMILY and k.term == "brother" for k in run.kinship)
    assert _acts_on(run)


def test_saved_json_rebuilds_relationships_and_acts_on_edges(run: StoryAnalysis, tmp_path: Path) -> None:
    path = tmp_path / "harbour.json"
    write_json(run, path)
    saved = load_analysis(path)
    assert saved == run
    rebuilt = derive(saved)
    assert _acts_on(rebuilt) == _acts_on(run)
    assert rebuilt.interactions == run.interactions
    assert rebuilt.relationships == run.relationships
    assert rebuilt.emotions == run.emotions


def test_derive_needs_no_precomputed_results(run: StoryAnalysis) -> None:
    bare = replace(run, interactions=Interactions(), relationships=Relationships())
    bare = replace(bare, emotions=replace(bare.emotions, arcs=()))
    assert derive(bare) == run
