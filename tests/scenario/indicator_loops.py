"""The indicators of docs/model.md §17 written as plain loops straight from their formulas,
to check the array code against."""

from __future__ import annotations

import numpy as np


def lq_loops(x: list[list[float]]) -> list[list[float]]:
    n_p, n_r = len(x), len(x[0])
    total = sum(sum(row) for row in x)
    out = []
    for p in range(n_p):
        row = []
        for r in range(n_r):
            region = sum(x[q][r] for q in range(n_p))
            national = sum(x[p][s] for s in range(n_r))
            row.append((x[p][r] / region) / (national / total))
        out.append(row)
    return out


def density_loops(m: list[list[int]]) -> list[list[float]]:
    """ω(r, p) = Σ_q M(r, q) φ(p, q) / Σ_q φ(p, q), φ = min of the conditional probabilities."""
    n_p, n_r = len(m), len(m[0])

    def given_(q: int, p: int) -> float:  # P(M_q | M_p)
        both = sum(1 for r in range(n_r) if m[p][r] and m[q][r])
        return both / sum(m[p])

    phi = [[min(given_(q, p), given_(p, q)) for q in range(n_p)] for p in range(n_p)]
    return [
        [sum(m[q][r] * phi[p][q] for q in range(n_p)) / sum(phi[p]) for r in range(n_r)]
        for p in range(n_p)
    ]


def complexity_by_reflections(m: np.ndarray, rounds: int = 4000) -> np.ndarray:
    """Hidalgo & Hausmann's method of reflections, iterated on the programmes' side: k_p,N+2 =
    Σ_r M/k_p · Σ_q M/k_r · k_q,N, deflating the trivial (constant) eigenvector each time and
    renormalising; its limit is the eigenvector of the second-largest eigenvalue."""
    ubiquity, diversity = m.sum(axis=1), m.sum(axis=0)
    step = (m / ubiquity[:, None]) @ (m.T / diversity[:, None])
    k = ubiquity - ubiquity.mean() + np.linspace(0, 1e-3, len(ubiquity))
    for _ in range(rounds):
        k = step @ k
        k -= (k @ ubiquity) / ubiquity.sum()  # remove the constant part, D_p-orthogonally
        k /= np.linalg.norm(k)
    return (k - k.mean()) / k.std()


def linkages_loops(a: list[list[float]]) -> tuple[list[float], list[float]]:
    """Leontief inverse by the power series I + A + A² + …, then the two indices."""
    n = len(a)
    total_l = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    power = [row[:] for row in total_l]
    for _ in range(3000):
        power = [[sum(power[i][k] * a[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
        total_l = [[total_l[i][j] + power[i][j] for j in range(n)] for i in range(n)]
    grand = sum(sum(row) for row in total_l)
    backward = [n * sum(total_l[i][j] for i in range(n)) / grand for j in range(n)]
    forward = [n * sum(total_l[i][j] for j in range(n)) / grand for i in range(n)]
    return backward, forward
