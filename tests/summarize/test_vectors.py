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


NOTE = ("---\ntitle: Chips {n}\ndate: 2026-04-0{n}\nsource: Notes\nsummary: Export rules for chips.\n"
        "topic: compute\ntags: [chips]\n---\nExport rules for chips changed again this week. {body}\n")


def test_a_rebuild_of_notes_with_summaries_imports_neither_numpy_nor_scipy(project):
    """Importing numpy and scipy was a tenth of a one-edit rebuild; notes that carry their summary,
    topic and tags, with only a body edited, need no vectors."""
    import os
    import subprocess
    import sys

    for n in (1, 2, 3):
        (project / "sources" / f"note{n}.md").write_text(NOTE.format(n=n, body=""), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-m", "digest", "build"], cwd=project, env=env, check=True, capture_output=True)
    (project / "sources" / "note2.md").write_text(NOTE.format(n=2, body="And once more."), encoding="utf-8")
    probe = ("import sys; from digest.cli import main; code = main(['build']); "
             "print(code, sorted(m for m in ('numpy', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=project, env=env, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "0 []", out.stderr
    assert any("And once more." in page.read_text(encoding="utf-8") for page in (project / "site").rglob("*.html"))
