"""The report's charts, as plotly figures rendered to HTML fragments (plotly.js inlined once by the page).

Plotly has no network layout, so :func:`spring_layout` places the co-occurrence network's nodes
(Fruchterman–Reingold, numpy, a fixed seed: the same data draws the same picture).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence

import numpy as np

KIND_COLOURS = {"PERSON": "#2563eb", "ORG": "#ea580c", "GPE": "#16a34a", "LOC": "#16a34a"}
_CONFIG = {"displaylogo": False, "responsive": True}
_ids = itertools.count(1)
SPREAD = 1.0  # the layout's ideal distance between nodes, times 1/sqrt(nodes)
GRAVITY = 0.3  # pull of every node towards the middle, so entities with weak ties stay in the picture


def plotly_js() -> str:
    """plotly.js itself, to inline in the page (about 4.8 MB): no CDN, opens offline."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _html(fig, height: int) -> str:
    fig.update_layout(
        template="plotly_white", height=height, margin=dict(l=50, r=20, t=50, b=40), font=dict(size=12)
    )
    div = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        config=_CONFIG,
        div_id=f"chart-{next(_ids)}",
        default_height=f"{height}px",
    )
    return f'<div class="chart">{div}</div>'


def _empty(title: str) -> str:
    return f'<div class="chart"><h4>{title}</h4><p class="dim">Nothing to show yet.</p></div>'


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of every month from ``first``'s to ``last``'s, both included."""
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline(rows: Sequence[dict], entities: Sequence[dict], title: str) -> str:
    """Mentions per month, one line per entity (the most documented first in the legend); a month
    without a mention is 0, from the first month any of them is mentioned to the last."""
    import plotly.graph_objects as go

    ids = {e["entity_id"] for e in entities}
    counts = {(r["entity_id"], r["month"]): r for r in rows if r["entity_id"] in ids}
    if not counts:
        return _empty(title)
    months = month_range(min(m for _, m in counts), max(m for _, m in counts))
    fig = go.Figure()
    for e in entities:
        pts = [counts.get((e["entity_id"], m)) for m in months]
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[p["mentions"] if p else 0 for p in pts],
                mode="lines+markers",
                name=e["name"],
                customdata=[p["documents"] if p else 0 for p in pts],
                hovertemplate="%{x|%b %Y}: %{y} mentions in %{customdata} documents",
            )
        )
    fig.update_layout(title=title, xaxis_title="month of publication", yaxis_title="mentions")
    return _html(fig, 420)


def spring_layout(
    n: int, edges: Sequence[tuple[int, int, float]], iterations: int = 300, seed: int = 7
) -> np.ndarray:
    """Positions in [0, 1]² for ``n`` nodes joined by weighted ``edges`` (i, j, weight > 0)."""
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    pos = rng.random((n, 2))
    weight = np.zeros((n, n))
    for i, j, w in edges:
        weight[i, j] = weight[j, i] = w
    k = SPREAD / math.sqrt(n)
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        push = (k * k / dist**2)[..., None] * delta  # repulsion k²/d along the unit vector
        pull = (weight * dist / k)[..., None] * delta  # attraction d²/k, stronger for heavier edges
        move = (push - pull).sum(axis=1) - GRAVITY * (pos - pos.mean(axis=0))  # gravity keeps loners near
        length = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        pos += move / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.985
    pos -= pos.min(axis=0)
    return pos / np.maximum(pos.max(axis=0), 1e-9)


def network(nodes: Sequence[dict], edges: Sequence[dict], drawn: int = 80) -> str:
    """Entities as dots (size: documents, colour: kind), the ``drawn`` strongest pairs mentioned
    together as lines (width: documents in common). Every pair places the dots: the share of
    either entity's documents they have in common (Jaccard) is the pull between them."""
    import plotly.graph_objects as go

    title = "Co-occurrence: entities mentioned in the same documents"
    index = {n["entity_id"]: i for i, n in enumerate(nodes)}
    pairs = [
        (index[e["entity_a"]], index[e["entity_b"]], e)
        for e in edges
        if e["entity_a"] in index and e["entity_b"] in index
    ]
    if not pairs:
        return _empty(title)
    docs = [n["doc_count"] for n in nodes]
    pos = spring_layout(
        len(nodes), [(i, j, e["documents"] / (docs[i] + docs[j] - e["documents"])) for i, j, e in pairs]
    )
    pairs = sorted(pairs, key=lambda p: -p[2]["documents"])[:drawn]
    top = max(p[2]["documents"] for p in pairs)
    fig = go.Figure()
    for i, j, e in pairs:
        fig.add_trace(
            go.Scatter(
                x=[pos[i, 0], pos[j, 0]],
                y=[pos[i, 1], pos[j, 1]],
                mode="lines",
                line=dict(width=0.5 + 5 * e["documents"] / top, color="rgba(100,116,139,0.45)"),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    biggest = max(n["doc_count"] for n in nodes)
    for kind in sorted({n["kind"] for n in nodes}):
        members = [i for i, n in enumerate(nodes) if n["kind"] == kind]
        fig.add_trace(
            go.Scatter(
                x=pos[members, 0],
                y=pos[members, 1],
                mode="markers+text",
                name=kind,
                text=[nodes[i]["name"] for i in members],
                textposition="top center",
                marker=dict(
                    size=[10 + 30 * math.sqrt(nodes[i]["doc_count"] / biggest) for i in members],
                    color=KIND_COLOURS.get(kind, "#6b7280"),
                    line=dict(width=1, color="white"),
                ),
                customdata=[nodes[i]["doc_count"] for i in members],
                hovertemplate="%{text}: %{customdata} documents<extra></extra>",
            )
        )
    fig.update_layout(title=title, xaxis=dict(visible=False), yaxis=dict(visible=False), hovermode="closest")
    return _html(fig, 640)


def bars(rows: Sequence[dict], title: str) -> str:
    """Documents per key (outlet, language), the largest first."""
    import plotly.graph_objects as go

    if not rows:
        return _empty(title)
    fig = go.Figure(
        go.Bar(
            x=[r["documents"] for r in rows][::-1],
            y=[str(r["key"]) for r in rows][::-1],
            orientation="h",
            marker_color="#2563eb",
            hovertemplate="%{y}: %{x} documents<extra></extra>",
        )
    )
    fig.update_layout(title=title, xaxis_title="documents")
    return _html(fig, 120 + 26 * len(rows))


def months(rows: Sequence[dict]) -> str:
    """Documents per month of publication, stacked by language."""
    import plotly.graph_objects as go

    title = "Documents by month of publication and language"
    if not rows:
        return _empty(title)
    fig = go.Figure()
    for lang in sorted({r["lang"] for r in rows}):
        pts = [r for r in rows if r["lang"] == lang]
        fig.add_trace(go.Bar(x=[r["month"] for r in pts], y=[r["documents"] for r in pts], name=lang))
    fig.update_layout(title=title, barmode="stack", xaxis_title="month", yaxis_title="documents")
    return _html(fig, 380)
