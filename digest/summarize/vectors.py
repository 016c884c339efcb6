"""Sparse TF-IDF vectors and cosine similarity, shared by topics, novelty and duplicate detection.

Why scipy.sparse and not dicts: novelty compares every item with every item of earlier weeks; as a
sparse matrix product that is milliseconds for a 10,000-item archive instead of minutes of Python
loops. scikit-learn's TfidfVectorizer computes the same weights but costs seconds of import time on
every build, so the few lines of weighting live here.

Weights: sublinear term frequency (1 + ln tf), smoothed IDF (ln((1 + n) / (1 + df)) + 1), rows
L2-normalised, so a row-by-row product is a cosine.
"""

from __future__ import annotations

from collections.abc import Sequence

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both imported where used: a build whose items are all cached needs neither
    import numpy as np
    from scipy import sparse


def tfidf(term_lists: Sequence[Sequence[str]], binary_from: int | None = None) -> sparse.csr_matrix:
    """One row per term list. Rows from `binary_from` on count each term once (for prototype
    documents whose wording repeats a word on purpose)."""
    # Columns numbered by first use; one flat pass in Python, the counting in scipy (a Counter per
    # row was three quarters of the time). sum_duplicates() adds up repeats and sorts each row.
    import numpy as np
    from scipy import sparse  # here: importing it is a tenth of a one-edit build, and many builds need none

    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(term, len(vocabulary)) for term_list in term_lists for term in term_list]
    rows = np.repeat(np.arange(len(term_lists), dtype=np.int64),
                     np.fromiter((len(term_list) for term_list in term_lists), dtype=np.int64, count=len(term_lists)))
    shape = (len(term_lists), max(len(vocabulary), 1))
    matrix = sparse.csr_matrix((np.ones(len(columns)), (rows, np.asarray(columns, dtype=np.int64))), shape=shape)
    matrix.sum_duplicates()
    if binary_from is not None:
        matrix.data[matrix.indptr[min(binary_from, shape[0])]:] = 1.0
    n_docs = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=shape[1])
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


CHUNK = 4096


def cosines(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """Dense matrix of cosines between the rows of a and the rows of b (both from tfidf())."""
    import numpy as np
    return np.asarray((a @ b.T).todense())


def max_cosines(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """For each row of a, its largest cosine to any row of b (0.0 when b is empty); b is taken
    CHUNK rows at a time so the dense block in memory stays small."""
    import numpy as np

    best = np.zeros(a.shape[0])
    for start in range(0, b.shape[0], CHUNK):
        block = (a @ b[start:start + CHUNK].T).toarray()  # dense max is far faster than scipy's sparse max
        if block.size:
            np.maximum(best, block.max(axis=1), out=best)
    return best
