"""The few named errors of the pipeline. Messages say what was wrong and what to do."""


class IngestError(Exception):
    """Base class of the pipeline's own errors."""


class SchemaMismatchError(IngestError):
    """A table's rows do not match the schema declared in ingest.schemas."""


class ConfigError(IngestError):
    """A setting is missing or malformed (a path, a TOML file, a flag)."""


class DataLockedError(IngestError):
    """Another run holds the data folder."""


class RunCancelledError(IngestError):
    """The run was cancelled (from the Prefect UI) and stopped between two of its steps."""


class CatalogError(IngestError):
    """The DuckDB catalog cannot be built or read (a data folder without tables, a bad query)."""


class SidecarError(IngestError):
    """A ``.meta.json`` sidecar or front matter could not be read or has unknown keys."""


class DecodeError(IngestError):
    """A file's bytes could not become text; carries a RejectReason code."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code


class EmptyArticleError(IngestError):
    """Cleaning left no letters or CJK characters: there is no article to index.

    ``rule`` names the cleaning step after which no letter was left (None when the file had
    none to begin with).
    """

    def __init__(self, message: str, rule: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule


class WorkerMismatchError(IngestError):
    """A Dask worker built other stage settings than the run's process (its alias files differ)."""


class BatchesFailedError(IngestError):
    """Some batches failed on the workers after their retries; the other batches were kept."""
