"""Reproducible training of ficlens's models from the data in ``../shared/data``."""
