"""Who the "I" of a first-person narration is.

Coreference folds every "I" of narration into one unnamed character, "the narrator". Stories usually say
who that is, though never in the narration's own voice: other people call the narrator by name in dialogue
the narrator answers ('"Come on, Nell," she told me.'; a call closing its paragraph answered by a bare line
or by a deed of mine: '"Ms. Okoro?"' / 'I stood up.'), tell the narrator who they are ('"You must be
Theo."'), the narrator introduces themself ("My name is Nell", '"I'm Tomasz," I said', a name given when
asked for one), signs a letter or a message, or a heading names the scene's teller ("Nell's POV"). One call
is enough for a name the narration itself never uses; the narrator's other names so called (a surname, a
first name) join them. Where that evidence is strong, "the narrator" is that character. Where headings name
the teller scene by scene (alternating first-person narrators), each headed scene's "I" is its own
narrator's, a scene without a heading keeps the teller of the scene before it, and the scenes before the
first heading are named from their own evidence.

A character the narration itself names often, or calls "she" or "he", is someone the narrator talks about,
not the narrator: that counts against them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ficlens.datamodel import MentionKind
from ficlens.pipeline.lexicon import FIRST_SINGULAR, THIRD_SINGULAR_GENDERED

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

    from ficlens.pipeline.characters.cast import Cast, CastMember
    from ficlens.pipeline.coref.result import CorefResult, ResolvedMention

# Weights of the evidence that a named character is the narrator, in units of one quoted mention of their
# name (the weakest: a narrator's name turns up in other people's lines, hardly ever in the narration).
VOCATIVE = 1.0  # called by name in a line the narrator is told or answers
SIGNATURE = 1.5  # signs a letter or a message written in the narration
SELF_INTRODUCTION = 3.0  # "my name is Nell", "I'm Nell", "call me Nell"
STRONG_MIN = 2.0  # this much of the evidence above names the narrator without two quoted mentions
# A scene's heading lines: at most this many short paragraphs of at most this many words, as in ``pov``.
HEADING_LINES = 3
HEADING_WORDS = 6
SIGNATURE_WORDS = 4  # a signature line: a sign-off and a name ("Love, Nell", "— T.")
REPLY_GAP = 600  # characters between a line and the narrator's answer to it
TAG_REACH = 6  # tokens between a line and its speech verb ('"Okay," I say' / 'Then, softly, I said, "..."')
_END = 1 << 62

_POV_LABEL = re.compile(r"\b(?:pov|point of view)\b", re.IGNORECASE)
_SIGN_OFFS = frozenset(
    {
        "love", "yours", "sincerely", "regards", "cheers", "xx", "xxx", "x", "best", "always", "ever",
        "affectionately", "faithfully", "truly", "thanks", "your", "friend", "fondly", "warmly",
    }
)  # fmt: skip
_DASHES = "-—–~"
_FIRST_WORD = re.compile(r"\b(?:i|me|my|i'm|i’m)\b")
_FIRST = FIRST_SINGULAR
_THIRD = THIRD_SINGULAR_GENDERED


@dataclass(slots=True)
class _Tally:
    quoted: float = 0.0
    narrated: float = 0.0  # narrated proper mentions that are not themselves evidence
    pronouns: float = 0.0  # narrated third-person pronouns resolved to them
    strong: float = 0.0
    mine: int = 0  # times the narrator says the name in a line of their own ('"Where's Gerald?" I asked')


def name_narrators(
    doc: Doc,
    result: CorefResult,
    cast: Cast,
    by_id: dict[str, list[ResolvedMention]],
    *,
    not_a_person: Callable[[CastMember], bool] = lambda _m: False,
) -> tuple[dict[str, str], set[str]]:
    """Name "the narrator". Returns ``{narrator id: character id}`` when one named character is the
    narrator throughout, and the ids of every character found to tell the story; with alternating
    narrators, each headed scene's first persons move to its teller (``by_id`` is updated). A name the
    cast decision calls no person (a place, an interjection, a form of address) tells nothing."""
    narrator = next((m for m in cast.members if m.name == "the narrator" and not m.named), None)
    if narrator is None:
        return {}, set()
    from ficlens.pipeline.characters.cast import letters_only

    # the "I" of letters and messages inside a third-person narration is no narrator to hand out or rename
    narrating = not letters_only(result, by_id.get(narrator.id, []))
    named = {m.id: m for m in cast.members if m.named and not not_a_person(m)}
    cuts = _scenes(doc)
    tellers = _headed_tellers(doc, result, cuts, named)
    distinct = {c for c, _ in (t for t in tellers if t is not None)}
    told: set[str] = set()
    per_scene: list[str | None] = [None] * len(cuts)
    if distinct and narrating:
        per_scene = _scene_tellers(tellers)
        _hand_out_scenes(result, cuts, per_scene, narrator.id, by_id)
        told = set(distinct)
    if narrator.id not in {m.character for m in result.mentions}:
        return {}, told  # every "I" went to a headed scene's teller
    tally = {cid: _Tally() for cid in named}
    heading_at = {head[1] for head in tellers if head is not None}
    evidence_spans = _heading_mentions(result, heading_at, cuts)

    def untold(pos: int) -> bool:
        """In a scene no heading gave a teller: where the remaining narrator speaks."""
        s = _scene_of(cuts, pos)
        return s < 0 or per_scene[s] is None

    names = [n for n in _name_spans(doc, result, set(named)) if untold(doc[n.start].idx)]
    for weight, found in (
        (VOCATIVE, _vocatives_to_me(doc, names)),
        (VOCATIVE, _you_are(doc, names)),
        (SELF_INTRODUCTION, _self_introductions(doc, names)),
        (SIGNATURE, _signatures(doc, names)),
    ):
        for key, at in found:
            tally.setdefault(key, _Tally()).strong += weight
            evidence_spans.add(at)
    my_lines = _my_lines(doc)
    for key, t in tally.items():
        if key.startswith("="):  # a name the entity model missed: its occurrences as a word
            quotes = _quote_spans(doc)
            for tok in doc:
                if tok.text == key[1:] and tok.i not in evidence_spans and untold(tok.idx):
                    if _containing(quotes, tok.idx) is not None:
                        t.quoted += 1
                        t.mine += _containing(my_lines, tok.idx) is not None
                    else:
                        t.narrated += 1
            continue
        for m in by_id.get(key, []):
            if not untold(m.start_char):
                continue
            if m.kind == MentionKind.PROPER:
                if m.quote >= 0:
                    t.quoted += 1
                    t.mine += _containing(my_lines, m.start_char) is not None
                elif m.start not in evidence_spans:
                    t.narrated += 1
            elif m.kind == MentionKind.PRONOUN and m.quote < 0 and m.text.lower() in _THIRD:
                t.pronouns += 1
    best, best_score = None, 0.0
    qualified: list[str] = []
    # a cast member first; a word the entity model did not take for a name only when no member qualifies
    for key, t in sorted(tally.items(), key=lambda kv: (kv[0].startswith("="), kv[0])):
        if best is not None and key.startswith("="):
            break
        support = t.quoted + t.strong
        only_called = t.strong >= VOCATIVE and not (t.narrated or t.mine)
        if t.strong < STRONG_MIN and (t.quoted < 2 or key.startswith("=")) and not only_called:
            continue  # one call the narrator answers is enough for a name nobody else wears
        if t.narrated * 2 > support or t.pronouns > support:
            continue
        if t.mine and t.strong < STRONG_MIN:
            continue  # the narrator names them in their own lines: someone the narrator talks to or about
        qualified.append(key)
        score = support - t.narrated - t.pronouns / 2
        if score > best_score:
            best, best_score = key, score
    if best is None and narrating:
        listed = _unmet_listed_name(doc, cast)
        if listed is not None:
            # the work's tags (or the user's cast file) list one character the story never names: in a
            # first-person story, that is the "I"
            narrator.name, narrator.tag = listed
            narrator.named = True
            return {}, told | {narrator.id}
    if best is None or (best.startswith("=") and not narrating):
        return {}, told
    if best.startswith("="):
        # the story names its narrator with a name the entity model did not take for one: it is their name
        narrator.name = best[1:]
        narrator.named = True
        narrator.aliases = [best[1:], *narrator.aliases]
        return {}, told | {narrator.id}
    # The narrator's other names: a surname and a first name that other people call the narrator by
    # ("Oh, Noor." and "Morning, Haddad."), which the narration itself never names (the tally has already
    # held back names that its "she"/"he" are mostly about).
    also = {
        key: best
        for key in qualified
        if narrating
        and key != best
        and not key.startswith("=")
        and tally[key].strong >= VOCATIVE
        and not (tally[key].narrated or tally[key].mine)
    }
    # The character found to narrate joins the cast with the narrator's "I"s (a name said only by other
    # people is too thin for the cast decision on its own); a letter's "I" inside a third-person narration
    # leaves them to the cast decision.
    return {narrator.id: best, **also}, told | ({best} if narrating else set())


def _unmet_listed_name(doc: Doc, cast: Cast) -> tuple[str, str | None] | None:
    """(name, tag) of the one AO3 character tag or cast-file entry that no name in the story matches."""
    from ficlens.pipeline.characters.component import tag_seeds
    from ficlens.pipeline.docdata import get_options, get_story

    listed: list[tuple[str, str | None]] = [(e.name, e.name) for e in get_options(doc).cast if e.character]
    story = get_story(doc)
    if story is not None:
        listed += [(s.name, s.tag) for s in tag_seeds(story.metadata.characters)]
    known = {m.tag for m in cast.members if m.tag}
    text = doc.text  # Doc.text joins every token again on each use
    unmet = {
        name: tag
        for name, tag in listed
        if tag not in known and cast.find(name) is None and not _said(text, name)
    }
    return next(iter(unmet.items())) if len(unmet) == 1 else None


def _said(text: str, name: str) -> bool:
    """Any word of ``name`` written in ``text`` (the entity model may have missed it)."""
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in name.split() if len(w) > 1 and w[0].isupper())


@dataclass(frozen=True, slots=True)
class _Name:
    key: str  # a character id, or "=" and the word of a capitalised name no mention covers
    start: int  # token span
    end: int
    quote: bool  # inside a quotation


def _name_spans(doc: Doc, result: CorefResult, named: set[str]) -> list[_Name]:
    """The named characters' proper mentions, and each capitalised proper noun that no mention covers (a
    name the entity model missed: "Ilse" in '"You're late, Ilse."')."""
    from ficlens.pipeline.characters.cast import _KIN_NAMES
    from ficlens.pipeline.lexicon import is_title

    quotes = _quote_spans(doc)
    covered: set[int] = set()
    anyone: set[int] = set()  # tokens of mentions resolved to somebody
    out: list[_Name] = []
    for m in result.mentions:
        covered.update(range(m.start, m.end))
        if m.character is not None:
            anyone.update(range(m.start, m.end))
        if m.kind == MentionKind.PROPER and m.character in named:
            out.append(_Name(m.character, m.start, m.end, m.quote >= 0))
    for tok in doc:
        if (
            (
                (tok.pos_ == "PROPN" and tok.i not in covered)
                or (tok.i not in anyone and _called_by_a_word(tok))
            )
            and tok.is_title
            and tok.is_alpha
            and not is_title(tok.lower_)
            and tok.lower_ not in _KIN_NAMES
        ):
            out.append(_Name("=" + tok.text, tok.i, tok.i + 1, _containing(quotes, tok.idx) is not None))
    return out


def _called_by_a_word(tok: Token) -> bool:
    """A capitalised word the tagger took for a common one, set off by a comma inside a line and not at its
    start: a name by which someone is called ('"Hey, Sunny," Marco said.')."""
    if tok.i < 2 or tok.i + 1 >= len(tok.doc) or tok.pos_ not in ("NOUN", "ADJ"):
        return False
    before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    return before.text == "," and not tok.is_sent_start and (after.is_punct or after.is_quote)


def _scenes(doc: Doc) -> list[tuple[int, int]]:
    from ficlens.pipeline.docdata import get_story
    from ficlens.pipeline.inner.pov import scene_spans

    story = get_story(doc)
    n = len(doc.text)
    if story is None:
        return [(0, n)]
    cuts = scene_spans(
        n, [(c.start, c.end, c.index) for c in story.chapters], [(b.start, b.end) for b in story.scene_breaks]
    )
    return [(a, b) for a, b, _ in cuts] or [(0, n)]


def _scene_of(cuts: list[tuple[int, int]], pos: int) -> int:
    k = _containing(cuts, pos)
    return -1 if k is None else k


def _headed_tellers(
    doc: Doc, result: CorefResult, cuts: list[tuple[int, int]], named: dict[str, CastMember]
) -> list[tuple[str, int] | None]:
    """Per scene, the one character its heading lines name and where those lines end, when the heading
    says it is their point of view or the scene's narration never calls them "she"/"he" nor names them as
    a subject; else ``None``."""
    from ficlens.pipeline.docdata import get_story

    story = get_story(doc)
    out: list[tuple[str, int] | None] = [None] * len(cuts)
    if story is None:
        return out
    paragraphs = sorted((p.start, p.end) for p in story.paragraphs)
    proper = [
        m for m in result.mentions if m.kind == MentionKind.PROPER and m.quote < 0 and m.character in named
    ]
    text = doc.text  # Doc.text joins every token again on each use
    k = 0
    for s, (start, end) in enumerate(cuts):
        while k < len(paragraphs) and paragraphs[k][0] < start:
            k += 1
        who: set[str] = set()
        label_end = start
        pov_label = False
        j = k
        while j < len(paragraphs) and paragraphs[j][0] < end and j - k < HEADING_LINES:
            a, b = paragraphs[j]
            line = text[a:b].strip()
            if not line or len(line.split()) > HEADING_WORDS or line[-1] in '.!?"”…':
                break
            who.update(m.character for m in proper if a <= m.start_char < b and m.character is not None)
            pov_label = pov_label or bool(_POV_LABEL.search(line))
            label_end = b
            j += 1
        if len(who) != 1:
            continue
        cid = who.pop()
        if pov_label or not _talked_about(doc, result, cid, label_end, end):
            out[s] = (cid, label_end)
    return out


def _talked_about(doc: Doc, result: CorefResult, cid: str, start: int, end: int) -> bool:
    """The narration between ``start`` and ``end`` calls ``cid`` "she"/"he" or names them as a subject."""
    for m in result.mentions:
        if m.character != cid or m.quote >= 0 or not start <= m.start_char < end:
            continue
        if m.kind == MentionKind.PRONOUN and m.text.lower() in _THIRD:
            return True
        if m.kind == MentionKind.PROPER and doc[m.start : m.end].root.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def _heading_mentions(result: CorefResult, heading_ends: set[int], cuts: list[tuple[int, int]]) -> set[int]:
    """Token starts of the proper mentions in heading lines (they name the teller, they do not narrate)."""
    out: set[int] = set()
    for end in heading_ends:
        s = _scene_of(cuts, end - 1)
        if s < 0:
            continue
        start = cuts[s][0]
        out.update(
            m.start for m in result.mentions if m.kind == MentionKind.PROPER and start <= m.start_char < end
        )
    return out


def _scene_tellers(tellers: list[tuple[str, int] | None]) -> list[str | None]:
    """Per scene, its teller: its heading's, or for a scene without one, the teller of the scene before it
    (a scene break inside one narrator's part); ``None`` before the first heading."""
    per_scene: list[str | None] = []
    current: str | None = None
    for t in tellers:
        if t is not None:
            current = t[0]
        per_scene.append(current)
    return per_scene


def _hand_out_scenes(
    result: CorefResult,
    cuts: list[tuple[int, int]],
    per_scene: list[str | None],
    narrator: str,
    by_id: dict[str, list[ResolvedMention]],
) -> None:
    """Each told scene's first persons of narration are its teller's."""
    kept: list[ResolvedMention] = []
    for m in by_id.get(narrator, []):
        s = _scene_of(cuts, m.start_char)
        teller = per_scene[s] if s >= 0 else None
        if teller is None or m.quote >= 0 or m.text.lower() not in _FIRST:
            kept.append(m)
            continue
        m.character = teller
        by_id.setdefault(teller, []).append(m)
    by_id[narrator] = kept


def _paragraph_bounds(doc: Doc) -> list[tuple[int, int]]:
    from ficlens.pipeline.docdata import get_story

    story = get_story(doc)
    if story is None or not story.paragraphs:
        return [(0, len(doc.text))]
    return sorted((p.start, p.end) for p in story.paragraphs)


def _containing(spans: list[tuple[int, int]], pos: int) -> int | None:
    """The index of the span of sorted, disjoint ``spans`` that holds ``pos``."""
    k = bisect_right(spans, (pos, _END)) - 1
    return k if k >= 0 and spans[k][0] <= pos < spans[k][1] else None


def _quote_spans(doc: Doc) -> list[tuple[int, int]]:
    from ficlens.pipeline.docdata import get_quotes

    return sorted((q.start_char, q.end_char) for q in get_quotes(doc) or [])


def _narration_tokens(doc: Doc, a: int, b: int, *, quotes: list[tuple[int, int]]) -> list[Token]:
    if b <= a:
        return []
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if _containing(quotes, t.idx) is None]


def _told_by_me(tokens: list[Token]) -> bool:
    """The narration beside a line makes "I" its speaker: '"Sorry," I said.'"""
    from ficlens.pipeline.lexicon import SPEECH_FORMS_UNLEMMATISED, SPEECH_TAG_LEMMAS

    for t in tokens:
        if t.lower_ == "i" and t.dep_ == "nsubj":
            verb = t.head
            if verb.lemma_.lower() in SPEECH_TAG_LEMMAS or verb.lower_ in SPEECH_FORMS_UNLEMMATISED:
                return True
    return False


def _my_lines(doc: Doc) -> list[tuple[int, int]]:
    """The quotations whose own speech tag makes "I" their speaker ('"Is Cass in?" I asked.'): the first
    speech verb just after the line in its sentence, else the last one just before it, has "I" for subject
    and is no memory ("I had cried")."""
    quotes = _quote_spans(doc)
    starts = [t.idx for t in doc]
    out: list[tuple[int, int]] = []
    for lo, hi in quotes:
        a, b = bisect_left(starts, lo), bisect_left(starts, hi)
        tag = _tag_verb(doc, quotes, b, after=True) or _tag_verb(doc, quotes, a, after=False)
        if tag is not None and _subject_is_me(tag):
            out.append((lo, hi))
    return out


def _tag_verb(doc: Doc, quotes: list[tuple[int, int]], k: int, *, after: bool) -> Token | None:
    """The speech verb with a subject in the narration beside a quotation (from token ``k`` on, or before
    it): within ``TAG_REACH`` tokens, in its sentence and paragraph, before any other quotation."""
    from ficlens.pipeline.lexicon import SPEECH_FORMS_UNLEMMATISED, SPEECH_TAG_LEMMAS

    if after:
        if k >= len(doc):
            return None
        toks = list(doc[k : doc[k].sent.end])
    else:
        if k == 0:
            return None
        toks = list(reversed(doc[doc[k - 1].sent.start : k]))
    for t in toks[:TAG_REACH]:
        if _containing(quotes, t.idx) is not None or "\n" in t.text:
            break  # another quotation or another paragraph: the verb beyond it is not this line's tag
        if (t.lemma_.lower() in SPEECH_TAG_LEMMAS or t.lower_ in SPEECH_FORMS_UNLEMMATISED) and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in t.children
        ):
            return t
    return None


def _subject_is_me(verb: Token) -> bool:
    subj = next(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))
    if subj.lower_ != "i":
        return False
    return not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _told_to_me(tokens: list[Token]) -> bool:
    """The narration beside a line says it was said to me, or its speaker turns to me as they say it: "she
    told me", "he said to me", "asked me", "she pushes a cup across the bench at me", "he looked at me"."""
    for t in tokens:
        if t.lower_ != "me" or t.dep_ not in ("dobj", "dative", "pobj"):
            continue
        head = t.head
        while head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head  # "at me", "in front of me"
        if head.pos_ == "VERB" and not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "i" for c in head.children
        ):
            return True
    return False


def _vocatives_to_me(doc: Doc, names: list[_Name]) -> list[tuple[str, int]]:
    """(name key, token start) of each name said in direct address, in a line someone else says to me or
    that I answer in the next line: '"Come on, Nell," she told me.' / '"You're late, Tomasz." -- "I know," I
    said.'"""
    quotes = _quote_spans(doc)
    if not quotes:
        return []
    paragraphs = _paragraph_bounds(doc)
    whole = (0, len(doc.text))

    def paragraph_of(pos: int) -> tuple[int, int]:
        k = _containing(paragraphs, pos)
        return paragraphs[k] if k is not None else whole

    lower = {t.text for t in doc if t.is_lower}
    out: list[tuple[str, int]] = []
    for n in names:
        if not n.quote or not _vocative(doc, n.start, n.end, whole_line=not n.key.startswith("=")):
            continue
        if n.key.startswith("=") and _greeting_word(doc, n, lower):
            continue
        q = _containing(quotes, doc[n.start].idx)
        if q is None:
            continue
        # a quotation can run over several paragraphs (each reopened by a quotation mark): its paragraphs
        # are the one it opens in to the one it closes in
        pa, pb = paragraph_of(quotes[q][0])[0], paragraph_of(max(quotes[q][0], quotes[q][1] - 1))[1]
        beside = _narration_tokens(doc, pa, pb, quotes=quotes)
        if _told_by_me(beside):
            continue  # I said it: the name is someone else's
        answered = False
        last = _last_in_paragraph(quotes, q, pb)
        nxt = next((k for k in range(q + 1, len(quotes)) if quotes[k][0] >= pb), None)
        after = _paragraph_after(paragraphs, pb)
        if last and after is not None and (nxt is None or quotes[nxt][0] >= after[1]):
            # a call answered by a deed of mine: '"Ms. Ashby?" the nurse asked.' / 'I stood up.'
            answered = _opens_on_me(_narration_tokens(doc, *after, quotes=quotes))
        elif nxt is not None and quotes[nxt][0] - pb <= REPLY_GAP:
            na, nb = paragraph_of(quotes[nxt][0])
            reply = _narration_tokens(doc, na, nb, quotes=quotes)
            answered = _told_by_me(reply)
            if not answered and last:
                # the call closes its paragraph and a bare line answers it: in a first-person story the one
                # called is the one who answers, and a bare answer in the narrator's conversation is mine
                # (a name the narration talks about as "she"/"he" is held back by the tally)
                answered = not any(t.is_alpha for t in reply)
        if answered or _turned_to_me(doc, quotes, q, pa, pb):
            out.append((n.key, n.start))
    return out


def _turned_to_me(doc: Doc, quotes: list[tuple[int, int]], q: int, pa: int, pb: int) -> bool:
    """The narration beside line ``q`` (in its paragraph ``pa``-``pb``) says it was said to me: before the
    line, any "me" ('He turned to me. "Nell..."'); after it, a speech tag's ("she told me") or, after the
    paragraph's last line, any (an action beat between two lines goes with the line after it)."""
    lo, hi = quotes[q]
    prev_end = quotes[q - 1][1] if q > 0 and quotes[q - 1][1] > pa else pa
    nxt = quotes[q + 1][0] if q + 1 < len(quotes) and quotes[q + 1][0] < pb else None
    before = _narration_tokens(doc, prev_end, lo, quotes=quotes) if lo > prev_end else []
    after = _narration_tokens(doc, hi, nxt if nxt is not None else pb, quotes=quotes)
    if _told_to_me(before):
        return True
    if nxt is None:
        return _told_to_me(after)
    return _told_to_me(after) and _told_by_a_tag(after)


def _told_by_a_tag(tokens: list[Token]) -> bool:
    from ficlens.pipeline.lexicon import SPEECH_FORMS_UNLEMMATISED, SPEECH_TAG_LEMMAS

    return any(t.lemma_.lower() in SPEECH_TAG_LEMMAS or t.lower_ in SPEECH_FORMS_UNLEMMATISED for t in tokens)


_GREETINGS = frozenset(
    {"morning", "evening", "afternoon", "night", "hello", "hi", "bye", "goodbye", "welcome"}
)


def _greeting_word(doc: Doc, n: _Name, lower: set[str]) -> bool:
    """A capitalised word no mention covers that is a common word where it stands: one the text also writes
    in lower case ("in the morning"), a greeting or interjection, or one that goes before a name ('"Morning,
    Ashby."')."""
    from ficlens.pipeline.characters.cast import INTERJECTIONS

    word = doc[n.start].lower_
    if word in lower or word in INTERJECTIONS or word in _GREETINGS:
        return True
    nxt = doc[n.end : n.end + 2]
    return len(nxt) == 2 and nxt[0].text == "," and nxt[1].is_title and nxt[1].pos_ == "PROPN"


def _paragraph_after(paragraphs: list[tuple[int, int]], end: int) -> tuple[int, int] | None:
    k = bisect_left(paragraphs, (end, -1))
    return paragraphs[k] if k < len(paragraphs) else None


def _opens_on_me(tokens: list[Token]) -> bool:
    """A paragraph of narration that opens on me: "I stood up.", "My hands were shaking."."""
    words = [t for t in tokens if t.is_alpha]
    if not words:
        return False
    first = words[0]
    if first.text == "My" and first.dep_ == "poss":
        first = first.head
        return first.dep_ in ("nsubj", "nsubjpass")
    return first.text == "I" and first.dep_ in ("nsubj", "nsubjpass")


def _last_in_paragraph(quotes: list[tuple[int, int]], q: int, paragraph_end: int) -> bool:
    return q + 1 >= len(quotes) or quotes[q + 1][0] >= paragraph_end


def _vocative(doc: Doc, start: int, end: int, *, whole_line: bool = True) -> bool:
    """A name set off in its line as direct address: '"Nell, come on."', '"Come on, Nell."', and (with
    ``whole_line``, for a cast member's name: a lone capitalised word may be a common one) '"Ms. Okoro?"'."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is None or after is None:
        return False
    opens = before.is_quote or before.text in (",", "—", "–", "--")
    closes = after.is_quote or after.text in (",", ".", "!", "?", "—", "–", "--", "…", ";")
    if whole_line and before.is_quote and end + 1 < len(doc) and doc[end + 1].is_quote and not after.is_alpha:
        return True  # the whole line is the name: '"Ms. Okoro?"' (parsed as a subject without a verb)
    return opens and closes and doc[start:end].root.dep_ not in ("nsubj", "nsubjpass")


def _self_introductions(doc: Doc, names: list[_Name]) -> list[tuple[str, int]]:
    """(character, token start) of "my name is Nell", "I'm Nell", "call me Nell" in the narration or in a
    line the narration gives to "I"."""
    quotes = _quote_spans(doc)
    paragraphs = _paragraph_bounds(doc)
    text = doc.text  # Doc.text joins every token again on each use: once, not once a name
    out: list[tuple[str, int]] = []
    for n in names:
        root = doc[n.start : n.end].root
        head = root.head
        kids = list(head.children)
        mine = False
        if root.dep_ in ("attr", "acomp") and head.lemma_ == "be":
            for k in kids:
                if k.dep_ != "nsubj":
                    continue
                if k.lower_ == "i" or (
                    k.lemma_.lower() == "name" and any(c.lower_ == "my" for c in k.children)
                ):
                    mine = True
        elif root.dep_ in ("oprd", "xcomp", "dobj", "npadvmod") and head.lemma_ == "call":
            mine = any(k.lower_ == "me" and k.dep_ in ("dobj", "nsubj") for k in kids) and root.i > head.i
        if not mine:
            mine = _said_to_be_mine(doc, n, text) or (n.quote and _name_for_a_name(doc, quotes, n, text))
        if not mine or any(k.dep_ == "neg" for k in kids):
            continue
        if n.quote:
            q = _containing(quotes, doc[n.start].idx)
            para = _containing(paragraphs, quotes[q][0]) if q is not None else None
            if para is None or not _told_by_me(_narration_tokens(doc, *paragraphs[para], quotes=quotes)):
                continue
        out.append((n.key, n.start))
    return out


_MY_NAME_BEFORE = re.compile(
    r"(?:\bmy name(?:'s|’s| is| was)|\bI'm|\bI’m|\bI am|\bcall me|\bcalled me|\bcalls me)\s*$", re.IGNORECASE
)
_MY_NAME = re.compile(r"\bmy name(?:'s|’s| is| was)\s*$", re.IGNORECASE)
_YOU_ARE_BEFORE = re.compile(r"\b(?:you're|you’re|you are|you must be|are you)\s*$", re.IGNORECASE)


def _said_to_be_mine(doc: Doc, n: _Name, text: str) -> bool:
    """The words just before the name give it to "I" ("My name's Tilly Brand", "I'm Tilly"), whatever the
    parse made of them (the name not followed by a possessive: "I'm Tilly's sister"). A capitalised word
    the entity model did not take for a name only after "my name is" ("she called me Monday")."""
    return _before_is(doc, n, _MY_NAME if n.key.startswith("=") else _MY_NAME_BEFORE, text)


def _before_is(doc: Doc, n: _Name, pattern: re.Pattern[str], text: str) -> bool:
    start = doc[n.start]
    sent_start = start.sent.start_char if doc.has_annotation("SENT_START") else 0
    lo = max(sent_start, start.idx - 24)
    if n.end < len(doc) and doc[n.end].lower_ in ("'s", "’s"):
        return False
    return pattern.search(text[lo : start.idx]) is not None


def _you_are(doc: Doc, names: list[_Name]) -> list[tuple[str, int]]:
    """(name key, token start) of a cast member's name someone else tells me is mine: '"You must be Theo,"
    she said.', '"Are you Theo?"' (a line the narration does not give to "I")."""
    quotes = _quote_spans(doc)
    paragraphs = _paragraph_bounds(doc)
    text = doc.text  # once, not once a name
    out: list[tuple[str, int]] = []
    for n in names:
        if not n.quote or n.key.startswith("=") or not _before_is(doc, n, _YOU_ARE_BEFORE, text):
            continue
        q = _containing(quotes, doc[n.start].idx)
        para = _containing(paragraphs, quotes[q][0]) if q is not None else None
        if para is None or _told_by_me(_narration_tokens(doc, *paragraphs[para], quotes=quotes)):
            continue
        out.append((n.key, n.start))
    return out


_ASKS_NAME = re.compile(r"\b(?:your name|name\?|who are you|who.re you|and you are|you are\?)", re.IGNORECASE)


def _name_for_a_name(doc: Doc, quotes: list[tuple[int, int]], n: _Name, text: str) -> bool:
    """A line that is nothing but the name, answering the line before it that asks for a name ("What's
    your name?" / '"Wren," I said.'); whose line it is, the caller checks."""
    q = _containing(quotes, doc[n.start].idx)
    if q is None or q == 0:
        return False
    lo, hi = quotes[q]
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None or any(t.is_alpha and not n.start <= t.i < n.end for t in span):
        return False
    before_lo, before_hi = quotes[q - 1]
    return lo - before_hi <= REPLY_GAP and _ASKS_NAME.search(text[before_lo:before_hi]) is not None


def _signatures(doc: Doc, names: list[_Name]) -> list[tuple[str, int]]:
    """(character, token start) of the name that signs a letter or message in the narration: a short last
    line after a sign-off ("Love,", "Yours ever,") or opened by a dash ("— Nell"), below lines in the first
    person."""
    quotes = _quote_spans(doc)
    text = doc.text  # Doc.text joins every token again on each use
    paragraphs = _paragraph_bounds(doc)
    proper = {n.start: n for n in names}
    out: list[tuple[str, int]] = []
    for j, (a, b) in enumerate(paragraphs):
        line = text[a:b].strip()
        words = line.split()
        if not words or len(words) > SIGNATURE_WORDS:
            continue
        dashed = line[0] in _DASHES
        # a lone "— Nell" reads like em-dash dialogue to the quotation finder; it is a signature
        first = a + len(text[a:b]) - len(text[a:b].lstrip())
        if not dashed and _containing(quotes, first) is not None:
            continue
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            continue
        signed = [proper[t.i] for t in span if t.i in proper]
        if len({n.key for n in signed}) != 1:
            continue
        lead = [w.strip(",.!").lower() for w in words[: len(words) - (signed[0].end - signed[0].start)]]
        lead = [w for w in lead if w.strip(_DASHES)]
        after_sign_off = j > 0 and text[paragraphs[j - 1][0] : paragraphs[j - 1][1]].strip().endswith(",")
        closing = all(w in _SIGN_OFFS for w in lead) if lead else dashed or after_sign_off
        before = " ".join(text[p[0] : p[1]] for p in paragraphs[max(0, j - 4) : j]).lower()
        if closing and _FIRST_WORD.search(before):
            out.append((signed[0].key, signed[0].start))
    return out
