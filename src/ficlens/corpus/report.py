"""A fandom-level HTML page built from a corpus store with DuckDB: one self-contained file, no script.

Characters and pairs are counted by identity across works (``identities``), per fandom. Every string from
the store is escaped; the page has no script at all, and its Content-Security-Policy forbids every fetch
and allows only its own stylesheet (by hash). Bars are inline SVG rectangles, which need no style.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.inner import EMOTION_LABELS
from ficlens.output.files import atomic_write_text

if TYPE_CHECKING:
    import duckdb

TOP = 25
_FEELINGS = [label for label in EMOTION_LABELS if label != "neutral"]
_COLOURS = {
    "sadness": "#4e79a7",
    "guilt": "#9c755f",
    "anger": "#e15759",
    "fear": "#7b6fb0",
    "joy": "#f2b135",
    "relief": "#59a14f",
    "love": "#d37295",
    "surprise": "#76b7b2",
}
_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{padding:.25rem .5rem;text-align:left;
vertical-align:middle;border-bottom:1px solid #eee}th{font-weight:600;background:#f6f6f6}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#666}.legend span{margin-right:1rem}
svg{vertical-align:middle}
""".strip()


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    note: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    numeric: tuple[bool, ...]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in con.sql(sql).fetchall())


# The pair key: identities of both ends, sorted, within one fandom.
_PAIR = "least(x.identity, y.identity) AS one, greatest(x.identity, y.identity) AS other"


def build_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """The report's tables, each from one SQL query over the store's views."""
    prominent = _rows(
        con,
        f"""
        SELECT coalesce(i.fandom, '(no fandom)') AS fandom, i.identity, count(DISTINCT c.work_hash) AS works,
               sum(c.mention_count) AS mentions, sum(c.lines) AS lines, round(avg(c.prominence), 1) AS rank,
               count(*) FILTER (WHERE c.prominence = 1) AS lead_in
        FROM characters AS c JOIN identities AS i USING (work_hash, character)
        GROUP BY ALL ORDER BY works DESC, mentions DESC, i.identity LIMIT {TOP}
        """,
    )
    pairs = _rows(
        con,
        f"""
        SELECT coalesce(x.fandom, '(no fandom)') AS fandom, {_PAIR}, count(DISTINCT t.work_hash) AS works,
               sum(t.count) FILTER (WHERE t.type = 'speaks_to') AS lines,
               sum(t.count) FILTER (WHERE t.type = 'acts_on') AS acts,
               round(sum(t.weight) FILTER (WHERE t.type = 'co_present'), 1) AS together
        FROM interactions AS t
        JOIN identities AS x ON x.work_hash = t.work_hash AND x.character = t.source
        JOIN identities AS y ON y.work_hash = t.work_hash AND y.character = t.target
        WHERE x.identity <> y.identity
        GROUP BY ALL ORDER BY works DESC, together DESC NULLS LAST, one, other LIMIT {TOP}
        """,
    )
    ships = _rows(
        con,
        f"""
        SELECT coalesce(x.fandom, '(no fandom)') AS fandom, {_PAIR},
               count(DISTINCT r.work_hash) FILTER (WHERE r.tagged = 'romantic') AS tagged_romantic,
               count(DISTINCT r.work_hash) FILTER (WHERE r.tagged = 'platonic') AS tagged_platonic,
               count(DISTINCT r.work_hash) FILTER (WHERE r.tagged IS NOT NULL AND r.borne_out)
                   AS tagged_borne_out,
               count(DISTINCT r.work_hash) FILTER (WHERE r.rank <= 3) AS top3_in_text,
               count(DISTINCT r.work_hash) FILTER (WHERE r.tagged IS NULL AND r.borne_out) AS strong_untagged,
               round(avg(r.romance), 2) AS romance_tone
        FROM relationships AS r
        JOIN identities AS x ON x.work_hash = r.work_hash AND x.character = r.a
        JOIN identities AS y ON y.work_hash = r.work_hash AND y.character = r.b
        WHERE x.identity <> y.identity
        GROUP BY ALL
        ORDER BY tagged_romantic + tagged_platonic + top3_in_text DESC, one, other LIMIT {TOP}
        """,
    )
    weighted = ", ".join(
        f"sum(e.{label} * e.sentences) / nullif(sum(e.sentences), 0) AS {label}" for label in _FEELINGS
    )
    feelings = _rows(
        con,
        f"""
        SELECT coalesce(i.fandom, '(no fandom)') AS fandom, i.identity, count(DISTINCT e.work_hash) AS works,
               sum(e.sentences) AS sentences,
               round(sum(e.valence * e.sentences) / nullif(sum(e.sentences), 0), 2),
               {weighted}
        FROM emotions AS e JOIN identities AS i USING (work_hash, character)
        GROUP BY ALL ORDER BY sentences DESC, i.identity LIMIT {TOP}
        """,
    )
    tags = _rows(
        con,
        f"""
        SELECT kind, tag, count(DISTINCT work_hash) AS works FROM (
            SELECT work_hash, 'relationship' AS kind, unnest(relationship_tags) AS tag FROM works
            UNION ALL SELECT work_hash, 'character', unnest(character_tags) FROM works
            UNION ALL SELECT work_hash, 'additional', unnest(tags) FROM works
            UNION ALL SELECT work_hash, 'fandom', unnest(fandoms) FROM works
        ) GROUP BY ALL ORDER BY works DESC, kind, tag LIMIT {TOP * 2}
        """,
    )
    return [
        Section(
            "Most prominent characters",
            "Counted by identity across works: in how many works each appears, its mentions and lines, "
            "its mean rank in a work's cast, and how many works it leads.",
            ("fandom", "character", "works", "mentions", "lines", "mean rank", "lead in"),
            prominent,
            (False, False, True, True, True, True, True),
        ),
        Section(
            "Most frequent interacting pairs",
            "Pairs that interact in the most works: lines one speaks to the other, acts one does to the "
            "other, and the weight of the scenes they share.",
            ("fandom", "one", "other", "works", "lines", "acts", "together"),
            pairs,
            (False, False, False, True, True, True, True),
        ),
        Section(
            "Ships: tagged and in the text",
            "Works whose AO3 tags name the pair (romantic A/B, platonic A & B), tagged works whose text "
            "bears the tag out, works where the pair is among the three strongest bonds, strong pairs "
            "nobody tagged, and the mean romance tone.",
            (
                "fandom",
                "one",
                "other",
                "tagged A/B",
                "tagged A & B",
                "tag borne out",
                "top 3 in text",
                "strong, untagged",
                "romance",
            ),
            ships,
            (False, False, False, True, True, True, True, True, True),
        ),
        Section(
            "Emotion profiles across works",
            "Mean emotion scores of the sentences each character feels, over all its works.",
            ("fandom", "character", "works", "sentences", "valence", "profile"),
            feelings,
            (False, False, True, True, True, False),
        ),
        Section(
            "Works per tag",
            "How many works carry each tag.",
            ("kind", "tag", "works"),
            tags,
            (False, False, True),
        ),
    ]


def _bars(scores: Sequence[float | None]) -> str:
    """One small stacked SVG bar per label (presentation attributes, so the page needs no inline style)."""
    parts = []
    x = 0
    for label, score in zip(_FEELINGS, scores, strict=True):
        width = round(max(score or 0.0, 0.0) * 100)
        if width:
            parts.append(
                f'<rect x="{x}" y="0" width="{width}" height="12" fill="{_COLOURS[label]}">'
                f"<title>{label} {score:.2f}</title></rect>"
            )
        x += width
    return (
        f'<svg width="{max(x, 1)}" height="12" role="img" aria-label="emotion profile">{"".join(parts)}</svg>'
    )


def _cell(value: Any, numeric: bool) -> str:
    if value is None:
        return '<td class="n muted">–</td>' if numeric else '<td class="muted">–</td>'
    if numeric:
        text = (
            f"{value:,}"
            if isinstance(value, int)
            else f"{value:,.2f}"
            if isinstance(value, float)
            else str(value)
        )
        return f'<td class="n">{html.escape(text)}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def _section_html(section: Section) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in section.columns)
    body = []
    for row in section.rows:
        if section.title.startswith("Emotion"):
            cells = [_cell(v, n) for v, n in zip(row[:5], section.numeric[:5], strict=True)]
            cells.append(f"<td>{_bars(row[5:])}</td>")
        else:
            cells = [_cell(v, n) for v, n in zip(row, section.numeric, strict=True)]
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(
            f'<tr><td colspan="{len(section.columns)}" class="muted">nothing in the store yet</td></tr>'
        )
    legend = ""
    if section.title.startswith("Emotion"):
        legend = (
            '<p class="legend">'
            + "".join(
                '<span><svg width="10" height="10">'
                f'<rect width="10" height="10" fill="{colour}"/></svg> {label}</span>'
                for label, colour in _COLOURS.items()
            )
            + "</p>"
        )
    return (
        f'<section><h2>{html.escape(section.title)}</h2><p class="muted">{html.escape(section.note)}</p>'
        f"{legend}<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></section>"
    )


def render_corpus_report(root: Path) -> str:
    from ficlens.corpus.query import connect

    con = connect(root)
    try:
        works, words, fandoms = con.sql(
            "SELECT count(*), coalesce(sum(words), 0), count(DISTINCT fandom) FROM works"
        ).fetchone()  # type: ignore[misc]
        errors = con.sql("SELECT count(*) FROM errors").fetchone()[0]  # type: ignore[index]
        sections = build_sections(con)
    finally:
        con.close()
    digest = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")
    csp = (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    title = f"ficlens corpus: {root.name}"
    summary = f"{works:,} works, {int(words):,} words, {fandoms:,} fandoms" + (
        f", {errors:,} works that could not be analysed" if errors else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{html.escape(title)}</h1><p class="muted">{html.escape(summary)}. Characters are joined across '
        "works through AO3 character tags and their names, per fandom.</p>"
        + "".join(_section_html(s) for s in sections)
        + "</body></html>\n"
    )


def write_corpus_report(root: Path, out: Path) -> None:
    atomic_write_text(out, render_corpus_report(root))
