"""Features of (mention, candidate antecedent) pairs, for all pairs in a bounded window at once.

Each mention looks back at most ``WINDOW`` mentions, so the cost grows linearly with the text.
"""

from __future__ import annotations

import numpy as np

from ficlens.pipeline.coref.mentions import TYPES, MentionTable
from ficlens.pipeline.lexicon import FEMALE, MALE, NEUTER, UNKNOWN

WINDOW = 40
# types a he/she never refers to (a ship or a carriage may be "she"; a town, a room, a guild may not)
_PLACE_TYPES = np.array([TYPES.index(t) for t in ("FAC", "GPE", "LOC", "ORG")], dtype=np.int32)

FEATURES = (
    "bias",
    "mdist_1",
    "mdist_2",
    "mdist_3_4",
    "mdist_5_8",
    "mdist_9_16",
    "mdist_17",
    "sdist_0",
    "sdist_1",
    "sdist_2",
    "sdist_3_5",
    "sdist_6",
    "cand_proper",
    "cand_common",
    "cand_pronoun",
    "gender_match",
    "gender_clash",
    "number_match",
    "number_clash",
    "type_match",
    "type_clash",
    "text_match",
    "head_match",
    "same_pronoun_group",
    "cand_subject",
    "both_subject",
    "cand_object",
    "cand_possessive",
    "same_role",
    "same_quote",
    "quote_mismatch",
    "cand_in_quote",
    "person_match",
    "person_clash",
    "same_governor",
    "reflexive_same_governor",
    "cand_salience",
    "cand_has_character",
    "cand_indefinite",
    "ana_indefinite",
    "cand_neuter",
    "cand_plural",
    "prev_sentence_subject",
    "compatible_rank_0",
    "compatible_rank_1",
    "compatible_rank_2_3",
    "long_range_match",
    "gender_match_rank_0",
    "cand_unknown_gender_name",
)
N_FEATURES = len(FEATURES)

# which model scores a mention: pronouns of the third person, first/second person, proper names, common nouns
PRONOUN3, PRONOUN12, PROPER, COMMON = 0, 1, 2, 3
CLASSES = ("pronoun3", "pronoun12", "proper", "common")


def mention_class(table: MentionTable) -> np.ndarray:
    cls = np.where(table.kind == 0, PROPER, np.where(table.kind == 1, COMMON, PRONOUN3))
    return np.where((table.kind == 2) & (table.person != 0), PRONOUN12, cls).astype(np.int32)


def previous_same_text(table: MentionTable) -> np.ndarray:
    """For each noun phrase, the index of the last earlier mention with the same words (-1 if none)."""
    n = len(table)
    order = np.lexsort((np.arange(n), table.text_id))
    prev = np.full(n, -1, dtype=np.int64)
    same = table.text_id[order[1:]] == table.text_id[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    prev[table.kind == 2] = -1
    return prev


def candidates(table: MentionTable, lo: int, hi: int, window: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Candidate indices (hi-lo, window + 1), nearest first, and their validity mask. The last column is a
    long-range candidate: the previous mention with the same words when it lies beyond the window."""
    rows = np.arange(lo, hi)[:, None]
    near = rows - 1 - np.arange(window)[None, :]
    prev = previous_same_text(table)[lo:hi, None]
    far = np.where(prev < rows - window, prev, -1)
    cand = np.concatenate([near, far], axis=1)
    valid = cand >= 0
    return np.where(valid, cand, 0), valid


def pair_features(
    table: MentionTable, lo: int, hi: int, window: int = WINDOW
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features (hi-lo, window, N_FEATURES) for mentions lo..hi-1, candidate indices and a mask of the
    pairs that may corefer (in the window, and neither mention inside the other)."""
    t = table
    cand, valid = candidates(t, lo, hi, window)
    a = np.arange(lo, hi)[:, None]
    m, k = cand.shape
    f = np.zeros((m, k, N_FEATURES), dtype=np.float32)
    col = {name: i for i, name in enumerate(FEATURES)}

    def put(name: str, value: np.ndarray | float) -> None:
        f[:, :, col[name]] = value

    put("bias", 1.0)
    md = a - cand
    for name, low, high in (
        ("mdist_1", 1, 1),
        ("mdist_2", 2, 2),
        ("mdist_3_4", 3, 4),
        ("mdist_5_8", 5, 8),
        ("mdist_9_16", 9, 16),
        ("mdist_17", 17, 1 << 30),
    ):
        put(name, (md >= low) & (md <= high))
    sd = t.sentence[a] - t.sentence[cand]
    for name, low, high in (
        ("sdist_0", 0, 0),
        ("sdist_1", 1, 1),
        ("sdist_2", 2, 2),
        ("sdist_3_5", 3, 5),
        ("sdist_6", 6, 1 << 30),
    ):
        put(name, (sd >= low) & (sd <= high))
    ck = t.kind[cand]
    put("cand_proper", ck == 0)
    put("cand_common", ck == 1)
    put("cand_pronoun", ck == 2)
    ga, gc = t.gender[a], t.gender[cand]
    known = (ga != UNKNOWN) & (gc != UNKNOWN)
    put("gender_match", known & (ga == gc))
    put("gender_clash", known & (ga != gc))
    na, nc = t.number[a], t.number[cand]
    nknown = (na != 0) & (nc != 0)
    put("number_match", nknown & (na == nc))
    put("number_clash", nknown & (na != nc))
    ta, tc = t.type[a], t.type[cand]
    per_a, per_c = ta == 0, tc == 0
    put("type_match", ta == tc)
    put("type_clash", per_a != per_c)
    put("text_match", (t.text_id[a] == t.text_id[cand]) & (t.kind[a] != 2))
    put("head_match", (t.head_id[a] == t.head_id[cand]) & (t.kind[a] != 2))
    pa, pc = t.pron_group[a], t.pron_group[cand]
    put("same_pronoun_group", (pa >= 0) & (pa == pc))
    ra, rc = t.role[a], t.role[cand]
    put("cand_subject", rc == 1)
    put("both_subject", (rc == 1) & (ra == 1))
    put("cand_object", rc == 2)
    put("cand_possessive", rc == 3)
    put("same_role", ra == rc)
    qa, qc = t.quote[a], t.quote[cand]
    put("same_quote", (qa >= 0) & (qa == qc))
    put("quote_mismatch", qa != qc)
    put("cand_in_quote", qc >= 0)
    pe_a, pe_c = t.person[a], t.person[cand]
    put("person_match", (pe_a == pe_c) & (pe_a != 0))
    put("person_clash", (pe_a != pe_c) & ((pe_a != 0) | (pe_c != 0)) & (qa == qc))
    same_gov = (t.governor[a] == t.governor[cand]) & (t.governor[a] >= 0) & (sd == 0)
    put("same_governor", same_gov & (t.reflexive[a] == 0))
    put("reflexive_same_governor", same_gov & (t.reflexive[a] == 1))
    put("cand_salience", t.salience[cand])
    put("cand_has_character", t.character[cand] >= 0)
    put("cand_indefinite", t.indefinite[cand] == 1)
    put("ana_indefinite", np.broadcast_to(t.indefinite[a] == 1, (m, k)))
    put("cand_neuter", gc == NEUTER)
    put("cand_plural", nc == 2)
    put("prev_sentence_subject", (sd == 1) & (rc == 1))
    # the nearest agreeing candidates (gender, number, person/animacy), counted outward from the mention
    agree = valid & ~(known & (ga != gc)) & ~(nknown & (na != nc)) & (per_a == per_c)
    agree[:, -1] = False
    rank = np.cumsum(agree, axis=1) - 1
    put("compatible_rank_0", agree & (rank == 0))
    put("compatible_rank_1", agree & (rank == 1))
    put("compatible_rank_2_3", agree & (rank >= 2) & (rank <= 3))
    long_range = np.zeros((m, k), dtype=bool)
    long_range[:, -1] = valid[:, -1]
    put("long_range_match", long_range)
    # the nearest candidate whose gender is known and the same (a gendered name, noun or pronoun): a bare
    # "she" goes back to the last woman named rather than to a nearer name of unknown gender
    gendered = valid & known & (ga == gc)
    gendered[:, -1] = False
    put("gender_match_rank_0", gendered & (np.cumsum(gendered, axis=1) == 1))
    he_she = (t.kind[a] == 2) & ((ga == MALE) | (ga == FEMALE))
    put("cand_unknown_gender_name", he_she & (ck == 0) & per_c & (gc == UNKNOWN))
    # a mention never corefers with one that contains it or that it contains ("[his] wife")
    nested = (t.starts[cand] <= t.starts[a]) & (t.ends[cand] >= t.ends[a])
    nested |= (t.starts[a] <= t.starts[cand]) & (t.ends[a] >= t.ends[cand])
    allowed = valid & ~nested
    # a he/she never refers to a place, a building or an organisation
    allowed &= ~((t.kind[a] == 2) & ((ga == MALE) | (ga == FEMALE)) & np.isin(tc, _PLACE_TYPES))
    return f, cand, allowed
