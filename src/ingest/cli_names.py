"""``ingest names …`` and ``ingest entities …``: name variants, name comparison, entity lookup.

Mounted on the main CLI by :mod:`ingest.cli`. Output is JSON (one object, or one per line
for ``compare --pairs``) so it can be piped into ``jq`` or read by scripts.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import ConfigOpt, DataOpt, check_data, fail, load

if TYPE_CHECKING:
    from .names import KnowledgeBase

# The names package (pypinyin, rapidfuzz, the KB) is imported inside the commands, so that
# `ingest --help` does not load it. The help's default is checked against
# ingest.names.compare.DEFAULT_THRESHOLD by the tests.
THRESHOLD_HELP = "Score at or above which two names are the same (default 0.75)."

names_app = typer.Typer(
    help="Name variants and comparison across characters, pinyin and Cantonese romanisation.\n\n"
    "Example: ingest names compare 薛永恒 'Alfred SIT Wing-hang'",
    no_args_is_help=True,
    add_completion=False,
)
entities_app = typer.Typer(
    help="Look up resolved entities in the gold tables.\n\nExample: ingest entities show 'Carrie Lam' --data data",
    no_args_is_help=True,
    add_completion=False,
)


@entities_app.callback()
def _entities() -> None:
    """Look up resolved entities in the gold tables (a group, so that `show` stays a subcommand)."""


AliasOpt = Annotated[
    list[Path] | None,
    typer.Option("--aliases", help="User alias file (CSV or YAML) extending the KB; repeatable."),
]
NoKbOpt = Annotated[
    bool, typer.Option("--no-kb", help="Compare the strings alone, without the knowledge base.")
]


def _echo(obj: object) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _kb(no_kb: bool, aliases: list[Path] | None) -> KnowledgeBase | None:
    if no_kb and not aliases:
        return None
    from .names import load_kb
    from .names.kb import AliasFileError, KBError

    try:
        return load_kb(aliases or (), include_base=not no_kb)
    except (AliasFileError, KBError) as exc:
        fail(str(exc))


@names_app.command("variants")
def variants_cmd(
    name: Annotated[str, typer.Argument(help="A name in characters or Latin letters.")],
    no_kb: NoKbOpt = False,
    aliases: AliasOpt = None,
) -> None:
    """Print the variants of NAME by scheme (zh_hans, zh_hant, pinyin, hk, wade_giles, jyutping, short, kb).

    Example: ingest names variants 林鄭月娥
    """
    from .names import variants

    v = variants(name, _kb(no_kb, aliases))
    if not v:
        typer.echo(f"error: {name!r} has no name in it once titles are stripped", err=True)
        raise typer.Exit(2)
    _echo({"name": name, "variants": v})


@names_app.command("compare")
def compare_cmd(
    a: Annotated[str | None, typer.Argument(help="First name.")] = None,
    b: Annotated[str | None, typer.Argument(help="Second name.")] = None,
    pairs: Annotated[
        Path | None,
        typer.Option("--pairs", help="File of tab-separated name pairs, one pair a line; '-' for stdin."),
    ] = None,
    threshold: Annotated[float | None, typer.Option(help=THRESHOLD_HELP)] = None,
    no_kb: NoKbOpt = False,
    aliases: AliasOpt = None,
    stats: Annotated[
        bool, typer.Option("--stats", help="With --pairs: print pairs/second to stderr.")
    ] = False,
) -> None:
    """Compare two names: score, same or not, and why, as JSON.

    Exit status: 0 when the same person at the threshold, 1 when not, 2 on bad input. The
    JSON's "verdict" tells a name that only shares a surname ("possible": 'Andy Lau' and
    劉德華 — only a KB entry or a document can link them) from a different person ("different").

    With --pairs, one JSON object a line (a, b, score, same, method, explanation); exit 0
    unless the file cannot be read or a line is not two tab-separated names (then 2, after
    the other lines are printed).

    Example: ingest names compare 許智峯 "HUI Chi-fung"

    Example: ingest names compare --pairs pairs.tsv > scores.jsonl
    """
    from .names import DEFAULT_THRESHOLD, BadNameError, compare_names

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    kb = _kb(no_kb, aliases)
    if pairs is not None:
        if a is not None or b is not None:
            typer.echo("error: give either two names or --pairs FILE, not both", err=True)
            raise typer.Exit(2)
        try:
            raw = sys.stdin.buffer.read() if str(pairs) == "-" else pairs.read_bytes()
        except OSError as exc:
            typer.echo(f"error: cannot read {pairs}: {exc.strerror or exc}", err=True)
            raise typer.Exit(2) from exc
        try:
            text = raw.decode("utf-8-sig")  # a byte-order mark is no part of the first name
        except UnicodeDecodeError as exc:
            typer.echo(
                f"error: {pairs} is not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start});"
                " save it as UTF-8, one 'name<TAB>name' pair a line",
                err=True,
            )
            raise typer.Exit(2) from exc
        lines = [ln.removesuffix("\r") for ln in text.split("\n")]
        if lines and lines[-1] == "":  # the newline that ends the last line starts none
            lines.pop()
        bad = 0
        t0 = time.perf_counter()
        n = 0
        out = []
        for i, line in enumerate(lines, 1):  # one output line per input line, blank ones too
            if not line.strip():
                out.append(json.dumps({"line": i, "skipped": "an empty line"}))
                continue
            parts = line.split("\t")
            if len(parts) != 2:
                bad += 1
                out.append(json.dumps({"line": i, "error": "expected two names separated by one tab"}))
                continue
            try:
                c = compare_names(parts[0].strip(), parts[1].strip(), kb, threshold)
                out.append(json.dumps(c.as_dict(), ensure_ascii=False))
            except BadNameError as exc:
                bad += 1
                out.append(
                    json.dumps(
                        {"line": i, "a": parts[0], "b": parts[1], "error": str(exc)}, ensure_ascii=False
                    )
                )
            n += 1
        dt = time.perf_counter() - t0
        typer.echo("\n".join(out))
        if stats:
            typer.echo(f"{n} pairs in {dt:.2f} s: {n / dt if dt else 0:.0f} pairs/s", err=True)
        raise typer.Exit(2 if bad else 0)
    if a is None or b is None:
        typer.echo("error: give two names (or --pairs FILE)", err=True)
        raise typer.Exit(2)
    try:
        c = compare_names(a, b, kb, threshold)
    except BadNameError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    _echo(c.as_dict())
    raise typer.Exit(0 if c.same else 1)


def _data(config: Path | None, data: Path | None) -> Path:
    """The data folder from the settings every command reads (flag, INGEST_DATA, ingest.toml)."""
    cfg = load(config, data=data)
    check_data(cfg)
    return cfg.data


def _entities_or_fail(data: Path) -> list[dict]:
    entities = _read(data, "entities")
    if not entities:
        fail(f"no gold entities under {data / 'gold' / 'entities'}; run `ingest run` first.")
    return entities


def _read(data: Path, table: str) -> list[dict]:
    import pyarrow.dataset as ds

    path = data / "gold" / table
    if not path.exists():
        return []
    return ds.dataset(path, format="parquet").to_table().to_pylist()


@entities_app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="A name, alias or entity_id.")],
    data: DataOpt = None,
    config: ConfigOpt = None,
    limit: Annotated[int, typer.Option(help="Documents to list at most.")] = 50,
    candidates: Annotated[int, typer.Option(help="Entities to list at most for a surname-only match.")] = 10,
) -> None:
    """Show the entity NAME resolves to: the entity, its aliases by scheme, and its documents.

    NAME may be an entity_id, any alias in any script ('林鄭月娥', 'Lin Zheng Yue'e'), or a
    name that compares as the same as an entity's name. A name that agrees with entities only
    in its surname ('Sit', 'Mrs Lam') lists them as candidates, most mentioned first
    ("matched_by": "surname only: candidates"). Exit 1 when nothing matches.

    Example: ingest entities show 'Xue Yongheng' --data data
    """
    from .names import BadNameError, compare_names
    from .names.kb import alias_key

    data = _data(config, data)
    entities = _entities_or_fail(data)
    aliases = _read(data, "entity_aliases")
    key = alias_key(name)
    ids = [e["entity_id"] for e in entities if e["entity_id"] == name]
    ids = ids or sorted({r["entity_id"] for r in aliases if alias_key(r["alias"]) == key})
    how = "alias"
    if not ids:
        how = "comparison"
        best: dict[str, float] = {}
        possible: set[str] = set()
        for r in aliases:
            if r["scheme"] in ("acronym",):
                continue
            try:
                c = compare_names(name, r["alias"])
            except BadNameError:
                continue
            if c.same:
                best[r["entity_id"]] = max(best.get(r["entity_id"], 0.0), c.score)
            elif c.verdict == "possible":
                possible.add(r["entity_id"])
        ids = sorted(best, key=lambda i: (-best[i], i))[:3]
        if not ids and possible:  # 'Sit', 'Mrs Lam', 'Andy Lau': the people it may be, most mentioned first
            how = "surname only: candidates"
            count = {e["entity_id"]: e.get("mention_count") or 0 for e in entities}
            ids = sorted(possible, key=lambda i: (-count.get(i, 0), i))[:candidates]
    if not ids:
        typer.echo(f"no entity matches {name!r}", err=True)
        raise typer.Exit(1)
    mentions = _read(data, "mentions")
    docs = {d["doc_id"]: d for d in _read(data, "documents")}
    out = []
    for eid in ids:
        ent = next(e for e in entities if e["entity_id"] == eid)
        by_scheme: dict[str, list[str]] = {}
        for r in sorted(aliases, key=lambda r: (r["scheme"], r["alias"])):
            if r["entity_id"] == eid:
                by_scheme.setdefault(r["scheme"], []).append(r["alias"])
        per_doc: dict[str, list[str]] = {}
        for m in mentions:
            if m["entity_id"] == eid:
                per_doc.setdefault(m["doc_id"], []).append(m["text"])
        documents = [
            {
                "doc_id": d,
                "title": (docs.get(d) or {}).get("title"),
                "published_on": (docs.get(d) or {}).get("published_on"),
                "mentions": len(t),
                "as": sorted(set(t)),
            }
            for d, t in sorted(per_doc.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
        ]
        out.append({"entity": ent, "aliases": by_scheme, "documents": documents})
    _echo({"query": name, "matched_by": how, "entities": out})


@entities_app.command("suggest")
def suggest_cmd(
    data: DataOpt = None,
    config: ConfigOpt = None,
    csv_out: Annotated[
        bool,
        typer.Option("--csv", help="Print alias-file rows (entity_id,alias,scheme,kind) to review and keep."),
    ] = False,
    limit: Annotated[int, typer.Option(help="Suggestions to print at most.")] = 50,
) -> None:
    """Suggest people to merge: an English name and a Chinese name that share only a surname
    ('Ann Chiang' and 蔣麗芸), or differ in one syllable of a personal spelling ('LEUNG
    Kwan-yuen' and 梁君彥), with the documents that tie them — a document naming both, or
    same-day documents in English and Chinese that name the same other people and bodies.

    Nothing is merged: check each suggestion, keep the rows you agree with in an alias file
    (alias_files in ingest.toml), and the next run links both names.

    Example: ingest entities suggest --data data --csv > suggested_aliases.csv
    """
    from .names.suggest import suggest_merges

    data = _data(config, data)
    entities = _entities_or_fail(data)
    found = suggest_merges(entities, _read(data, "mentions"), _read(data, "documents"))[:limit]
    if csv_out:
        import csv

        w = csv.DictWriter(
            sys.stdout, fieldnames=["entity_id", "alias", "scheme", "kind"], lineterminator="\n"
        )
        w.writeheader()
        seen: set[tuple[str, str]] = set()
        for s in found:
            for row in s.alias_rows():
                if (row["entity_id"], row["alias"]) not in seen:
                    seen.add((row["entity_id"], row["alias"]))
                    w.writerow(row)
        return
    for s in found:
        typer.echo(json.dumps(s.as_dict(), ensure_ascii=False))
    if not found:
        typer.echo("no suggestions: no English name and Chinese name share documents", err=True)
