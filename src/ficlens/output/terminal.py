"""Text from a story (titles, names, file names) made safe to print on a terminal.

A story is untrusted input: an ESC in a title can set the window title or clear the screen, a bidi override
can reorder the line, and ``[/x]`` in a name is rich markup. ``for_terminal`` makes control characters
visible as ``\\x1b``-style escapes; ``for_rich`` also escapes rich markup, for strings that go into
``Console.print`` or a ``Table`` cell.
"""

from __future__ import annotations

import re

# C0 and C1 controls (newlines and tabs too: a title or name must stay on its line), DEL, the Unicode line
# and paragraph separators, and the bidi embedding/override/isolate controls.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: object) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so that it prints inert."""
    return _UNSAFE.sub(_escape, str(text))


def for_rich(text: object) -> str:
    """``for_terminal``, with rich markup escaped as well (``[bold]`` prints as itself)."""
    from rich.markup import escape

    return escape(for_terminal(text))
