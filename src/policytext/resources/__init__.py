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
