"""Characters: proper-name person mentions clustered into one character per person."""

from ficlens.pipeline.characters.cast import Cast, CastEntry, CastMember, load_cast_file

__all__ = ["Cast", "CastEntry", "CastMember", "load_cast_file"]
