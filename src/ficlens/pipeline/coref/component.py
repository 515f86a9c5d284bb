"""spaCy glue for ``ficlens_coref`` and ``ficlens_quote_pronouns``."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from spacy.language import Language

from ficlens.pipeline.characters.cast import Cast, CastMember, add_reader, alias_text, prune_cast
from ficlens.pipeline.characters.cluster import parse_name
from ficlens.pipeline.coref.mentions import extract_mentions
from ficlens.pipeline.coref.resolve import CorefModel, Person, kinds_and_types, resolve
from ficlens.pipeline.coref.result import CorefResult, ResolvedMention
from ficlens.pipeline.docdata import get_cast, get_options, set_cast, set_coref
from ficlens.pipeline.lexicon import FIRST, PLURAL, SURNAME_TITLES, THEY_FORMS, THIRD_SINGULAR_GENDERED
from ficlens.pipeline.weights import WeightedPipe

if TYPE_CHECKING:
    from spacy.tokens import Doc

# an unnamed cluster is a character when it is this often mentioned (the narrator: by three first persons)
UNNAMED_MIN_MENTIONS = 5
NARRATOR_MIN_MENTIONS = 3


def resolve_doc(doc: Doc, cast: Cast, model: CorefModel, *, gold_mentions: bool = False) -> CorefResult:
    """Cluster the mentions of ``doc`` and attach characters; adds unnamed characters to ``cast``."""
    table = extract_mentions(doc, cast, add_pronouns=not gold_mentions)
    roots, keep, root_char = resolve(
        table, model, drop_unlinked_it=not gold_mentions, people=[_person(m) for m in cast.members]
    )
    kinds, types = kinds_and_types(table)
    cluster_ids: dict[int, int] = {}
    for root in roots:
        cluster_ids.setdefault(root, len(cluster_ids))
    char_of = {cluster_ids[r]: cast.members[c].id for r, c in root_char.items() if r in cluster_ids}
    mentions: list[ResolvedMention] = []
    starts, ends = table.starts.tolist(), table.ends.tolist()
    sc, ec = table.start_chars.tolist(), table.end_chars.tolist()
    person, quote, number = table.person.tolist(), table.quote.tolist(), table.number.tolist()
    for i in range(len(table)):
        if not keep[i]:
            continue
        cluster = cluster_ids[roots[i]]
        mentions.append(
            ResolvedMention(
                start=starts[i],
                end=ends[i],
                start_char=sc[i],
                end_char=ec[i],
                kind=kinds[i],
                type=types[i],
                cluster=cluster,
                character=char_of.get(cluster),
                text=table.texts[i],
                person=person[i],
                quote=quote[i],
                plural=number[i] == PLURAL,
            )
        )
    result = CorefResult(mentions)
    _add_unnamed_characters(result, cast)
    add_reader(doc, result, cast)
    prune_cast(doc, result, cast)
    _detach_narrator_third_persons(result)
    return result


# the share of the narration's first persons one character must hold to be the story's one narrator
ONE_NARRATOR_SHARE = 0.8


def _detach_narrator_third_persons(result: CorefResult) -> None:
    """In a story one character tells in the first person, the narration's "he" and "she" are never that
    character: the narrator is "I". Such pronouns the chains gave the narrator (through a name others call
    them by) lose the character and stand alone, rather than make the narrator speak others' lines."""
    firsts = Counter(
        m.character
        for m in result.mentions
        if m.kind.value == "pronoun" and m.person == FIRST and m.quote < 0
    )
    total = sum(firsts.values())
    if total < NARRATOR_MIN_MENTIONS:
        return
    teller, held = firsts.most_common(1)[0]
    if teller is None or held < ONE_NARRATOR_SHARE * total:
        return
    next_cluster = max(m.cluster for m in result.mentions) + 1
    for m in result.mentions:
        if (
            m.character == teller
            and m.kind.value == "pronoun"
            and m.person == 0
            and m.quote < 0
            and m.text.lower() in THIRD_SINGULAR_GENDERED
        ):
            m.character = None
            m.cluster = next_cluster
            next_cluster += 1


def _person(member: CastMember) -> Person:
    surnames: set[str] = set()
    titles: set[str] = set()
    for alias in [member.name, *member.aliases]:
        parsed = parse_name(alias.split())
        titles.update(parsed.titles)
        if len(parsed.parts) >= 2 or (len(parsed.parts) == 1 and parsed.title in SURNAME_TITLES):
            surnames.add(parsed.parts[-1])
    return Person(frozenset(surnames), member.gender, frozenset(titles))


def _add_unnamed_characters(result: CorefResult, cast: Cast) -> None:
    """Characters without a proper name: a first-person narrator, and much-mentioned people ("the old
    woman"). A first person counts as narration only outside every quotation."""
    named: dict[int, str] = {}
    # a narrator only where first-person narration is common: not for a letter in a third-person novel
    narrated_third = sum(
        1 for m in result.mentions if m.kind.value == "pronoun" and m.person == 0 and m.quote < 0
    )
    for cluster, ms in sorted(result.clusters().items(), key=lambda kv: kv[1][0].start_char):
        if ms[0].character is not None or ms[0].type.value != "PER":
            continue
        narration_i = sum(1 for m in ms if m.person == FIRST and m.quote < 0)
        if (
            narration_i >= NARRATOR_MIN_MENTIONS
            and narration_i * 2 >= len(ms)
            and narration_i * 4 >= narrated_third
        ):
            name = "the narrator"
        elif len(ms) >= UNNAMED_MIN_MENTIONS:
            nominal = Counter(m.text.lower() for m in ms if m.kind.value == "common")
            plural = sum(1 for m in ms if m.plural or m.text.lower() in THEY_FORMS)
            if not nominal or plural * 2 > len(ms):
                continue
            definite = Counter({n: c for n, c in nominal.items() if n.startswith(("the ", "this ", "that "))})
            name = (definite or nominal).most_common(1)[0][0]
            if name.startswith(("my ", "dear ", "our ")):  # an address ("my dear"), not someone's name
                continue
        else:
            continue
        cid = f"C{len(cast.members) + 1}"
        aliases = list(dict.fromkeys(alias_text(m.text) for m in ms if m.kind.value != "pronoun"))
        cast.add(CastMember(id=cid, name=name, aliases=aliases, tag=None, gender=None, named=False))
        named[cluster] = cid
    for m in result.mentions:
        if m.cluster in named:
            m.character = named[m.cluster]


class CorefResolver(WeightedPipe[CorefModel]):
    """``ficlens_coref``: pronouns, common nouns and names clustered, characters attached.

    Reads the cast of ``ficlens_characters`` (none: every mention stays unnamed); writes
    ``doc._.ficlens_coref`` and the cast with the characters found without a name added."""

    file_name = "coref.json"
    shipped = "coref/coref.json"
    what = "coreference"

    def __init__(
        self, nlp: Language | None = None, name: str = "ficlens_coref", *, weights: str = "shipped"
    ) -> None:
        super().__init__(nlp, name, weights=weights)

    @classmethod
    def parse(cls, data: bytes) -> CorefModel:
        return CorefModel.from_json(json.loads(data))

    def __call__(self, doc: Doc) -> Doc:
        model = self.require()
        cast = get_cast(doc) or Cast()
        result = resolve_doc(doc, cast, model, gold_mentions=get_options(doc).coref_gold_mentions)
        set_cast(doc, cast)
        set_coref(doc, result)
        return doc
