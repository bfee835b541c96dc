"""Exceptions raised by newsfuse.

Hierarchy::

    NewsfuseError                  base of everything we raise on purpose
    ├── InputError                 an input item cannot be used (always names the item)
    │   ├── MissingInput           the path does not exist
    │   ├── UnknownFormat          the format cannot be detected or is not supported
    │   ├── UnreadableInput        binary, undecodable, truncated or malformed content
    │   ├── InputTooLarge          over the size limit
    │   └── EmptyInput             nothing to read (empty file, page with no article)
    ├── StoreError                 the database cannot be opened, migrated or written
    ├── ModelUnavailable           a model or an optional extra is not installed
    └── UsageError                 the caller asked for something impossible (bad option, ...)

A batch never stops on an ``InputError``: readers turn it into a :class:`newsfuse.models.Problem`
that is reported with the results, and the CLI sets its exit code from them.
"""

from __future__ import annotations

__all__ = [
    "EmptyInput",
    "InputError",
    "InputTooLarge",
    "MissingInput",
    "ModelUnavailable",
    "NewsfuseError",
    "StoreError",
    "UnknownFormat",
    "UnreadableInput",
    "UsageError",
]


class NewsfuseError(Exception):
    """Base class of newsfuse's errors."""


class InputError(NewsfuseError):
    """An input item cannot be used. ``item`` names the file (and record); ``cause`` says why."""

    kind = "failed"

    def __init__(self, item: str, cause: str) -> None:
        self.item = item
        self.cause = cause
        super().__init__(f"{item}: {cause}")


class MissingInput(InputError):
    """The path does not exist."""


class UnknownFormat(InputError):
    """The format is not one newsfuse reads."""


class UnreadableInput(InputError):
    """The content is binary, undecodable, truncated or malformed."""


class InputTooLarge(InputError):
    """The item is larger than the configured limit."""


class EmptyInput(InputError):
    """There is nothing to read: an empty file, or a page with no article text."""

    kind = "skipped"


class StoreError(NewsfuseError):
    """The database cannot be opened, migrated or written."""


class ModelUnavailable(NewsfuseError):
    """A model or optional extra is not installed; the message gives the install command."""


class UsageError(NewsfuseError):
    """An impossible request, such as an unknown output format."""
