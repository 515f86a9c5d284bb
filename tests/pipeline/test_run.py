"""The runner's chunking: pieces concatenate back to the text exactly, so Doc offsets are text offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ficlens.pipeline.run import chunk_text

texts = st.text(alphabet=st.sampled_from(list("ab c\n\n.")), max_size=2000)


@given(texts, st.integers(min_value=8, max_value=300))
def test_pieces_concatenate_to_the_text_and_stay_near_the_size(text: str, size: int) -> None:
    pieces = list(chunk_text(text, size))
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    assert all(len(piece) <= size for piece in pieces)


def test_pieces_end_at_a_paragraph_break_when_there_is_one() -> None:
    text = ("word " * 30 + "\n\n") * 10
    pieces = list(chunk_text(text, 200))
    assert len(pieces) > 1
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])
