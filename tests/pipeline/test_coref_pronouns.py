"""He and she on invented mini-stories: places, nearer names of unknown gender, a possessive in its
subject's clause, and the narration's third persons in a first-person story."""

from __future__ import annotations

from coref_helpers import make_doc

from ficlens.datamodel import EntityType, MentionKind
from ficlens.pipeline.characters.component import CharacterFinder
from ficlens.pipeline.coref.component import CorefResolver, _detach_narrator_third_persons
from ficlens.pipeline.coref.features import pair_features
from ficlens.pipeline.coref.mentions import MentionTable, extract_mentions
from ficlens.pipeline.coref.resolve import _clause_subject
from ficlens.pipeline.coref.result import CorefResult, ResolvedMention
from ficlens.pipeline.docdata import get_cast, get_coref
from ficlens.pipeline.lexicon import FIRST


def run(text: str, entities: dict[str, str]):  # type: ignore[no-untyped-def]
    return CorefResolver()(CharacterFinder()(make_doc(text, entities)))


def character_of(doc, surface: str, nth: int = 0) -> str | None:  # type: ignore[no-untyped-def]
    return [m for m in get_coref(doc).mentions if m.text == surface][nth].character


def table_of(text: str, entities: dict[str, str]) -> tuple[MentionTable, object]:
    doc = CharacterFinder()(make_doc(text, entities))
    return extract_mentions(doc, get_cast(doc)), doc


def allowed_pair(table: MentionTable, anaphor: str, antecedent: str, nth: int = 0) -> bool:
    """Whether the ``nth`` mention written ``anaphor`` may link to the last ``antecedent`` before it."""
    i = [k for k, t in enumerate(table.texts) if t == anaphor][nth]
    _, cand, allowed = pair_features(table, i, i + 1)
    hits = [k for k in range(cand.shape[1]) if table.texts[int(cand[0, k])] == antecedent and cand[0, k] < i]
    assert hits, f"{antecedent!r} is no candidate of {anaphor!r}"
    return bool(allowed[0, hits[0]])


def test_he_or_she_never_refers_to_a_place_or_an_organisation() -> None:
    text = "Wenna Tallis rode into Brackenford at dusk. She was tired. The Lamplighters' Guild had sent her."
    table, _ = table_of(
        text,
        {"Wenna Tallis": "PER", "Brackenford": "GPE", "The Lamplighters' Guild": "ORG"},
    )
    assert not allowed_pair(table, "She", "Brackenford")
    assert not allowed_pair(table, "her", "The Lamplighters' Guild")
    assert allowed_pair(table, "She", "Wenna Tallis")


def test_a_bare_she_goes_back_to_the_woman_named_not_to_a_nearer_name_of_unknown_gender() -> None:
    text = (
        "Helen heard the bell stop before anyone else in the tower did.\n\n"
        "It had rung every quarter hour for as long as Greymoor had stood, a thin bronze note that nobody "
        "noticed until it was gone, and now it was gone. She put down her whetstone. The blade across her "
        "knees caught the lamplight."
    )
    entities = {"Helen": "PER", "Greymoor": "PER", "the tower": "FAC", "anyone else": "PER", "nobody": "PER"}
    doc = run(text, entities)
    helen = get_cast(doc).find("Helen")
    assert helen is not None
    assert character_of(doc, "She") == helen
    assert character_of(doc, "her") == helen


def test_a_possessive_goes_with_its_clause_subject_of_the_same_gender() -> None:
    text = (
        '"I saw your face when the miller gave her his arm," said Tom Pell. '
        '"You were drafting a speech."\n\n'
        "Nora Quill turned the coin over in her fingers."
    )
    doc = run(text, {"Tom Pell": "PER", "Nora Quill": "PER", "the miller": "PER"})
    nora = get_cast(doc).find("Nora Quill")
    assert nora is not None
    assert character_of(doc, "her", 1) == nora


def _mention(start: int, text: str, person: int, cluster: int, character: str | None, quote: int = -1):  # type: ignore[no-untyped-def]
    kind = MentionKind.PROPER if text[0].isupper() and text not in ("I", "She") else MentionKind.PRONOUN
    return ResolvedMention(
        start,
        start + 1,
        start * 10,
        start * 10 + len(text),
        kind,
        EntityType.PER,
        cluster,
        character,
        text=text,
        person=person,
        quote=quote,
    )


def test_the_narrations_he_and_she_are_never_the_first_person_narrator() -> None:
    result = CorefResult(
        [
            _mention(0, "Linnea", 0, 0, "C1", quote=0),
            _mention(2, "I", FIRST, 0, "C1"),
            _mention(4, "me", FIRST, 0, "C1"),
            _mention(6, "I", FIRST, 0, "C1"),
            _mention(8, "She", 0, 0, "C1"),  # the narration's "she": somebody else
            _mention(10, "her", 0, 0, "C1", quote=1),  # others may speak of the narrator
            _mention(12, "Pike", 0, 1, "C2"),
            _mention(14, "he", 0, 1, "C2"),
        ]
    )
    _detach_narrator_third_persons(result)
    got = [(m.text, m.character) for m in result.mentions]
    assert got == [
        ("Linnea", "C1"),
        ("I", "C1"),
        ("me", "C1"),
        ("I", "C1"),
        ("She", None),
        ("her", "C1"),
        ("Pike", "C2"),
        ("he", "C2"),
    ]
    assert result.mentions[4].cluster not in {m.cluster for m in result.mentions[:4]}


def test_a_third_person_story_keeps_its_pronouns() -> None:
    result = CorefResult([_mention(0, "Pike", 0, 0, "C2"), _mention(2, "he", 0, 0, "C2")])
    _detach_narrator_third_persons(result)
    assert [m.character for m in result.mentions] == ["C2", "C2"]


def test_a_possessive_in_a_relative_clause_goes_with_the_one_it_describes() -> None:
    # the first scene's "his" belongs to a man only remembered; the second scene opens on a cleft sentence
    # whose clause subject is "who": its "his" is the man the clause describes, not the remembered one
    text = (
        "Inspector Hale would have stood here with his hands in his pockets for an hour.\n\n* * *\n\n"
        "It was Daniel Mercer who walked back along the pier with his collar turned up."
    )
    entities = {"Inspector Hale": "PER", "Daniel Mercer": "PER"}
    table, _ = table_of(text, entities)
    i = [k for k, t in enumerate(table.texts) if t == "his"][2]
    subject = _clause_subject(table, i)
    assert subject is not None and table.texts[subject] == "Daniel Mercer"
    doc = run(text, entities)
    daniel = get_cast(doc).find("Daniel Mercer")
    assert daniel is not None
    assert character_of(doc, "his", 2) == daniel
