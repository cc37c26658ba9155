"""Cleaning stage: named rules that repair OCR and scrape damage, each fix explained.

``clean_document`` takes a decoded file (plain text or HTML), parses supplied metadata
and YAML front matter, runs :data:`RULES` in order and returns the cleaned text with the
list of fixes (which rule, how often, one before/after example), the article's metadata
and its language per document and per paragraph.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ingest.budget import MAX_ANALYSED_CHARS, analysed_end
from ingest.clean import rules_chrome as chrome
from ingest.clean import rules_common as common
from ingest.clean import rules_en as en
from ingest.clean import rules_page as page
from ingest.clean import rules_zh as zh
from ingest.clean.core import EXAMPLE_MAX, LETTER, Rule, RunResult, run_rules
from ingest.clean.frontmatter import FrontMatterError, split_front_matter
from ingest.clean.html import HtmlExtractionError, extract_html, looks_like_html
from ingest.errors import EmptyArticleError
from ingest.lang import detect, paragraph_langs
from ingest.metadata import SuppliedMetadataError, build_meta, parse_supplied
from ingest.model import DocMeta, Fix

__all__ = [
    "RULES",
    "CleanConfig",
    "CleanedDoc",
    "EmptyArticleError",
    "FrontMatterError",
    "HtmlExtractionError",
    "SuppliedMetadataError",
    "clean_document",
    "list_rules",
]

# Steps before the rules, named in fixes like them.
PRE_RULES: tuple[tuple[str, str], ...] = (
    (
        "front_matter",
        "parse and strip YAML front matter at the top of a text file (its values are supplied metadata)",
    ),
    (
        "html_main_text",
        "extract the main text of an HTML page (trafilatura); title and date from its declared metadata",
    ),
    ("html_all_text", "keep all visible text of an HTML page in which the extractor found no main text"),
)
# After the rules: not a change of the text but of what the analysis stages read.
POST_RULES: tuple[tuple[str, str], ...] = (
    (
        "truncated_for_nlp",
        "text_clean over CleanConfig.nlp_max_chars: entities and dates are read only up to a paragraph "
        "or sentence end before the limit (the fix's count is the characters not read); the text is kept whole",
    ),
)

# The rules in the order they run. Encoding first, then furniture and metadata lines
# (which need the lines as scraped), then Chinese repairs, then line structure, then words.
RULES: tuple[Rule, ...] = (
    common.html_entities,
    common.mojibake,
    common.unicode_spaces,
    zh.fullwidth_ascii,
    common.glyph_runs,
    chrome.one_line_page,
    chrome.asterisk_runs,
    chrome.skip_links,
    chrome.menus,
    chrome.portal_crumbs,
    page.markdown_links,
    page.nav_crumbs,
    chrome.related_lists,
    chrome.share_widgets,
    chrome.epaper_controls,
    chrome.font_print_controls,
    chrome.read_more,
    chrome.photo_credits,
    chrome.editor_in_charge,
    chrome.repeated_channel,
    chrome.source_line,
    page.page_furniture,
    page.hkgov_footer,
    page.outlet_line,
    page.header_date,
    page.dateline,
    page.byline,
    page.emails,
    page.body_date,
    zh.zh_inline_pinyin,
    zh.zh_ocr_spaces,
    zh.zh_punctuation,
    common.line_end_hyphen,
    common.hard_wraps,
    en.fused_words,
    en.colon_space,
    common.whitespace,
)


@dataclass(frozen=True)
class CleanConfig:
    """Settings of the cleaning stage."""

    # Latin name words from the names knowledge base ('Yuet-ngor', 'Wing-hang'): evidence
    # for repairing a name fused where its hyphen was lost.
    name_tokens: frozenset[str] = frozenset()
    # Curated hyphenated or spaced spellings of this domain, evidence like the word list.
    compounds: frozenset[str] = en.DEFAULT_COMPOUNDS
    # Take the publication date from the file's mtime (last resort) only when the user opts in.
    use_file_time: bool = False
    # A token is split as fused only when wordfreq's Zipf frequency is below this ('alot' 3.9 is a word).
    fused_word_max_zipf: float = 2.0
    # A line-end 'inno-\ntech' loses its hyphen only when the joined word is at least this
    # common (or the document writes it whole).
    word_min_zipf: float = 3.0
    # Spaces between Chinese characters go from a line where at least this share of
    # character pairs is spaced (OCR spacing), not from a line with one deliberate space.
    zh_ocr_space_ratio: float = 0.3
    # Names of rules to skip (see list_rules()).
    disabled_rules: frozenset[str] = frozenset()
    # Outlet names besides the built-in list whose line near the top moves to metadata
    # (clean_document adds a supplied outlet for its document).
    outlets: frozenset[str] = frozenset()
    # Characters of text_clean the analysis stages read (NlpConfig.max_doc_chars and
    # DateConfig.max_chars apply the same cut, ingest.budget.analysed_end); past it the cut
    # is recorded as the fix truncated_for_nlp. text_clean itself stays whole. 0: no limit.
    nlp_max_chars: int = MAX_ANALYSED_CHARS


@dataclass
class CleanedDoc:
    """The cleaned text with its fixes, metadata and languages."""

    text_clean: str
    fixes: list[Fix]  # in the order rules ran, only rules that changed something
    meta: DocMeta
    lang: str  # Lang value for the whole document
    paragraph_langs: list[str]  # Lang value of each non-blank line of text_clean
    # every change (rule, before, after) in order, for audits; not stored in silver
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def list_rules() -> list[tuple[str, str]]:
    """(rule name, one-line description) of every rule, in the order they run."""
    return [*PRE_RULES, *((r.name, r.description) for r in RULES), *POST_RULES]


def clean_document(
    text: str,
    *,
    source_path: str = "",
    supplied: Mapping[str, Any] | None = None,
    file_mtime: dt.datetime | None = None,
    config: CleanConfig = CleanConfig(),
) -> CleanedDoc:
    """Clean one decoded file and read its metadata.

    Raises :class:`SuppliedMetadataError` when supplied or front-matter values are unusable,
    :class:`FrontMatterError` when a front-matter block is malformed YAML (or too large, too
    deep, with aliases), :class:`HtmlExtractionError` when an HTML page has no visible text at
    all and :class:`EmptyArticleError` when no letter or CJK character is left after cleaning.
    """
    given = parse_supplied(supplied, f"sidecar of {source_path or 'document'}")
    pre_fixes: list[Fix] = []
    html: dict[str, Any] = {}
    front: dict[str, Any] = {}
    if looks_like_html(text, source_path):
        page_ = extract_html(text)
        html = {"title": page_.title, "date": page_.date, "url": page_.url, "outlet": page_.outlet}
        name = "html_main_text" if page_.main_text else "html_all_text"
        pre_fixes.append(Fix(name, 1, f"(HTML page, {len(text)} characters)", page_.text[:160]))
        text = page_.text
    else:
        raw_front, rest = split_front_matter(text, source_path or "document")
        if raw_front or rest != text:
            front = parse_supplied(raw_front, f"front matter of {source_path or 'document'}")
            pre_fixes.append(Fix("front_matter", 1, text[: len(text) - len(rest)][:160], ""))
            text = rest
    outlet = given.get("outlet") or front.get("outlet") or html.get("outlet")
    if outlet:
        config = replace(config, outlets=config.outlets | {str(outlet)})
    result = run_rules(text, RULES, config)
    if not LETTER.search(result.text):
        raise _empty(source_path, result)
    fixes = pre_fixes + result.fixes
    end = analysed_end(result.text, config.nlp_max_chars)
    if end < len(result.text):
        fixes.append(_truncation(result.text, end))
    lang = detect(result.text)
    meta = build_meta(
        result.found,
        supplied=given,
        front_matter=front,
        html={k: v for k, v in html.items() if v},
        text_clean=result.text,
        lang=lang,
        file_mtime=file_mtime,
        use_file_time=config.use_file_time,
    )
    return CleanedDoc(
        text_clean=result.text,
        fixes=fixes,
        meta=meta,
        lang=meta.lang or lang,
        paragraph_langs=paragraph_langs(result.text, lang),
        changes=result.changes,
    )


def _empty(source_path: str, result: RunResult) -> EmptyArticleError:
    """The error for a document cleaning left without letters, naming the rule that removed the last."""
    where = source_path or "document"
    rule = result.emptied_by
    if rule is None:
        return EmptyArticleError(
            f"{where} has no letters or CJK characters (only digits, punctuation or spaces); "
            "it is not an article: check its encoding or remove it",
        )
    return EmptyArticleError(
        f"{where} is empty after cleaning: the rule {rule} removed the last of its letters or text "
        f"(`ingest explain {where}` shows each change); if that text is an article, disable the rule "
        "with CleanConfig.disabled_rules, else fix the file's encoding or remove it",
        rule,
    )


def _truncation(text: str, end: int) -> Fix:
    """The fix recording where the analysis stages stop reading ``text``."""
    before = text[max(0, end - 60) : end] + "|" + text[end : end + 60]
    after = f"(entities and dates read the first {end:,} of {len(text):,} characters)"
    return Fix("truncated_for_nlp", len(text) - end, before[:EXAMPLE_MAX], after)
