"""Bilingual news ingestion: inbox → bronze → silver → gold Parquet.

All logic lives here as plain typed Python; Prefect appears only in ``flows/``.
"""

__version__ = "0.1.0"
