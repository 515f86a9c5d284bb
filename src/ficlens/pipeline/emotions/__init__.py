"""Sentence emotions: the ``ficlens_emotions`` component and the model it runs."""
