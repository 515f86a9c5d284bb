"""Colours of the report, chosen to stay apart for colour-blind readers.

Characters take the Okabe–Ito palette first (its black left out, since text is dark), then Paul Tol's
"muted" scheme; anyone beyond those is drawn in grey, since a reader cannot tell twenty colours apart anyway
and the names are always shown beside the colour.
"""

from __future__ import annotations

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442")
TOL_MUTED = (
    "#882255",
    "#44AA99",
    "#332288",
    "#999933",
    "#AA4499",
    "#117733",
    "#DDCC77",
    "#88CCEE",
    "#CC6677",
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
    """The colour of the character at ``rank`` (0 = the most prominent)."""
    palette = OKABE_ITO + TOL_MUTED
    return palette[rank] if rank < len(palette) else OTHERS


def emotion_colour(label: str) -> str:
    return EMOTION_COLOURS.get(label.split("/")[0].strip().lower(), "#555555")
