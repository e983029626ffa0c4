"""policytext: Chinese policy documents in, tables and pictures out.

>>> import policytext
>>> doc = policytext.analyze_text("推动高质量发展，全面深化改革。")
>>> corpus = policytext.analyze_folder("corpus/")
>>> frames = corpus.to_frames()          # DataFrames named like the CSV files
"""

from policytext.errors import (
    BackendUnavailableError,
    DocumentReadError,
    InputPathError,
    NoDocumentsProcessedError,
    PolicytextError,
    ResourceError,
)
from policytext.pipeline import PipelineOptions, analyze_folder, analyze_text, make_options
from policytext.records import CorpusResult, DocumentResult, Keyword, Sentence
from policytext.segment import SegmenterBackend, SegmenterConfig

__version__ = "0.1.0"

__all__ = [
    "BackendUnavailableError",
    "CorpusResult",
    "DocumentReadError",
    "DocumentResult",
    "InputPathError",
    "Keyword",
    "NoDocumentsProcessedError",
    "PipelineOptions",
    "PolicytextError",
    "ResourceError",
    "SegmenterBackend",
    "SegmenterConfig",
    "Sentence",
    "__version__",
    "analyze_folder",
    "analyze_text",
    "make_options",
]
