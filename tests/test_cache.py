"""The results cache: a rerun reads only new and changed files and writes the same tables as a clean run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

import policytext
from conftest import EMBEDDED_CORPUS
from policytext.cache import CACHE_DIR, ResultCache
from policytext.cli import main

ARGS = ["--workers", "2", "--no-ner", "--wordclouds", "none", "-q"]


def _run(src: Path, out: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), *ARGS, *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def _entries(out: Path) -> int:
    return sum(1 for p in (out / CACHE_DIR).rglob("*.pickle.z"))


def _copy_corpus(tmp_path: Path, n: int = 12) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for path in sorted(EMBEDDED_CORPUS.glob("*.txt"))[:n]:
        shutil.copy(path, src / path.name)
    return src


def test_a_rerun_reads_only_the_changed_file_and_writes_the_tables_of_a_clean_run(tmp_path):
    src, out = _copy_corpus(tmp_path), tmp_path / "out"
    first = _run(src, out)
    assert first["counts"]["cache_hits"] == 0 and _entries(out) == 12
    with open(src / "gwr_2024.txt", "a", encoding="utf-8") as f:
        f.write("\n新增一段：今年城镇新增就业1300万人以上。\n")
    second = _run(src, out)
    assert second["counts"]["cache_hits"] == 11
    assert "1300万人以上" in (out / "quantities.csv").read_text(encoding="utf-8-sig")  # the changed file was read
    clean = tmp_path / "clean"
    assert _run(src, clean, "--no-cache")["counts"]["cache_hits"] == 0
    assert _tables(out) == _tables(clean)
    assert _entries(out) == 12  # the entry of the file's earlier version dropped out


def test_a_deleted_file_drops_out_and_a_new_one_is_read(tmp_path):
    src, out = _copy_corpus(tmp_path), tmp_path / "out"
    _run(src, out)
    (src / "gwr_1956.txt").unlink()
    shutil.copy(EMBEDDED_CORPUS / "sc_guoling_706.txt", src / "sc_guoling_706.txt")
    manifest = _run(src, out)
    assert manifest["counts"]["cache_hits"] == 11 and manifest["counts"]["files"] == 12
    assert "gwr_1956" not in (out / "documents.csv").read_text(encoding="utf-8-sig")
    assert _entries(out) == 12


def test_other_settings_do_not_reuse_results(tmp_path):
    src, out = _copy_corpus(tmp_path, 4), tmp_path / "out"
    _run(src, out)
    assert _run(src, out, "--no-quantities")["counts"]["cache_hits"] == 0
    assert not (out / "quantities.csv").exists()
    assert _run(src, out, "--no-quantities")["counts"]["cache_hits"] == 4


def test_a_damaged_entry_is_read_again_not_an_error(tmp_path):
    src, out = _copy_corpus(tmp_path, 4), tmp_path / "out"
    _run(src, out)
    before = _tables(out)
    for entry in (out / CACHE_DIR).rglob("*.chunk.pickle"):  # whole chunks: the documents' entries are read
        entry.write_bytes(b"not a cache entry")
    assert _run(src, out)["counts"]["cache_hits"] == 4
    for entry in (out / CACHE_DIR).rglob("*.chunk.pickle"):
        entry.write_bytes(b"not a cache entry")
    for entry in (out / CACHE_DIR).rglob("*.pickle.z"):
        entry.write_bytes(b"not a cache entry")
        break
    assert _run(src, out)["counts"]["cache_hits"] == 3
    assert _tables(out) == before


def test_the_api_cache_keeps_results_in_one_folder(tmp_path):
    src = _copy_corpus(tmp_path, 3)
    options = policytext.make_options(ner=False, themes=False)
    cache = ResultCache.for_run(options, read_from=tmp_path / "cache", write_to=tmp_path / "cache")
    first = policytext.analyze_folder(src, options=options, workers=1, cache=cache)
    again = policytext.analyze_folder(src, options=options, workers=1, cache=cache)
    assert (first.cache_hits, again.cache_hits) == (0, 3)
    assert again.documents == first.documents


def test_chunk_entries_share_the_store_files_and_a_missing_one_is_a_miss(tmp_path):
    src, out = _copy_corpus(tmp_path, 4), tmp_path / "out"
    _run(src, out)
    kept = sorted((out / CACHE_DIR).rglob("*.chunk/*.parquet"))
    stored = {p.stat().st_ino for p in (out / "store").rglob("*.parquet")}
    # stage 1 (texts, sentences, sections, records, CSV rows) and the keyword pass's parts
    assert {p.stem for p in kept} >= {"texts", "sentences", "term_counts", "sentence_terms"}
    assert all(p.stat().st_ino in stored for p in kept)  # hard links: nothing copied
    before = _tables(out)
    for path in (out / CACHE_DIR).rglob("*.chunk/texts.parquet"):
        path.unlink()
    manifest = _run(src, out)
    assert manifest["counts"]["cache_hits"] == 4  # from the documents' own entries
    assert _tables(out) == before
