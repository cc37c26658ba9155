"""A reader that reads every table in a loop while a writer works (run by test_reader_isolation).

Usage: python reader_loop.py DATA STOP_FILE MODE, MODE being ``resolved`` (the table path is
resolved once per read, as storage.current_folder does) or ``plain`` (through the table path).
Prints a JSON summary: reads, failed reads, inconsistent reads.

gold/mentions is read BEFORE gold/documents. Under storage.replace_tables a document enters
gold/documents before any mention names it, and leaves only after no mention names it, so
mentions read first and documents read after must agree, unless the writer finished a whole
later gold run between the two reads: each row says which gold run wrote it, and such a
straddled pair is counted, not judged. Read the other way round, every document that arrived
between the two reads would look missing from a correct table: that order proves nothing.
"""

from __future__ import annotations

import json
import os
import sys
import time

import duckdb
import pyarrow.dataset as ds

from ingest.schemas import ALL_TABLES, GOLD_DOCUMENTS, GOLD_MENTIONS, SILVER_DOCUMENTS, SILVER_FIXES

UNIQUE = {SILVER_FIXES.path: ("doc_id", "seq"), SILVER_DOCUMENTS.path: ("doc_id",)}


def main(data: str, stop_file: str, mode: str) -> dict:
    con = duckdb.connect()
    out = dict(iterations=0, reads=0, failed=[], inconsistent=[], straddled=0, checked=0)
    seen_rows: dict[str, int] = {}

    def read(table, cols, engine):
        path = os.path.join(data, table.layer, table.name)
        folder = os.path.realpath(path) if mode == "resolved" else path
        out["reads"] += 1
        if engine == "duckdb":
            return con.execute(f"select {', '.join(cols)} from read_parquet('{folder}/*.parquet')").fetchall()
        t = ds.dataset(folder, format="parquet").to_table(columns=list(cols))
        return list(zip(*(t.column(c).to_pylist() for c in cols), strict=True))

    def bad(what):
        if len(out["inconsistent"]) < 20:
            out["inconsistent"].append(what)

    while not os.path.exists(stop_file) or out["iterations"] < 5:
        engine = ("duckdb", "pyarrow")[out["iterations"] % 2]
        out["iterations"] += 1
        for table in ALL_TABLES:
            if table in (GOLD_MENTIONS, GOLD_DOCUMENTS):
                continue
            cols = UNIQUE.get(table.path, (table.schema.names[0],))
            try:
                rows = read(table, cols, engine)
            except Exception as e:  # every failure is counted and reported
                out["failed"].append(f"{engine} {table.path}: {type(e).__name__}: {str(e)[:160]}")
                continue
            if table.path in UNIQUE and len(set(rows)) != len(rows):
                bad(f"{engine} {table.path}: {len(rows) - len(set(rows))} rows twice")
            if table.path in UNIQUE and len(rows) < seen_rows.get(table.path, 0):  # the writer only adds
                bad(f"{engine} {table.path}: {len(rows)} rows after {seen_rows[table.path]}")
            seen_rows[table.path] = max(len(rows), seen_rows.get(table.path, 0))
        try:
            mentions = read(GOLD_MENTIONS, ("doc_id", "evidence"), engine)  # first: see the module doc
            documents = read(GOLD_DOCUMENTS, ("doc_id", "title"), engine)
        except Exception as e:
            out["failed"].append(f"{engine} gold: {type(e).__name__}: {str(e)[:160]}")
            continue
        m_runs = {int(ev.split()[1]) for _, ev in mentions}
        d_runs = {int(title.split()[1]) for _, title in documents}
        if len(m_runs) > 1:
            bad(f"{engine} gold/mentions mixes gold runs {sorted(m_runs)}")
            continue
        if not m_runs:
            continue
        (r,) = m_runs
        if d_runs and max(d_runs) < r:
            bad(f"{engine} gold/documents of run {max(d_runs)} read after mentions of run {r}")
        elif d_runs and min(d_runs) > r:
            out["straddled"] += 1  # a whole later gold run came between the two reads
        else:
            out["checked"] += 1
            missing = {d for d, _ in mentions} - {d for d, _ in documents}
            if missing:
                bad(f"{engine} gold/mentions of run {r} names {sorted(missing)} missing from documents")
        time.sleep(0.001)
    return out


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
