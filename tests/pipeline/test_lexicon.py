"""The one pronoun table, title list and speech-verb lexicon, and the sets derived from them."""

from __future__ import annotations

from ficlens.pipeline import lexicon as lx


def test_every_pronoun_has_one_row_and_groups_hold_all_forms() -> None:
    she = {w for w, p in lx.PRONOUNS.items() if p.group == lx.pronoun_group("she")}
    assert she == {"she", "her", "hers", "herself"}
    assert lx.pronoun_group("xem") == lx.pronoun_group("xemself") != lx.pronoun_group("zir")
    assert lx.pronoun_group("Zelda") == -1
    assert lx.PRONOUNS["themself"].form == lx.REFLEXIVE
    assert lx.PRONOUNS["yourselves"].number == lx.PLURAL


def test_derived_pronoun_sets() -> None:
    assert {"he", "him", "she", "her", "i", "me", "we", "us", "they", "them", "you"} == lx.PERSON_PRONOUNS
    assert lx.PERSON_PRONOUNS | {"it"} == lx.PERSONAL_PRONOUNS
    assert {"i", "me", "my", "mine", "myself"} == lx.FIRST_SINGULAR
    assert {"you", "your", "yours", "yourself", "yourselves"} == lx.SECOND_PERSON
    assert "thee" not in lx.SECOND_PERSON  # archaic forms stay out of the everyday sets
    assert {"he", "him", "his", "himself", "she", "her", "hers", "herself"} == lx.THIRD_SINGULAR_GENDERED
    # "em" is also clipped "them", so only the unambiguous neopronouns override the tagger
    assert "xe" in lx.NEOPRONOUNS and "em" not in lx.NEOPRONOUNS and "em" in lx.PRONOUNS


def test_titles() -> None:
    for word in ("Mrs.", "mr", "Capt.", "Aunt", "Herr", "Fräulein", "Lady"):
        assert lx.is_title(word), word
    for word in ("Wren", "Okonkwo", "the", "."):
        assert not lx.is_title(word), word
    assert lx.TITLES == lx.SURNAME_TITLES | lx.GIVEN_TITLES | lx.EITHER_TITLES
    gendered = lx.MALE_TITLES | lx.FEMALE_TITLES
    assert gendered <= lx.TITLES and not lx.MALE_TITLES & lx.FEMALE_TITLES
    assert lx.YOUTH_TITLES <= lx.TITLES


def test_speech_lexicon_roles() -> None:
    assert {"say", "whisper", "retort", "hiss"} <= lx.SPEECH_TAG_LEMMAS
    # saying proper includes verbs that never tag a quote ("she spoke to him") but not manner verbs
    assert {"speak", "talk", "say"} <= lx.SAYING_LEMMAS and "laugh" not in lx.SAYING_LEMMAS
    assert {"said", "whispered", "stammers", "went"} <= lx.SPEECH_FORMS
    assert "go" not in lx.SPEECH_TAG_LEMMAS  # "went" is a dash-dialogue quotative only
    assert lx.SPEECH_FORMS_UNLEMMATISED <= lx.SPEECH_FORMS


def test_sets_derived_for_the_rules() -> None:
    assert {"he", "she", "it", "they", "i", "we", "you"} == lx.SUBJECT_PRONOUNS
    assert {"they", "them", "their", "theirs", "themselves", "themself"} == lx.THEY_FORMS
    assert {"it", "its", "itself"} == lx.IT_FORMS
    assert {"we", "us", "our", "ours", "ourselves"} == lx.FIRST_PLURAL_FORMS
    assert {"yourselves", "ye", "y'all"} == lx.PLURAL_YOU
    assert {"you", "your", "yours", "yourself"} == lx.SINGULAR_YOU
    assert all(lx.PRONOUNS[w].form == lx.POSSESSIVE or w == "her" for w in lx.POSSESSIVE_DETERMINERS)
    assert {w for w in lx.POSSESSIVE_DETERMINERS if lx.PRONOUNS[w].register == lx.STANDARD} == {
        "my", "your", "his", "her", "its", "our", "their"
    }  # fmt: skip


def test_no_pronoun_subset_is_written_out_beside_the_table() -> None:
    """A literal set, list or tuple of mostly pronouns outside lexicon.py is a second pronoun table."""
    import ast
    from pathlib import Path

    import ficlens

    found = []
    for path in sorted(Path(ficlens.__file__).parent.rglob("*.py")):
        if path.name == "lexicon.py" and path.parent.name == "pipeline":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Set | ast.List | ast.Tuple):
                continue
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            pronouns = [w for w in words if w.lower() in lx.PRONOUNS]
            if len(pronouns) >= 2 and len(pronouns) * 2 > len(words):
                found.append(f"{path.name}:{node.lineno} {words}")
    assert not found
