"""Agreement coefficients: Krippendorff's alpha (nominal) and Cohen's kappa.

Written out here rather than taken from a package: the formula is short, and the
field build stays small. ``tests/teams/test_coefficients.py`` checks alpha against the
``krippendorff`` package on the same data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

#: A missing value in a reliability matrix of codes.
MISSING = -1


def alpha_from_counts(counts: np.ndarray) -> float | None:
    """Nominal alpha from a units × values matrix of how many coders gave each value.

    The coincidence-matrix formula: each unit with m ≥ 2 values adds its pairs of
    values from different coders, weighted 1/(m − 1). Observed disagreement is the
    off-diagonal share; expected comes from the pooled value frequencies. ``None``
    when every value given is the same one (alpha is undefined there).
    """
    counts = np.asarray(counts, dtype=np.float64)
    m = counts.sum(axis=1)
    pairable = m >= 2
    if not pairable.any():
        return None
    counts, m = counts[pairable], m[pairable]
    n_c = counts.sum(axis=0)
    n = n_c.sum()
    same = ((counts**2).sum(axis=1) - m) / (m - 1)  # the diagonal of the coincidences
    observed = n - same.sum()
    expected = (n * n - (n_c**2).sum()) / (n - 1)
    if expected <= 0:
        return None
    return float(1.0 - observed / expected)


def alpha_by_group(counts: np.ndarray, sizes: list[int]) -> list[float | None]:
    """``alpha_from_counts`` of each consecutive group of ``sizes[i]`` units, in one pass
    over the whole matrix (a per-document figure for thousands of documents)."""
    counts = np.asarray(counts, dtype=np.float64)
    if not sizes:
        return []
    m = counts.sum(axis=1)
    pairable = m >= 2
    safe = np.where(pairable, m - 1, 1.0)
    same = np.where(pairable, ((counts**2).sum(axis=1) - m) / safe, 0.0)
    weighted = counts * pairable[:, None]
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    n_c = np.add.reduceat(weighted, offsets, axis=0) if len(counts) else weighted
    same_sum = np.add.reduceat(same, offsets) if len(counts) else same
    n = n_c.sum(axis=1)
    out: list[float | None] = []
    for size, nc, total, agree in zip(sizes, n_c, n, same_sum, strict=True):
        expected = (total * total - (nc**2).sum()) / (total - 1) if total > 1 else 0.0
        if size == 0 or expected <= 0:
            out.append(None)
        else:
            out.append(float(1.0 - (total - agree) / expected))
    return out


def counts_from_codes(codes: np.ndarray, values: int) -> np.ndarray:
    """units × values counts from a coders × units matrix of codes (``MISSING`` left out)."""
    codes = np.asarray(codes)
    return np.stack([(codes == v).sum(axis=0) for v in range(values)], axis=1)


def krippendorff_alpha(data: np.ndarray) -> float | None:
    """Nominal alpha of a coders × units matrix (NaN where a coder gave no value)."""
    data = np.asarray(data, dtype=np.float64)
    present = data[~np.isnan(data)]
    domain = np.unique(present)
    codes = np.full(data.shape, MISSING, dtype=np.int64)
    for code, value in enumerate(domain):
        codes[data == value] = code
    return alpha_from_counts(counts_from_codes(codes, len(domain)))


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two coders' labels on the same items; ``None`` when undefined
    (no items, or both coders always gave one and the same label)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)
