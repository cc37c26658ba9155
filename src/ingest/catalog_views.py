"""The views of the DuckDB catalog that people ask for, declared once: SQL, description, columns.

Each reads the table views (``gold.mentions`` …) that :mod:`ingest.catalog` makes; their
column lists are checked against what DuckDB makes of the SQL (tests), and the data dictionary
prints them from here. An entity's ``name`` is its English name, else its Traditional, else its
Simplified Chinese one, else its id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """A view of the catalog: ``schema.name`` AS ``sql``, with a description per column."""

    name: str
    sql: str
    description: str
    columns: tuple[tuple[str, str], ...]
    schema: str = "main"

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


NAME = "coalesce(e.name_en, e.name_zh_hant, e.name_zh_hans, e.entity_id)"
_NAMED = f"(SELECT e.*, {NAME} AS name FROM gold.entities e)"

_MENTION_COLUMNS = (
    ("name", "the entity's name (English, else Chinese); the mention as written when unresolved"),
    ("mention", "the mention as written in the text"),
    ("title", "the document's headline"),
    ("published_on", "the document's publication date"),
    ("outlet", "the document's outlet"),
    ("lang", "the document's language and script"),
    ("name_en", "the entity's English name"),
    ("name_zh_hant", "the entity's name in Traditional characters"),
    ("name_zh_hans", "the entity's name in Simplified characters"),
    ("label", "PERSON, ORG, GPE or LOC, as extracted"),
    ("kind", "the entity's kind; null when unresolved"),
    ("entity_id", "gold entities.entity_id; null when unresolved"),
    ("method", "how the mention was linked (gold mentions.method)"),
    ("score", "confidence of the link, 0–1"),
    ("doc_id", "gold documents.doc_id"),
    ("start_char", "start offset into silver documents.text_clean"),
    ("end_char", "end offset, exclusive"),
)

_MENTIONS_SQL = f"""
SELECT coalesce(e.name, m.text) AS name, m.text AS mention, d.title, d.published_on, d.outlet, d.lang,
       e.name_en, e.name_zh_hant, e.name_zh_hans, m.label, e.kind, m.entity_id, m.method, m.score,
       m.doc_id, m.start_char, m.end_char
FROM gold.mentions m
JOIN gold.documents d ON d.doc_id = m.doc_id
LEFT JOIN {_NAMED} e ON e.entity_id = m.entity_id
"""

_DOC_ENTITY = """
SELECT DISTINCT m.doc_id, m.entity_id FROM gold.mentions m WHERE m.entity_id IS NOT NULL
"""

_NAMES_OF = """
(SELECT doc_id, list(name ORDER BY name) AS names
 FROM (SELECT doc_id, unnest({column}) AS entity_id FROM gold.documents) u
 JOIN {named} e ON e.entity_id = u.entity_id
 GROUP BY doc_id)
"""

VIEWS: tuple[View, ...] = (
    View(
        "entities",
        f"""
        SELECT e.entity_id, {NAME} AS name, e.kind, e.name_en, e.name_zh_hant, e.name_zh_hans,
               e.name_pinyin, e.name_cantonese, e.in_kb, e.roles,
               coalesce(c.mention_count, 0) AS mention_count, coalesce(c.doc_count, 0) AS doc_count,
               c.first_published_on, c.last_published_on
        FROM gold.entities e
        LEFT JOIN (
            SELECT m.entity_id, count(*) AS mention_count, count(DISTINCT m.doc_id) AS doc_count,
                   min(d.published_on) AS first_published_on, max(d.published_on) AS last_published_on
            FROM gold.mentions m JOIN gold.documents d ON d.doc_id = m.doc_id
            WHERE m.entity_id IS NOT NULL
            GROUP BY m.entity_id
        ) c ON c.entity_id = e.entity_id
        """,
        "Every entity with its names and how often it is mentioned (gold/entities keeps what identifies"
        " an entity; the counts come from gold/mentions, so a run need not rewrite every entity it"
        " mentions).",
        (
            ("entity_id", "gold entities.entity_id"),
            ("name", "the entity's name (English, else Traditional, else Simplified Chinese)"),
            ("kind", "PERSON, ORG, GPE or LOC"),
            ("name_en", "preferred English name"),
            ("name_zh_hant", "name in Traditional characters"),
            ("name_zh_hans", "name in Simplified characters"),
            ("name_pinyin", "Mandarin pinyin"),
            ("name_cantonese", "HK Government Cantonese romanisation"),
            ("in_kb", "true when the entity comes from the knowledge base"),
            ("roles", "offices held, from the knowledge base (gold entities.roles)"),
            ("mention_count", "resolved mentions"),
            ("doc_count", "documents with a resolved mention"),
            ("first_published_on", "the earliest publication date of those documents"),
            ("last_published_on", "the latest publication date of those documents"),
        ),
    ),
    View(
        "entity_mentions",
        _MENTIONS_SQL,
        "Every entity mention with the entity's names and the document's title, outlet, language and"
        " publication date; unresolved mentions too (entity_id null).",
        _MENTION_COLUMNS,
    ),
    View(
        "person_mentions",
        "SELECT * FROM main.entity_mentions WHERE label = 'PERSON'",
        "The mentions of people, as entity_mentions.",
        _MENTION_COLUMNS,
    ),
    View(
        "organisation_mentions",
        "SELECT * FROM main.entity_mentions WHERE label = 'ORG'",
        "The mentions of organisations, as entity_mentions.",
        _MENTION_COLUMNS,
    ),
    View(
        "entity_pairs",
        f"""
        SELECT a.doc_id, a.entity_id AS entity_a, b.entity_id AS entity_b, d.published_on, d.title
        FROM ({_DOC_ENTITY}) a
        JOIN ({_DOC_ENTITY}) b ON a.doc_id = b.doc_id AND a.entity_id < b.entity_id
        JOIN gold.documents d ON d.doc_id = a.doc_id
        """,
        "Pairs of resolved entities mentioned in the same document, one row per document and pair"
        " (entity_a < entity_b).",
        (
            ("doc_id", "gold documents.doc_id"),
            ("entity_a", "the pair's first entity id (the smaller)"),
            ("entity_b", "the pair's second entity id"),
            ("published_on", "the document's publication date"),
            ("title", "the document's headline"),
        ),
    ),
    View(
        "entity_cooccurrence",
        f"""
        SELECT p.entity_a, a.name AS name_a, a.kind AS kind_a, p.entity_b, b.name AS name_b,
               b.kind AS kind_b, count(*) AS documents, min(p.published_on) AS first_published_on,
               max(p.published_on) AS last_published_on
        FROM main.entity_pairs p
        JOIN {_NAMED} a ON a.entity_id = p.entity_a
        JOIN {_NAMED} b ON b.entity_id = p.entity_b
        GROUP BY ALL
        """,
        "Who appears with whom: each pair of entities mentioned in the same documents, with how many"
        " documents and the first and last publication dates.",
        (
            ("entity_a", "the pair's first entity id (the smaller)"),
            ("name_a", "its name"),
            ("kind_a", "its kind"),
            ("entity_b", "the pair's second entity id"),
            ("name_b", "its name"),
            ("kind_b", "its kind"),
            ("documents", "documents mentioning both"),
            ("first_published_on", "the earliest publication date of those documents"),
            ("last_published_on", "the latest publication date of those documents"),
        ),
    ),
    View(
        "entity_timeline",
        f"""
        SELECT m.entity_id, e.name, e.kind, CAST(date_trunc('month', d.published_on) AS DATE) AS month,
               count(*) AS mentions, count(DISTINCT m.doc_id) AS documents
        FROM gold.mentions m
        JOIN gold.documents d ON d.doc_id = m.doc_id
        JOIN {_NAMED} e ON e.entity_id = m.entity_id
        GROUP BY ALL
        """,
        "Mentions per entity per month of publication (month null for documents with no date).",
        (
            ("entity_id", "gold entities.entity_id"),
            ("name", "the entity's name"),
            ("kind", "the entity's kind"),
            ("month", "first day of the month of publication; null when the document has no date"),
            ("mentions", "resolved mentions that month"),
            ("documents", "documents with a resolved mention that month"),
        ),
    ),
    View(
        "document_entities",
        f"""
        SELECT d.doc_id, d.title, d.published_on, d.outlet, d.lang, d.story_id,
               coalesce(p.names, []) AS people, coalesce(o.names, []) AS organisations,
               coalesce(g.names, []) AS places, d.dates
        FROM gold.documents d
        LEFT JOIN {_NAMES_OF.format(column="people", named=_NAMED)} p ON p.doc_id = d.doc_id
        LEFT JOIN {_NAMES_OF.format(column="organisations", named=_NAMED)} o ON o.doc_id = d.doc_id
        LEFT JOIN {_NAMES_OF.format(column="places", named=_NAMED)} g ON g.doc_id = d.doc_id
        """,
        "Each current document with the names (not ids) of the people, organisations and places it mentions.",
        (
            ("doc_id", "gold documents.doc_id"),
            ("title", "headline"),
            ("published_on", "publication date"),
            ("outlet", "outlet"),
            ("lang", "language and script"),
            ("story_id", "near-duplicate group"),
            ("people", "names of the people mentioned, sorted"),
            ("organisations", "names of the organisations mentioned, sorted"),
            ("places", "names of the places mentioned, sorted"),
            ("dates", "TIMEX3 values of the dates mentioned"),
        ),
    ),
    View(
        "entity_roles",
        f"""
        SELECT e.entity_id, e.name, e.kind, r.title, r.title_zh, r.held_from, r.held_to,
               r.held_from_given, r.held_to_given
        FROM (SELECT *, unnest(roles) AS r FROM {_NAMED}) e
        """,
        "Offices held, from the knowledge base: one row per entity and office, with DATE columns.",
        (
            ("entity_id", "gold entities.entity_id"),
            ("name", "the entity's name"),
            ("kind", "the entity's kind"),
            ("title", "the office"),
            ("title_zh", "the office in Chinese"),
            ("held_from", "first day held (the widest the KB's start can mean: 2018 is 2018-01-01)"),
            ("held_to", "last day held (2018 is 2018-12-31); null while held or when not known"),
            ("held_from_given", "the start as the KB gives it (2018, 2020-04 or 2020-04-22)"),
            ("held_to_given", "the end as the KB gives it"),
        ),
    ),
)
