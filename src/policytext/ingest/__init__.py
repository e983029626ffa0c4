"""Find the documents in a folder and read each one as text.

``discover`` walks the folder; ``read_source`` reads one file into a ``SourceText`` or raises
DocumentReadError with a plain reason. Both are cheap to call from worker processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policytext.errors import DocumentReadError, InputPathError
from policytext.ingest.formats import SUPPORTED_SUFFIXES, read_bytes_as_text
from policytext.ingest.limits import DEFAULT_READ_LIMITS, ReadLimits

METADATA_FILE = "metadata.csv"
DEFAULT_MAX_FILE_SIZE = ReadLimits().file_bytes  # bytes; a policy document is rarely over 1 MB


@dataclass(frozen=True)
class SourceFile:
    """A file found in the input folder."""

    doc_id: str  # path relative to the input root, without suffix, '/'-separated
    path: Path
    relpath: str

    @property
    def supported(self) -> bool:
        return self.path.suffix.lower() in SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class SourceText:
    """The raw text of one file, before normalisation."""

    text: str
    encoding: str
    size: int
    sha256: str
    warnings: tuple[str, ...] = ()


def discover(root: Path, *, exclude: Sequence[str | Path] = ()) -> list[SourceFile]:
    """Every non-hidden file under ``root`` (sorted, so runs are deterministic), metadata.csv excepted.

    Unsupported files are returned too, so that they can be reported rather than silently
    ignored. A single file as ``root`` is its own corpus. Files under a folder in ``exclude``
    are left out: a previous run's outputs inside the input folder are not documents.
    """
    root = Path(root)
    if not root.exists():
        raise InputPathError(f"input path does not exist: {root}")
    if root.is_file():
        return [SourceFile(doc_id=root.stem, path=root, relpath=root.name)]
    excluded = [Path(e).resolve() for e in exclude]
    paths = sorted(
        (
            p
            for p in root.rglob("*")
            if p.is_file()
            and not _hidden(p.relative_to(root))
            and p.name != METADATA_FILE
            and not any(p.resolve().is_relative_to(e) for e in excluded)
        ),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    if not paths:
        raise InputPathError(f"input folder contains no files: {root}")
    stems: dict[str, int] = {}
    for p in paths:
        key = p.relative_to(root).with_suffix("").as_posix()
        stems[key] = stems.get(key, 0) + 1
    files = []
    for p in paths:
        rel = p.relative_to(root).as_posix()
        key = p.relative_to(root).with_suffix("").as_posix()
        # a.txt and a.pdf side by side keep their suffix so their ids stay distinct
        files.append(SourceFile(doc_id=rel if stems[key] > 1 else key, path=p, relpath=rel))
    return files


def read_source(path: Path, *, limits: ReadLimits = DEFAULT_READ_LIMITS) -> SourceText:
    """Read and decode one file. Raises DocumentReadError with a reason the user can act on;
    a file over ``limits`` is not read (its size on disk is checked first)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        limits.check_stored(size, path.suffix)
        data = path.read_bytes()
    except PermissionError:
        raise DocumentReadError("unreadable", "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise DocumentReadError("unreadable", "is a directory, not a file") from None
    except OSError as exc:
        raise DocumentReadError("unreadable", f"cannot be read: {exc.strerror or exc}") from None
    text, encoding, warnings = read_bytes_as_text(data, path.suffix, limits=limits)
    return SourceText(
        text=text,
        encoding=encoding,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=warnings,
    )


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "~$")) for part in rel.parts)
