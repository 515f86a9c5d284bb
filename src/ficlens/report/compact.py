"""A compact, static version of the report for Jupyter (``StoryAnalysis._repr_html_``).

Notebooks may not run a page's scripts, so this is plain HTML with inline styles: the header, the cast as a
table with colour swatches, and the strongest bonds. Every story string goes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from ficlens.datamodel import StoryAnalysis
from ficlens.report.context import ReportContext, build_context

_CAST_ROWS = 12
_PAIR_ROWS = 5


def _chips(items: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(escape(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _compact(ctx: ReportContext) -> str:
    h = ctx.header
    facts = [f"{h.words:,} words", f"{h.chapters} chapter{'s' if h.chapters != 1 else ''}"]
    if h.rating:
        facts.insert(0, escape(h.rating))
    facts.append(f"{len(ctx.cast)} characters")
    facts.append(f"{len(ctx.text.quotes) // 5} quotations")
    parts = [
        '<div class="ficlens-compact" '
        'style="font-family:system-ui,sans-serif;max-width:52em;line-height:1.4">',
        f'<div style="font-size:1.25em;font-weight:600">{escape(h.title)}</div>',
    ]
    if h.authors:
        parts.append(f"<div>by {_chips(h.authors)}</div>")
    if h.fandoms:
        parts.append(f'<div style="color:#555">{_chips(h.fandoms)}</div>')
    parts.append(f'<div style="color:#555">{" · ".join(facts)}</div>')
    if ctx.cast:
        parts.append(
            '<table style="border-collapse:collapse;margin-top:.5em"><thead><tr>'
            '<th style="text-align:left;padding:2px 8px">Character</th>'
            '<th style="text-align:right;padding:2px 8px">Mentions</th>'
            '<th style="text-align:right;padding:2px 8px">Lines</th>'
            '<th style="text-align:left;padding:2px 8px">Feels</th></tr></thead><tbody>'
        )
        for c in ctx.cast[:_CAST_ROWS]:
            swatch = (
                f'<span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
                f'background:{c.colour};margin-right:.4em"></span>'
            )
            aliases = f' <span style="color:#777">({_chips(c.aliases, 3)})</span>' if c.aliases else ""
            parts.append(
                f'<tr><td style="padding:2px 8px">{swatch}{escape(c.name)}{aliases}</td>'
                f'<td style="text-align:right;padding:2px 8px">{c.mentions}</td>'
                f'<td style="text-align:right;padding:2px 8px">{c.lines}</td>'
                f'<td style="padding:2px 8px">{_chips(c.emotions, 3)}</td></tr>'
            )
        parts.append("</tbody></table>")
        if len(ctx.cast) > _CAST_ROWS:
            parts.append(f'<div style="color:#777">and {len(ctx.cast) - _CAST_ROWS} more characters</div>')
    if ctx.minor:
        most = sorted(ctx.minor, key=lambda m: (-m.mentions, m.first))
        parts.append(
            f'<div style="color:#555;margin-top:.25em">Minor characters, kept out of the cast '
            f"({len(ctx.minor)}): {_chips(tuple(m.name for m in most), 5)}</div>"
        )
    pairs = ctx.relationships.pairs[:_PAIR_ROWS]
    if pairs:
        names = [escape(c.name) for c in ctx.cast]
        rows = "".join(
            f"<li>{names[p.a]} &amp; {names[p.b]}"
            + (f' <span style="color:#777">(tagged: {escape(p.tag)})</span>' if p.tag else "")
            + "</li>"
            for p in pairs
        )
        parts.append(f'<div style="margin-top:.5em">Strongest bonds:</div><ol style="margin:0">{rows}</ol>')
    parts.append(
        '<div style="color:#777;font-size:.85em;margin-top:.5em">'
        "The full interactive report: <code>ficlens report analysis.json</code></div></div>"
    )
    return "".join(parts)


def render_compact(analysis: StoryAnalysis) -> str:
    """A small static HTML summary of the analysis, safe to embed in a notebook."""
    return _compact(build_context(analysis))
