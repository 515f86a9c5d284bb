"""Characters joined across works by tags and names, and the fandom-level report built from a store."""

from __future__ import annotations

import re
from pathlib import Path

from ficlens.corpus import store
from ficlens.corpus.identity import canonical_tag, resolve_fandom
from ficlens.corpus.query import run_query
from ficlens.corpus.report import render_corpus_report


def test_names_join_the_tag_that_covers_them_and_ambiguous_ones_stay_apart() -> None:
    tags = ["Mara Vell (Saltmarsh Lanterns)", "Tobin Ashe", "Hester Corrigan", "Maud Corrigan"]
    names: list[tuple[str, str | None]] = [
        ("Mara Vell", "Mara Vell (Saltmarsh Lanterns)"),
        ("Mara", None),
        ("Vell", None),
        ("Captain Vell", None),
        ("Tobin", None),
        ("Corrigan", None),
        ("Lira", None),
        ("Lira Quell", None),
        ("Dr. Quell", None),
        ("Sam", None),
        ("Sam Ito", None),
        ("Sam Oduya", None),
    ]
    resolved = resolve_fandom(names, tags)
    assert {name: resolved[(name, tag)] for name, tag in names} == {
        "Mara Vell": "Mara Vell",
        "Mara": "Mara Vell",
        "Vell": "Mara Vell",
        "Captain Vell": "Mara Vell",
        "Tobin": "Tobin Ashe",
        "Corrigan": "Corrigan",  # two tags share it: not guessed
        "Lira": "Lira Quell",
        "Lira Quell": "Lira Quell",
        "Dr. Quell": "Lira Quell",
        "Sam": "Sam",  # two longer names contain it
        "Sam Ito": "Sam Ito",
        "Sam Oduya": "Sam Oduya",
    }
    assert canonical_tag("Hanne Voss (Audio Drama)") == "Hanne Voss"


def _work(work_hash: str, fandom: str, cast: list[tuple[str, str | None]], ship: str | None) -> store.Rows:
    rows: store.Rows = {table: [] for table in store.TABLES}
    tags = [tag for _, tag in cast if tag]
    rows["works"].append(
        {
            "work_hash": work_hash,
            "path": f"{work_hash[:4]}.html",
            "status": "ok",
            "words": 500,
            "fandom": fandom,
            "fandoms": [fandom],
            "character_tags": tags,
            "relationship_tags": [ship] if ship else [],
            "tags": ["Fluff"],
        }
    )
    for index, (name, tag) in enumerate(cast, start=1):
        rows["characters"].append(
            {
                "work_hash": work_hash,
                "fandom": fandom,
                "character": f"C{index}",
                "name": name,
                "tag": tag,
                "prominence": index,
                "mention_count": 10 * (4 - index),
                "lines": 3,
            }
        )
        rows["emotions"].append(
            {
                "work_hash": work_hash,
                "character": f"C{index}",
                "name": name,
                "segment": 0,
                "sentences": 4,
                "valence": 0.2,
                "joy": 0.5,
                "fear": 0.1,
                "sadness": 0.1,
            }
        )
    rows["interactions"].append(
        {
            "work_hash": work_hash,
            "source": "C1",
            "target": "C2",
            "type": "speaks_to",
            "weight": 3.0,
            "count": 3,
        }
    )
    rows["relationships"].append(
        {
            "work_hash": work_hash,
            "a": "C1",
            "b": "C2",
            "rank": 1,
            "strength": 1.0,
            "romance": 0.4,
            "tagged": "romantic" if ship else None,
            "tag": ship,
            "borne_out": True,
        }
    )
    return rows


def test_the_report_counts_characters_and_ships_across_works_by_identity(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    writer = store.BatchWriter(root)
    fandom = "Saltmarsh Lanterns"
    writer.add(
        _work(
            "a" * 64,
            fandom,
            [("Mara Vell", "Mara Vell"), ("Tobin Ashe", "Tobin Ashe")],
            "Mara Vell/Tobin Ashe",
        )
    )
    writer.add(_work("b" * 64, fandom, [("Mara", None), ("Tobin", None)], None))
    writer.add(_work("c" * 64, fandom, [("Vell", None), ("<img src=x onerror=alert(1)>", None)], None))
    writer.commit()
    rows = run_query(
        root, "SELECT identity, count(DISTINCT work_hash) FROM identities GROUP BY 1 ORDER BY 2 DESC, 1"
    )[1]
    assert rows[:2] == [("Mara Vell", 3), ("Tobin Ashe", 2)]
    page = render_corpus_report(root)
    assert "<script" not in page.lower()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe-inline" not in csp.group(1)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "http://" not in page and "https://" not in page
    # Mara Vell leads three works under three names; the pair is tagged once and interacts in two works
    prominent = page.split("Most prominent characters", 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td>Mara Vell</td><td class=\"n\">3</td>", prominent)
    ships = page.split("Ships: tagged and in the text", 1)[1].split("</table>", 1)[0]
    assert re.search(
        r"<td>Mara Vell</td><td>Tobin Ashe</td><td class=\"n\">1</td><td class=\"n\">0</td>"
        r"<td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">1</td>",
        ships,
    )
