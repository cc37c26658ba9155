"""Tests of ingest.names."""
