import math

import numpy as np

from digest.summarize.vectors import cosines, max_cosines, tfidf


def reference(term_lists, binary_from=None):
    """The documented weights, computed the slow and obvious way: row -> {term: weight}."""
    n = len(term_lists)
    df = {}
    for terms in term_lists:
        for term in set(terms):
            df[term] = df.get(term, 0) + 1
    rows = []
    for index, terms in enumerate(term_lists):
        counts = {}
        for term in terms:
            counts[term] = 1 if binary_from is not None and index >= binary_from else counts.get(term, 0) + 1
        weights = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        rows.append({t: w / norm for t, w in weights.items()})
    return rows


def dot(a, b):
    return sum(w * b.get(t, 0.0) for t, w in a.items())


TERMS = [("chip", "chip", "export", "rule"), (), ("chip", "model"), ("model", "model", "model", "open"),
         ("export", "rule", "rule")]


def test_weights_and_cosines_match_the_documented_formula():
    ref = reference(TERMS)
    similarity = cosines(tfidf(TERMS), tfidf(TERMS))
    for i in range(len(TERMS)):
        for j in range(len(TERMS)):
            assert math.isclose(similarity[i, j], dot(ref[i], ref[j]), abs_tol=1e-12)
    assert similarity[1].sum() == 0.0  # an empty row is similar to nothing


def test_rows_after_binary_from_count_each_term_once():
    ref = reference(TERMS, binary_from=3)
    matrix = tfidf(TERMS, binary_from=3)
    similarity = cosines(matrix, matrix)
    assert math.isclose(similarity[3, 2], dot(ref[3], ref[2]), abs_tol=1e-12)
    assert not math.isclose(similarity[3, 2], dot(reference(TERMS)[3], reference(TERMS)[2]), abs_tol=1e-6)


def test_max_cosines_takes_the_best_row_of_b_in_chunks(monkeypatch):
    from digest.summarize import vectors
    matrix = tfidf(TERMS)
    expected = cosines(matrix[:2], matrix[2:]).max(axis=1)
    monkeypatch.setattr(vectors, "CHUNK", 1)
    assert np.array_equal(max_cosines(matrix[:2], matrix[2:]), expected)
    assert np.array_equal(max_cosines(matrix[:2], matrix[:0]), np.zeros(2))


def test_no_term_lists_give_an_empty_matrix():
    assert tfidf([]).shape[0] == 0
