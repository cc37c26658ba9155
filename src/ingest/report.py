"""``ingest report``: one self-contained HTML page about gold, for people.

Who is mentioned most and when (a timeline of the top people and organisations by month), who
appears with whom (a co-occurrence network), coverage by outlet, language and month, and a
section per top entity with its aliases by scheme, its offices with their dates and its
documents. Every number comes from the catalog's views (:mod:`ingest.catalog_views`), so the
report says what a BI tool would. The charts are plotly figures; plotly.js is inlined once, so
the file opens offline (no CDN, no request at all).
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import catalog, report_charts
from .catalog_views import NAME

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReportConfig:
    """What the report shows.

    top: people and organisations in the timelines and with a section of their own (each kind).
    network: entities (of any kind) in the co-occurrence network, the most documented first.
    network_edges: the strongest pairs drawn among them.
    documents_per_entity: documents listed in an entity's section, the latest first.
    """

    top: int = 12
    network: int = 30
    network_edges: int = 80
    documents_per_entity: int = 25


@dataclass(frozen=True)
class ReportWritten:
    path: Path
    size_bytes: int
    entities: int
    documents: int


def _rows(con: Any, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def gather(con: Any, config: ReportConfig, progress: Progress) -> dict[str, Any]:
    """Everything the report shows, read from the catalog."""
    progress("reading totals and coverage")
    totals = _rows(
        con,
        "SELECT count(*) AS documents, min(published_on) AS first, max(published_on) AS last,"
        " count(published_on) AS dated FROM gold.documents",
    )[0]
    totals |= _rows(
        con,
        "SELECT (SELECT count(*) FROM main.entities WHERE doc_count > 0) AS entities,"
        " (SELECT count(*) FROM gold.mentions WHERE entity_id IS NOT NULL) AS resolved,"
        " (SELECT count(*) FROM gold.mentions) AS mentions",
    )[0]
    coverage = {
        "outlet": _rows(
            con,
            "SELECT coalesce(outlet, '(no outlet)') AS key, count(*) AS documents FROM gold.documents"
            " GROUP BY ALL ORDER BY documents DESC, key LIMIT 25",
        ),
        "lang": _rows(
            con, "SELECT lang AS key, count(*) AS documents FROM gold.documents GROUP BY ALL ORDER BY 2 DESC"
        ),
        "month": _rows(
            con,
            "SELECT CAST(date_trunc('month', published_on) AS DATE) AS month, lang, count(*) AS documents"
            " FROM gold.documents WHERE published_on IS NOT NULL GROUP BY ALL ORDER BY month, lang",
        ),
    }
    progress("choosing the top entities")
    top = {
        kind: _rows(
            con,
            f"SELECT entity_id, {NAME} AS name, kind, mention_count, doc_count FROM main.entities e"
            " WHERE kind = ? AND doc_count > 0 ORDER BY doc_count DESC, mention_count DESC, entity_id LIMIT ?",
            [kind, config.top],
        )
        for kind in ("PERSON", "ORG")
    }
    ids = [e["entity_id"] for es in top.values() for e in es]
    progress("reading the timelines")
    timeline = _rows(
        con,
        "SELECT entity_id, name, kind, month, mentions, documents FROM entity_timeline"
        " WHERE month IS NOT NULL AND list_contains(?, entity_id) ORDER BY month",
        [ids],
    )
    progress("reading co-occurrence")
    nodes = _rows(
        con,
        f"SELECT entity_id, {NAME} AS name, kind, doc_count FROM main.entities e WHERE doc_count > 0"
        " ORDER BY doc_count DESC, mention_count DESC, entity_id LIMIT ?",
        [config.network],
    )
    edges = _rows(
        con,
        "SELECT entity_a, entity_b, documents, first_published_on, last_published_on FROM entity_cooccurrence"
        " WHERE list_contains(?, entity_a) AND list_contains(?, entity_b)"
        " ORDER BY documents DESC, entity_a, entity_b",
        [[n["entity_id"] for n in nodes]] * 2,
    )
    entities = []
    every = max(1, len(ids) // 5)
    for i, eid in enumerate(ids, 1):
        entities.append(_entity(con, eid, config))
        if i % every == 0 or i == len(ids):
            progress(f"entity sections: {i}/{len(ids)}")
    return dict(
        totals=totals,
        coverage=coverage,
        top=top,
        timeline=timeline,
        nodes=nodes,
        edges=edges,
        entities=entities,
    )


def _entity(con: Any, entity_id: str, config: ReportConfig) -> dict:
    e = _rows(con, "SELECT * FROM main.entities WHERE entity_id = ?", [entity_id])[0]
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in _rows(
        con,
        "SELECT alias, scheme FROM gold.entity_aliases WHERE entity_id = ? ORDER BY scheme, alias",
        [entity_id],
    ):
        aliases[r["scheme"]].append(r["alias"])
    roles = _rows(
        con,
        "SELECT title, title_zh, held_from, held_to, held_from_given, held_to_given FROM entity_roles"
        " WHERE entity_id = ? ORDER BY held_from NULLS LAST, title",
        [entity_id],
    )
    docs = _rows(
        con,
        "SELECT doc_id, any_value(title) AS title, any_value(published_on) AS published_on,"
        " any_value(outlet) AS outlet, any_value(lang) AS lang, count(*) AS mentions,"
        " string_agg(DISTINCT mention, ' · ') AS written FROM entity_mentions WHERE entity_id = ?"
        " GROUP BY doc_id ORDER BY published_on DESC NULLS LAST, doc_id LIMIT ?",
        [entity_id, config.documents_per_entity],
    )
    return dict(entity=e, aliases=dict(aliases), roles=roles, documents=docs)


def write_report(
    data_dir: Path, out: Path, config: ReportConfig = ReportConfig(), progress: Progress | None = None
) -> ReportWritten:
    """Write the report of the data folder's gold to ``out`` (HTML, self-contained)."""
    say = progress or (lambda _step: None)
    with catalog.connect(data_dir) as con:
        facts = gather(con, config, say)
    say("drawing the charts")
    body = render(facts, config)
    say(f"writing {out}")
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out)
    return ReportWritten(out, out.stat().st_size, len(facts["entities"]), facts["totals"]["documents"])


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _slug(entity_id: str) -> str:
    return "e-" + "".join(c if c.isalnum() else "-" for c in entity_id)


def render(facts: dict[str, Any], config: ReportConfig) -> str:
    """The whole page: summary, charts, one section per top entity, plotly.js inlined once."""
    t = facts["totals"]
    span = f"{t['first']} to {t['last']}" if t["first"] else "no dated documents"
    charts = [
        (
            "Who is mentioned most, over time",
            [
                report_charts.timeline(
                    facts["timeline"], facts["top"]["PERSON"], "People: mentions per month"
                ),
                report_charts.timeline(
                    facts["timeline"], facts["top"]["ORG"], "Organisations: mentions per month"
                ),
            ],
        ),
        (
            "Who appears with whom",
            [report_charts.network(facts["nodes"], facts["edges"], config.network_edges)],
        ),
        (
            "Coverage",
            [
                report_charts.bars(facts["coverage"]["outlet"], "Documents by outlet"),
                report_charts.bars(facts["coverage"]["lang"], "Documents by language"),
                report_charts.months(facts["coverage"]["month"]),
            ],
        ),
    ]
    toc = "".join(
        f'<li><a href="#{_slug(s["entity"]["entity_id"])}">{_e(s["entity"]["name"])}</a></li>'
        for s in facts["entities"]
    )
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>News gold report ({_e(dt.date.today())})</title>",
        f"<style>{CSS}</style>",
        f"<script>{report_charts.plotly_js()}</script>",
        "</head><body><main>",
        "<h1>Who, what and when in the news</h1>",
        f'<p class="lead">{t["documents"]:,} documents ({t["dated"]:,} dated, {span}); {t["entities"]:,}'
        f" entities mentioned; {t['resolved']:,} of {t['mentions']:,} mentions resolved to an entity."
        " Every figure comes from the views of <code>catalog.duckdb</code>.</p>",
        f'<nav><strong>Top entities</strong><ol class="toc">{toc}</ol></nav>',
    ]
    for title, figs in charts:
        parts.append(f"<section><h2>{_e(title)}</h2>{''.join(figs)}</section>")
    parts.append("<h2>Top people and organisations</h2>")
    parts += [_section(s) for s in facts["entities"]]
    parts.append(
        f"<footer>Made by <code>ingest report</code> on {_e(dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M'))}"
        f" UTC (top {config.top} of each kind).</footer></main></body></html>"
    )
    return "\n".join(parts)


def _section(s: dict) -> str:
    e = s["entity"]
    names = [e.get(k) for k in ("name_en", "name_zh_hant", "name_zh_hans", "name_pinyin", "name_cantonese")]
    names_line = " · ".join(_e(n) for n in dict.fromkeys(n for n in names if n))
    aliases = "".join(
        f"<tr><th>{_e(scheme)}</th><td>{_e(', '.join(values))}</td></tr>"
        for scheme, values in s["aliases"].items()
    )
    roles = "".join(
        f"<tr><td>{_e(r['title'])}</td><td>{_e(r['title_zh'])}</td><td>{_e(r['held_from'])}</td>"
        f"<td>{_e(r['held_to']) or 'held'}</td><td class='dim'>{_e(r['held_from_given'])} – {_e(r['held_to_given'])}</td></tr>"
        for r in s["roles"]
    )
    docs = "".join(
        f"<tr><td>{_e(d['published_on'])}</td><td>{_e(d['title'])}</td><td>{_e(d['outlet'])}</td>"
        f"<td>{_e(d['lang'])}</td><td>{d['mentions']}</td><td class='dim'>{_e(d['written'])}</td></tr>"
        for d in s["documents"]
    )
    out = [
        f'<section class="entity" id="{_slug(e["entity_id"])}">',
        f"<h3>{_e(e['name'])} <small>{_e(e['kind'])} · {_e(e['entity_id'])}</small></h3>",
        f"<p>{names_line}</p>",
        f"<p>{e['mention_count']:,} mentions in {e['doc_count']:,} documents.</p>",
        f"<h4>Aliases by scheme</h4><table class='kv'>{aliases or '<tr><td>none</td></tr>'}</table>",
    ]
    if roles:
        out.append(
            "<h4>Offices</h4><table><tr><th>title</th><th>Chinese</th><th>from</th><th>to</th>"
            f"<th>as the KB gives them</th></tr>{roles}</table>"
        )
    out.append(
        f"<h4>Documents ({len(s['documents'])} latest)</h4><table><tr><th>published</th><th>title</th>"
        f"<th>outlet</th><th>lang</th><th>mentions</th><th>written as</th></tr>{docs}</table></section>"
    )
    return "\n".join(out)


CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK TC',sans-serif;
color:#1f2328;background:#fafafa;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{margin:.2em 0 .3em;font-size:28px}h2{margin-top:1.8em;border-bottom:2px solid #e5e7eb;padding-bottom:.2em}
h3 small{font-weight:400;color:#6b7280;font-size:13px}h4{margin:1em 0 .3em}
.lead{font-size:16px;color:#374151}code{background:#f3f4f6;padding:0 4px;border-radius:3px}
nav .toc{columns:3;font-size:14px;margin:.4em 0 0}
table{border-collapse:collapse;width:100%;font-size:13px;margin:.3em 0}
th,td{border-bottom:1px solid #e5e7eb;padding:3px 6px;text-align:left;vertical-align:top}
.kv th{width:140px;color:#374151}.dim{color:#6b7280}
.entity{border-top:1px solid #e5e7eb;margin-top:1.5em;padding-top:.5em}
.chart{margin:.6em 0 1.2em}footer{margin-top:3em;color:#6b7280;font-size:12px}
"""
