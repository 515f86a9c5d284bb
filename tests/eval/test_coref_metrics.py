"""CoNLL-2012 coreference metrics on examples worked by hand."""

from __future__ import annotations

import random

import pytest

from ficlens.datasets.scores import _best_assignment, _hungarian_max, b_cubed, ceaf_e, muc

# The running example of Pradhan et al. (2014): key {a b c} {d e f g}; response {a b} {c d} {f g h i}.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_worked_example() -> None:
    s = muc(KEY, RESPONSE)
    # recall: key {a b c} keeps 1 of 2 links, {d e f g} keeps 1 of 3 ({d} {e} {f g}) -> 2/5
    assert (s.recall_num, s.recall_den) == (2, 5)
    # precision: {a b} 1/1, {c d} 0/1, {f g h i} 1/3 -> 2/5
    assert (s.precision_num, s.precision_den) == (2, 5)
    assert s.f1 == pytest.approx(0.4)


def test_b_cubed_worked_example() -> None:
    s = b_cubed(KEY, RESPONSE)
    # recall: (2*2/3 + 1/3 [a b c]) + (1/4 + 2*2/4 [d f g]; e missing) over 7 mentions
    assert s.recall == pytest.approx((5 / 3 + 5 / 4) / 7)
    # precision: {a b} 2, {c d} 1/2 + 1/2, {f g h i} 2*2/4 -> 4 over 8
    assert s.precision == pytest.approx(0.5)


def test_ceaf_e_worked_example() -> None:
    s = ceaf_e(KEY, RESPONSE)
    # phi4: k1~r1 0.8, k1~r2 0.4, k2~r2 1/3, k2~r3 0.5 -> best is k1~r1 + k2~r3 = 1.3
    assert s.recall == pytest.approx(1.3 / 2)
    assert s.precision == pytest.approx(1.3 / 3)


def test_identical_partitions_score_one() -> None:
    clusters = [{1, 2, 3}, {4}, {5, 6}]
    for metric in (muc, b_cubed, ceaf_e):
        assert metric(clusters, clusters).f1 == pytest.approx(1.0)


def test_singletons_count_in_b3_and_ceaf_but_not_muc() -> None:
    key = [{1}, {2}, {3}]
    response = [{1, 2, 3}]
    assert muc(key, response).recall_den == 0
    assert muc(key, response).precision == 0.0  # the response links three mentions no key cluster joins
    b3 = b_cubed(key, response)
    assert b3.recall == pytest.approx(1.0)
    assert b3.precision == pytest.approx(1 / 3)
    ce = ceaf_e(key, response)
    # the one response cluster aligns with one key singleton: phi4 = 2*1/(1+3)
    assert ce.recall == pytest.approx(0.5 / 3)
    assert ce.precision == pytest.approx(0.5)


def test_empty_response() -> None:
    s = ceaf_e([{1, 2}], [])
    assert s.f1 == 0.0 and s.recall_den == 1


def test_hungarian_matches_scipy() -> None:
    import numpy as np

    rng = random.Random(3)
    for _ in range(20):
        rows, cols = rng.randint(1, 6), rng.randint(1, 6)
        sim = np.array([[rng.choice([0.0, rng.random()]) for _ in range(cols)] for _ in range(rows)])
        assert _hungarian_max(sim) == pytest.approx(_best_assignment(sim))
