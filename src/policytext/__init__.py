"""policytext: Chinese policy documents in, tables and pictures out.

>>> import policytext
>>> doc = policytext.analyze_text("推动高质量发展，全面深化改革。")
>>> corpus = policytext.analyze_folder("corpus/")
>>> frames = corpus.to_frames()          # DataFrames named like the CSV files
>>> frames = policytext.read_outputs("outputs/")   # the same, read back from a run's folder
"""

from policytext.errors import (
    BackendUnavailableError,
    DocumentReadError,
    InputPathError,
    NoDocumentsProcessedError,
    OutputFolderError,
    PolicytextError,
    ResourceError,
    ThemeError,
)
from policytext.outputs.folder import read_outputs
from policytext.pipeline import PipelineOptions, analyze_folder, analyze_text, make_options
from policytext.records import (
    Cooccurrence,
    CorpusResult,
    DocumentResult,
    DocumentTheme,
    Entity,
    Keyword,
    Quantity,
    Reference,
    Sentence,
    Theme,
    TrendPoint,
)
from policytext.segment import SegmenterBackend, SegmenterConfig

__version__ = "0.1.0"

__all__ = [
    "BackendUnavailableError",
    "Cooccurrence",
    "CorpusResult",
    "DocumentReadError",
    "DocumentResult",
    "DocumentTheme",
    "Entity",
    "InputPathError",
    "Keyword",
    "NoDocumentsProcessedError",
    "OutputFolderError",
    "PipelineOptions",
    "PolicytextError",
    "Quantity",
    "Reference",
    "ResourceError",
    "SegmenterBackend",
    "SegmenterConfig",
    "Sentence",
    "Theme",
    "ThemeError",
    "TrendPoint",
    "__version__",
    "analyze_folder",
    "analyze_text",
    "make_options",
    "read_outputs",
]
