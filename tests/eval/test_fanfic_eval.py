"""The fan-fiction gold loader and metrics, on invented mini stories (no pipeline run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficlens.datamodel import (
    Alias,
    Character,
    MentionCounts,
    Metadata,
    Note,
    NoteKind,
    Quote,
    QuoteKind,
    Source,
    SourceFormat,
    StoryAnalysis,
)
from ficlens.datamodel.inner import Pov, ScenePov, Tense, TenseReport, TenseShift
from ficlens.eval.fanfic import CastIndex, Tally, evaluate, map_character, normalise, score_story
from ficlens.eval.fanfic_gold import (
    DATA_DIR,
    GoldCharacter,
    GoldError,
    load_gold,
    load_story_gold,
    word_count,
)

STORY = (
    "A/N: thanks to my beta!\n\n"
    'Pell Arrow watched the harbour. "You\'re late," said Pell.\n\n'
    '"I know," Tam said. She walks away.\n\n'
    "* * *\n\n"
    "Tam sat alone at Old Margaret."
)
GOLD = {
    "story": "mini.txt",
    "split": "dev",
    "cast": [{"name": "Pell Arrow", "aliases": ["Pell"]}, {"name": "Tam", "aliases": []}],
    "not_characters": ["Old Margaret"],
    "quotes": [
        {"at": '"You\'re late,"', "speaker": "Pell Arrow", "addressees": ["Tam"]},
        {"at": '"I know,"', "speaker": "Tam", "addressees": ["Pell Arrow"]},
    ],
    "scenes": [{"at": "Pell Arrow watched", "pov": "Pell Arrow"}, {"at": "Tam sat alone", "pov": "Tam"}],
    "tense_slips": [{"at": "She walks away."}],
    "notes": [{"begin": "A/N:", "end": "to my beta!"}],
}


def write(tmp_path: Path, gold: dict[str, object], story: str = STORY) -> Path:
    (tmp_path / "mini.txt").write_text(story, encoding="utf-8")
    path = tmp_path / "mini.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def character(cid: str, name: str, aliases: dict[str, int], prominence: int) -> Character:
    return Character(
        id=cid,
        name=name,
        aliases=tuple(Alias(n, c) for n, c in aliases.items()),
        mention_count=sum(aliases.values()),
        mention_counts=MentionCounts(proper=sum(aliases.values())),
        pronouns=None,
        first_mention=0,
        last_mention=0,
        prominence=prominence,
    )


def analysis_of(text: str, **parts: object) -> StoryAnalysis:
    return StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, "0" * 64), metadata=Metadata(), text=text, **parts
    )  # type: ignore[arg-type]


def test_loader_reads_and_validates(tmp_path: Path) -> None:
    gold = load_story_gold(write(tmp_path, GOLD))
    assert [c.name for c in gold.cast] == ["Pell Arrow", "Tam"]
    assert gold.quotes[0].speaker == "Pell Arrow" and gold.quotes[1].addressees == ("Pell Arrow",)
    assert word_count(gold) == 9 + 13  # the two paragraphs, and the rest; the note is not counted


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quotes": [{"at": '"Not in the story', "speaker": "Tam"}]}, "not in the story"),
        ({"quotes": [{"at": '"I know,"', "speaker": "Nobody"}]}, "not a cast name"),
        ({"quotes": [{"at": '"I know,"', "n": 1, "speaker": "Tam"}]}, "occurrence 1"),
        ({"cast": [{"name": "Pell Arrow"}, {"name": "Quill"}]}, "never named"),
        ({"cast": [{"name": "Pell Arrow", "aliases": ["Tam"]}, {"name": "Tam"}]}, "two characters"),
        ({"split": "train"}, "split"),
        ({"notes": [{"begin": "to my beta!", "end": "A/N:"}]}, "ends before it begins"),
    ],
)
def test_loader_rejects_bad_annotations(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(GoldError, match=message):
        load_story_gold(write(tmp_path, GOLD | change))


def test_names_match_without_titles_possessives_or_disambiguators() -> None:
    index = CastIndex(
        (GoldCharacter("Maren Vell", ("Queen Maren",)), GoldCharacter("Corin Ashcombe", ("Lord Ashcombe",))),
        ("Widow",),
    )
    assert normalise("Maren Vell (Crownless)") == "maren vell"
    assert index.lookup("MAREN") == "Maren Vell"
    assert index.lookup("Maren's") == "Maren Vell"
    assert index.lookup("Mr. Ashcombe") == "Corin Ashcombe"
    assert index.lookup("Lord Corin Ashcombe the Chancellor") == "Corin Ashcombe"
    assert index.lookup("Widow") is None and index.is_nonchar("Widow")
    assert map_character(index, [("Maren", 5), ("Ashcombe", 2)]) == "Maren Vell"


def test_score_story_counts_every_figure(tmp_path: Path) -> None:
    gold = load_story_gold(write(tmp_path, GOLD))
    text = STORY[len("A/N: thanks to my beta!\n\n") :]
    you, know, walks = text.index('"You'), text.index('"I know'), text.index("She walks")
    scene2 = text.index("Tam sat")
    analysis = analysis_of(
        text,
        characters=(
            character("c1", "Pell Arrow", {"Pell Arrow": 1, "Pell": 1}, 1),
            character("c2", "Tam", {"Tam": 2}, 2),
            character("c3", "Old Margaret", {"Old Margaret": 1}, 3),
        ),
        quotes=(
            Quote("q1", you, you + 12, '"You\'re late,"', QuoteKind.SPOKEN, None, "c1", ("c2",), 0.9),
            Quote("q2", know, know + 9, '"I know,"', QuoteKind.SPOKEN, None, "c1", ("c2",), 0.5),
        ),
        pov=Pov(scenes=(ScenePov(0, scene2, "c1", 0.9), ScenePov(scene2, len(text), "c1", 0.4))),
        tense=TenseReport(
            dominant=Tense.PAST,
            shifts=(
                TenseShift(walks, walks + 9, paragraph=(know, scene2 - 7)),
                TenseShift(0, 4, paragraph=(0, 30)),
            ),
        ),
        notes=(Note(NoteKind.AUTHOR_NOTE, 0, 0, "A/N: thanks to my beta!", True),),
    )
    figures = score_story(gold, analysis).figures()
    assert figures["cast"]["precision"] == pytest.approx(2 / 3)
    assert figures["cast"]["recall"] == 1.0 and figures["cast"]["non_characters"] == 1
    assert figures["speakers"]["accuracy"] == 0.5
    assert figures["addressees"]["accuracy"] == 0.5
    assert figures["pov"]["accuracy"] == 0.5
    assert figures["tense_slips"]["precision"] == 0.5 and figures["tense_slips"]["recall"] == 1.0
    assert figures["notes"]["f1"] == 1.0
    assert figures["unlocated_anchors"] == 0


def test_tally_without_predictions_is_not_a_perfect_score() -> None:
    figures = Tally(gold_cast=3, speaker_total=4, scenes=2, slips_gold=1, note_gold_words=5).figures()
    assert figures["cast"]["f1"] == 0.0 and figures["speakers"]["accuracy"] == 0.0
    assert figures["pov"]["accuracy"] == 0.0 and figures["tense_slips"]["recall"] == 0.0
    assert figures["notes"]["recall"] == 0.0 and figures["notes"]["f1"] == 0.0


def test_evaluate_reports_per_split(tmp_path: Path) -> None:
    write(tmp_path, GOLD)
    result = evaluate(tmp_path, "all", analyse=lambda path: analysis_of(path.read_text(encoding="utf-8")))
    assert set(result) >= {"dev", "all", "stories"} and "test" not in result
    assert result["dev"]["stories"] == 1 and result["dev"]["speakers"]["n"] == 2


def test_shipped_gold_set_loads_and_is_big_enough() -> None:
    stories = load_gold(DATA_DIR)
    assert len(stories) >= 12
    assert sum(word_count(s) for s in stories) >= 25_000
    test = [s for s in stories if s.split == "test"]
    # the held-out stories never leave the test split, and stay about a third of the set
    assert len(test) >= 13 and len(test) * 3 >= len(stories) - 1
    assert sum(s.path.suffix == ".html" for s in stories) >= 2


def test_cli_reports_a_bad_gold_folder_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["eval", "fanfic", "--data", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "not a folder" in missing.output and "Traceback" not in missing.output
    write(tmp_path, GOLD | {"quotes": [{"at": '"Nowhere in it', "speaker": "Tam"}]})
    broken = runner.invoke(app, ["eval", "fanfic", "--data", str(tmp_path)])
    assert broken.exit_code == 2 and "mini.txt: quotes[0]" in broken.output
    assert runner.invoke(app, ["eval", "fanfic", "--split", "train"]).exit_code == 2
