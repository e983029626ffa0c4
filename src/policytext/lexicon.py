"""Word lists: user dictionaries for the segmenter and stopwords for keywords.

Both are plain UTF-8 text files, one entry a line, ``#`` starts a comment line. The packaged
lists load by default; users add their own files on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from policytext.errors import ResourceError
from policytext.resources import POLICY_USERDICT, STOPWORDS, VERBS, resource_path


@dataclass(frozen=True)
class DictEntry:
    word: str
    freq: int | None = None  # None: let the segmenter pick a frequency that keeps the word whole
    tag: str | None = None


def read_word_lines(path: Path) -> list[list[str]]:
    """The whitespace-separated fields of each non-comment, non-blank line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ResourceError(f"word list not found: {path}") from None
    except UnicodeDecodeError:
        raise ResourceError(f"word list is not UTF-8: {path}") from None
    except OSError as exc:
        raise ResourceError(f"cannot read word list {path}: {exc.strerror or exc}") from None
    return [line.split() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_userdict(path: Path) -> tuple[DictEntry, ...]:
    """A jieba-style user dictionary: ``word [freq] [tag]`` per line."""
    entries = []
    for fields in read_word_lines(path):
        word, rest = fields[0], fields[1:]
        freq = tag = None
        if rest and rest[0].isdigit():
            freq, rest = int(rest[0]), rest[1:]
        if rest:
            tag = rest[0]
        entries.append(DictEntry(word, freq, tag))
    return tuple(entries)


@cache
def policy_userdict() -> tuple[DictEntry, ...]:
    path = resource_path(POLICY_USERDICT)
    return read_userdict(path) if path.is_file() else ()


@lru_cache(maxsize=8)
def load_stopwords(extra_files: tuple[str, ...] = ()) -> frozenset[str]:
    """The packaged stopword list plus the users' files; cached per process."""
    words = {f[0] for f in read_word_lines(resource_path(STOPWORDS))}
    for name in extra_files:
        words.update(f[0] for f in read_word_lines(Path(name)))
    return frozenset(words)


@cache
def verbs() -> frozenset[str]:
    """Words jieba's dictionary tags as verbs (the packaged list, built by tools/build_verb_list.py)."""
    return frozenset(f[0] for f in read_word_lines(resource_path(VERBS)))


@cache
def jieba_word_tags() -> dict[str, str]:
    """Word -> part-of-speech tag from jieba's bundled dictionary (n, v, ns, nr ...)."""
    import jieba

    tags = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags
