"""The registry: every stage, in the order it runs. Adding an extractor is one module that
declares a ``DocumentStage`` (see ``policytext.stage``) and one line here."""

from __future__ import annotations

from policytext.stage import CorpusStage, DocumentStage, Stage
from policytext.stages import entities, quantities, references, targets, themes

REGISTRY: tuple[Stage, ...] = (
    entities.STAGE,
    quantities.STAGE,
    targets.STAGE,
    references.STAGE,
    themes.STAGE,
)


def document_stages(stages: tuple[Stage, ...]) -> tuple[DocumentStage, ...]:
    return tuple(s for s in stages if isinstance(s, DocumentStage))


def corpus_stages(stages: tuple[Stage, ...]) -> tuple[CorpusStage, ...]:
    return tuple(s for s in stages if isinstance(s, CorpusStage))


def check_registry(stages: tuple[Stage, ...]) -> None:
    """Each stage name and option name (one namespace: both are keywords of make_options and
    CLI flags), record name and table name is used once: two stages sharing one would
    overwrite each other's settings or outputs."""
    from policytext.store import CORE_PARTS

    seen: dict[tuple[str, str], str] = {("records", part): "the results store" for part in CORE_PARTS}
    earlier: set[str] = set()
    for stage in stages:
        missing = [n for n in (stage.needs if isinstance(stage, DocumentStage) else ()) if n not in earlier]
        if missing:
            raise ValueError(f"stage {stage.name} needs {', '.join(missing)}, which must be a per-document stage before it")
        if isinstance(stage, DocumentStage):
            earlier.add(stage.name)
        records = (stage.records,) if isinstance(stage, DocumentStage) else stage.records
        keys = [("keyword", stage.name), *(("keyword", o.name) for o in stage.option_list)]
        keys += [("records", r) for r in records] + [("table", t.name) for t in stage.tables]
        for key in keys:
            if key in seen:
                raise ValueError(f"{key[0]} name {key[1]!r} is used by both {seen[key]} and {stage.name}")
            seen[key] = stage.name


def stages_of(result) -> tuple[Stage, ...]:
    """The stages of a run's result: those it ran with, or the registry's for a result made by hand."""
    return tuple(result.stages) or REGISTRY


def document_record_types(stages: tuple[Stage, ...]) -> dict[str, type]:
    """Each per-document stage's records name and record type: the parts it has in the store."""
    return {s.records: s.record_type for s in document_stages(stages)}
