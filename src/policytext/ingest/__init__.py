"""Find the documents in a folder and read each one as text.

``discover`` walks the folder; ``read_source`` reads one file into a ``SourceText`` or raises
DocumentReadError with a plain reason. Both are cheap to call from worker processes.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
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
    """A file found in the input folder. ``problem`` says why an entry cannot be read as a
    document (a named pipe, a broken link, a folder that cannot be listed); ``problem_code``
    is ``not_a_file`` (skipped) or ``unreadable`` (failed)."""

    doc_id: str  # path relative to the input root, without suffix, '/'-separated
    path: Path
    relpath: str
    problem: str = ""
    problem_code: str = ""

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
    """Every non-hidden entry under ``root`` that is not a folder (sorted, so runs are
    deterministic), metadata.csv excepted.

    Unsupported files are returned too, and entries that are not regular files (named pipes,
    sockets, devices, broken or looping links, links to folders, folders that cannot be
    listed) with their ``problem``, so that each is reported rather than silently ignored.
    Links to folders are not followed: they can make loops. A single file as ``root`` is its
    own corpus. Entries under a folder in ``exclude`` are left out: a previous run's outputs
    inside the input folder are not documents.
    """
    root = Path(root)
    if not root.exists() and not root.is_symlink():
        raise InputPathError(f"input path does not exist: {root}")
    if not root.is_dir():
        problem, code = _entry_problem(root)
        return [SourceFile(doc_id=root.stem, path=root, relpath=root.name, problem=problem, problem_code=code)]
    excluded = [Path(os.path.realpath(e)) for e in exclude]
    entries: list[tuple[Path, str, str]] = []  # path, problem, problem code

    def unlistable(exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        if Path(exc.filename) == root:
            raise InputPathError(f"input folder cannot be listed ({reason}): {root}")
        entries.append((Path(exc.filename), f"a folder that cannot be listed ({reason}): its files were not read", "unreadable"))

    for here, folders, names in os.walk(root, onerror=unlistable):  # does not follow links to folders
        folder = Path(here)
        kept = []
        for name in sorted(folders):
            path = folder / name
            if _hidden(path.relative_to(root)) or _inside(path, excluded):
                continue
            if path.is_symlink():
                entries.append(
                    (path, "a link to a folder: not followed (links can make loops); give that folder as INPUT", "not_a_file")
                )
            else:
                kept.append(name)
        folders[:] = kept
        for name in names:
            path = folder / name
            if _hidden(path.relative_to(root)) or (folder == root and name == METADATA_FILE):
                continue
            if _inside(path, excluded):
                continue
            entries.append((path, *_entry_problem(path)))
    if not entries:
        raise InputPathError(f"input folder contains no files: {root}")
    entries.sort(key=lambda e: e[0].relative_to(root).as_posix())
    stems: dict[str, int] = {}
    for path, _, _ in entries:
        key = path.relative_to(root).with_suffix("").as_posix()
        stems[key] = stems.get(key, 0) + 1
    files = []
    for path, problem, code in entries:
        rel = path.relative_to(root).as_posix()
        key = path.relative_to(root).with_suffix("").as_posix()
        # a.txt and a.pdf side by side keep their suffix so their ids stay distinct
        doc_id = rel if stems[key] > 1 else key
        files.append(SourceFile(doc_id=doc_id, path=path, relpath=rel, problem=problem, problem_code=code))
    return files


def name_warnings(relpath: str) -> tuple[str, ...]:
    """A file name with a line break or another control character is read like any other, but
    it shows oddly in a spreadsheet cell and on a terminal (where the CLI writes it escaped)."""
    if any(unicodedata.category(c) == "Cc" for c in relpath):
        return ("the file name contains a line break or another control character",)
    return ()


def _inside(path: Path, folders: list[Path]) -> bool:
    # os.path.realpath, not Path.resolve: it gives up on a link loop instead of raising
    return any(Path(os.path.realpath(path)).is_relative_to(f) for f in folders)


def _entry_problem(path: Path) -> tuple[str, str]:
    """Why ``path`` (not a folder) cannot be read as a document: ("", "") for a regular file."""
    try:
        info = path.stat()  # follows a link to what it points at
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back on itself", "unreadable"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return f"a broken symbolic link: its target {os.readlink(path)} does not exist", "unreadable"
        if exc.errno == errno.ENOENT:
            return "the file disappeared after the folder was listed (moved or deleted during the run)", "unreadable"
        return f"cannot be read: {exc.strerror or exc}", "unreadable"
    return _not_regular(info.st_mode), "not_a_file" if not stat.S_ISREG(info.st_mode) else ""


def _not_regular(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file: not read, reading it could wait forever"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file: not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file: not read"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    return "not a regular file: not read"


def read_source(path: Path, *, limits: ReadLimits = DEFAULT_READ_LIMITS) -> SourceText:
    """Read and decode one file. Raises DocumentReadError with a reason the user can act on;
    a file over ``limits`` is not read (its size on disk is checked first). The file is
    opened without blocking and checked to be a regular file on the open handle, so a file
    replaced by a named pipe after the folder was listed cannot hang the run."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise DocumentReadError(
            "unreadable", "the file disappeared after the folder was listed (moved or deleted during the run)"
        ) from None
    except PermissionError:
        raise DocumentReadError("unreadable", "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise DocumentReadError("unreadable", f"cannot be read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise DocumentReadError("not_a_file" if not stat.S_ISDIR(info.st_mode) else "unreadable", _not_regular(info.st_mode))
        size = info.st_size
        limits.check_stored(size, path.suffix)
        try:
            data = f.read()
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
