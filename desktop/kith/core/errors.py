"""Errors the domain raises for the user to read: a draft that cannot be saved, and why."""

from __future__ import annotations


class ValidationError(ValueError):
    """The draft cannot be saved; ``errors`` maps a field name to a message for the user.

    Channel errors use the key ``channels.N`` (N is the channel's position in the draft).
    """

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
