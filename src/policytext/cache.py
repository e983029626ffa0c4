"""Per-document results kept between runs, so a rerun reads only new and changed files.

An entry is one document's stage-1 result, stored under a key made of
the file's sha256, its path in the input folder, its metadata.csv row, every setting that
shapes stage 1 (segmenter, read limits, the enabled per-document stages and their options),
the sha256 of every file those settings name (user dictionaries, stopwords, rules, units,
formulas, a NER model) and the sha256 of policytext's own code and resources. Change any of
them and the document is processed again. Two kinds of chunk entries spare more work: a chunk
of stage 1 whose documents all have entries keeps its store files whole (hard links to the
store's files: nothing is copied), and a chunk of the
keyword pass keeps its terms under its documents' keys and the corpus phrases (any change to
the phrases recomputes every chunk). The corpus stages (phrases, TF-IDF, themes) always run on
the whole corpus, so the tables are identical to a clean run's.

``policytext run`` reads the entries of the previous run from ``OUT/.policytext-cache`` and
writes the entries of this run into the new output folder, which replaces OUT whole at the end:
entries of deleted or changed files drop out with it. Entries are written atomically by the
process that made the result (a worker, or a Dask worker: the output folder must then be on a
path the workers share).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext.outputs.files import atomic_path
from policytext.records import INTERNAL_ERROR, DocumentResult
from policytext.stage import DocumentStage

if TYPE_CHECKING:
    from policytext.ingest import SourceFile
    from policytext.metadata import Metadata
    from policytext.options import PipelineOptions

CACHE_DIR = ".policytext-cache"  # inside the output folder
_FORMAT = 5  # bump when an entry's layout changes
DOCUMENT_ENTRY = ".pickle.z"  # one document's result
CHUNK_ENTRY = ".chunk.pickle"  # a chunk's result (summaries or terms), when all its documents are unchanged
CHUNK_FILES = ".chunk"  # folder beside a chunk entry: its store files, hard links to the store's own


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over policytext's own source files and resources: any change to the code or the
    shipped models and word lists invalidates every entry (the version number alone would not,
    between releases)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"policytext-cache-{_FORMAT}".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def settings_fingerprint(options: PipelineOptions) -> str:
    """What shapes a document's stage-1 result, and the contents of every file it names."""
    named: list[str] = [*options.segmenter.userdicts, *options.stopword_files]
    stages = []
    for choice in options.enabled:
        if isinstance(choice.stage, DocumentStage):
            values = {o.name: getattr(choice.options, o.name) for o in choice.stage.option_list}
            stages.append([choice.stage.name, repr(sorted(values.items()))])
            for o in choice.stage.option_list:
                value = values[o.name]
                named += [value] if o.kind == "file" and value else list(value) if o.kind == "files" else []
    settings = {
        "segmenter": repr(options.segmenter),
        "stopwords": list(options.stopword_files),
        "read_limits": repr(options.read_limits),
        "stages": stages,
        "files": {path: file_sha256(Path(path)) for path in sorted(set(named))},
        "code": code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class ResultCache:
    """Entries are read from ``read_from`` (None: a clean run) and written to ``write_to``
    (None: nothing kept); the two may be the same folder."""

    read_from: Path | None
    write_to: Path | None
    settings: str  # settings_fingerprint of the run's options

    @classmethod
    def for_run(cls, options: PipelineOptions, *, read_from: str | Path | None, write_to: str | Path | None) -> ResultCache:
        return cls(Path(read_from) if read_from else None, Path(write_to) if write_to else None, settings_fingerprint(options))

    def key(self, source: SourceFile, metadata: Metadata | None) -> str | None:
        """The entry key of a file, None when the file cannot be hashed (it is then processed,
        and its problem reported, as usual)."""
        if source.problem or not source.supported:
            return None
        try:
            content = file_sha256(source.path)
        except OSError:
            return None
        parts = [self.settings, source.relpath, content, repr(metadata)]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def get(self, key: str) -> DocumentResult | None:
        """The document's result, linked into ``write_to`` so it stays for the next run; None
        when there is none or it cannot be read (a damaged entry is a miss, not an error)."""
        entry = self._load(key, DOCUMENT_ENTRY)
        return entry if isinstance(entry, DocumentResult) else None

    def put(self, key: str, doc: DocumentResult) -> None:
        """Store a result; a document a bug stopped is not kept (it is tried again next run).
        Its n-gram counts are not kept: they were over half an entry's size, and counting a
        document's tokens again takes a few milliseconds."""
        if doc.status != INTERNAL_ERROR:
            self._store(key, doc, DOCUMENT_ENTRY)

    def keep(self, key: str) -> None:
        """Carry a document's entry over to ``write_to`` unread (its chunk came whole from the
        cache; the entry is wanted again when the chunk changes)."""
        if self.read_from is not None and self.write_to is not None and self.write_to != self.read_from:
            path = _entry_path(self.read_from, key, DOCUMENT_ENTRY)
            if path.exists():
                _keep(path, _entry_path(self.write_to, key, DOCUMENT_ENTRY))

    def chunk_key(self, doc_keys: list[str | None], *parts: str) -> str | None:
        """The key of a result over several documents (a chunk of the keyword pass) and
        ``parts`` (what else shapes it); None when a document has no key."""
        if any(k is None for k in doc_keys):
            return None
        return hashlib.sha256("\x1f".join(["chunk", *parts, *(k or "" for k in doc_keys)]).encode()).hexdigest()

    def get_chunk(self, key: str) -> tuple[Any, dict[str, Path]] | None:
        """A chunk's result and its store files (part -> path), both carried into ``write_to``;
        None when the entry or one of its files is missing or damaged."""
        if self.read_from is None:
            return None
        entry = self._load(key, CHUNK_ENTRY, keep=False)
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], tuple)):
            return None
        result, parts = entry
        folder = _entry_path(self.read_from, key, CHUNK_FILES)
        files = {part: folder / f"{part}.parquet" for part in parts}
        if not all(path.is_file() for path in files.values()):
            return None
        if self.write_to is not None and self.write_to != self.read_from:
            target = _entry_path(self.write_to, key, CHUNK_FILES)
            for path in files.values():
                _keep(path, target / path.name)
            _keep(_entry_path(self.read_from, key, CHUNK_ENTRY), _entry_path(self.write_to, key, CHUNK_ENTRY))
        return result, files

    def put_chunk(self, key: str, result: Any, files: Mapping[str, Path]) -> None:
        """Keep a chunk's result (its summaries or terms) and its store files: hard links to
        the store's files, so keeping them copies and compresses nothing. The entry is
        written after its files, so a crash between the two leaves no entry."""
        if self.write_to is None:
            return
        folder = _entry_path(self.write_to, key, CHUNK_FILES)
        for part, path in files.items():
            _keep(path, folder / f"{part}.parquet")
        self._store(key, (result, tuple(files)), CHUNK_ENTRY)

    def _load(self, key: str, suffix: str, *, keep: bool = True) -> object | None:
        if self.read_from is None:
            return None
        path = _entry_path(self.read_from, key, suffix)
        try:
            entry = pickle.loads(zlib.decompress(path.read_bytes()))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
            return None
        if keep and self.write_to is not None and self.write_to != self.read_from:
            _keep(path, _entry_path(self.write_to, key, suffix))
        return entry

    def _store(self, key: str, entry: object, suffix: str) -> None:
        if self.write_to is None:
            return
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomically(_entry_path(self.write_to, key, suffix), zlib.compress(data, 1))  # pickles get ~4x smaller, fast


def _entry_path(folder: Path, key: str, suffix: str) -> Path:
    return folder / key[:2] / f"{key}{suffix}"


def _keep(source: Path, target: Path) -> None:
    """Put an entry of the previous run into the new folder: a hard link (no copy) where the
    file system allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        _write_atomically(target, source.read_bytes())


def _write_atomically(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
