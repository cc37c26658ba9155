"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "inbox"


def copy_inbox(dest: Path) -> Path:
    """The sample inbox copied to ``dest``, its files dated a minute ago (intake waits for files
    modified in the last seconds)."""
    shutil.copytree(EXAMPLES, dest)
    for p in dest.iterdir():
        os.utime(p, (p.stat().st_atime, p.stat().st_mtime - 60))
    return dest


@pytest.fixture(name="copy_inbox")
def copy_inbox_fixture():
    """:func:`copy_inbox`, for tests that need an inbox of their own."""
    return copy_inbox


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The sample inbox run once through the whole pipeline (no Prefect): its PipelineConfig."""
    from ingest import pipeline
    from ingest.config import PipelineConfig

    tmp = tmp_path_factory.mktemp("sample")
    cfg = PipelineConfig(inbox=copy_inbox(tmp / "inbox"), data=tmp / "data")
    pipeline.run(cfg)
    return cfg
