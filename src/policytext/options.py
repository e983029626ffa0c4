"""What decides what a run produces: the core settings and, for each registered stage, whether
it runs and with which options. Checked up front by ``make_options``; recorded in manifest.json."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from policytext.ingest.limits import DEFAULT_READ_LIMITS, ReadLimits
from policytext.lexicon import read_userdict, read_word_lines
from policytext.segment import SegmenterBackend, SegmenterConfig, check_backend
from policytext.stage import DocumentStage, Stage, StageOption
from policytext.stages import REGISTRY, check_registry


@dataclass(frozen=True)
class StageChoice:
    """One registered stage in a run: whether it runs and its options."""

    stage: Stage
    enabled: bool
    options: Any  # an instance of stage.options


def default_stages(stages: tuple[Stage, ...] = REGISTRY) -> tuple[StageChoice, ...]:
    return tuple(StageChoice(s, True, s.options()) for s in stages)


@dataclass(frozen=True)
class PipelineOptions:
    """Everything that decides what a run produces; recorded in manifest.json."""

    segmenter: SegmenterConfig = field(default_factory=SegmenterConfig)
    stopword_files: tuple[str, ...] = ()
    top_k: int = 20  # keywords per document and method
    corpus_top_k: int = 100  # corpus keywords per method
    read_limits: ReadLimits = field(default_factory=ReadLimits)  # bounds on one input file (size, decompression, pages)
    phrase_min_count: int = 5
    phrase_min_docs: int = 2
    phrase_min_npmi: float = 0.5
    stages: tuple[StageChoice, ...] = field(default_factory=default_stages)  # every registered stage, in order

    @property
    def max_file_size(self) -> int:
        """The largest file read, in bytes (--max-file-size); kept for callers from before ``read_limits``."""
        return self.read_limits.file_bytes

    @property
    def enabled(self) -> tuple[StageChoice, ...]:
        """The stages that run, in registry order."""
        return tuple(c for c in self.stages if c.enabled)

    def runs(self, name: str) -> bool:
        return any(c.stage.name == name for c in self.enabled)

    def as_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "stages"}
        d["segmenter"] = asdict(self.segmenter)
        d["segmenter"]["backend"] = self.segmenter.backend.value
        d["segmenter"]["userdicts"] = list(self.segmenter.userdicts)
        d["stopword_files"] = list(self.stopword_files)
        d["read_limits"] = asdict(self.read_limits)
        for choice in self.stages:
            d[choice.stage.name] = choice.enabled
            for o in choice.stage.option_list:
                value = getattr(choice.options, o.name)
                d[o.name] = list(value) if isinstance(value, tuple) else value
        return d


def make_options(
    *,
    segmenter: str | SegmenterBackend = SegmenterBackend.RJIEBA,
    hmm: bool = False,
    policy_dict: bool = True,
    userdicts: Sequence[str | Path] = (),
    stopwords: Sequence[str | Path] = (),
    top_k: int = 20,
    max_file_size: int | None = None,
    read_limits: ReadLimits = DEFAULT_READ_LIMITS,
    registry: tuple[Stage, ...] = REGISTRY,
    **stage_settings: Any,
) -> PipelineOptions:
    """Options from plain values, checked up front: a missing backend, model or an unreadable
    word list fails here with a clear message, not later inside a worker process.
    ``max_file_size`` (bytes), when given, replaces ``read_limits.file_bytes``.

    ``stage_settings`` are the registry's: a stage's name switches it (``ner=False``) and each
    of its options is a keyword (``quantity_units=[path]``, ``n_themes=8``); any other keyword
    is refused with the list of those there are."""
    check_registry(registry)
    backend = SegmenterBackend(segmenter)
    check_backend(backend)
    for path in userdicts:
        read_userdict(Path(path))
    for path in stopwords:
        read_word_lines(Path(path))
    choices = _stage_choices(registry, dict(stage_settings))
    options = PipelineOptions(
        segmenter=SegmenterConfig(
            backend=backend, hmm=hmm, policy_dict=policy_dict, userdicts=tuple(str(Path(p).resolve()) for p in userdicts)
        ),
        stopword_files=tuple(str(Path(p).resolve()) for p in stopwords),
        top_k=top_k,
        read_limits=read_limits if max_file_size is None else replace(read_limits, file_bytes=max_file_size),
        stages=choices,
    )
    for choice in options.enabled:
        choice.stage.prepare(choice.options)  # loads models and word lists now, so a problem shows before any work
    return options


def stage_keywords(registry: tuple[Stage, ...]) -> list[str]:
    return [k for s in registry for k in (s.name, *(o.name for o in s.option_list))]


def _stage_choices(registry: tuple[Stage, ...], settings: dict[str, Any]) -> tuple[StageChoice, ...]:
    unknown = sorted(set(settings) - set(stage_keywords(registry)))
    if unknown:
        raise TypeError(
            f"make_options() got unexpected keyword(s) {', '.join(unknown)}; stage settings are: "
            f"{', '.join(stage_keywords(registry))}"
        )
    choices: list[StageChoice] = []
    for stage in registry:
        asked = settings.pop(stage.name, None)
        given = {o.name: settings.pop(o.name) for o in stage.option_list if o.name in settings}
        set_options = [
            o.flag for o in stage.option_list if o.name in given and given[o.name] not in (None, (), [], "", o.default)
        ]
        if asked is not None and not asked and set_options:
            raise ValueError(f"{', '.join(set_options)} given, but {stage.title} are switched off")
        off_needs = [c.stage for c in choices if c.stage.name in _needs(stage) and not c.enabled]
        if off_needs and (asked or set_options):
            needed = off_needs[0]
            what = ", ".join(set_options) or stage.title
            raise ValueError(
                f"{what} need {needed.title}: drop --no-{needed.name} ({needed.name}=False) or add --no-{stage.name}"
            )
        # a stage whose input is switched off is off too: --no-quantities means no targets
        enabled = (asked is None or bool(asked)) and not off_needs
        values = {
            o.name: _option_value(o, given[o.name]) for o in stage.option_list if o.name in given and given[o.name] is not None
        }
        choices.append(StageChoice(stage, enabled, stage.options(**values)))
    return tuple(choices)


def _needs(stage: Stage) -> tuple[str, ...]:
    return stage.needs if isinstance(stage, DocumentStage) else ()


def _option_value(o: StageOption, value: Any) -> Any:
    """A file option's paths made absolute (workers may run elsewhere); a choice checked."""
    if o.kind == "files":
        return tuple(str(Path(p).resolve()) for p in value)
    if o.kind == "file":
        return str(Path(value).resolve()) if value else ""
    if o.kind == "choice" and value not in o.choices:
        raise ValueError(f"{o.flag} must be one of {', '.join(o.choices)}, not {value!r}")
    return value
