"""Find the mentions coreference works on, and describe each with the attributes its features read.

Mentions are the literary entity spans (``doc.spans["ficlens_entities"]``) plus personal pronouns, which
the entity recogniser does not mark, and noun phrases headed by a noun that nearly always names a place, a
building or a vehicle ("a cottage", "the river") where the recogniser marked none. Every attribute is a
small integer so that features can be computed for all (mention, antecedent) pairs at once with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.parts_of_speech import AUX as AUX_POS
from spacy.parts_of_speech import NOUN as NOUN_POS
from spacy.parts_of_speech import PRON as PRON_POS
from spacy.parts_of_speech import VERB as VERB_POS

from ficlens.datamodel import EntityType, MentionKind
from ficlens.pipeline.extensions import ENTITY_SPANS
from ficlens.pipeline.lexicon import (
    FEMALE,
    IT_FORMS,
    MALE,
    NEOPRONOUNS,
    NEUTER,
    PLURAL,
    PRONOUNS,
    REFLEXIVE,
    SINGULAR,
    UNKNOWN,
    is_title,
    pronoun_group,
)

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc

    from ficlens.pipeline.characters.cast import Cast


def _split(text: str) -> list[str]:
    return text.split()


_MALE_NOUNS = frozenset(
    _split(
        """man men boy boys father fathers son sons brother brothers husband uncle nephew king prince lord sir
    gentleman gentlemen grandfather grandson monk priest duke count baron master mister mr fellow lad chap
    guy bachelor widower groom bridegroom emperor papa dad daddy pa waiter landlord host hero actor steward
    monsieur sire nobleman squire stepfather schoolmaster headmaster"""
    )
)
_FEMALE_NOUNS = frozenset(
    _split(
        """woman women girl girls mother mothers daughter daughters sister sisters wife aunt niece queen
    princess
    lady ladies madam madame grandmother granddaughter nun duchess countess baroness mistress mrs miss
    maid maiden widow bride empress mama mamma mom mommy mum mummy ma waitress landlady hostess heroine
    actress governess nurse spinster stepmother schoolmistress housekeeper"""
    )
)
# Nouns of places, buildings, vehicles and bodies of people that head a LitBank entity mention at least 60%
# of the times they head a noun phrase (at least three times) in the NAACL 2019 train documents, by the type
# they most often have there; without the few that are as often something else ("pass", "bar", "flat").
# A phrase they head is a mention even when the recogniser passed it over: LitBank scores every entity,
# singletons included, and the recogniser finds about half of the nominal ones. Nouns of people ("the
# stranger") are left to the recogniser: they gained nothing on the dev documents, and a person found here
# changes which pronouns go to which character (the cast of a fan-fiction dev story changed).
ENTITY_NOUNS: dict[str, str] = {
    word: label
    for label, words in (
        (
            "FAC",
            """apartment asylum bathroom bedroom building bungalow cabin camp castle cathedral chamber church
            churchyard cornfield corridor cottage court courtyard deck dining-room dormitory drawing-room
            edifice farm fort garden hall home hospital hotel house household hut inn jail kitchen lane
            library lodging mansion market-house neighborhood neighbourhood nursery orchard parapet parish
            park parlor parlour prison road room saloon school shop sidewalk site sitting-room smoking-room
            square stair staircase store street studio suite theatre tower veranda wharf workhouse yard""",
        ),
        (
            "LOC",
            """beach brook cave cliff coast country cove desert district earth field forest frontier grove
            heath hill island isle lake land meadow ocean plain plateau pond region river sea shore slope
            stream valley wilderness world""",
        ),
        (
            "VEH",
            """boat buggy car carriage chaise coach ship train vehicle vessel waggon wagon""",
        ),
        (
            "GPE",
            """city colony county kingdom nation town village""",
        ),
        (
            "ORG",
            """army club regiment""",
        ),
    )
    for word in _split(words)
}
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "my", "his", "her", "their"})
_INDEFINITE = frozenset({"a", "an", "some", "any", "another", "one", "no", "every", "each"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_OBJ = frozenset({"dobj", "pobj", "iobj", "dative", "attr", "oprd"})
TYPES = [t.value for t in EntityType]


@dataclass(slots=True)
class MentionTable:
    """Mentions of one document in text order, with their attributes as parallel arrays."""

    starts: np.ndarray
    ends: np.ndarray
    start_chars: np.ndarray
    end_chars: np.ndarray
    kind: np.ndarray  # 0 proper, 1 common, 2 pronoun
    type: np.ndarray  # index into TYPES; pronouns: PER (0) unless "it"
    gender: np.ndarray
    number: np.ndarray
    person: np.ndarray
    reflexive: np.ndarray
    sentence: np.ndarray
    role: np.ndarray  # 0 other, 1 subject, 2 object, 3 possessive
    governor: np.ndarray  # token index of the verb that governs the head (-1 if none)
    # where the governor is a relative clause whose subject is "who"/"that" ("it was Nora who walked"), the
    # token the clause describes ("Nora"); -1 otherwise
    relative_head: np.ndarray
    head_id: np.ndarray  # hash of the head's lower-case lemma
    text_id: np.ndarray  # hash of the lower-case text without determiners
    pron_group: np.ndarray  # which pronoun paradigm (-1 for a noun phrase)
    quote: np.ndarray  # index of the quotation the mention is in, -1 if none
    indefinite: np.ndarray
    character: np.ndarray  # index into the cast for proper PER mentions with a character, else -1
    salience: np.ndarray  # log(1 + mentions of the same character or head word)
    texts: list[str]
    heads: list[str]

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    @property
    def kinds(self) -> list[MentionKind]:
        order = [MentionKind.PROPER, MentionKind.COMMON, MentionKind.PRONOUN]
        return [order[k] for k in self.kind.tolist()]


def _governor(i: int, heads: list[int], is_verb: list[bool]) -> int:
    """The verb that governs token ``i`` (itself if a verb), climbing at most four arcs; -1 if none."""
    for _ in range(4):
        if is_verb[i]:
            return i
        if heads[i] == i:
            return -1
        i = heads[i]
    return -1


_RELATIVE_SUBJECTS = ("who", "that")


def _relative_clauses(
    lowers: list[int], deps: list[int], head_of: list[int], strings: StringStore
) -> dict[int, int]:
    """The verb of each relative clause whose subject is "who" or "that", mapped to the token the clause
    describes: in "it was Nora who walked", walked -> Nora. Compares string hashes, token by token."""
    subject_deps = {strings.as_int(d) for d in ("nsubj", "nsubjpass")}
    relative = {strings.as_int(w) for w in _RELATIVE_SUBJECTS}
    relcl = strings.as_int("relcl")
    described: dict[int, int] = {}
    for t, (lower, dep) in enumerate(zip(lowers, deps, strict=True)):
        if dep not in subject_deps or lower not in relative:
            continue
        verb = head_of[t]
        if verb != t and deps[verb] == relcl and head_of[verb] != verb:
            described[verb] = head_of[verb]
    return described


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the quotations ``ficlens_quotes`` found (coreference detects none of its own)."""
    from ficlens.pipeline.docdata import get_quotes

    quotes = get_quotes(doc)
    if quotes is None:
        raise ValueError("ficlens_coref needs ficlens_quotes before it in the pipeline")
    out = []
    for q in quotes:
        span = doc.char_span(q.start_char, q.end_char, alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end))
    return out


def sentence_index(doc: Doc) -> np.ndarray:
    """The sentence number of every token (all 0 without sentence boundaries)."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return np.zeros(len(doc), dtype=np.int32)
    starts = doc.to_array([SENT_START]).reshape(-1).astype(np.int64) == 1
    starts[0] = True
    return (np.cumsum(starts) - 1).astype(np.int32)


def _pronoun_tokens(doc: Doc) -> list[int]:
    """Indices of personal pronouns: the tagger's PRP/PRP$ words, and neopronouns whatever their tag."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([LOWER, TAG, POS]).astype(np.uint64)
    lower, tag, pos = arr[:, 0], arr[:, 1], arr[:, 2]
    pronoun_ids = np.array([strings.add(w) for w in PRONOUNS], dtype=np.uint64)
    neo_ids = np.array([strings.add(w) for w in NEOPRONOUNS], dtype=np.uint64)
    tagged = np.isin(tag, np.array([strings.add("PRP"), strings.add("PRP$"), 0], dtype=np.uint64))
    tagged |= pos == PRON_POS
    keep = np.isin(lower, pronoun_ids) & (tagged | np.isin(lower, neo_ids))
    return np.flatnonzero(keep).tolist()


def _nested_same(proper: list[tuple[int, int, str]]) -> set[tuple[int, int]]:
    """Proper spans inside a longer proper span of the same label, in one pass over spans sorted by start."""
    out: set[tuple[int, int]] = set()
    ordered = sorted(proper, key=lambda r: (r[0], -r[1]))
    open_spans: list[tuple[int, int, str]] = []
    for s, e, label in ordered:
        open_spans = [o for o in open_spans if o[1] > s]
        if any(o[2] == label and o[0] <= s and e <= o[1] and (o[0], o[1]) != (s, e) for o in open_spans):
            out.add((s, e))
        open_spans.append((s, e, label))
    return out


# dependents that belong to a noun phrase on its head's left; a misparsed vocative ("No, uncle") may hang
# the rest of its clause there too
_PHRASE_LEFT = frozenset(
    _split("det predet amod compound poss nummod nmod quantmod advmod punct case npadvmod cc")
)


def _noun_phrase(doc: Doc, head: int) -> tuple[int, int]:
    """The phrase ``head`` heads, as LitBank marks it: its noun-phrase dependents on the left, and on the
    right those up to a coordinated conjunct ("the women" of "the women and children") or a comma (a
    clause set off by one, "a grove, which stood...", is left out), without edge punctuation."""
    token = doc[head]
    start = min([c.left_edge.i for c in token.lefts if c.dep_ in _PHRASE_LEFT] + [head])
    end = head + 1
    for child in token.rights:
        if child.dep_ in ("conj", "cc", "punct"):
            break
        end = child.right_edge.i + 1
    while start < head and (doc[start].is_punct or doc[start].dep_ in ("cc", "preconj")):
        start += 1
    while end > head + 1 and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    return start, end


def _unmarked_nouns(
    doc: Doc, rows: list[tuple[int, int, int, int, int]]
) -> list[tuple[int, int, int, int, int]]:
    """Noun phrases headed by one of ``ENTITY_NOUNS`` whose head no entity span has, and that no proper name
    holds ("the Mill Road" is the recogniser's to mark); rows as ``extract_mentions`` keeps them."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    arr = doc.to_array([LEMMA, POS, DEP]).astype(np.uint64)
    noun_ids = np.array([strings.add(w) for w in ENTITY_NOUNS], dtype=np.uint64)
    found = np.isin(arr[:, 0], noun_ids) & (arr[:, 1] == NOUN_POS) & (arr[:, 2] != strings.add("compound"))
    if not found.any():
        return []
    taken = np.zeros(len(doc), dtype=bool)
    in_name = np.zeros(len(doc), dtype=bool)
    for start, end, kind, _type, root in rows:
        taken[root] = True
        if kind == 0:
            in_name[start:end] = True
    out = []
    for head in np.flatnonzero(found & ~taken & ~in_name).tolist():
        start, end = _noun_phrase(doc, head)
        label = ENTITY_NOUNS[doc[head].lemma_]
        out.append((start, end, 1, TYPES.index(label), head))
    return out


def _is_it(doc: Doc, i: int) -> bool:
    return doc[i].lower_ in IT_FORMS


def extract_mentions(
    doc: Doc, cast: Cast | None = None, *, add_pronouns: bool = True, add_nouns: bool | None = None
) -> MentionTable:
    """The entity spans of ``doc`` and (with ``add_pronouns``) its personal pronouns, described; with
    ``add_nouns`` (by default as ``add_pronouns``: predicted mentions) the phrases of ``_unmarked_nouns``."""
    if add_nouns is None:
        add_nouns = add_pronouns
    spans = doc.spans.get(ENTITY_SPANS, [])
    seen: set[tuple[int, int]] = set()
    rows: list[tuple[int, int, int, int, int]] = []  # start, end, kind, type, head token
    proper: list[tuple[int, int, str]] = []
    for span in spans:
        key = (span.start, span.end)
        if key in seen or span.label_ not in TYPES:
            continue
        seen.add(key)
        root = span.root
        if add_pronouns and all(is_title(t.lower_) for t in span):
            continue  # a bare "Mr." split off its name by the recogniser
        kind = 2 if (len(span) == 1 and root.lower_ in PRONOUNS) else (0 if root.pos_ == "PROPN" else 1)
        rows.append((span.start, span.end, kind, TYPES.index(span.label_), root.i))
        if kind == 0:
            proper.append((span.start, span.end, span.label_))
    if add_pronouns and proper:
        # a name inside a longer name of the same type ("Lawrence" in "Lawrence Lefferts") is not a mention
        inner = _nested_same(proper)
        rows = [r for r in rows if r[2] != 0 or (r[0], r[1]) not in inner]
    if add_nouns:
        for row in _unmarked_nouns(doc, rows):
            if (row[0], row[1]) not in seen:
                seen.add((row[0], row[1]))
                rows.append(row)
    for ti in _pronoun_tokens(doc) if add_pronouns else ():
        if _is_it(doc, ti):
            continue  # "it" is an entity too seldom to be worth its false links
        if (ti, ti + 1) not in seen:
            seen.add((ti, ti + 1))
            rows.append((ti, ti + 1, 2, 0, ti))
    rows.sort(key=lambda r: (r[0], -r[1]))
    n = len(rows)
    sent_of = sentence_index(doc)
    quote_of = np.full(len(doc) + 1, -1, dtype=np.int32)
    for q, (qs, qe) in enumerate(quote_regions(doc)):
        quote_of[qs:qe] = np.where(quote_of[qs:qe] < 0, q, quote_of[qs:qe])
    assignments = cast.assignments if cast is not None else {}
    member_index = {m.id: i for i, m in enumerate(cast.members)} if cast is not None else {}
    genders = [m.gender for m in cast.members] if cast is not None else []

    arr = {
        name: np.zeros(n, dtype=np.int32)
        for name in (
            "kind",
            "type",
            "gender",
            "number",
            "person",
            "reflexive",
            "role",
            "governor",
            "relative_head",
            "pron_group",
            "indefinite",
            "character",
        )
    }
    head_id = np.zeros(n, dtype=np.int64)
    text_id = np.zeros(n, dtype=np.int64)
    texts: list[str] = []
    heads: list[str] = []
    strings = doc.vocab.strings
    tok = (
        doc.to_array([LOWER, LEMMA, POS, TAG, DEP, HEAD, IDX, LENGTH]).astype(np.int64) if len(doc) else None
    )
    if tok is not None:
        lowers, lemmas, tags, deps = (tok[:, c].astype(np.uint64).tolist() for c in (0, 1, 3, 4))
        pos_list = tok[:, 2].tolist()
        head_of = (np.arange(len(doc)) + tok[:, 5]).tolist()
        idx, length = tok[:, 6].tolist(), tok[:, 7].tolist()
        is_verb = [p in (VERB_POS, AUX_POS) for p in pos_list]
        described = _relative_clauses(lowers, deps, head_of, strings)
    cache: dict[int, str] = {}

    def word(h: int) -> str:
        if h not in cache:
            cache[h] = strings[h] if h else ""
        return cache[h]

    text = doc.text
    start_chars = np.zeros(n, dtype=np.int64)
    end_chars = np.zeros(n, dtype=np.int64)
    for i, (start, end, kind, etype, root) in enumerate(rows):
        lower = word(lowers[root])
        arr["kind"][i] = kind
        words = [word(lowers[t]) for t in range(start, end)]
        start_chars[i] = idx[start]
        end_chars[i] = idx[end - 1] + length[end - 1]
        texts.append(text[idx[start] : end_chars[i]])
        head = word(lemmas[root]).lower() or lower
        heads.append(head)
        arr["character"][i] = -1
        arr["pron_group"][i] = -1
        if kind == 2:
            pronoun = PRONOUNS[lower]
            g, num, person, refl = pronoun.gender, pronoun.number, pronoun.person, pronoun.form == REFLEXIVE
            arr["gender"][i], arr["number"][i], arr["person"][i] = g, num, person
            arr["reflexive"][i] = int(refl)
            arr["type"][i] = TYPES.index("FAC") if g == NEUTER else 0
            arr["pron_group"][i] = pronoun_group(lower)
        else:
            arr["type"][i] = etype
            arr["number"][i] = PLURAL if word(tags[root]) in ("NNS", "NNPS") else SINGULAR
            if etype == 0:
                if kind == 0:
                    cid = assignments.get((start, end))
                    if cid is not None:
                        arr["character"][i] = member_index[cid]
                        sex = genders[member_index[cid]]
                        arr["gender"][i] = MALE if sex == "m" else FEMALE if sex == "f" else UNKNOWN
                else:
                    arr["gender"][i] = (
                        MALE if head in _MALE_NOUNS else FEMALE if head in _FEMALE_NOUNS else UNKNOWN
                    )
            else:
                arr["gender"][i] = NEUTER
            arr["indefinite"][i] = int(words[0] in _INDEFINITE)
        dep = word(deps[root])
        arr["role"][i] = 1 if dep in _SUBJ else 2 if dep in _OBJ else 3 if dep == "poss" else 0
        arr["governor"][i] = _governor(root, head_of, is_verb)
        arr["relative_head"][i] = described.get(int(arr["governor"][i]), -1)
        head_id[i] = hash(head)
        text_id[i] = hash(" ".join(w for w in words if w not in _DETERMINERS and w not in ("'s", "’s")))
    starts = np.array([r[0] for r in rows], dtype=np.int32)
    ends = np.array([r[1] for r in rows], dtype=np.int32)
    sentence = sent_of[starts] if n else np.zeros(0, dtype=np.int32)
    quote = quote_of[starts] if n else np.zeros(0, dtype=np.int32)
    # salience: how often the candidate's character (or, without one, its head word) is mentioned
    salience = np.zeros(n, dtype=np.float32)
    if n:
        char_counts = np.bincount(arr["character"][arr["character"] >= 0], minlength=len(genders) or 1)
        _, inverse, counts = np.unique(head_id, return_inverse=True, return_counts=True)
        salience = np.log1p(counts[inverse]).astype(np.float32)
        has_char = arr["character"] >= 0
        salience[has_char] = np.log1p(char_counts[arr["character"][has_char]])
        salience[arr["kind"] == 2] = 0.0
    return MentionTable(
        starts=starts,
        ends=ends,
        start_chars=start_chars,
        end_chars=end_chars,
        kind=arr["kind"],
        type=arr["type"],
        gender=arr["gender"],
        number=arr["number"],
        person=arr["person"],
        reflexive=arr["reflexive"],
        sentence=sentence,
        role=arr["role"],
        governor=arr["governor"],
        relative_head=arr["relative_head"],
        head_id=head_id,
        text_id=text_id,
        pron_group=arr["pron_group"],
        quote=quote,
        indefinite=arr["indefinite"],
        character=arr["character"],
        salience=salience,
        texts=texts,
        heads=heads,
    )
