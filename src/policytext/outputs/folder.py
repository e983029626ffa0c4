"""A run's outputs become valid together, or not at all.

A run writes into a hidden staging folder beside the output folder (``.OUT.policytext-partial``)
and ``manifest.json`` is the last file written there. Only then is the staging folder swapped
in: the complete previous outputs are renamed aside (``.OUT.policytext-previous``), the staging
folder renamed to OUT, the files of the user's own that were in OUT moved across, and the
previous outputs deleted. A run killed at any moment therefore leaves either the previous
complete outputs or the new ones in OUT, never a mixture; the next run finds what the killed
one left, finishes or undoes it, and says so.

``read_outputs`` is how the API reads a folder back: it refuses a folder without a policytext
manifest (a killed run, or not policytext's) and, by default, a file that changed since the run.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import os
import shutil
from pathlib import Path
from types import TracebackType

from policytext.errors import OutputFolderError, PolicytextError
from policytext.faults import checkpoint
from policytext.outputs.files import restore_formula
from policytext.runlog import RUN_LOG

MANIFEST = "manifest.json"
STAGING_SUFFIX = ".policytext-partial"
PREVIOUS_SUFFIX = ".policytext-previous"
LOCK_SUFFIX = ".policytext-lock"
TOOL = "policytext"


def staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{STAGING_SUFFIX}")


def previous_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{PREVIOUS_SUFFIX}")


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest.json when policytext wrote it; None when there is none or it is not ours."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("tool") == TOOL else None


def _owned(relpath: str, manifest: dict | None, output_names: frozenset[str]) -> bool:
    """Whether a file of an earlier output folder is policytext's (replaced by a new run) rather
    than one the user put there (carried into the new folder). ``output_names`` are names or
    glob patterns (wordclouds/*.png)."""
    listed = {o.get("file") for o in (manifest or {}).get("outputs", ()) if isinstance(o, dict)}
    return (
        relpath in listed
        or relpath in (MANIFEST, RUN_LOG)
        or any(fnmatch.fnmatchcase(relpath, pattern) for pattern in output_names)
    )


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


class OutputFolder:
    """The output folder of one run. Use as a context manager around the run::

        with OutputFolder(out_dir, output_names=names) as folder:
            ...write everything into folder.staging, manifest.json last...
            folder.commit()

    On entering: takes the folder's lock (one run at a time), repairs what a killed run left
    (``notes`` says what it found), refuses a non-empty folder that is not a policytext output
    folder unless ``force``, and makes an empty staging folder. Leaving without ``commit`` removes
    the staging folder, except after an internal error, when it is kept for its run.log.
    ``output_names`` are the files a run writes (relative paths or glob patterns): in a folder
    without a manifest they are the files that ``force`` replaces.
    """

    def __init__(self, target: str | Path, *, output_names: frozenset[str] = frozenset(), force: bool = False) -> None:
        self.target = Path(target).absolute()
        self.staging = staging_path(self.target)
        self.previous = previous_path(self.target)
        self.output_names = output_names
        self.force = force
        self.notes: list[str] = []
        self.committed = False
        self.kept_staging = False
        self._lock_fd: int | None = None

    # --- entering ---------------------------------------------------------------------------

    def __enter__(self) -> OutputFolder:
        if self.target.exists() and not self.target.is_dir():
            raise OutputFolderError(f"the output path {self.target} is a file, not a folder")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self._recover()
            self._check_target()
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging.mkdir()
        except BaseException:
            self._unlock()
            raise
        return self

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks here; one run at a time is up to the user
            return
        lock_file = self.target.with_name(f".{self.target.name}{LOCK_SUFFIX}")
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputFolderError(
                f"another policytext run is writing {self.target} now; wait for it or choose another output folder"
            ) from None
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the lock
            self._lock_fd = None

    def _recover(self) -> None:
        """Finish or undo what a killed run left behind."""
        if self.previous.exists() and not self.target.exists():
            # killed between renaming the old outputs aside and renaming the new ones in
            os.rename(self.previous, self.target)
            self.notes.append(
                f"an earlier run was killed while swapping in its outputs; restored the previous outputs in {self.target}"
            )
        elif self.previous.exists():
            # killed after the swap, while moving the user's own files across: finish that
            self._carry_foreign()
            shutil.rmtree(self.previous)
            self.notes.append(f"an earlier run was killed while tidying up; finished moving your own files into {self.target}")
        if self.staging.exists():
            manifest = read_manifest(self.target) if self.target.exists() else None
            kept = f"the run of {manifest['created_utc']}" if manifest and "created_utc" in manifest else "nothing complete"
            run_log = self.staging / RUN_LOG
            log_note = f" (its run.log, now deleted, was in {self.staging})" if run_log.exists() else ""
            shutil.rmtree(self.staging)
            self.notes.append(
                f"an earlier run into {self.target} did not finish (killed or crashed){log_note}; its partial outputs "
                f"were discarded; {self.target} held {kept} until this run"
            )

    def _check_target(self) -> None:
        if not self.target.exists() or read_manifest(self.target) is not None:
            return
        try:
            # a folder holding only run.log is what a run that read no document used to leave
            entries = [e for e in os.listdir(self.target) if e != RUN_LOG]
        except OSError as exc:
            raise OutputFolderError(f"the output folder {self.target} cannot be listed: {exc.strerror}") from None
        if entries and not self.force:
            raise OutputFolderError(
                f"the output folder {self.target} is not empty and has no policytext manifest.json, so it is not a "
                "policytext output folder; choose a new or empty folder, or pass --force (files named like "
                "policytext's outputs are replaced, your other files are kept)"
            )

    # --- leaving ----------------------------------------------------------------------------

    def commit(self) -> None:
        """Swap the staging folder in. Its manifest.json must have been written."""
        if read_manifest(self.staging) is None:
            raise OutputFolderError(f"internal: {self.staging} has no manifest.json; the outputs are incomplete")
        had_previous = self.target.exists()
        if had_previous:
            os.rename(self.target, self.previous)
        checkpoint("swapping")
        os.rename(self.staging, self.target)
        if had_previous:
            self._carry_foreign()
            shutil.rmtree(self.previous)
        self.committed = True

    def _carry_foreign(self) -> None:
        """Move the user's own files from the previous outputs into the new folder; a file named
        like a policytext output is the previous run's and goes with it."""
        manifest = read_manifest(self.previous)
        for rel in _files(self.previous):
            if _owned(rel, manifest, self.output_names):
                continue
            destination = self.target / rel
            if destination.exists():  # the new run wrote a file of this name (a --force run)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.previous / rel, destination)

    def keep_staging(self) -> None:
        """Keep the staging folder when leaving uncommitted: its run.log explains the failure."""
        self.kept_staging = True

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if not self.committed and self.staging.exists():
                if exc is not None and not isinstance(exc, PolicytextError | KeyboardInterrupt | SystemExit):
                    self.kept_staging = True  # a bug: its traceback is in the staging run.log
                if not self.kept_staging:
                    shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._unlock()


def read_outputs(folder: str | Path, *, verify: bool = True) -> dict:
    """The tables of a complete policytext output folder as pandas DataFrames, named like the
    CSV files (``documents``, ``quantities``, …), with the text as the documents have it (the
    apostrophe that keeps a spreadsheet from running a cell as a formula is taken off).

    Raises OutputFolderError for a folder without a policytext manifest.json (a run that was
    killed, or not policytext's) and, with ``verify``, for a table whose content changed since
    the run wrote it (edited and saved in Excel, say; pass ``verify=False`` to read it anyway).
    """
    import pandas as pd

    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        raise OutputFolderError(
            f"{folder} has no policytext manifest.json: it is not a complete policytext output folder "
            "(a run may have been killed before it finished); run policytext again"
        )
    frames = {}
    for entry in manifest.get("outputs", ()):
        name = entry["file"]
        if "/" in name or not name.endswith(".csv"):
            continue
        path = folder / name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise OutputFolderError(f"{path} is listed in the manifest but cannot be read: {exc.strerror}") from None
        if verify and hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            raise OutputFolderError(
                f"{path} changed after the run wrote it (its checksum is not the manifest's); "
                "read it with verify=False if the change is yours"
            )
        frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False, na_values=[""])
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
                frame[column] = frame[column].map(restore_formula)
        frames[name.removesuffix(".csv")] = frame
    return frames
