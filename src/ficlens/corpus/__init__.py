"""Corpus mode: many works analysed on a Dask cluster (engine), kept as Parquet (store), read by DuckDB.

Only ``engine`` runs the pipeline (on the workers); the store, query, identity and report modules read
analyses and tables and never import spaCy.
"""
