"""Rebuild the given-name data files ficlens ships, from the PyPI packages they come from.

``python -m ficlens.pipeline.characters.namedata`` rewrites ``data/given_names.tsv`` and
``data/nicknames.tsv`` from the installed ``nomquamgender`` and ``nicknames`` packages (pinned in the
``test`` extra); ``tests/pipeline/test_names_data.py`` checks that the shipped files are what this gives.

- ``nomquamgender`` 0.1.4 (MIT, Copyright (c) 2022 Ian Van Buskirk; https://github.com/ianvanbuskirk/
  nomquamgender): for each name, how many of its source data sets hold it, how many people they count,
  and the share of them recorded female.
  Kept: plain a-z names (an inner apostrophe or hyphen allowed) counted at least ``MIN_COUNT`` times in at
  least ``MIN_SOURCES`` sources.
- ``nicknames`` 1.0.1 (Apache-2.0, Carlton Northern and Nick Crews): hand-curated pairs of English given
  names and their nicknames. Dropped: pairs whose two names' shares of women differ by ``GENDER_GAP`` or
  more in the ``nomquamgender`` counts ("erin" as a nickname of "aaron").

Only the packages' data files are read (never imported), so rebuilding needs neither numpy nor pandas.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
from pathlib import Path

from ficlens.pipeline.characters.nicknames import GENDER_GAP

DATA = Path(__file__).parent / "data"
GIVEN_NAMES = DATA / "given_names.tsv"
NICKNAMES = DATA / "nicknames.tsv"

NOMQUAMGENDER = ("nomquamgender", "0.1.4", "name_data.json")
NICKNAME_PAIRS = ("nicknames", "1.0.1", "names.csv")
MIN_COUNT = 1000
MIN_SOURCES = 5
_PLAIN = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def _package_file(package: str, version: str, name: str) -> Path:
    from importlib.metadata import version as installed_version

    found = installed_version(package)
    if found != version:
        raise RuntimeError(f"{package} {version} is needed to rebuild the name data (found {found})")
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _header(lines: list[str]) -> str:
    return "".join(f"# {line}\n".replace("# \n", "#\n") for line in lines)


def _given_rows() -> dict[str, tuple[float, int, int]]:
    raw = json.loads(_package_file(*NOMQUAMGENDER).read_text(encoding="utf-8"))
    rows = {}
    for name, info in raw.items():
        sources, count, p_female = int(info[0]), int(info[1]), float(info[2])
        if _PLAIN.fullmatch(name) and count >= MIN_COUNT and sources >= MIN_SOURCES:
            rows[name] = (round(p_female, 3), count, sources)
    return rows


def given_names_tsv() -> str:
    rows = _given_rows()
    head = _header(
        [
            "Given names: the share of people with the name recorded female, how many people, in how many",
            "sources. From nomquamgender 0.1.4 (https://pypi.org/project/nomquamgender/), name_data.json;",
            "MIT licence, Copyright (c) 2022 Ian Van Buskirk (licence text: LICENSE-nomquamgender here).",
            f"Kept: plain a-z names counted >= {MIN_COUNT} times in >= {MIN_SOURCES} sources.",
            "Rebuild: python -m ficlens.pipeline.characters.namedata (with the test extra installed).",
            "",
            "name\tp_female\tcount\tsources",
        ]
    )
    body = "".join(f"{n}\t{p:.3f}\t{c}\t{s}\n" for n, (p, c, s) in sorted(rows.items()))
    return head + body


def nicknames_tsv() -> str:
    given = {n: p for n, (p, _c, _s) in _given_rows().items()}
    text = _package_file(*NICKNAME_PAIRS).read_text(encoding="utf-8")
    shorts: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        formal, short = row["name1"].strip().lower(), row["name2"].strip().lower()
        plain = _PLAIN.fullmatch(formal) and _PLAIN.fullmatch(short)
        if row["relationship"] != "has_nickname" or not plain:
            continue
        a, b = given.get(formal), given.get(short)
        if a is not None and b is not None and abs(a - b) >= GENDER_GAP:
            continue
        shorts.setdefault(formal, set()).add(short)
    head = _header(
        [
            "Nicknames: a formal given name, then the short forms people use for it.",
            "From nicknames 1.0.1 (https://pypi.org/project/nicknames/, Apache License 2.0, Carlton Northern",
            "and Nick Crews; licence text: LICENSE-nicknames beside this file), its names.csv.",
            f"Dropped: pairs whose shares of women in given_names.tsv differ by {GENDER_GAP} or more.",
            "Rebuild: python -m ficlens.pipeline.characters.namedata (with the test extra installed).",
            "",
            "formal\tnicknames",
        ]
    )
    body = "".join(f"{f}\t{' '.join(sorted(s))}\n" for f, s in sorted(shorts.items()))
    return head + body


def main() -> None:
    DATA.mkdir(exist_ok=True)
    GIVEN_NAMES.write_text(given_names_tsv(), encoding="utf-8")
    NICKNAMES.write_text(nicknames_tsv(), encoding="utf-8")
    sys.stdout.write(f"wrote {GIVEN_NAMES} and {NICKNAMES}\n")


if __name__ == "__main__":
    main()
