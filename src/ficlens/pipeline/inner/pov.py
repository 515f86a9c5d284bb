"""Point of view: the narrative person, and per scene whose thoughts and perceptions the narration reports.

Each scene's narration is read for cues that it is told from inside someone (close third person): the
subject of a perception or cognition verb ("she noticed", "he knew"), an inner feeling ("guilt ate at
him"), an inner body part ("her chest"), an italic thought, a free indirect question ("Was it too late?")
and, weaker, who the narration's clauses are about. In first and second person, the cue is the "I" or
"you" of the narration. The cues add up to a score per character; a softmax over those scores, with the
story's other scenes as the prior (most stories keep one viewpoint, some alternate), gives each scene's
POV character and a probability for it (``confidence``), calibrated on the gold set's dev split.

Narration pronouns are re-read before they count, as a reader of close third person reads them: the
focal character is the one the narration calls "she" or "he" while others are named again and again, so
a pronoun keeps to the character the narration last made its subject only while the narration goes on
about them, and otherwise returns to the one the scene follows: the first it names as perceiving or
thinking ("Okonjo watched them come"), else the first it made a subject. A scene opens on its first
narrated subject, not on a speech tag's ("Ferreira said" names whoever speaks) nor on a group ("They came
down"). A pronoun that opens a scene before it names anyone of that gender is read, in a second pass, as
the character the story's other scenes follow (see ``focal_reading``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import NarrativePerson, Pov, ScenePov
from ficlens.pipeline import lexicon
from ficlens.pipeline.inner.context import FIRST_SINGULAR, SECOND, THIRD_SINGULAR
from ficlens.pipeline.inner.lexicon import INNER_BODY, OBSERVABLE_EMOTION_VERBS, PERCEPTION
from ficlens.pipeline.lexicon import SPEECH_FORMS_UNLEMMATISED, SPEECH_TAG_LEMMAS, THEY_FORMS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from ficlens.pipeline.inner.context import Context

# Weights of the cues, in units of one cue of a mind at work. Kept few and round on purpose: they say how
# much a reader would trust each cue, not what fits the dev stories best.
MIND = 1.0  # perceives, thinks, feels inside, an inner body part, an italic thought, a free indirect question
SEEN = 0.25  # an emotion anyone in the room could see ("he grinned"): weak evidence of whose head this is
SUBJECT = 0.5  # the subject of a clause of narration ("she crossed the yard")
OPENING = 2.0  # the scene's first narrated subject: scenes open on the one they follow
# The two constants fitted on the dev split (a grid of round values, lowest log loss of the confidence;
# the test split never seen): the softmax's temperature, in cue units, which also sets how much a scene's
# own cues outweigh the story's prior; and the pseudo-count of scenes every candidate, and "someone
# ficlens cannot name", brings to that prior.
TEMPERATURE = 2.0
PRIOR_PSEUDO = 0.5
PRIOR_ROUNDS = 3  # rounds of re-estimating the story's viewpoints from the scenes' probabilities
FIRST_PERSON_SHARE = 0.3  # share of narration pronouns that are "I/me/my" for first-person narration
SECOND_PERSON_SHARE = 0.3
# A scene's opening pronoun is the story's viewpoint character's when they hold this share of its other
# scenes' probability for their gender.
FOLLOWED_SHARE = 2 / 3
# A gender is a character's when this share of the gendered pronouns resolved to them have it.
GENDER_SHARE = 0.75
# A scene's heading lines: at most this many short paragraphs of at most this many words.
LABEL_LINES = 3
LABEL_WORDS = 6


def scenes(ctx: Context) -> list[tuple[int, int, int | None]]:
    """(start, end, chapter) of each scene: chapters split at scene breaks; the whole text without them."""
    story = ctx.story
    n = len(ctx.text)
    if story is None:
        return [(0, n, None)]
    return scene_spans(
        n, [(c.start, c.end, c.index) for c in story.chapters], [(b.start, b.end) for b in story.scene_breaks]
    )


def narrative_person(first: int, second: int, third: int) -> NarrativePerson | None:
    total = first + second + third
    if total == 0:
        return None
    if first >= second and first / total >= FIRST_PERSON_SHARE:
        return NarrativePerson.FIRST
    if second > first and second / total >= SECOND_PERSON_SHARE:
        return NarrativePerson.SECOND
    return NarrativePerson.THIRD


def _gender(word: str) -> int:
    p = lexicon.PRONOUNS.get(word)
    return p.gender if p is not None else lexicon.UNKNOWN


def character_genders(ctx: Context) -> dict[str, int]:
    """Each character's pronoun gender (``lexicon.MALE``/``FEMALE``), from the pronouns resolved to them
    and from the possessives and reflexives their own clauses bind ("Pell lay on his back")."""
    from spacy.symbols import PRON

    counts: dict[str, Counter[int]] = {}
    for token in ctx.tokens:
        if token.pos != PRON or token.lower_ not in THIRD_SINGULAR:
            continue
        gender = _gender(token.lower_)
        who = ctx.characters[token.i]
        if who is not None:
            counts.setdefault(who, Counter())[gender] += 1
        if token.dep_ in ("poss", "dobj", "pobj") and (token.dep_ == "poss" or token.lower_.endswith("self")):
            verb = token.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            for child in verb.children:
                binder = ctx.characters[child.i]
                if child.dep_ == "nsubj" and child.pos_ != "PRON" and binder is not None:
                    counts.setdefault(binder, Counter())[gender] += 1
    out: dict[str, int] = {}
    for who, counter in counts.items():
        gender, n = counter.most_common(1)[0]
        if n >= GENDER_SHARE * sum(counter.values()):
            out[who] = gender
    return out


def _main_clause(token: Token, ctx: Context) -> bool:
    """The token belongs to its sentence's main clause: its verb is the root, or is conjoined to it or
    its open complement ("she began to wonder"), not a clause reported inside another ("she saw that he
    knew", "so that he would not see"). A clause of narration that the parser hung on a verb inside a
    quotation ('"I am told." / Kwame wrote it down.', parsed as one sentence) is a main clause too."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "ROOT":
        return True
    head = verb.head.i
    return ctx.quote_of[head] >= 0 and ctx.quote_of[verb.i] < 0 and not ctx.italic[verb.i]


def _main_clause_subject(token: Token, ctx: Context) -> bool:
    """The token is the subject of its sentence's main verb (or of a verb conjoined to it)."""
    return token.dep_ in ("nsubj", "nsubjpass") and _main_clause(token.head, ctx)


def focal_reading(
    ctx: Context,
    cuts: Sequence[tuple[int, int, int | None]],
    person: NarrativePerson | None,
    viewpoints: Sequence[dict[int, str]] = (),
) -> list[str | None]:
    """``ctx.characters`` with the narration's "she"/"he" re-read as a close-third-person reader does.

    Within a scene, a gendered pronoun of narration keeps to the character of its gender that the
    narration last made the subject of a main clause, for as long as the next sentence goes on about them
    ("Bryony stood over her. She noticed the ink."); once a sentence passes without them, it falls back to
    the scene's first character of that gender, the one the scene follows ("Bryony slept like a stone. The
    captain snored. Even up here she could hear him."). Before the scene names anyone of the pronoun's
    gender as a subject, and for characters whose gender is unknown, the coreference's reading stands.
    In a third-person story an "I" or "you" outside quotations is someone else's voice (a letter, a text
    message), not the narration's, and is read as nobody.

    The scene's first character of a gender is the one it first names as the subject of a perception or
    cognition verb, if any, rather than its first subject. ``viewpoints`` gives per scene, for each
    gender, the character the story's other scenes follow (``story_viewpoints``): a pronoun of that
    gender before the scene names anyone of it is theirs, unless coreference gave it to someone the
    scene names.
    """
    from spacy.symbols import PRON

    genders = character_genders(ctx)
    chars = list(ctx.characters)
    sentence = _sentence_index(ctx)
    chain: dict[int, tuple[str, int]] = {}  # gender -> (character, sentence where it was last the subject)
    anchor: dict[int, str] = {}
    named: dict[str, None] = {}  # the characters the scene has named so far, in order
    in_scene = _named_in_scenes(ctx, cuts) if viewpoints else []
    thinkers = _named_thinkers(ctx, cuts, genders)
    s = -1
    for token in ctx.tokens:
        i = token.i
        pronoun = token.pos == PRON
        if not pronoun and chars[i] is None:
            continue  # neither a pronoun nor a character's mention: nothing to re-read or to follow
        pos = token.idx
        scene = s
        while scene + 1 < len(cuts) and cuts[scene + 1][0] <= pos:
            scene += 1
        if scene != s:
            s = scene
            chain = {}
            anchor = dict(thinkers[s]) if 0 <= s < len(thinkers) else {}
            named = {}
        if s < 0 or pos >= cuts[s][1] or not ctx.narration(i):
            continue
        lower = token.lower_
        here = sentence[i]
        if person is NarrativePerson.THIRD and (lower in FIRST_SINGULAR or lower in SECOND):
            chars[i] = None
            continue
        if pronoun and lower in THIRD_SINGULAR:
            gender = _gender(lower)
            held = chain.get(gender)
            if held is not None and here - held[1] <= 1:
                chars[i] = held[0]
            elif gender in anchor:
                chars[i] = anchor[gender]
            elif (
                s < len(viewpoints)
                and gender in viewpoints[s]
                and chars[i] not in in_scene[s]
                and not any(genders.get(c) == gender for c in named)
            ):
                # A "she" before the scene names any woman, that coreference left alone or took from
                # someone this scene never names, is the woman the story follows ("She told her father
                # about it that evening").
                chars[i] = viewpoints[s][gender]
        elif pronoun:
            continue  # a pronoun of no gender, or of the first or second person
        who = chars[i]
        if who is None:
            continue
        if not pronoun:
            named[who] = None
        if not _main_clause_subject(token, ctx):
            continue
        gender = genders.get(who, _gender(lower))
        if gender in (lexicon.MALE, lexicon.FEMALE):
            chain[gender] = (who, here)
            anchor.setdefault(gender, who)
    return chars


def _named_thinkers(
    ctx: Context, cuts: Sequence[tuple[int, int, int | None]], genders: dict[str, int]
) -> list[dict[int, str]]:
    """Per scene, for each gender, the first character it names as the subject of a main clause of
    perception or cognition ("Okonjo watched them come", "Kwame thought"): the scene's "she" and "he" are
    read as theirs when the narration is not going on about someone else."""
    from spacy.symbols import AUX, PRON, VERB

    out: list[dict[int, str]] = [{} for _ in cuts]
    s = 0
    for token in ctx.tokens:
        if (
            token.pos not in (VERB, AUX)
            or token.lemma_.lower() not in PERCEPTION
            or not ctx.narration(token.i)
        ):
            continue
        while s < len(cuts) and cuts[s][1] <= token.idx:
            s += 1
        if s == len(cuts):
            break
        if token.idx < cuts[s][0]:
            continue
        main = _main_clause(token, ctx)
        for child in token.children:
            who = ctx.characters[child.i]
            if child.dep_ != "nsubj" or child.pos == PRON or who is None:
                continue
            # a sentence that opens on its subject is a main clause however the parser hung it
            if not main and child.left_edge.i != child.sent.start:
                continue
            gender = genders.get(who)
            if gender is not None:
                out[s].setdefault(gender, who)
    return out


def _named_in_scenes(ctx: Context, cuts: Sequence[tuple[int, int, int | None]]) -> list[set[str | None]]:
    """Per scene, the characters it names (not only calls "she" or "he"), in narration or in quotations."""
    from spacy.symbols import PRON

    out: list[set[str | None]] = [set() for _ in cuts]
    s = 0
    for token in ctx.tokens:
        who = ctx.characters[token.i]
        if who is None or token.pos == PRON:
            continue
        while s < len(cuts) and cuts[s][1] <= token.idx:
            s += 1
        if s == len(cuts):
            break
        if cuts[s][0] <= token.idx:
            out[s].add(who)
    return out


def _sentence_index(ctx: Context) -> list[int]:
    """For each token, the number of its sentence."""
    sentence = [0] * len(ctx.tokens)
    for k, sent in enumerate(_sentences(ctx)):
        sentence[sent.start : sent.end] = [k] * (sent.end - sent.start)
    return sentence


def _speech_tag_subjects(ctx: Context, sentence: Sequence[int]) -> set[int]:
    """Token indices of the subjects of speech tags ("Ferreira said", "said Mrs. Weston"): the subject of
    a verb of speech, in narration, in a sentence that holds a quotation."""
    quoted = {sentence[i] for i, q in enumerate(ctx.quote_of) if q >= 0}
    out: set[int] = set()
    for token in ctx.tokens:
        if token.dep_ not in ("nsubj", "nsubjpass") or sentence[token.i] not in quoted:
            continue
        verb = token.head
        speech = verb.lemma_.lower() in SPEECH_TAG_LEMMAS or verb.lower_ in SPEECH_FORMS_UNLEMMATISED
        if speech and ctx.narration(token.i):
            out.add(token.i)
    return out


def _sentences(ctx: Context) -> Iterable[Span]:
    doc = ctx.doc
    return doc.sents if doc.has_annotation("SENT_START") else [doc[:]]


def _free_indirect_questions(
    ctx: Context, cuts: Sequence[tuple[int, int, int | None]]
) -> list[tuple[int, int]]:
    """(scene, token index of its sentence's root) for each question asked by the narration itself."""
    out: list[tuple[int, int]] = []
    s = 0
    for sent in _sentences(ctx):
        last = sent[-1]
        while last.i > sent.start and (last.is_space or last.text in "\"'”’)"):
            last = ctx.tokens[last.i - 1]
        if last.text != "?" or not ctx.narration(last.i) or not ctx.narration(sent.root.i):
            continue
        while s < len(cuts) and cuts[s][1] <= sent.start_char:
            s += 1
        if s == len(cuts):
            break
        if cuts[s][0] <= sent.start_char:
            out.append((s, sent.root.i))
    return out


def scene_posteriors(
    scores: Sequence[dict[str, float]], temperature: float = TEMPERATURE, rounds: int = PRIOR_ROUNDS
) -> list[dict[str | None, float]]:
    """Per scene, the probability that each character (or ``None``: someone ficlens cannot name) is its POV.

    A scene's POV is drawn from the story's viewpoints, which are unknown: p(c) ∝ π(c) · exp(score(c) / T),
    where π, the story's share of scenes told by each character, is estimated from the other scenes'
    probabilities (leave one out, so a scene is not its own evidence twice) plus ``PRIOR_PSEUDO`` scenes
    for every candidate and for "someone else" (score 0), so that thin evidence gives a low probability
    rather than a false claim. A few rounds of this settle: a one-POV story pulls a thin scene to its
    viewpoint, an alternating one leaves each scene to its own cues.
    """
    names = sorted({c for scene in scores for c in scene})
    post: list[dict[str | None, float]] = [{} for _ in scores]
    shares: dict[str, float] = dict.fromkeys(names, 0.0)
    for _ in range(rounds):
        for k, scene in enumerate(scores):
            logits: dict[str | None, float] = {None: math.log(PRIOR_PSEUDO)}
            for c in names:
                prior = shares[c] - post[k].get(c, 0.0) + PRIOR_PSEUDO
                logits[c] = math.log(prior) + scene.get(c, 0.0) / temperature
            top = max(logits.values())
            weights = {c: math.exp(v - top) for c, v in logits.items()}
            z = sum(weights.values())
            post[k] = {c: w / z for c, w in weights.items()}
        shares = {c: sum(p.get(c, 0.0) for p in post) for c in names}
    return post


def story_viewpoints(
    posteriors: Sequence[dict[str | None, float]], genders: dict[str, int]
) -> list[dict[int, str]]:
    """Per scene, for each gender, the character the story's other scenes follow, where one does: the one
    of that gender with at least ``FOLLOWED_SHARE`` of those scenes' probability for that gender, and at
    least half a scene of it."""
    total: dict[int, defaultdict[str, float]] = {}
    for post in posteriors:
        for c, p in post.items():
            gender = genders.get(c or "")
            if c is not None and gender in (lexicon.MALE, lexicon.FEMALE):
                total.setdefault(gender, defaultdict(float))[c] += p
    out: list[dict[int, str]] = []
    for post in posteriors:
        found: dict[int, str] = {}
        for gender, mass in total.items():
            others = {c: m - post.get(c, 0.0) for c, m in mass.items()}  # leave this scene out
            c = min(others, key=lambda x: (-others[x], x))
            if others[c] >= 0.5 and others[c] >= FOLLOWED_SHARE * sum(others.values()):
                found[gender] = c
        out.append(found)
    return out


def point_of_view(ctx: Context) -> Pov:
    """Narrative person and POV per scene."""
    doc = ctx.doc
    cuts = scenes(ctx)
    if not cuts or len(doc) == 0:
        return Pov()
    # The narrative person is the story's: a letter or a text message in "I" inside a third-person story
    # does not make its scene first-person.
    from spacy.symbols import PRON

    first = second = third = 0
    for token in ctx.tokens:
        if token.pos == PRON and ctx.narration(token.i):
            lower = token.lower_
            first += lower in FIRST_SINGULAR
            second += lower in SECOND
            third += lower in THIRD_SINGULAR
    person = narrative_person(first, second, third)
    labels = scene_labels(ctx, cuts) if person is NarrativePerson.FIRST else []
    cues, narrated = _scene_cues(ctx, cuts, person, focal_reading(ctx, cuts, person), labels)
    told = [k for k in range(len(cuts)) if narrated[k]]
    posteriors = scene_posteriors([cues[k] for k in told], TEMPERATURE)
    if person is NarrativePerson.THIRD and len(told) > 1:
        # Read again, now knowing whom the story follows: a pronoun that opens a scene is theirs.
        followed = story_viewpoints(posteriors, character_genders(ctx))
        viewpoints: list[dict[int, str]] = [{} for _ in cuts]
        for k, follows in zip(told, followed, strict=True):
            viewpoints[k] = follows
        cues, narrated = _scene_cues(ctx, cuts, person, focal_reading(ctx, cuts, person, viewpoints), labels)
        posteriors = scene_posteriors([cues[k] for k in told], TEMPERATURE)
    out: list[ScenePov] = []
    for k, post in zip(told, posteriors, strict=True):
        start, end, chapter = cuts[k]
        character = _best(post)
        confidence = post[character] if character is not None else 0.0
        out.append(ScenePov(start, end, character, round(confidence, 3), person, chapter))
    narrator: str | None = None
    story: defaultdict[str, float] = defaultdict(float)
    for scene_cues in cues:
        for c, v in scene_cues.items():
            story[c] += v
    if person is NarrativePerson.FIRST and story:
        narrator = min(story, key=lambda c: (-story[c], c))
    return Pov(
        person=person,
        person_counts={"first": first, "second": second, "third": third},
        narrator=narrator,
        scenes=tuple(out),
    )


def _best(post: dict[str | None, float]) -> str | None:
    named = [(-p, c) for c, p in post.items() if c is not None]
    return min(named)[1] if named else None


def scene_labels(ctx: Context, cuts: Sequence[tuple[int, int, int | None]]) -> list[tuple[str, int] | None]:
    """Per scene, the one character its heading lines name, and where those lines end, or ``None``.

    Writers who change narrator say so at the top: a chapter title ("Chapter 2: Oskar") or a label line
    ("Oskar's POV"). Heading lines are the scene's first paragraphs while they are short (at most
    ``LABEL_WORDS`` words) and end without a sentence's full stop; a label names exactly one character.
    """
    story = ctx.story
    out: list[tuple[str, int] | None] = [None] * len(cuts)
    if story is None:
        return out
    paragraphs = sorted((p.start, p.end) for p in story.paragraphs)
    k = 0
    for s, (start, end, _chapter) in enumerate(cuts):
        while k < len(paragraphs) and paragraphs[k][0] < start:
            k += 1
        named: set[str] = set()
        label_end = start
        j = k
        while j < len(paragraphs) and paragraphs[j][0] < end and j - k < LABEL_LINES:
            a, b = paragraphs[j]
            line = ctx.text[a:b].strip()
            if not line or len(line.split()) > LABEL_WORDS or line[-1] in '.!?"”…':
                break
            span = ctx.doc.char_span(a, b, alignment_mode="expand")
            for token in span if span is not None else ():
                who = ctx.characters[token.i]
                if who is not None and token.lower_ not in lexicon.PRONOUNS:
                    named.add(who)
            label_end = b
            j += 1
        if len(named) == 1:
            out[s] = (named.pop(), label_end)
    return out


def _scene_cues(
    ctx: Context,
    cuts: Sequence[tuple[int, int, int | None]],
    person: NarrativePerson | None,
    reading: list[str | None],
    labels: Sequence[tuple[str, int] | None] = (),
) -> tuple[list[dict[str, float]], list[bool]]:
    """Per scene, the cue score of each character (``reading`` is who each token stands for), and whether
    the scene has any words of narration."""
    from spacy.symbols import AUX, PRON, VERB, nsubj, nsubjpass, poss

    from ficlens.pipeline.inner.experience import predicate_experiencers
    from ficlens.pipeline.inner.profile import _subjects

    focal = replace(ctx, characters=reading)
    chars = focal.characters
    predicate_at: dict[int, list[str]] = {}
    for i, c in predicate_experiencers(focal):
        predicate_at.setdefault(i, []).append(c)
    # per scene: first/second-person referents, cue scores per character
    narrators: list[defaultdict[str, float]] = [defaultdict(float) for _ in cuts]
    readers: list[defaultdict[str, float]] = [defaultdict(float) for _ in cuts]
    evidence: list[defaultdict[str, float]] = [defaultdict(float) for _ in cuts]
    told = [False] * len(cuts)
    firsts = [0] * len(cuts)  # the narration's "I", "me", "my", resolved or not
    talked_about: list[set[str]] = [set() for _ in cuts]  # "she" or a named subject of the narration
    # "Was it too late?" asks what the last one the narration followed wonders: the subject before the root
    questions = {root: k for k, root in _free_indirect_questions(ctx, cuts)}
    memo: dict[int, list[str]] = {}
    last_subject: str | None = None
    s = 0
    for token in ctx.tokens:
        i = token.i
        pos = token.idx
        while s < len(cuts) and cuts[s][1] <= pos:
            s += 1
            last_subject = None
        if s == len(cuts):
            break
        if pos < cuts[s][0] or not ctx.narration(i):
            continue
        if not told[s] and token.is_alpha:
            told[s] = True
        who = chars[i]
        tag = token.pos
        dep = token.dep
        lower = token.lower_ if tag == PRON else ""
        if lower in FIRST_SINGULAR:
            firsts[s] += 1
        if who is not None:
            if lower in FIRST_SINGULAR:
                narrators[s][who] += 1
            elif lower in SECOND:
                readers[s][who] += 1
            elif lower in THIRD_SINGULAR or (tag != PRON and dep in (nsubj, nsubjpass)):
                label = labels[s] if s < len(labels) else None
                if label is None or pos >= label[1]:  # the heading lines name, they do not narrate
                    talked_about[s].add(who)
            if dep in (nsubj, nsubjpass):
                evidence[s][who] += SUBJECT
                last_subject = who
            # A mind reported inside another's clause ("she knew he was afraid") is the other's reading of
            # it, so the mind's cues count in main clauses only (checked last: it walks the parse).
            if dep == poss and token.head.lemma_.lower() in INNER_BODY and _main_clause(token, ctx):
                evidence[s][who] += MIND  # "her heart began to slam"
        if i in questions and last_subject is not None:
            evidence[questions[i]][last_subject] += MIND
        if tag in (VERB, AUX) and token.lemma_.lower() in PERCEPTION and _main_clause(token, ctx):
            for c in _subjects(focal, token, memo):
                evidence[s][c] += MIND
        if i in predicate_at and _main_clause(token, ctx):
            seen = token.lemma_.lower() in OBSERVABLE_EMOTION_VERBS
            for c in predicate_at[i]:
                evidence[s][c] += SEEN if seen else MIND
    for k, who in _openers(ctx, cuts, chars, character_genders(ctx)).items():
        evidence[k][who] += OPENING
    s = 0
    for quote in ctx.quotes:  # italic or quoted thoughts with a known thinker
        if not quote.thought or quote.speaker is None:
            continue
        while s < len(cuts) and cuts[s][1] <= quote.start:
            s += 1
        if s < len(cuts) and cuts[s][0] <= quote.start:
            evidence[s][quote.speaker] += MIND

    if person is NarrativePerson.FIRST:
        # A scene headed by a character's name whom its narration never calls "she" or makes a named
        # subject is told by that character: its "I" is theirs, whoever coreference linked it to.
        for k, label in enumerate(labels):
            if label is not None and firsts[k] and label[0] not in talked_about[k]:
                narrators[k] = defaultdict(float, {label[0]: float(firsts[k])})
        chosen = narrators
    elif person is NarrativePerson.SECOND:
        chosen = readers
    else:
        chosen = evidence
    return [{c: float(v) for c, v in e.items() if v > 0} for e in chosen], told


def _openers(
    ctx: Context,
    cuts: Sequence[tuple[int, int, int | None]],
    chars: list[str | None],
    genders: dict[str, int] | None = None,
) -> dict[int, str]:
    """Per scene, the character it opens on: one its first sentence about anyone calls "she"/"he" (not a
    possessive) before the scene has named them ("Corvin came and sat beside her"), else the first subject
    of a main clause of its narration ("It was said that Mr. Knightley never..." opens on nobody the scene
    follows)."""
    from spacy.symbols import PRON

    sentence = _sentence_index(ctx)
    tags = _speech_tag_subjects(ctx, sentence)
    out: dict[int, str] = {}
    subjects: dict[int, str] = {}
    first: dict[int, int] = {}  # scene -> its first sentence that mentions anyone
    named: set[str] = set()
    s = -1
    for token in ctx.tokens:
        i = token.i
        who = chars[i]
        if who is None or not ctx.narration(i):
            continue
        scene = max(s, 0)
        while scene < len(cuts) and cuts[scene][1] <= token.idx:
            scene += 1
        if scene == len(cuts):
            break
        if token.idx < cuts[scene][0]:
            continue
        if scene != s:
            s, named = scene, set()
        if s in out:
            continue
        if token.lower_ in THEY_FORMS and (genders or {}).get(who) in (lexicon.MALE, lexicon.FEMALE):
            continue  # "They came down the Spire" opens on a group
        here = first.setdefault(s, sentence[i])
        if token.pos != PRON:
            named.add(who)
        elif (
            token.lower_ in THIRD_SINGULAR
            and token.dep_ != "poss"
            and who not in named
            and sentence[i] == here
        ):
            out[s] = who  # "with her arms folded" is the subject's own
            continue
        if (
            s not in subjects
            and token.dep_ in ("nsubj", "nsubjpass")
            and i not in tags
            and _main_clause(token.head, ctx)
        ):
            subjects[s] = who
    return {**subjects, **out}


def scene_spans(
    length: int, chapters: Sequence[tuple[int, int, int]], breaks: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int | None]]:
    """(start, end, chapter) of each scene of a text of ``length`` characters.

    ``chapters`` are (start, end, index), ``breaks`` (start, end) of scene-break lines; chapters are split
    at the breaks inside them, and a text without chapters is one chapter ``None``.
    """
    parts: list[tuple[int, int, int | None]] = (
        [(s, e, i) for s, e, i in chapters] if chapters else [(0, length, None)]
    )
    ordered = sorted(breaks)
    out: list[tuple[int, int, int | None]] = []
    b = 0
    for start, end, chapter in parts:
        pos = start
        while b < len(ordered) and ordered[b][0] < end:
            if ordered[b][0] >= pos:
                out.append((pos, ordered[b][0], chapter))
                pos = ordered[b][1]
            b += 1
        out.append((pos, end, chapter))
    return [s for s in out if s[1] > s[0]]
