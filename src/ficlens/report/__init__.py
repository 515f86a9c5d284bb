"""The HTML report: one self-contained page per story, rendered from a ``StoryAnalysis`` alone."""

from ficlens.report.compact import render_compact
from ficlens.report.context import ReportContext, build_context
from ficlens.report.render import render_context, render_report, write_report

__all__ = [
    "ReportContext",
    "build_context",
    "render_compact",
    "render_context",
    "render_report",
    "write_report",
]
