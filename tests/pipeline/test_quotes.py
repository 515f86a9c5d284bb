"""Quotation detection: one test per dialogue style, plus the component on a Story with italics."""

from __future__ import annotations

from ficlens.datamodel.dialogue import QuoteKind
from ficlens.datamodel.story import Chapter, Paragraph, Source, SourceFormat, Story, Styled, StyleKind
from ficlens.pipeline.quotes import collect
from ficlens.pipeline.quotes.detect import CHAT_MARK, detect_quotes, paragraphs_from_text


def found(text: str, italics: list[tuple[int, int]] | None = None) -> list[str]:
    return [
        text[q.start_char : q.end_char]
        for q in detect_quotes(text, paragraphs_from_text(text), italics=italics or [])
    ]


def test_straight_double_quotes() -> None:
    text = '"Hello," Nadia said. "Are you there?"\nShe left.'
    assert found(text) == ['"Hello,"', '"Are you there?"']


def test_curly_double_quotes() -> None:
    text = "“I don't know,” said Oskar. “Wait—”\n“What?”"
    assert found(text) == ["“I don't know,”", "“Wait—”", "“What?”"]


def test_british_single_quotes_keep_apostrophes_inside() -> None:
    text = (
        "'I don't want 'em near the Potters' house,' she said. "
        "'It's rock 'n' roll, 'cause I'm goin' home.'\nHe nodded at the boys' bikes."
    )
    assert found(text) == [
        "'I don't want 'em near the Potters' house,'",
        "'It's rock 'n' roll, 'cause I'm goin' home.'",
    ]


def test_curly_single_quotes() -> None:
    text = "‘You’re late,’ said Priya. ‘The Penhales’ boat left.’"
    assert found(text) == ["‘You’re late,’", "‘The Penhales’ boat left.’"]


def test_em_dash_dialogue_with_speech_tag_interruption() -> None:
    text = "—I know, she said, —but I can't.\n—Fine.\nThe door shut."
    assert found(text) == ["—I know,", "—but I can't.", "—Fine."]


def test_em_dash_dialogue_interrupted_between_dashes() -> None:
    text = "—I know —she said—, but it is late.\nNarration."
    quotes = found(text)
    assert quotes[0] == "—I know"
    assert quotes[1].endswith("but it is late.")
    assert all("she said" not in q for q in quotes)


def test_em_dash_dialogue_with_a_beat_before_the_dash_that_reopens_it() -> None:
    text = "—An hour ago. Tamsin spread her hands. —Oskar, he is nine.\n—Yes. I know. —But not now."
    # the third-person sentence before "—Oskar" is narration; "I know." is more speech
    assert found(text) == ["—An hour ago.", "—Oskar, he is nine.", "—Yes. I know. —But not now."]


def test_chat_log_lines_are_written_quotations_with_their_sender() -> None:
    text = (
        "Ferris checked his phone.\n\n"
        "Ferris: you up?\nmoth_queen: always\nFerris: good\n\n"
        "Note: a lone label line is not a log.\n\nHe put the phone away."
    )
    quotes = detect_quotes(text, paragraphs_from_text(text))
    assert [text[q.start_char : q.end_char] for q in quotes] == ["you up?", "always", "good"]
    assert {q.kind for q in quotes} == {QuoteKind.WRITTEN}
    assert {q.mark for q in quotes} == {CHAT_MARK}


def test_en_dash_dialogue() -> None:
    text = "–Where are you going?\n–Out, he said.\nShe watched him go."
    assert found(text) == ["–Where are you going?", "–Out,"]


def test_dash_inside_narration_is_not_dialogue() -> None:
    text = "He walked—slowly—to the door. It was late — too late."
    assert found(text) == []


def test_guillemets() -> None:
    assert found("«Bonjour», dit-il. ‹Oui›, dit-elle.") == ["«Bonjour»", "‹Oui›"]


def test_multi_paragraph_quote_is_one_span() -> None:
    text = '"First part of a long story.\n"Second part.\n"And the end."\nHe stopped.'
    assert found(text) == ['"First part of a long story.\n"Second part.\n"And the end."']


def test_nested_quotes_stay_inside() -> None:
    text = "\"She told me 'run' and I ran,\" he said.\n'He said \"no\" to me,' she replied."
    assert found(text) == ["\"She told me 'run' and I ran,\"", "'He said \"no\" to me,'"]


def test_unbalanced_quote_recovers_at_paragraph_end() -> None:
    text = '"Unclosed quote that goes on.\nNarration must stay outside. "Another," he said.\nMore narration.'
    assert found(text) == ['"Unclosed quote that goes on.', '"Another,"']


def test_scare_quotes_are_not_speech() -> None:
    assert found('The "expert" arrived. He had "made a fortune" once.') == []


def test_pretokenised_text_with_spaced_marks() -> None:
    text = "“ My dear , ” said his lady , “ have you heard ? ” ‘ I ’ve fallen , ’ she said ."
    assert found(text) == ["“ My dear , ”", "“ have you heard ? ”", "‘ I ’ve fallen , ’"]


def _story(text: str, italics: list[tuple[int, int]]) -> Story:
    paras = [Paragraph(s, e) for s, e in paragraphs_from_text(text)]
    return Story(
        text=text,
        source=Source(path=None, format=SourceFormat.AO3_HTML, sha256="0"),
        chapters=(Chapter(1, None, 0, len(text)),),
        paragraphs=tuple(paras),
        styled=tuple(Styled(StyleKind.ITALIC, s, e) for s, e in italics),
    )


def test_italic_text_message_is_written_and_thought_is_thought() -> None:
    text = (
        "Her phone buzzed. She read the screen.\n"
        "Where are you? I'm outside.\n"
        "She closed her eyes, wondering. I can't keep doing this.\n"
        "It was a very big house."
    )
    msg = (text.index("Where"), text.index("outside.") + len("outside."))
    thought = (text.index("I can't"), text.index("this.") + len("this."))
    emphasis = (text.index("very"), text.index("very") + len("very"))
    quotes = detect_quotes(text, paragraphs_from_text(text), italics=[msg, thought, emphasis])
    kinds = {text[q.start_char : q.end_char]: q.kind for q in quotes}
    assert kinds == {
        "Where are you? I'm outside.": QuoteKind.WRITTEN,
        "I can't keep doing this.": QuoteKind.THOUGHT,
    }


def test_component_and_collect_on_a_story() -> None:
    import spacy

    from ficlens.pipeline import factories  # noqa: F401  (registers the factories)
    from ficlens.pipeline.docdata import set_story

    text = '"Run," Nadia said.\nShe ran. Keep going, keep going.\n"Stop!"'
    thought = (text.index("Keep"), text.index("going.", text.index("Keep going,") + 5) + len("going."))
    nlp = spacy.blank("en")
    nlp.add_pipe("ficlens_quotes")
    doc = nlp.make_doc(text)
    set_story(doc, _story(text, [thought]))
    doc = nlp.get_pipe("ficlens_quotes")(doc)
    quotes = collect(doc)
    assert [q.id for q in quotes] == ["Q1", "Q2", "Q3"]
    assert [q.kind for q in quotes] == [QuoteKind.SPOKEN, QuoteKind.THOUGHT, QuoteKind.SPOKEN]
    assert quotes[0].text == '"Run,"' and quotes[0].chapter == 1
    assert quotes[2].start == text.index('"Stop!"')
