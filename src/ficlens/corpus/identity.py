"""The same character across the works of a fandom, under the names each work happens to use.

Within one fandom (a work's first AO3 fandom tag), a character is joined to an AO3 character tag when the
work matched it to that tag, when its name is the tag, or when its name's words (titles aside) all occur in
exactly one tag: "Maren" and "Okafor" both find "Maren Okafor". Names that no tag covers are joined to
the one longer untagged name that contains them ("Tobin" -> "Tobin Ashe"); a short name that two longer
names contain stays as it is rather than be guessed. Tags lose AO3's disambiguation suffix ("Name (Show)").
Works without a fandom tag form one group.
Nothing here knows any fandom: the names come from the works and their tags.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ficlens.pipeline.characters.cluster import TITLES

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

_DISAMBIGUATION = re.compile(r"\s*\([^()]*\)\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def canonical_tag(tag: str) -> str:
    """An AO3 character tag without its disambiguation suffix: "Mara Vell (Saltmarsh)" -> "Mara Vell"."""
    return _DISAMBIGUATION.sub("", tag).strip() or tag.strip()


def name_words(name: str) -> frozenset[str]:
    """The lower-cased words of a name, without titles ("Mr. Darcy" -> {"darcy"})."""
    words = [w.lower() for w in _WORD.findall(name)]
    kept = [w for w in words if w not in TITLES]
    return frozenset(kept or words)


def resolve_fandom(
    names: Iterable[tuple[str, str | None]], tags: Iterable[str]
) -> dict[tuple[str, str | None], str]:
    """The identity of each (name, matched tag) of one fandom, given the fandom's character tags."""
    by_words: dict[frozenset[str], str] = {}
    for tag_name in sorted({canonical_tag(t) for t in tags if t.strip()}):
        by_words.setdefault(name_words(tag_name), tag_name)
    tag_keys = list(by_words)
    result: dict[tuple[str, str | None], str] = {}
    untagged: list[tuple[str, str | None]] = []
    for name, tag in names:
        if tag:
            result[(name, tag)] = canonical_tag(tag)
            continue
        words = name_words(name)
        covering = [key for key in tag_keys if words and words <= key]
        if len(covering) == 1:
            result[(name, tag)] = by_words[covering[0]]
        else:
            untagged.append((name, tag))
    full_names: dict[frozenset[str], str] = {}
    for full, _ in sorted(untagged, key=lambda item: (-len(name_words(item[0])), item[0])):
        full_names.setdefault(name_words(full), full)
    for name, tag in untagged:
        words = name_words(name)
        longer = [key for key in full_names if words and words < key]
        # only a containing name that is not itself contained in another: "Tobin" -> "Tobin Ashe"
        maximal = [key for key in longer if not any(key < other for other in longer)]
        result[(name, tag)] = full_names[maximal[0]] if len(maximal) == 1 else full_names.get(words, name)
    return result


def identity_table(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """One row per (fandom, name, tag) found in the store's ``characters``, with its ``identity``."""
    import pyarrow as pa

    groups = con.sql(
        "SELECT fandom, name, tag FROM characters GROUP BY ALL ORDER BY fandom NULLS FIRST, name, tag"
    ).fetchall()
    tag_rows = con.sql(
        "SELECT DISTINCT fandom, tag FROM (SELECT fandom, unnest(character_tags) AS tag FROM works "
        "WHERE fandom IS NOT NULL)"
    ).fetchall()
    tags: dict[str | None, list[str]] = defaultdict(list)
    for fandom, tag in tag_rows:
        tags[fandom].append(tag)
    names: dict[str | None, list[tuple[str, str | None]]] = defaultdict(list)
    for fandom, name, tag in groups:
        names[fandom].append((name, tag))
    rows: dict[str, list[str | None]] = {"fandom": [], "name": [], "tag": [], "identity": []}
    for fandom, members in names.items():
        # works without a fandom tag form one group of their own: the corpus the user chose to put together
        resolved = resolve_fandom(members, tags.get(fandom, ()))
        for name, tag in members:
            rows["fandom"].append(fandom)
            rows["name"].append(name)
            rows["tag"].append(tag)
            rows["identity"].append(resolved.get((name, tag), name))
    return pa.table(rows, schema=pa.schema([(k, pa.string()) for k in rows]))
