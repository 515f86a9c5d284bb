"""Colours of the report.

Characters: twelve colours picked, from the Okabe–Ito, Paul Tol and Kenneth Kelly palettes, so that every
two differ by at least 20 in CIEDE2000 (ΔE00; 23.2 at the closest pair), each differs by at least 20 from the
neutral grey and from the white page, and none is lighter than L* 88 (mention underlines stay visible). The
order puts the most different colours first, so a small cast gets the clearest ones. The thirteenth character
on is drawn in neutral grey: a reader cannot tell more colours apart, and names are always shown beside them.
``tests/report/test_palette.py`` checks the distances with its own CIEDE2000.
"""

from __future__ import annotations

CHARACTER_COLOURS = (
    "#4477AA",  # blue (Tol bright)
    "#D55E00",  # vermillion (Okabe–Ito)
    "#8DB600",  # yellow-green (Kelly)
    "#E68FAC",  # pink (Kelly)
    "#009988",  # teal (Tol vibrant)
    "#332288",  # indigo (Tol muted)
    "#F6A600",  # orange-yellow (Kelly)
    "#BE0032",  # red (Kelly)
    "#66CCEE",  # cyan (Tol bright)
    "#AA4499",  # purple (Tol muted)
    "#654522",  # brown (Kelly)
    "#2B3D26",  # olive black (Kelly)
)
OTHERS = "#8C8C8C"

# Interaction types: colour plus a dash pattern, so the types differ in shape as well as hue.
EDGE_TYPES = ("speaks_to", "acts_on", "mentions", "co_present")
EDGE_COLOURS = {"speaks_to": "#0072B2", "acts_on": "#D55E00", "mentions": "#CC79A7", "co_present": "#8C8C8C"}

# Emotions: warm for the painful ones, cool/green for the easing ones; valence is drawn black.
EMOTION_COLOURS = {
    "sadness": "#0072B2",
    "grief": "#0072B2",
    "guilt": "#332288",
    "remorse": "#332288",
    "anger": "#D55E00",
    "fear": "#882255",
    "joy": "#E69F00",
    "relief": "#009E73",
    "love": "#CC79A7",
    "caring": "#CC79A7",
    "surprise": "#56B4E9",
    "neutral": "#8C8C8C",
    "valence": "#222222",
}


def character_colour(rank: int) -> str:
    """The colour of the character at ``rank`` (0 = the most prominent); neutral grey from the 13th on."""
    return CHARACTER_COLOURS[rank] if 0 <= rank < len(CHARACTER_COLOURS) else OTHERS


def emotion_colour(label: str) -> str:
    return EMOTION_COLOURS.get(label.split("/")[0].strip().lower(), "#555555")
