"""Errors a caller can catch by class. Each carries a short machine code and
a message that names the input and the reason."""

from __future__ import annotations


class FlashpointError(Exception):
    """Base class of every error flashpoint raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, source: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(FlashpointError):
    """An article that cannot be read: empty, binary, undecodable, malformed."""

    code = "bad_input"


class DateError(InputError):
    """A publication date that is missing or not a real YYYY-MM-DD date."""

    code = "bad_date"


class ModelError(FlashpointError):
    """The spaCy pipeline is not installed or cannot be loaded."""

    code = "model_missing"


class StoreError(FlashpointError):
    """The corpus database cannot be opened (locked by another process, ...)."""

    code = "store"
