"""Pathological repeats take linear time: ten times the input, at most about ten times the time.

Each case is a function of the pipeline on a run of one piece repeated n times (《 × n,
〔 × n, digits × n, 百分之 × n, （ × n, 一、 × n). The test is a ratio on this machine, never an
absolute time: t(10n) / t(n) must stay under ``MAX_RATIO`` (10 for linear time, with slack for a
noisy machine; a quadratic step gives about 100). Times are the best of a few runs, and the
small input's time is floored at ``FLOOR_S`` so that timer noise on a tiny run cannot make a
ratio.

The default run times n = 10⁴ against 10⁵ for the extractors on the first five pieces (10³
against 10⁴ for the slower cases: analyze_text, find_references on 《, the number steps on
百分之); ``-m slow`` runs 10⁴, 10⁵ and 10⁶ for every case and prints the table.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from policytext import analyze_text, make_options
from policytext.extract.number_spans import find_numbers, load_units, not_claim_spans
from policytext.extract.quantities import document_quantities
from policytext.extract.references import find_references, load_formulas
from policytext.normalise import normalise
from policytext.sections import document_sections
from policytext.segment import get_segmenter
from policytext.sentences import sentence_spans, split_sentences

MAX_RATIO = 25.0  # 10 for linear time, times a slack of 2.5
FLOOR_S = 0.01
REPEATS = 3

PIECES = {
    "book_title": "《",
    "bracket": "〔",
    "digits": "1",
    "full_width_digits": "１",
    "percent": "百分之",
    "paren": "（",
    "heading": "一、",
}


def _prepare(name: str) -> Callable[[str], Callable[[], object]]:
    """A function that takes the input text and returns the call to time (set-up done outside it)."""
    units, words = load_units(), load_formulas()
    if name == "normalise":
        return lambda text: lambda: normalise(text)
    if name == "sentence_spans":
        return lambda text: lambda: sentence_spans(text)
    if name == "sections":
        return lambda text: lambda: document_sections(text, year=2024, work_report=True)
    if name == "find_references":
        return lambda text: lambda: find_references(text, formula_words=words)
    if name == "not_claim_spans":
        return lambda text: lambda: not_claim_spans(text)
    if name == "find_numbers":
        return lambda text: lambda: find_numbers(text, units)
    if name == "document_quantities":

        def quantities(text: str) -> Callable[[], object]:
            sentences = split_sentences(text, get_segmenter())
            return lambda: document_quantities("d", text, sentences, units=units)

        return quantities
    if name == "analyze_text":
        options = make_options(ner=False, themes=False)
        return lambda text: lambda: analyze_text(text, options=options)
    raise ValueError(name)


FUNCTIONS = (
    "normalise",
    "sentence_spans",
    "sections",
    "find_references",
    "not_claim_spans",
    "find_numbers",
    "document_quantities",
)


def _best(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return min(times)


def _ratio(function: str, piece: str, n: int) -> tuple[float, float, float]:
    """(t(n), t(10n), ratio): the large input is timed again only while the ratio looks too high."""
    prepare = _prepare(function)
    small = _best(prepare(piece * n), REPEATS)
    big_call = prepare(piece * (10 * n))
    big = _best(big_call, 1)
    for _ in range(REPEATS - 1):
        if big / max(small, FLOOR_S) <= MAX_RATIO:
            break
        big = min(big, _best(big_call, 1))
    return small, big, big / max(small, FLOOR_S)


# the slower cases start at 10³ in the default run (10⁴ against 10⁵ would take seconds each)
_SLOW_IN_DEFAULT = {
    ("find_references", "《"),
    ("find_numbers", "百分之"),
    ("not_claim_spans", "百分之"),
    ("document_quantities", "百分之"),
}
DEFAULT_PIECES = ("book_title", "bracket", "digits", "full_width_digits", "percent")  # all of them with -m slow


def _default_n(function: str, piece: str) -> int:
    return 1_000 if function == "analyze_text" or (function, piece) in _SLOW_IN_DEFAULT else 10_000


DEFAULT_CASES = [
    pytest.param(function, PIECES[name], _default_n(function, PIECES[name]), id=f"{function}-{name}")
    for function in (*FUNCTIONS, "analyze_text")
    for name in DEFAULT_PIECES
]


@pytest.mark.parametrize(("function", "piece", "n"), DEFAULT_CASES)
def test_ten_times_the_repeats_take_at_most_about_ten_times_the_time(function, piece, n):
    small, big, ratio = _ratio(function, piece, n)
    assert ratio <= MAX_RATIO, f"{function} on {piece!r} × {n} and × {10 * n}: {small:.4f}s, {big:.4f}s"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(PIECES))
@pytest.mark.parametrize("function", [*FUNCTIONS, "analyze_text"])
def test_repeats_up_to_a_million_take_linear_time(function, name, capsys):
    piece = PIECES[name]
    rows = []
    for n in (10_000, 100_000):
        small, big, ratio = _ratio(function, piece, n)
        rows.append((n, small, 10 * n, big, ratio))
    with capsys.disabled():
        for n, small, big_n, big, ratio in rows:
            print(
                f"\nTIMING {function:20} {name:18} n={n:>8} {small:9.4f}s  n={big_n:>8} {big:9.4f}s  ratio {ratio:6.2f}", end=""
            )
    for n, small, _, big, ratio in rows:
        assert ratio <= MAX_RATIO, f"{function} on {piece!r} × {n} and × {10 * n}: {small:.4f}s, {big:.4f}s"
