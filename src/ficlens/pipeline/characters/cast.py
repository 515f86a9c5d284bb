"""The cast a story's names add up to: pipeline-internal, set on ``doc._.ficlens_cast``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ficlens.errors import InputError


@dataclass(slots=True)
class CastMember:
    id: str  # "C1", "C2", ... in order of first mention
    name: str  # canonical: the fullest frequent name, or the tag / cast-file name
    aliases: list[str] = field(default_factory=list)  # every surface name seen, fullest first
    tag: str | None = None  # the AO3 character tag or cast-file name it was matched to
    gender: str | None = None  # "m" / "f" from titles and given names; None when unknown
    named: bool = True  # False for characters found without a proper name ("the narrator")


@dataclass(slots=True)
class Cast:
    members: list[CastMember] = field(default_factory=list)
    # character id of each proper PER mention, keyed by its token span (start, end)
    assignments: dict[tuple[int, int], str] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def member(self, cid: str) -> CastMember | None:
        for m in self.members:
            if m.id == cid:
                return m
        return None

    def add(self, member: CastMember) -> None:
        self.members.append(member)
        self._index.clear()

    def find(self, name: str) -> str | None:
        """The character id for a surface name (case-insensitive, possessive and title tolerant)."""
        if not self._index:
            self._build_index()
        key = _norm(name)
        if key in self._index:
            return self._index[key]
        from ficlens.pipeline.characters.cluster import parse_name

        parsed = parse_name(name.split())
        if parsed.parts and len(parsed.parts) == 1:
            hits = {
                m.id
                for m in self.members
                for alias in m.aliases
                if (p := parse_name(alias.split())).parts and parsed.parts[0] in (p.parts[0], p.parts[-1])
            }
            if len(hits) == 1:
                return hits.pop()
        return None

    def _build_index(self) -> None:
        ambiguous: set[str] = set()
        for m in self.members:
            for alias in [m.name, *m.aliases]:
                key = _norm(alias)
                if key in self._index and self._index[key] != m.id:
                    ambiguous.add(key)
                self._index.setdefault(key, m.id)
        for key in ambiguous:
            del self._index[key]


def _norm(name: str) -> str:
    text = " ".join(name.replace("’", "'").split()).lower()
    for suffix in ("'s", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip()


@dataclass(frozen=True, slots=True)
class CastEntry:
    """One character of a user's cast file: a canonical name and the other names it goes by."""

    name: str
    aliases: tuple[str, ...] = ()


def load_cast_file(path: Path) -> list[CastEntry]:
    """Read a cast file: a YAML list of ``{name: canonical, aliases: [..]}`` entries.

    Raises ``InputError`` naming the file and what is wrong with it.
    """
    import yaml

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read the cast file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "the cast file is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"the cast file is not valid YAML ({exc.__class__.__name__})") from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(str(path), "a cast file must be a YAML list of {name: ..., aliases: [...]} entries")
    entries: list[CastEntry] = []
    for i, item in enumerate(raw, start=1):
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict):
            raise InputError(str(path), f"entry {i} is not a mapping with a 'name'")
        unknown = set(item) - {"name", "aliases"}
        if unknown:
            raise InputError(str(path), f"entry {i} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InputError(str(path), f"entry {i} has no 'name' (a non-empty string)")
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise InputError(str(path), f"entry {i} ({name}): 'aliases' must be a list of names")
        entries.append(CastEntry(name.strip(), tuple(a.strip() for a in aliases)))
    return entries
