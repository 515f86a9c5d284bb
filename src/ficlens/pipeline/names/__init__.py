"""Person names the entity recogniser missed, recovered from the story's own evidence."""
