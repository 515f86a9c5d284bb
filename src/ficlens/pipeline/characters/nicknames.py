"""Given names: how often each is a woman's or a man's, and the short forms people use for them.

Read from the data files beside this module (``data/given_names.tsv`` from ``nomquamgender``,
``data/nicknames.tsv`` from ``nicknames``; their headers say where they come from, under which licence,
and ``namedata.py`` rebuilds them). No character's name is written in the code: a fandom's names come from
its AO3 tags or a cast file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
# A name says a gender only when the records are nearly all one way; weaker evidence leaves it unknown.
STRONG_MALE = 0.05  # share of women at or below which a given name is a man's
STRONG_FEMALE = 0.95  # share of women at or above which it is a woman's
# Two names whose shares of women differ this much are not one person's (the nickname data drops such pairs).
GENDER_GAP = 0.5


@dataclass(frozen=True, slots=True)
class _Tables:
    p_female: dict[str, float]
    formal_of: dict[str, tuple[str, ...]]  # a name -> the formal names it may stand for (itself included)


def _rows(path: Path) -> Iterator[list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuntimeError(f"{path}: cannot read ficlens's given-name data ({exc.strerror})") from None
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


@cache
def _tables() -> _Tables:
    p_female = {row[0]: float(row[1]) for row in _rows(DATA / "given_names.tsv")}
    formal_of: dict[str, list[str]] = {}
    for formal, shorts in _rows(DATA / "nicknames.tsv"):
        formal_of.setdefault(formal, []).append(formal)
        for short in shorts.split():
            formal_of.setdefault(short, []).append(formal)
    return _Tables(p_female, {k: tuple(dict.fromkeys(v)) for k, v in formal_of.items()})


def _key(name: str) -> str:
    # the records are in plain a-z: "Lucía" is looked up as "lucia"
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def variants(name: str) -> tuple[str, ...]:
    """The formal names a given name may stand for ("lizzy" -> ("elizabeth",)); the name itself if none."""
    key = _key(name)
    return _tables().formal_of.get(key, (key,))


_PET_ENDINGS = ("ie", "y", "o", "s")


def same_given_name(a: str, b: str, *, through_formal: bool = True) -> bool:
    """Whether two given names can be one person's: "Lizzy" and "Elizabeth", "Will" and "Bill" (nickname
    pairs), or a clipped form ("Mari" and "Marisol", "Tam" and "Tamsin", "Juno" and "Juniper") unless the
    records give them opposite genders ("Alan" and "Alana": a man's name and a woman's).

    ``through_formal=False`` matches through a shared formal name only a name with a short form ("Eleanor"
    and "Nell"), not two short forms ("Meg" and "Daisy", both Margaret's: in one story usually a mother and
    the daughter named for her) nor two names in their own right ("Ada" and "Lena")."""
    a, b = _key(a), _key(b)
    va, vb = variants(a), variants(b)
    if a == b or (set(va) & set(vb) and (through_formal or (a in va) != (b in vb))):
        return True
    short, long = sorted((a, b), key=len)
    # a clipped form, bare or with a pet ending ("Juno" for Juniper, "Robbie" for Roberta)
    stems = [short] + [short[: -len(end)] for end in _PET_ENDINGS if short.endswith(end)]
    if not any(long.startswith(st) and len(st) >= 3 and len(long) > len(st) + 1 for st in stems):
        return False
    # a clipped form of a name of the other gender is another name ("Alan" and "Alana", "Dan" and
    # "Danielle"); a clipped form used by both ("Tam", "Sam") may stand for either
    g_short, g_long = name_gender(short), name_gender(long)
    return g_short is None or g_long is None or g_short == g_long


def is_given_name(name: str) -> bool:
    """Whether ``name`` is a recorded given name (of any gender) or a known short form of one."""
    tables = _tables()
    key = _key(name)
    return key in tables.p_female or key in tables.formal_of


def female_share(name: str) -> float | None:
    """The share of people with this given name recorded female; None when the name is not recorded."""
    return _tables().p_female.get(_key(name))


def name_gender(name: str) -> str | None:
    """``"m"`` or ``"f"`` when nearly everyone recorded with this given name is a man or a woman; None when
    the name is unknown or the evidence is weaker (unisex names, names used by both)."""
    share = female_share(name)
    if share is None:
        return None
    if share <= STRONG_MALE:
        return "m"
    if share >= STRONG_FEMALE:
        return "f"
    return None
