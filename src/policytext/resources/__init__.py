"""Data files that ship with the package: dictionaries, stopwords, the CJK font."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

POLICY_USERDICT = "policy_userdict.txt"
STOPWORDS = "stopwords.txt"
QUANTITY_UNITS = "quantity_units.txt"
VERBS = "verbs.txt"
FORMULAS = "formulas.txt"
FONT = "fonts/NotoSansSC-Regular.otf"


def resource_path(name: str) -> Path:
    """Filesystem path of a packaged resource (the package is installed unzipped)."""
    return Path(str(resources.files("policytext.resources").joinpath(name)))


def file_stamp(path: str | Path) -> tuple[int, int]:
    """(modification time, size) of a file, (-1, -1) when missing: part of a loader's cache
    key, so an edited file is read again (the loader itself reports a missing one)."""
    try:
        st = Path(path).stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)
