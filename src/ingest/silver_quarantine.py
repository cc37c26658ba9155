"""Silver's quarantine: why a document did not reach silver, and when it is tried again.

A document that a silver stage cannot process is quarantined in ``silver/quarantine`` with
the stage, a reason code and the exception, and the rest of its batch goes on:

- a reason in the document itself (:data:`DOCUMENT_FAULTS`: bad front matter or supplied
  metadata, an HTML page with no text, nothing left after cleaning) holds until its file
  changes — a changed file is a new ``doc_id``;
- an unexpected exception is a bug in our code met on that document (``clean_error``,
  ``extract_error``, ``dates_error``, ``write_error``): its traceback goes to the
  ``ingest`` log and the document is tried again by the first run of another pipeline
  version (``ingest.__version__``; bump it with the fix).

Some failures are not the document's at all, and :func:`quarantine_failures` raises them, so
the run fails (exit 1) and resumes once the cause is fixed, rather than quarantine documents
that nothing would try again: an environment error (:data:`ENVIRONMENT_ERRORS`: a missing
model or module, a full disk, no memory) and a stage that fails on *every* document of a
batch of two or more.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from .schemas import SilverQuarantined

log = logging.getLogger("ingest")


class Stage(str, Enum):
    """The silver stage in which a document was quarantined."""

    clean = "clean"
    extract = "extract"
    dates = "dates"
    write = "write"


class QuarantineReason(str, Enum):
    """Why silver quarantined a document."""

    bad_sidecar = "bad_sidecar"  # supplied metadata or front matter that cannot be used
    no_text = "no_text"  # an HTML page with no visible text
    empty_after_cleaning = "empty_after_cleaning"  # cleaning left no article text
    clean_error = "clean_error"  # unexpected exceptions: a bug in our code, met on this document
    extract_error = "extract_error"
    dates_error = "dates_error"
    write_error = "write_error"


DOCUMENT_FAULTS = frozenset(
    {QuarantineReason.bad_sidecar, QuarantineReason.no_text, QuarantineReason.empty_after_cleaning}
)
_UNEXPECTED = {
    Stage.clean: QuarantineReason.clean_error,
    Stage.extract: QuarantineReason.extract_error,
    Stage.dates: QuarantineReason.dates_error,
    Stage.write: QuarantineReason.write_error,
}
# raised by a missing model (spaCy's E050 is an OSError), module or memory, never by a document
ENVIRONMENT_ERRORS = (ImportError, OSError, MemoryError)
RETRY_ON_FILE_CHANGE = "file_changes"
RETRY_ON_NEW_VERSION = "pipeline_version_changes"


@dataclass(frozen=True)
class Quarantined:
    """A bronze document that a silver stage could not process."""

    doc_id: str
    source_path: str
    stage: str  # Stage value
    reason_code: str  # QuarantineReason value
    reason: str
    error_class: str
    error_message: str

    @property
    def retry_when(self) -> str:
        fault = self.reason_code in {r.value for r in DOCUMENT_FAULTS}
        return RETRY_ON_FILE_CHANGE if fault else RETRY_ON_NEW_VERSION


def quarantine(
    doc_id: str, source_path: str, stage: Stage, error: BaseException, code: QuarantineReason | None = None
) -> Quarantined:
    """The quarantine record of ``error``; an unexpected one (``code`` None) logs its traceback."""
    name = type(error).__name__
    if code is not None:
        reason = str(error)
    else:
        code = _UNEXPECTED[stage]
        log.error(
            "silver %s stage failed on %s (%s); the document is quarantined",
            stage.value,
            source_path,
            doc_id,
            exc_info=error,
        )
        reason = (
            f"the {stage.value} stage raised {name}: {error}. This is a bug in the pipeline, not in the"
            " file: report it with the traceback from the run's log; the document is tried again by the"
            " first run of another pipeline version."
        )
    return Quarantined(doc_id, source_path, stage.value, code.value, reason, name, str(error))


def quarantine_failures(
    stage: Stage, failures: Sequence[tuple[str, str, BaseException]], n: int
) -> list[Quarantined]:
    """Records of a stage's unexpected ``(doc_id, source_path, error)`` failures among ``n`` documents.

    Re-raises an environment error, and the first error when all of two or more documents failed:
    then the stage is broken, not the documents.
    """
    for _, path, e in failures:
        if isinstance(e, ENVIRONMENT_ERRORS):
            log.error(
                "silver %s stage failed on %s with %s; stopping the run", stage.value, path, type(e).__name__
            )
            raise e
    if n >= 2 and len(failures) == n:
        log.error("silver %s stage failed on all %d documents of the batch; stopping the run", stage.value, n)
        raise failures[0][2]
    return [quarantine(doc_id, path, stage, e) for doc_id, path, e in failures]


def quarantine_rows(
    quarantined: Sequence[Quarantined], pipeline_version: str, run_id: str
) -> list[SilverQuarantined]:
    """``silver/quarantine`` rows of a batch's records."""
    now = dt.datetime.now(dt.UTC)
    return [
        SilverQuarantined(
            doc_id=q.doc_id,
            source_path=q.source_path,
            stage=q.stage,
            reason_code=q.reason_code,
            reason=q.reason,
            error_class=q.error_class,
            error_message=q.error_message,
            retry_when=q.retry_when,
            quarantined_at=now,
            pipeline_version=pipeline_version,
            run_id=run_id,
        )
        for q in quarantined
    ]


def still_quarantined(rows: Sequence[tuple[str, str, str]], pipeline_version: str) -> set[str]:
    """doc_ids whose quarantine holds, from ``(doc_id, retry_when, pipeline_version)`` rows."""
    return {
        doc_id
        for doc_id, retry, version in rows
        if retry == RETRY_ON_FILE_CHANGE or version == pipeline_version
    }
