"""Literary entity recognition (LitBank PER FAC GPE LOC VEH ORG, nested) for en_core_web_sm pipelines."""

from ficlens.pipeline.entities.component import ENTITY_LABELS, add_entities, shipped_model_dir

__all__ = ["ENTITY_LABELS", "add_entities", "shipped_model_dir"]
