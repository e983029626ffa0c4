"""The run's log file, ``run.log`` in the output folder: what went wrong, with tracebacks.

An internal error (a bug) in one document must not vanish into a one-line reason: its
traceback is written here, and the line it starts on goes into documents.csv, so a reader
of the table can find it. The log belongs to one run: ``RunLog`` owns its logger and its
file handler, made for the run and closed with it, so two runs in one process never write
into each other's files.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import TracebackType

RUN_LOG = "run.log"
_FORMAT = "%(asctime)s %(levelname)s %(message)s"


class _LineCountingHandler(logging.FileHandler):
    """A FileHandler that knows how many lines it has written, so a record's line is known."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, mode="w", encoding="utf-8")
        self.lines = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        super().emit(record)  # writes text and the terminator, then flushes
        self.lines += text.count("\n") + 1


class RunLog:
    """``run.log`` of one run. Use as a context manager; ``internal_error`` returns the line
    number where the traceback's record starts."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handler = _LineCountingHandler(self.path)
        self._handler.setFormatter(logging.Formatter(_FORMAT))
        # a logger of this run only, not registered by name; records still reach the
        # application's own "policytext" handlers, if it has configured any
        self._logger = logging.Logger(f"policytext.run:{self.path}", level=logging.INFO)
        self._logger.parent = logging.getLogger("policytext")
        self._logger.addHandler(self._handler)
        self.internal_errors = 0

    def info(self, message: str) -> None:
        self._logger.info(message)

    def warning(self, message: str) -> None:
        self._logger.warning(message)

    def internal_error(self, where: str, message: str, traceback: str) -> int:
        """Log a bug met in ``where`` (a document's path or a stage) with its traceback; returns its line."""
        line = self._handler.lines + 1
        self.internal_errors += 1
        self._logger.error("internal error in %s: %s\n%s", where, message, traceback.rstrip("\n"))
        return line

    def close(self) -> None:
        self._logger.removeHandler(self._handler)
        self._handler.close()

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
