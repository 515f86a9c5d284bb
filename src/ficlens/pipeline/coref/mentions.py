"""Find the mentions coreference works on, and describe each with the attributes its features read.

Mentions are the literary entity spans (``doc.spans["ficlens_entities"]``) plus personal pronouns, which
the entity recogniser does not mark. Every attribute is a small integer so that features can be computed
for all (mention, antecedent) pairs at once with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ficlens.datamodel import EntityType, MentionKind
from ficlens.pipeline.extensions import ENTITY_SPANS

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.pipeline.characters.cast import Cast

# gender codes
UNKNOWN, MALE, FEMALE, NEUTER = 0, 1, 2, 3
# number codes
SINGULAR, PLURAL = 1, 2
# person codes: third, first singular, first plural, second
THIRD, FIRST, FIRST_PLURAL, SECOND = 0, 1, 2, 3

# pronoun -> (gender, number, person, reflexive)
PRONOUNS: dict[str, tuple[int, int, int, bool]] = {}
for _words, _g, _n, _p, _r in [
    ("he him his", MALE, SINGULAR, THIRD, False),
    ("himself", MALE, SINGULAR, THIRD, True),
    ("she her hers", FEMALE, SINGULAR, THIRD, False),
    ("herself", FEMALE, SINGULAR, THIRD, True),
    ("it its", NEUTER, SINGULAR, THIRD, False),
    ("itself", NEUTER, SINGULAR, THIRD, True),
    ("they them their theirs 'em", UNKNOWN, UNKNOWN, THIRD, False),
    ("themselves themself", UNKNOWN, UNKNOWN, THIRD, True),
    # neopronouns: one person, gender unknown
    ("xe xem xyr xyrs ze zir zirs hir hirs ey em eir eirs", UNKNOWN, SINGULAR, THIRD, False),
    ("xemself zirself hirself emself", UNKNOWN, SINGULAR, THIRD, True),
    ("i me my mine", UNKNOWN, SINGULAR, FIRST, False),
    ("myself", UNKNOWN, SINGULAR, FIRST, True),
    ("we us our ours", UNKNOWN, PLURAL, FIRST_PLURAL, False),
    ("ourselves", UNKNOWN, PLURAL, FIRST_PLURAL, True),
    ("you your yours ye yer thou thee thy thine yeh", UNKNOWN, UNKNOWN, SECOND, False),
    ("yourself thyself", UNKNOWN, SINGULAR, SECOND, True),
    ("yourselves", UNKNOWN, PLURAL, SECOND, True),
]:
    for _w in _words.split():
        PRONOUNS[_w] = (_g, _n, _p, _r)
# neopronouns are no other English word, so the tagger's opinion of them (often "proper noun") is ignored
NEOPRONOUNS = frozenset(
    ["xe", "xem", "xyr", "xyrs", "xemself", "ze", "zir", "zirs", "zirself", "hir", "hirs", "hirself"]
)
PRONOUN_GROUP = {
    w: k
    for k, ws in enumerate(
        [
            "he him his himself",
            "she her hers herself",
            "it its itself",
            "they them their theirs themselves themself 'em",
            "xe xem xyr xyrs xemself",
            "ze zir zirs zirself hir hirs hirself",
            "ey em eir eirs emself",
            "i me my mine myself",
            "we us our ours ourselves",
            "you your yours yourself yourselves ye yer thou thee thy thine yeh thyself",
        ]
    )
    for w in ws.split()
}


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


def _governor(token: Any) -> int:
    head = token
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            return int(head.i) if head.pos_ in ("VERB", "AUX") else -1
        head = head.head
    return -1


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of quotations: from ``doc._.ficlens_quotes`` when present, else from quote marks."""
    quotes = doc._.ficlens_quotes if doc.has_extension("ficlens_quotes") else None
    if quotes:
        out = []
        for q in quotes:
            span = doc.char_span(q.start_char, q.end_char, alignment_mode="expand")
            if span is not None:
                out.append((span.start, span.end))
        return sorted(out)
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for token in doc:
        text = token.text
        if text in ("“", "``") or (text == '"' and open_at is None):
            if open_at is not None and token.i - open_at > 1:  # an unclosed quote: paragraphs of one speech
                regions.append((open_at, token.i))
            open_at = token.i
        elif text in ("”", "''", '"') and open_at is not None:
            regions.append((open_at, token.i + 1))
            open_at = None
        elif open_at is not None and token.i - open_at > 400:
            open_at = None
    return regions


def extract_mentions(doc: Doc, cast: Cast | None = None, *, add_pronouns: bool = True) -> MentionTable:
    """The entity spans of ``doc`` and (with ``add_pronouns``) its personal pronouns, described."""
    spans = doc.spans.get(ENTITY_SPANS, [])
    seen: set[tuple[int, int]] = set()
    rows: list[tuple[int, int, int, int, Any]] = []  # start, end, kind, type, head token
    for span in spans:
        key = (span.start, span.end)
        if key in seen or span.label_ not in TYPES:
            continue
        seen.add(key)
        root = span.root
        kind = 2 if (len(span) == 1 and root.lower_ in PRONOUNS) else (0 if root.pos_ == "PROPN" else 1)
        rows.append((span.start, span.end, kind, TYPES.index(span.label_), root))
    for token in doc if add_pronouns else ():
        lower = token.lower_
        if (
            lower in PRONOUNS
            and (token.i, token.i + 1) not in seen
            and (
                token.tag_ in ("PRP", "PRP$")
                or token.pos_ == "PRON"
                or not token.tag_
                or lower in NEOPRONOUNS
            )
        ):
            seen.add((token.i, token.i + 1))
            rows.append((token.i, token.i + 1, 2, 0, token))
    rows.sort(key=lambda r: (r[0], -r[1]))
    n = len(rows)
    sent_of = np.zeros(len(doc), dtype=np.int32)
    if doc.has_annotation("SENT_START"):
        s = -1
        for token in doc:
            if token.is_sent_start or token.i == 0:
                s += 1
            sent_of[token.i] = s
    quote_of = np.full(len(doc) + 1, -1, dtype=np.int32)
    for q, (qs, qe) in enumerate(quote_regions(doc)):
        quote_of[qs:qe] = q
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
            "pron_group",
            "indefinite",
            "character",
        )
    }
    head_id = np.zeros(n, dtype=np.int64)
    text_id = np.zeros(n, dtype=np.int64)
    texts: list[str] = []
    heads: list[str] = []
    for i, (start, end, kind, etype, root) in enumerate(rows):
        lower = root.lower_
        arr["kind"][i] = kind
        words = [t.lower_ for t in doc[start:end]]
        texts.append(doc[start:end].text)
        head = root.lemma_.lower() or lower
        heads.append(head)
        arr["character"][i] = -1
        arr["pron_group"][i] = -1
        if kind == 2:
            g, num, person, refl = PRONOUNS[lower]
            arr["gender"][i], arr["number"][i], arr["person"][i], arr["reflexive"][i] = (
                g,
                num,
                person,
                int(refl),
            )
            arr["type"][i] = TYPES.index("FAC") if g == NEUTER else 0
            arr["pron_group"][i] = PRONOUN_GROUP.get(lower, -1)
        else:
            arr["type"][i] = etype
            arr["number"][i] = PLURAL if root.tag_ in ("NNS", "NNPS") else SINGULAR
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
        dep = root.dep_
        arr["role"][i] = 1 if dep in _SUBJ else 2 if dep in _OBJ else 3 if dep == "poss" else 0
        arr["governor"][i] = _governor(root)
        head_id[i] = hash(head)
        text_id[i] = hash(" ".join(w for w in words if w not in _DETERMINERS and w not in ("'s", "’s")))
    starts = np.array([r[0] for r in rows], dtype=np.int32)
    ends = np.array([r[1] for r in rows], dtype=np.int32)
    start_chars = np.array([doc[r[0]].idx for r in rows], dtype=np.int64)
    end_chars = np.array([doc[r[1] - 1].idx + len(doc[r[1] - 1].text) for r in rows], dtype=np.int64)
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
