"""Stage 1, one document: read, normalise, split sentences, segment, read the document's
context (title, date, kind, sections), then run every enabled per-document stage in order."""

from __future__ import annotations

import traceback
from dataclasses import asdict

from policytext import metadata as meta
from policytext.errors import DocumentReadError
from policytext.ingest import SourceFile, name_warnings, read_source
from policytext.normalise import normalise
from policytext.options import PipelineOptions
from policytext.records import INTERNAL_ERROR, DocumentResult
from policytext.sections import document_sections
from policytext.segment import get_segmenter
from policytext.sentences import split_sentences
from policytext.stage import DocumentStage, StageInput


def process_text(doc_id: str, text: str, options: PipelineOptions, **fields) -> DocumentResult:
    """Normalise, split and segment one text and run the enabled stages on it. ``fields`` fill
    the other DocumentResult fields; ``title``, ``date``, ``issuer`` and ``kind`` among them
    are metadata.csv's, which override what ``metadata.document_info`` reads from the text and
    the file name, field by field."""
    norm = normalise(text)
    if not norm.body.strip():
        raise DocumentReadError("empty", "no body text left after normalisation")
    segmenter = get_segmenter(options.segmenter)
    sentences = split_sentences(norm.body, segmenter)
    known = meta.Metadata(*(fields.pop(k, "") or "" for k in ("title", "date", "issuer", "kind")))
    info = meta.document_info(norm.body, doc_id=doc_id, front_matter=norm.front_matter, known=known)
    fields.update({k: v for k, v in asdict(info).items() if k != "warnings"})
    fields["warnings"] = (*fields.get("warnings", ()), *info.warnings)
    sections = tuple(document_sections(norm.body, year=info.year, work_report=info.kind == "work_report"))
    records: dict[str, tuple] = {}
    for choice in options.enabled:
        if isinstance(choice.stage, DocumentStage):
            stage_input = StageInput(
                doc_id, norm.body, sentences, sections, info.year, info.kind, segmenter.cut, records, info.title, info.issuer
            )
            records[choice.stage.records] = tuple(choice.stage.run(stage_input, choice.options))
    return DocumentResult(
        doc_id=doc_id,
        status="ok",
        text=norm.body,
        front_matter=norm.front_matter,
        back_matter=norm.back_matter,
        sentences=sentences,
        sections=sections,
        records=records,
        **fields,
    )


def process_source(source: SourceFile, metadata: meta.Metadata | None, options: PipelineOptions) -> DocumentResult:
    """Stage 1 for one file. Never raises: a failure becomes a DocumentResult with a reason."""
    if source.problem:
        status = "skipped" if source.problem_code == "not_a_file" else "failed"
        return DocumentResult(
            doc_id=source.doc_id, path=source.relpath, status=status, error_code=source.problem_code, error=source.problem
        )
    if not source.supported:
        suffix = source.path.suffix or "(no suffix)"
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status="skipped",
            error_code="unsupported",
            error=f"unsupported file type {suffix}; supported: txt, md, docx, pdf, html",
        )
    known = {"title": metadata.title, "date": metadata.date, "issuer": metadata.issuer, "kind": metadata.kind} if metadata else {}
    try:
        raw = read_source(source.path, limits=options.read_limits)
        warnings = raw.warnings + name_warnings(source.relpath)
        return process_text(
            source.doc_id,
            raw.text,
            options,
            path=source.relpath,
            size=raw.size,
            sha256=raw.sha256,
            encoding=raw.encoding,
            warnings=warnings,
            **known,
        )
    except DocumentReadError as exc:
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status="failed",
            error_code=exc.reason,
            error=exc.message,
            **meta.unread_fields(metadata),
        )
    except Exception as exc:  # a bug must not cost the user the rest of the corpus, nor hide
        return DocumentResult(
            doc_id=source.doc_id,
            path=source.relpath,
            status=INTERNAL_ERROR,
            error_code="internal",
            error=f"internal error ({type(exc).__name__}: {exc}); please report it",
            traceback=traceback.format_exc(),
            **meta.unread_fields(metadata),
        )
