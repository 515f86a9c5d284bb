"""The conversation gate's rows from the fan-fiction gold set's dev split (``ficlens train conversation``).

Each dev story is analysed as ``ficlens eval fanfic`` analyses it, with the conversation pass's training hook
(``structure.recording_turns``) on: every turn where the conversation's pick and the scorer's differ becomes a
``ficlens.training.conversation.Row``, right or wrong by the gold speakers, characters mapped to the gold cast
as the evaluation maps them. The test split is held out: asking for it raises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ficlens.pipeline.quotes.structure import recording_turns
from ficlens.training.conversation import Row

if TYPE_CHECKING:
    from ficlens.pipeline.quotes.candidates import Candidate
    from ficlens.pipeline.quotes.spans import QuoteSpan
    from ficlens.pipeline.quotes.turns import Turn


def fanfic_rows(split: str = "dev", *, model: str = "fast") -> list[Row]:
    """Rows from the fan-fiction gold set's ``split`` (dev only: test is held out)."""
    from ficlens.analysis.run import analyze
    from ficlens.eval.fanfic import CastIndex, character_names, map_character
    from ficlens.eval.fanfic_gold import DATA_DIR, Anchor, find_anchor, load_gold

    if split != "dev":
        raise ValueError("the gate trains on the fan-fiction dev split only (test is held out)")
    out: list[Row] = []
    for gold in load_gold(DATA_DIR, split):
        seen: list[tuple[list[tuple[int, int]], str | None, str | None, dict[str, float]]] = []

        def record(qs: list[QuoteSpan], turn: Turn, f: dict[str, float], found: Candidate) -> None:
            mine = turn.cand.character if turn.cand is not None else None
            seen.append(([(q.start_char, q.end_char) for q in qs], mine, found.character, dict(f)))  # noqa: B023

        with recording_turns(record):
            analysis = analyze(gold.path, model=model)
        index = CastIndex(gold.cast, gold.not_characters)
        mapping = {ch.id: map_character(index, character_names(ch)) for ch in analysis.characters}
        golds = []
        for gq in gold.quotes:
            pos = find_anchor(analysis.text, Anchor(gq.anchor.at, gq.anchor.n))
            if pos is not None and gq.speaker is not None:
                golds.append((pos, gq.speaker))
        for spans, mine, conv_who, f in seen:
            conv = right = 0
            for lo, hi in spans:
                for pos, speaker in golds:
                    if lo <= pos < hi or 0 <= lo - pos <= 2:
                        conv += mapping.get(conv_who or "") == speaker
                        right += mine is not None and mapping.get(mine) == speaker
                        break
            if conv != right:
                out.append(Row(f, conv, right, "fanfic", gold.name))
    return out


def fanfic_digest() -> str:
    """One SHA-256 over the fan-fiction dev stories and their gold files (they ship inside ficlens, so the
    provenance file, which covers ``--data``, does not list them)."""
    import hashlib

    from ficlens.datasets.files import digest
    from ficlens.eval.fanfic_gold import DATA_DIR, load_gold

    files = {}
    for gold in load_gold(DATA_DIR, "dev"):
        for path in (gold.path, gold.path.with_suffix(".gold.json")):
            files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest(files)
