"""Coreference on tiny hand-made texts: pronouns to names, narrators, quotes, groups, collect()."""

from __future__ import annotations

from pathlib import Path

import pytest
from coref_helpers import make_doc

from ficlens.datamodel import EntityType, MentionKind
from ficlens.pipeline.characters.component import CharacterFinder
from ficlens.pipeline.coref import collect, pronoun_label
from ficlens.pipeline.coref.component import CorefResolver
from ficlens.pipeline.coref.quote_pronouns import QuotePronouns, attach_quote_pronouns
from ficlens.pipeline.coref.result import CorefResult, ResolvedMention
from ficlens.pipeline.docdata import get_cast, get_coref, set_quotes
from ficlens.pipeline.quotes.spans import QuoteSpan


def run(text: str, entities: dict[str, str] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
    doc = make_doc(text, entities, **kwargs)  # type: ignore[arg-type]
    doc = CharacterFinder()(doc)
    return CorefResolver()(doc)


def character_of(doc, surface: str, nth: int = 0) -> str | None:  # type: ignore[no-untyped-def]
    hits = [m for m in get_coref(doc).mentions if m.text == surface]
    return hits[nth].character


def test_pronouns_follow_their_names() -> None:
    doc = run(
        "Elspeth Penhale opened the gate. She looked back at Corwin Trevane. He nodded to her.",
        {"Elspeth Penhale": "PER", "Corwin Trevane": "PER", "the gate": "FAC"},
    )
    elspeth, corwin = get_cast(doc).find("Elspeth Penhale"), get_cast(doc).find("Corwin Trevane")
    assert character_of(doc, "She") == elspeth
    assert character_of(doc, "He") == corwin
    assert character_of(doc, "her") == elspeth


def test_pronoun_far_from_its_name() -> None:
    middle = " ".join(f"She counted the {w} in the store again." for w in ["crates", "rifles", "tins"] * 10)
    doc = run(f"Leila Reyes woke before dawn. {middle} Then she slept.", {"Leila Reyes": "PER"})
    leila = get_cast(doc).find("Leila Reyes")
    last = [m for m in get_coref(doc).mentions if m.text == "she"][-1]
    assert last.start - 0 > 200  # far beyond the antecedent window from the name
    assert last.character == leila


def test_singular_they_and_neopronouns() -> None:
    doc = run("Quinn Hale sat by the fire. They were cold. Later they slept.", {"Quinn Hale": "PER"})
    quinn = get_cast(doc).find("Quinn Hale")
    assert character_of(doc, "They") == quinn
    doc = run("Ash Vega came home late. Xe dropped xyr coat and smiled.", {"Ash Vega": "PER"})
    ash = get_cast(doc).find("Ash Vega")
    assert character_of(doc, "Xe") == ash and character_of(doc, "xyr") == ash
    doc = run("Rowan Ames waited. Ze was patient, and the wait suited zir.", {"Rowan Ames": "PER"})
    assert character_of(doc, "Ze") == get_cast(doc).find("Rowan Ames")
    chars, _, _ = collect(doc)
    assert chars[0].pronouns == "ze/zir"


def test_first_person_narrator_becomes_a_character() -> None:
    doc = run("I woke early. My room was cold, so I dressed quickly and I went down.")
    cast = get_cast(doc)
    narrator = [m for m in cast.members if m.name == "the narrator"]
    assert len(narrator) == 1 and not narrator[0].named
    assert {m.character for m in get_coref(doc).mentions if m.text in ("I", "My")} == {narrator[0].id}


def test_quoted_first_person_is_left_for_the_quote_stage() -> None:
    text = '"I will go," Elspeth said to Corwin. "You should stay here."'
    doc = run(text, {"Elspeth": "PER", "Corwin": "PER"})
    assert character_of(doc, "I") is None
    cast = get_cast(doc)
    quotes = [
        QuoteSpan(start_char=0, end_char=14, speaker=cast.find("Elspeth"), addressees=[cast.find("Corwin")]),
        QuoteSpan(
            start_char=text.index('"You'),
            end_char=len(text),
            speaker=cast.find("Elspeth"),
            addressees=[cast.find("Corwin")],
        ),
    ]
    set_quotes(doc, quotes)
    QuotePronouns()(doc)
    assert character_of(doc, "I") == cast.find("Elspeth")
    assert character_of(doc, "You") == cast.find("Corwin")
    result = get_coref(doc)
    elspeth_clusters = {m.cluster for m in result.mentions if m.character == cast.find("Elspeth")}
    assert len(elspeth_clusters) == 1


def test_quote_pronouns_on_hand_built_result() -> None:
    def mention(start: int, text: str, person: int, cluster: int, character: str | None) -> ResolvedMention:
        return ResolvedMention(
            start,
            start + 1,
            start,
            start + len(text),
            MentionKind.PRONOUN,
            EntityType.PER,
            cluster,
            character,
            text=text,
            person=person,
        )

    result = CorefResult(
        [
            mention(0, "Priya", 0, 0, "C1"),
            mention(10, "I", 1, 5, None),
            mention(20, "you", 3, 6, None),
            mention(40, "me", 1, 7, None),
            mention(50, "you", 3, 8, None),
        ]
    )
    quotes = [
        QuoteSpan(start_char=8, end_char=30, speaker="C1", addressees=["C2"]),
        QuoteSpan(start_char=38, end_char=60, speaker="C2", addressees=["C1", "C3"]),  # two addressees
    ]
    assert attach_quote_pronouns(result, quotes) == 3
    got = [(m.text, m.character) for m in result.mentions]
    assert got == [("Priya", "C1"), ("I", "C1"), ("you", "C2"), ("me", "C2"), ("you", None)]
    assert result.mentions[1].cluster == 0  # joined Priya's cluster
    assert result.mentions[2].cluster == result.mentions[3].cluster  # C2's new cluster


def test_groups_and_places_are_entities_not_characters() -> None:
    doc = run(
        "The raiders came to Camp Hallam at dawn. They burned the gate. Elspeth Penhale watched them.",
        {"The raiders": "PER", "Camp Hallam": "GPE", "the gate": "FAC", "Elspeth Penhale": "PER"},
    )
    characters, mentions, entities = collect(doc)
    assert [c.name for c in characters] == ["Elspeth Penhale"]
    types = {e.text: e.type for e in entities}
    assert types["Camp Hallam"] == EntityType.GPE and types["The raiders"] == EntityType.PER
    assert all(e.id.startswith("E") for e in entities)
    assert all(m.character == characters[0].id for m in mentions)


def test_collect_characters() -> None:
    text = (
        "Wilhelmina Trevane ran to the river. She was fast. Corwin Trevane followed her. "
        "Wilhelmina laughed at him. She waited for Corwin."
    )
    doc = run(
        text,
        {
            "Wilhelmina Trevane": "PER",
            "Corwin Trevane": "PER",
            "Wilhelmina": "PER",
            "Corwin": "PER",
            "the river": "LOC",
        },
    )
    characters, mentions, _ = collect(doc)
    wilhelmina = next(c for c in characters if c.name == "Wilhelmina Trevane")
    assert wilhelmina.prominence == 1 and wilhelmina.pronouns == "she/her"
    assert {a.name for a in wilhelmina.aliases} == {"Wilhelmina Trevane", "Wilhelmina"}
    assert wilhelmina.mention_counts.proper == 2 and wilhelmina.mention_counts.pronoun >= 2
    assert wilhelmina.first_mention == 0 and wilhelmina.last_mention is not None
    assert wilhelmina.last_mention > text.index("Wilhelmina laughed")
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_character_at_and_in_range() -> None:
    doc = run("Elspeth Penhale smiled. She left.", {"Elspeth Penhale": "PER"})
    result = get_coref(doc)
    cid = get_cast(doc).find("Elspeth")
    assert result.character_at(3) == cid and result.character_at(16) is None
    assert [m.text for m in result.in_range(0, len(doc.text))] == ["Elspeth Penhale", "She"]


def test_empty_and_one_word_docs() -> None:
    for text in ("", "Hello."):
        doc = run(text)
        assert get_coref(doc).mentions == []
        assert collect(doc) == ((), (), ())


def test_pronoun_label() -> None:
    assert pronoun_label(["she", "her", "her"]) == "she/her"
    assert pronoun_label(["she", "her", "they", "them", "their", "she"]) == "she/they"
    assert pronoun_label(["I"]) is None


def test_factories_register_the_components(tmp_path: Path) -> None:
    import spacy

    from ficlens.pipeline import factories

    nlp = spacy.blank("en")
    for name in ("ficlens_characters", "ficlens_coref", "ficlens_quote_pronouns"):
        assert name in factories.DOC_STAGE
        nlp.add_pipe(name)
    doc = make_doc("Elspeth Penhale smiled. She left.", {"Elspeth Penhale": "PER"})
    for _name, component in nlp.pipeline:
        doc = component(doc)
    assert get_coref(doc).mentions[1].character == get_cast(doc).find("Elspeth")
    del tmp_path


def test_recogniser_slips_are_not_mentions() -> None:
    # a bare title split off its name, and a first name inside the full name, as a recogniser may emit them
    text = "Mr. Armstrong and Lawrence Lefferts sat down. It was late."
    doc = make_doc(text, {"Mr. Armstrong": "PER", "Lawrence Lefferts": "PER"})
    extra = [doc.char_span(0, 3, label="PER"), doc.char_span(18, 26, label="PER")]
    doc.spans["ficlens_entities"] = [*doc.spans["ficlens_entities"], *extra]
    doc = CorefResolver()(CharacterFinder()(doc))
    assert [m.text for m in get_coref(doc).mentions] == ["Mr. Armstrong", "Lawrence Lefferts"]


def test_her_father_is_one_person_wherever_her_is_the_same_woman() -> None:
    filler = " ".join(["Harriet Smith waved to Robert Martin."] * 25)  # 50 mentions: beyond the window
    text = f"Emma Woodhouse sat with her father. {filler} Later, Emma's father slept."
    names = {"Emma Woodhouse": "PER", "her father": "PER", "Emma's father": "PER"}
    doc = make_doc(text, {**names, "Harriet Smith": "PER", "Robert Martin": "PER"})
    emma = doc.char_span(text.index("Emma's"), text.index("Emma's") + 4, label="PER")
    doc.spans["ficlens_entities"] = [*doc.spans["ficlens_entities"], emma]
    doc = CorefResolver()(CharacterFinder()(doc))
    fathers = [m for m in get_coref(doc).mentions if m.text.endswith("father")]
    assert len(fathers) == 2 and fathers[0].cluster == fathers[1].cluster
    assert fathers[0].character != get_cast(doc).find("Emma")


def test_a_womans_father_is_the_mr_of_her_surname() -> None:
    text = "Emma Woodhouse sat with her father by the fire. Mr. Woodhouse spoke of gruel. Her father slept."
    names = {"Emma Woodhouse": "PER", "her father": "PER", "Her father": "PER", "Mr. Woodhouse": "PER"}
    doc = CorefResolver()(CharacterFinder()(make_doc(text, names)))
    cast = get_cast(doc)
    fathers = {m.character for m in get_coref(doc).mentions if m.text.lower() == "her father"}
    assert fathers == {cast.find("Mr. Woodhouse")} != {cast.find("Emma Woodhouse")}


def test_coreference_reads_the_quote_finders_quotations_and_finds_none_of_its_own() -> None:
    # one quote detector: the "I"s inside quotation marks that ficlens_quotes did not report are read as
    # narration (its miss, to be fixed there), not rescued by a second detector in coreference
    text = '"I am tired," said Elspeth. "I will sleep now. I mean it." I was not convinced. I stayed.'
    doc = make_doc(text, {"Elspeth": "PER"})
    set_quotes(doc, [QuoteSpan(start_char=0, end_char=13, speaker=None, addressees=[])])
    doc = CorefResolver()(CharacterFinder()(doc))
    quoted = [m for m in get_coref(doc).mentions if m.text == "I" and m.quote >= 0]
    assert [m.start_char for m in quoted] == [1]
    # with both quotations found, only the last two "I"s are narration
    doc = CorefResolver()(CharacterFinder()(make_doc(text, {"Elspeth": "PER"})))
    narration = [m for m in get_coref(doc).mentions if m.text == "I" and m.quote < 0]
    assert [text[m.start_char :] for m in narration] == ["I was not convinced. I stayed.", "I stayed."]


def test_coreference_without_the_quote_finder_says_so() -> None:
    doc = make_doc("Elspeth slept.", {"Elspeth": "PER"})
    set_quotes(doc, None)
    with pytest.raises(ValueError, match="ficlens_quotes"):
        CorefResolver()(CharacterFinder()(doc))


def test_a_phrase_headed_by_a_place_noun_is_a_mention_though_the_recogniser_missed_it() -> None:
    text = "Maren left the village and the old mill for a grove, which stood by the river. The stranger ran."
    doc = CorefResolver()(CharacterFinder()(make_doc(text, {"Maren": "PER"})))
    found = {m.text: m.type for m in get_coref(doc).mentions if m.kind is MentionKind.COMMON}
    # "village" heads its phrase only up to the conjunct, "grove" up to the comma; "mill" is not among the
    # nouns, and people ("The stranger") are left to the recogniser
    assert found == {"the village": EntityType.GPE, "a grove": EntityType.LOC, "the river": EntityType.LOC}
    gold = make_doc(text, {"Maren": "PER"}, options={"coref_gold_mentions": True})
    gold = CorefResolver()(CharacterFinder()(gold))
    assert [m.text for m in get_coref(gold).mentions] == ["Maren"]  # gold mentions are taken as given
