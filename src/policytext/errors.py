"""Every error policytext raises, in one place.

Library code raises these; the CLI turns them into one-line messages and exit codes.
"""

from __future__ import annotations


class PolicytextError(Exception):
    """Base class for errors the user can act on."""


class InputPathError(PolicytextError):
    """The input path does not exist, or holds no documents (CLI exit code 2)."""


class DocumentReadError(PolicytextError):
    """One document could not be read. ``reason`` is a short code, the message plain words.

    Raised inside ingest and caught by the pipeline, which records the document as failed
    and goes on with the others.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class DocumentTooLargeError(DocumentReadError):
    """A document over one of the read limits (``ingest.limits.ReadLimits``): its size on disk,
    what it expands to, its compression ratio, its pages. Found before the document is read
    whole, so a decompression bomb costs no memory. Reason code ``too_large``."""

    def __init__(self, message: str) -> None:
        super().__init__("too_large", message)


class ResourceError(PolicytextError):
    """A dictionary, stopword list, font or mask file is missing or unusable."""


class BackendUnavailableError(PolicytextError):
    """An optional backend the user asked for is not installed."""


class NoDocumentsProcessedError(PolicytextError):
    """Documents were found but none could be processed (CLI exit code 1)."""


class ThemeError(PolicytextError):
    """Themes cannot be fitted with these settings or on this corpus (too few documents or terms)."""


class OutputFolderError(PolicytextError):
    """The output folder cannot be written (not policytext's, busy, a file) or read back
    (incomplete, changed since the run) (CLI exit code 2)."""
