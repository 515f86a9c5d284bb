"""Errors a user can cause: each names the file and the reason in one line."""

from __future__ import annotations


class FiclensError(Exception):
    """Base class of the errors ficlens reports to users without a traceback."""


class InputError(FiclensError):
    """A story that cannot be read: missing, empty, binary, unsupported or malformed."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    def __reduce__(self) -> tuple[type, tuple[str | None, str]]:
        # raised in a worker process, it is pickled back to the parent: rebuild it from both fields
        return (type(self), (self.path, self.reason))


class DataError(FiclensError):
    """Training or evaluation data that is missing or not in the expected layout."""


class ModelError(FiclensError):
    """A model file that is missing, unreadable or not what it should be."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    def __reduce__(self) -> tuple[type, tuple[str | None, str]]:
        return (type(self), (self.path, self.reason))


class WorkerError(FiclensError):
    """A worker process that stopped (killed, out of memory) before it finished its part of a story."""
