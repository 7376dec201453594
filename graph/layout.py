"""Fast, deterministic 2-D positions for large graphs (numpy only).

Force-directed layout in the browser settles a few hundred nodes; tens of thousands never
settle. Here the positions are computed once in Python instead:

1. leaves (degree-1 nodes hanging off a bigger node) are set aside and later placed on
   rings around their parent, which is what a force layout would do with them anyway;
2. each connected component of the rest gets a Fruchterman-Reingold layout, with exact
   repulsion in small components (all components batched into one set of numpy arrays)
   and grid-based (particle-mesh, FFT) repulsion in large ones;
3. components are packed in rows, largest first.

The random start is seeded and the output rounded, so the same graph gives the same
numbers on every run.

>>> pos = spring_positions(4, [(0, 1), (1, 2), (2, 3)])
>>> pos.shape
(4, 2)
>>> bool((pos == spring_positions(4, [(0, 1), (1, 2), (2, 3)])).all())
True
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["spring_positions"]

EDGE = 90.0  # ideal edge length, in vis-network canvas units
EXACT_MAX = 150  # components up to this size get exact pairwise repulsion


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component id of each node, ids numbered by smallest member."""
    parent = np.arange(n)
    # pointer jumping over the edge list until nothing changes; a handful of rounds
    while True:
        pa, pb = parent[a], parent[b]
        lo = np.minimum(pa, pb)
        np.minimum.at(parent, pa, lo)
        np.minimum.at(parent, pb, lo)
        grand = parent[parent]
        while not (grand == parent).all():
            parent = grand
            grand = parent[parent]
        if (parent[a] == parent[b]).all():
            return parent


def _sum_into(n: int, idx: np.ndarray, vec: np.ndarray) -> np.ndarray:
    out = np.empty((n, 2))
    out[:, 0] = np.bincount(idx, vec[:, 0], n)
    out[:, 1] = np.bincount(idx, vec[:, 1], n)
    return out


def _pairs(groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j), i < j, within each group."""
    ii, jj = [], []
    for g in groups:
        i, j = np.triu_indices(len(g), 1)
        ii.append(g[i])
        jj.append(g[j])
    if not ii:
        return np.zeros(0, int), np.zeros(0, int)
    return np.concatenate(ii), np.concatenate(jj)


@lru_cache(maxsize=8)
def _mesh_kernel(g: int) -> tuple[np.ndarray, np.ndarray]:
    """Spectra of the x and y force kernels d/(r²+1) on a zero-padded 2g grid, in cell units."""
    d = np.arange(-g, g, dtype=float)
    dx, dy = np.meshgrid(d, d, indexing="ij")
    r2 = dx * dx + dy * dy + 1.0  # softened below one cell
    return np.fft.rfft2(np.fft.ifftshift(dx / r2)), np.fft.rfft2(np.fft.ifftshift(dy / r2))


def _mesh_repulsion(pos: np.ndarray, k: float) -> np.ndarray:
    """Repulsive force k²/r on every node from every other, through a grid and an FFT."""
    n = len(pos)
    g = int(min(128, max(32, 2 ** np.ceil(np.log2(np.sqrt(n) * 2)))))
    lo = pos.min(0)
    h = max(float((pos.max(0) - lo).max()), 1e-9) * 1.0001 / g
    cell = np.minimum(((pos - lo) / h).astype(int), g - 1)
    flat = cell[:, 0] * g + cell[:, 1]
    big = np.zeros((2 * g, 2 * g))
    big[:g, :g] = np.bincount(flat, minlength=g * g).reshape(g, g)
    spectrum = np.fft.rfft2(big)
    kx, ky = _mesh_kernel(g)
    fx = np.fft.irfft2(spectrum * kx, s=big.shape)[:g, :g].ravel()
    fy = np.fft.irfft2(spectrum * ky, s=big.shape)[:g, :g].ravel()
    return np.stack([fx[flat], fy[flat]], 1) * (k * k / h)


def _spring(n: int, a: np.ndarray, b: np.ndarray, comp: np.ndarray, rng, iterations: int = 80) -> np.ndarray:
    """Fruchterman-Reingold on every component at once, each around the origin."""
    k = EDGE
    sizes = np.bincount(comp, minlength=n)
    pos = (rng.random((n, 2)) - 0.5) * (np.sqrt(sizes[comp])[:, None] * k)
    order = np.argsort(comp, kind="stable")
    bounds = np.flatnonzero(np.diff(comp[order])) + 1
    groups = [g for g in np.split(order, bounds) if len(g) > 1]
    small = [g for g in groups if len(g) <= EXACT_MAX]
    large = [g for g in groups if len(g) > EXACT_MAX]
    pi, pj = _pairs(small)
    temp = k * 2.0
    for step in range(iterations):
        disp = np.zeros((n, 2))
        if len(pi):
            d = pos[pi] - pos[pj]
            r2 = np.maximum((d * d).sum(1), 1.0)
            f = d * (k * k / r2)[:, None]
            disp += _sum_into(n, pi, f) - _sum_into(n, pj, f)
        for g in large:
            disp[g] += _mesh_repulsion(pos[g], k)
        if len(a):
            d = pos[a] - pos[b]
            r = np.sqrt(np.maximum((d * d).sum(1), 1e-9))
            f = d * (r / k)[:, None]
            disp -= _sum_into(n, a, f) - _sum_into(n, b, f)
        length = np.sqrt(np.maximum((disp * disp).sum(1), 1e-18))
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp = max(k * 2.0 * (1 - (step + 1) / iterations), k * 0.02)
    return pos


def _place_leaves(pos: np.ndarray, leaves: np.ndarray, parents: np.ndarray) -> None:
    """Put the leaves of each parent on rings around it, in index order."""
    order = np.lexsort((leaves, parents))
    leaves, parents = leaves[order], parents[order]
    start = np.r_[0, np.flatnonzero(np.diff(parents)) + 1]
    count = np.diff(np.r_[start, len(parents)])
    rank = np.arange(len(leaves)) - np.repeat(start, count)
    total = np.repeat(count, count)
    per_ring = 12
    ring = rank // per_ring
    in_ring = np.minimum(total - ring * per_ring, per_ring)
    angle = 2 * np.pi * (rank % per_ring) / in_ring + ring * 0.5
    radius = EDGE * (0.8 + 0.6 * ring)
    pos[leaves, 0] = pos[parents, 0] + radius * np.cos(angle)
    pos[leaves, 1] = pos[parents, 1] + radius * np.sin(angle)


def _pack(pos: np.ndarray, comp: np.ndarray) -> np.ndarray:
    """Move components into rows, largest first, without overlap."""
    ids, inverse = np.unique(comp, return_inverse=True)
    m = len(ids)
    sizes = np.bincount(inverse, minlength=m)
    centre = np.stack([np.bincount(inverse, pos[:, 0], m), np.bincount(inverse, pos[:, 1], m)], 1) / sizes[:, None]
    local = pos - centre[inverse]
    radius = np.zeros(m)
    np.maximum.at(radius, inverse, np.sqrt((local * local).sum(1)))
    radius += np.where(sizes == 1, EDGE * 0.25, EDGE * 0.6)
    order = np.lexsort((ids, -sizes))
    width = max(float(np.sqrt((4 * radius * radius).sum()) * 1.3), 2 * float(radius.max()))
    offset = np.zeros((m, 2))
    x = y = row_h = 0.0
    for c in order:
        d = 2 * radius[c]
        if x > 0 and x + d > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        offset[c] = (x + radius[c], y + radius[c])
        x += d
        row_h = max(row_h, d)
    out = local + offset[inverse]
    return out - (out.max(0) + out.min(0)) / 2


def spring_positions(n: int, edges, seed: int = 7) -> np.ndarray:
    """Positions (n × 2, rounded to integers) for nodes ``0..n-1`` joined by ``edges``.

    ``edges`` are index pairs; direction, duplicates and self-loops are ignored.
    """
    if n == 0:
        return np.zeros((0, 2))
    e = np.array(sorted({(min(s, t), max(s, t)) for s, t in edges if s != t}), dtype=int).reshape(-1, 2)
    a, b = e[:, 0], e[:, 1]
    deg = np.bincount(np.r_[a, b], minlength=n)
    # a leaf is a degree-1 node whose neighbour is not itself a leaf
    leaf_edge = (deg[a] == 1) ^ (deg[b] == 1)
    leaves = np.where(deg[a[leaf_edge]] == 1, a[leaf_edge], b[leaf_edge])
    parents = np.where(deg[a[leaf_edge]] == 1, b[leaf_edge], a[leaf_edge])
    core = ~leaf_edge
    rng = np.random.default_rng(seed)
    comp = _components(n, a, b)
    core_comp = comp.copy()
    core_comp[leaves] = n + leaves  # leaves leave their component for the spring stage
    pos = _spring(n, a[core], b[core], core_comp, rng)
    if len(leaves):
        _place_leaves(pos, leaves, parents)
    return np.round(_pack(pos, comp))
