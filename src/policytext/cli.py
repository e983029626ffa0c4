"""The ``policytext`` command: a thin layer over the library that turns errors into messages."""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
import traceback
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from policytext import __version__
from policytext.cache import CACHE_DIR, ResultCache
from policytext.engine import EngineKind
from policytext.errors import InputPathError, NoDocumentsProcessedError, OutputFolderError, PolicytextError
from policytext.ingest import DEFAULT_MAX_FILE_SIZE
from policytext.outputs.folder import OutputFolder, read_manifest
from policytext.outputs.wordclouds import WordCloudStyle
from policytext.outputs.writer import OUTPUT_NAMES, WORDCLOUD_SCOPES, OutputOptions, write_files
from policytext.pipeline import PipelineOptions, analyze_folder, make_options
from policytext.records import INTERNAL_ERROR, CorpusResult
from policytext.runlog import RUN_LOG, RunLog
from policytext.segment import SegmenterBackend
from policytext.stage import DocumentStage, Stage, StageOption
from policytext.stages import REGISTRY, stages_of
from policytext.store import STORE_DIR, ResultStore

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

EXIT_NO_DOCUMENTS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3  # a bug in policytext; with --keep-going only when the run itself could not finish
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143  # kill, docker stop, systemd: 128 + SIGTERM


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the run is so it stops as Ctrl-C does: staging folder removed,
    previous outputs kept, one line."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def default_corpus() -> Path:
    """``corpus/`` in the current folder, else the project's embedded corpus next to ``src/``."""
    here = Path("corpus")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "corpus"


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[x×*]\s*(\d+)\s*", text)
    if not m or min(int(m.group(1)), int(m.group(2))) < 100:
        raise click.BadParameter("give WIDTHxHEIGHT in pixels, each at least 100, e.g. 1920x1080")
    return int(m.group(1)), int(m.group(2))


def _bytes(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|B)?\s*", text, re.I)
    if not m:
        raise click.BadParameter("give a size such as 20MB, 500KB or 1GB")
    unit = {"b": 1, "kb": 2**10, "mb": 2**20, "gb": 2**30}[(m.group(2) or "MB").lower()]
    return int(float(m.group(1)) * unit)


def stage_flags(registry: tuple[Stage, ...]):
    """The CLI flags of every stage: --no-<stage> and one per option, from the registry."""
    flags = []
    for stage in registry:
        flags.append(click.option(f"--no-{stage.name.replace('_', '-')}", f"no_{stage.name}", is_flag=True, help=stage.help))
        flags += [_option_flag(o) for o in stage.option_list]

    def decorate(command):
        for flag in reversed(flags):  # decorators apply bottom-up: keep the registry's order in --help
            command = flag(command)
        return command

    return decorate


def _option_flag(o: StageOption):
    if o.kind == "files":
        return click.option(o.flag, o.name, multiple=True, type=click.Path(exists=True, dir_okay=False), help=o.help)
    if o.kind == "file":
        return click.option(o.flag, o.name, default=None, type=click.Path(exists=True, dir_okay=False), help=o.help)
    if o.kind == "choice":
        return click.option(o.flag, o.name, type=click.Choice(o.choices), default=o.default, show_default=True, help=o.help)
    return click.option(o.flag, o.name, default=str(o.default), show_default=True, help=o.help)


def stage_settings_from_flags(registry: tuple[Stage, ...], values: dict) -> dict:
    """make_options keywords from the stage flags; an option given with its stage switched
    off is a usage error that says which flag to drop."""
    settings: dict = {}
    for stage in registry:
        enabled = not values[f"no_{stage.name}"]
        if not enabled:  # unset, not True: a stage whose input is switched off follows it (make_options)
            settings[stage.name] = False
        given = []
        for o in stage.option_list:
            value = values[o.name]
            if o.parse is not None and isinstance(value, str):
                try:
                    value = o.parse(value)
                except ValueError as exc:
                    raise click.BadParameter(str(exc), param_hint=o.flag) from None
            if value not in (None, (), "", o.default):
                given.append(o.flag)
                settings[o.name] = value
        needs = stage.needs if isinstance(stage, DocumentStage) else ()
        off = next((s for s in registry if s.name in needs and settings.get(s.name) is False), None)
        if given and (not enabled or off):
            flags = " and ".join(given)
            needed = stage if not enabled else off
            assert needed is not None
            raise click.UsageError(f"{flags} need{'s' if len(given) == 1 else ''} {needed.title}; drop --no-{needed.name}")
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policytext")
def main() -> None:
    """policytext: turn a folder of Chinese policy documents into tables and pictures.

    Run `policytext run FOLDER -o OUT` to read every .txt, .md, .docx, .pdf and .html file
    under FOLDER and write segmented sentences, keywords, word clouds, an HTML report and a
    run manifest to OUT. Nothing is downloaded: dictionaries and the font ship with it.
    """


@main.command()
@click.argument("input_path", metavar="[INPUT]", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the output files (created if missing; files in it are replaced).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes working on documents, this one included [default: number of cores].",
)
@click.option(
    "--engine",
    type=click.Choice([k.value for k in EngineKind]),
    default="local",
    show_default=True,
    help="Where the work runs: this machine's processes, or Dask (a local cluster of --workers processes, "
    "or the cluster at --dask-scheduler; needs policytext[dask]). The tables are the same.",
)
@click.option(
    "--dask-scheduler",
    metavar="ADDRESS",
    default=None,
    help="Address of a running Dask scheduler (tcp://host:8786) for --engine dask; its workers need policytext "
    "and the input folder at the same path.",
)
@click.option(
    "--userdict",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra segmentation dictionary, jieba format 'word [freq] [tag]' per line. Repeatable.",
)
@click.option(
    "--stopwords",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra stopword file, one word per line, '#' comments. Repeatable.",
)
@click.option(
    "--font",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Font (.ttf/.otf) for word clouds [default: the bundled Noto Sans SC].",
)
@click.option(
    "--wordclouds",
    type=click.Choice(WORDCLOUD_SCOPES),
    default="corpus",
    show_default=True,
    help="Word clouds for the corpus only, for the corpus and every document, or none.",
)
@click.option("--wordcloud-size", default="1920x1080", show_default=True, help="Word cloud size in pixels, WIDTHxHEIGHT.")
@click.option(
    "--mask",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Mask image: words fill its dark areas, white stays empty.",
)
@click.option("--top-k", type=click.IntRange(min=1), default=20, show_default=True, help="Keywords per document and method.")
@click.option(
    "--segmenter",
    type=click.Choice([b.value for b in SegmenterBackend]),
    default="rjieba",
    show_default=True,
    help="Segmentation backend; with HMM off both give the same tokens, rjieba ~13x faster.",
)
@click.option("--hmm/--no-hmm", default=False, show_default=True, help="Let jieba's HMM guess unknown words.")
@click.option("--no-policy-dict", is_flag=True, help="Do not load the bundled policy-domain dictionary.")
@click.option(
    "--max-file-size",
    default=f"{DEFAULT_MAX_FILE_SIZE // 2**20}MB",
    show_default=True,
    help="Larger files are reported and skipped.",
)
@stage_flags(REGISTRY)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; only errors and the summary.")
@click.option(
    "--force",
    is_flag=True,
    help="Write into OUT even when it holds other files and no policytext manifest.json: files named like "
    "policytext's outputs are replaced, the others kept.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help=f"Read every file again, ignoring the results kept in OUT/{CACHE_DIR} from the last run "
    "(this run's are still kept for the next). Without it only new and changed files are read; the tables are the same.",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help=f"Exit 0 even when internal errors (bugs) stopped some documents; their tracebacks are in OUT/{RUN_LOG}.",
)
def run(
    input_path,
    out_dir,
    workers,
    engine,
    dask_scheduler,
    userdict,
    stopwords,
    font,
    wordclouds,
    wordcloud_size,
    mask,
    top_k,
    segmenter,
    hmm,
    no_policy_dict,
    max_file_size,
    quiet,
    force,
    no_cache,
    keep_going,
    **stage_values,
):
    """Process every document under INPUT and write the results to OUT.

    INPUT is a folder (searched recursively) or a single file; it defaults to ./corpus, or to
    the sample corpus that comes with policytext. An optional INPUT/metadata.csv with columns
    id,title,date,issuer fills in document metadata (id = file name without suffix).

    Files written: documents.csv, keywords.csv, sentences.csv, entities.csv,
    entity_counts.csv, quantities.csv, claims_by_subject.csv, references.csv, formulas.csv,
    citations.csv, themes.csv, document_themes.csv, trends.csv, cooccurrence.csv, errors.csv
    (UTF-8 with BOM, so Excel shows Chinese), wordclouds/*.png (corpus and one per theme),
    themes_heatmap.png, trends_themes.png, trends_keywords.png, cooccurrence_network.png,
    citation_graph.png (when documents cite each other), report.html and manifest.json;
    OUT/store holds the same results as Parquet files (one per part and chunk of eight
    documents, for pandas, DuckDB or Spark).

    OUT/run.log holds every file not processed and the traceback of every internal error.
    OUT/.policytext-cache keeps each document's results: the next run into OUT reads only new
    and changed files (--no-cache reads them all); the tables are the same.

    The outputs are written into a hidden folder beside OUT and replace OUT's outputs together
    at the end (manifest.json is written last): an interrupted or killed run leaves the previous
    complete outputs in OUT, and the next run says what it found. Your own files in OUT are kept.

    Exit status: 0 when at least one document was processed, 3 when an internal error (a bug)
    stopped a document or a stage (0 with --keep-going), 1 when none could be processed, 2 when
    INPUT is missing or empty, OUT cannot be used or an option is wrong, 130 when interrupted (Ctrl-C), 143 when
    terminated (SIGTERM).
    """
    width, height = _size(wordcloud_size)
    stage_settings = stage_settings_from_flags(REGISTRY, stage_values)
    if dask_scheduler and engine != "dask":
        raise click.UsageError("--dask-scheduler needs --engine dask")
    input_path = input_path or default_corpus()
    started = time.perf_counter()
    progress = _Progress(quiet)
    if threading.current_thread() is threading.main_thread():  # signal handlers live in the main thread
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        click.get_current_context().call_on_close(lambda: signal.signal(signal.SIGTERM, previous))
    if stage_settings.get("ner", True):
        _status(quiet, "Loading the NER model ...")
    try:
        options = make_options(
            segmenter=segmenter,
            hmm=hmm,
            policy_dict=not no_policy_dict,
            userdicts=userdict,
            stopwords=stopwords,
            top_k=top_k,
            max_file_size=_bytes(max_file_size),
            **stage_settings,
        )
        output_options = OutputOptions(
            wordclouds=wordclouds, style=WordCloudStyle(width=width, height=height, font=font, mask=mask)
        )
        if wordclouds != "none":
            output_options.style.check()
        _check_apart(Path(input_path), Path(out_dir))
        engine_settings = {"workers": workers, "engine": engine, "dask_scheduler": dask_scheduler}
        result = _analyze_and_write(
            Path(input_path), out_dir, options, output_options, engine_settings, progress, force=force, reuse=not no_cache
        )
    except _Terminated:
        progress.finish()
        _fail(f"terminated; {_kept(out_dir)}", EXIT_TERMINATED)
    except KeyboardInterrupt:
        progress.finish()
        _fail(f"interrupted; {_kept(out_dir)}", EXIT_INTERRUPTED)
    except InputPathError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except NoDocumentsProcessedError as exc:
        progress.finish()
        for doc in progress.failures:
            click.echo(f"  {doc.status}: {_printable(doc.path)}: {doc.error}", err=True)
        _fail(str(exc), EXIT_NO_DOCUMENTS)
    except PolicytextError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    _summary(result, out_dir, time.perf_counter() - started)
    if result.internal_error_count:
        click.echo(
            f"{result.internal_error_count} internal error(s): bugs in policytext, not problems of your files; "
            f"tracebacks in {out_dir / RUN_LOG}. Please report them.",
            err=True,
        )
        if not keep_going:
            sys.exit(EXIT_INTERNAL_ERROR)


def _analyze_and_write(
    input_path: Path,
    out_dir: Path,
    options: PipelineOptions,
    output_options: OutputOptions,
    engine_settings: dict,
    progress: _Progress,
    *,
    force: bool,
    reuse: bool,
) -> CorpusResult:
    """Analyse the input and write every output into a staging folder swapped into OUT at the
    end; a bug outside any one document stops here with its run.log line."""

    def on_stage(message: str) -> None:
        progress.finish()
        _status(progress.quiet, message)

    with OutputFolder(out_dir, output_names=OUTPUT_NAMES, force=force) as folder:
        for note in folder.notes:
            click.echo(f"Note: {note}", err=True)
        cache = ResultCache.for_run(
            options, read_from=out_dir / CACHE_DIR if reuse else None, write_to=folder.staging / CACHE_DIR
        )
        with RunLog(folder.staging / RUN_LOG) as log:
            log.info(f"policytext {__version__} run: {input_path} -> {out_dir}")
            for note in folder.notes:
                log.warning(note)
            try:
                result = analyze_folder(
                    input_path,
                    options=options,
                    **engine_settings,
                    cache=cache,
                    on_document=progress.advance,
                    on_stage=on_stage,
                    exclude=(out_dir, folder.staging, folder.previous),
                    run_log=log,
                    store=folder.staging / STORE_DIR,
                )
                _status(progress.quiet, "Writing outputs ...")
                write_files(result, folder.staging, output_options, workers=result.settings["workers"])
            except PolicytextError:
                raise
            except Exception as exc:  # a bug outside any one document: the run cannot finish
                progress.finish()
                message = f"{type(exc).__name__}: {exc}"
                line = log.internal_error("the run", message, traceback.format_exc())
                folder.keep_staging()
                _fail(
                    f"internal error ({message}); traceback in {folder.staging / RUN_LOG} line {line}; "
                    f"{_kept(out_dir)}; please report it",
                    EXIT_INTERNAL_ERROR,
                )
            log.info(
                f"done: {len(result.processed_summaries)} processed, {len(result.failed)} failed, {len(result.skipped)} skipped, "
                f"{result.internal_error_count} internal error(s)"
            )
        folder.commit()
    return replace(result, store=ResultStore(out_dir / STORE_DIR))  # the staging folder is OUT now


class _Progress:
    """A progress bar on stderr, created when the first document reports (the total is known then)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: ProgressBar[str | None] | None = None
        self.failures: list = []

    def advance(self, doc, done: int, total: int) -> None:
        if not doc.ok:
            self.failures.append(doc)
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="Reading and segmenting", file=sys.stderr, show_pos=True, item_show_func=lambda d: d or ""
            )
        self.bar.update(1, _printable(doc.doc_id))
        if done == total:
            self.finish()

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None


def _check_apart(input_path: Path, out_dir: Path) -> None:
    """The output folder is replaced as a whole at the end of a run: it must not hold the input."""
    if Path(os.path.realpath(input_path)).is_relative_to(os.path.realpath(out_dir)):
        raise OutputFolderError(
            f"the output folder {out_dir} contains the input {input_path}; choose an output folder outside it"
        )


def _kept(out_dir: Path) -> str:
    """What an unfinished run left in the output folder, for its last message."""
    if read_manifest(Path(out_dir)) is not None:
        return f"{out_dir} still holds the previous run's complete outputs"
    return f"nothing was written to {out_dir}"


def _printable(name: str) -> str:
    """A file name on one terminal line: a line break or another control character in it is
    written as its escape (\\n), as ls -b does."""
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) == "Cc" else c for c in name)


def _status(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _summary(result, out_dir: Path, seconds: float) -> None:
    ok, failed, skipped = len(result.processed_summaries), len(result.failed), len(result.skipped)
    bugs = result.internal_error_count
    click.echo(
        f"{ok} document(s) processed, {failed} failed, {skipped} skipped, {bugs} internal error(s) "
        f"in {seconds:.1f} s; outputs in {out_dir}/"
    )
    if result.cache_hits:
        click.echo(
            f"  {result.cache_hits} file(s) unchanged since the last run: their results were reused (--no-cache reads them again)"
        )
    for doc in result.summaries:
        if not doc.ok:
            click.echo(f"  {doc.status}: {_printable(doc.path)}: {doc.error}")
    for error in result.stage_errors:
        click.echo(f"  {INTERNAL_ERROR}: {error}")
    for warning in result.settings.get("metadata_warnings", []):
        click.echo(f"  warning: {warning}")
    for stage in stages_of(result):
        line = stage.summary(result) if stage.summary and result.settings.get(stage.name) else ""
        if line:
            click.echo(f"  {line}")
    warned = [doc for doc in result.processed_summaries if doc.warnings]
    if warned:
        click.echo(f"  {len(warned)} document(s) processed with warnings (see the warnings column of documents.csv)")
