"""Corpus readers and writers (JSON Lines here; Parquet in :mod:`cleaner.io.parquet`)."""
