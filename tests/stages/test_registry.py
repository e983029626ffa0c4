"""The registry: a new extractor is one module (tests/stages/deadlines.py) and one registry
line, and the pipeline, the CLI flags, the option checks, the tables, the report, the summary
and the manifest follow from it."""

from __future__ import annotations

import csv
import dataclasses
import json

import click
import deadlines
import pytest
from click.testing import CliRunner

import policytext
from conftest import EMBEDDED_CORPUS
from policytext.cli import stage_flags, stage_settings_from_flags
from policytext.outputs.writer import OutputOptions, output_names, write_outputs
from policytext.stage import NoOptions
from policytext.stages import REGISTRY, check_registry

REGISTRY_WITH_DEADLINES = (*REGISTRY, deadlines.STAGE)  # the one registry line


def _rows(path):
    return list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))


def test_a_new_stage_runs_in_every_worker_and_writes_its_table_report_and_counts(tmp_path):
    options = policytext.make_options(registry=REGISTRY_WITH_DEADLINES, ner=False, themes=False, max_days="400")
    result = policytext.analyze_folder(EMBEDDED_CORPUS, options=options, workers=2)  # 34 files: helpers run it too
    found = {(d.doc_id, x.text, x.days) for d in result.processed for x in d.records["deadlines"]}
    assert ("sc_guoling_706", "20日内", 20) in found  # 应当自受理申请之日起20日内作出是否颁发…
    assert ("sc_guofa_2018_39", "30日内", 30) in found
    assert not any("日内瓦" in d.text[x.start : x.end + 1] for d in result.processed for x in d.records["deadlines"])
    out = tmp_path / "out"
    write_outputs(result, out, OutputOptions(wordclouds="none"))
    rows = _rows(out / "deadlines.csv")
    assert len(rows) == len(found) and {"doc_id", "sentence_id", "days", "working_days"} <= set(rows[0])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["deadlines"] == len(rows) and manifest["settings"]["max_days"] == "400"
    assert f"<h2>Deadlines</h2><p>{len(rows)} deadlines" in (out / "report.html").read_text(encoding="utf-8")
    assert "deadlines.csv" in output_names(REGISTRY_WITH_DEADLINES) and "deadlines.csv" not in output_names(REGISTRY)
    assert deadlines.STAGE.summary(result) == f"deadlines: {len(rows)}"


def test_a_stage_switched_off_writes_no_table(tmp_path):
    options = policytext.make_options(registry=REGISTRY_WITH_DEADLINES, ner=False, themes=False, deadlines=False)
    result = policytext.analyze_folder(EMBEDDED_CORPUS / "sc_guoling_706.txt", options=options, workers=1)
    assert "deadlines" not in result.processed[0].records
    write_outputs(result, tmp_path / "out", OutputOptions(wordclouds="none"))
    assert not (tmp_path / "out" / "deadlines.csv").exists() and (tmp_path / "out" / "quantities.csv").exists()


def test_the_stage_options_are_checked_up_front():
    with pytest.raises(ValueError, match="--max-days must be a whole number"):
        policytext.make_options(registry=REGISTRY_WITH_DEADLINES, max_days="a year")
    with pytest.raises(ValueError, match="--max-days given, but deadlines are switched off"):
        policytext.make_options(registry=REGISTRY_WITH_DEADLINES, deadlines=False, max_days="30")
    with pytest.raises(ValueError, match="--theme-model must be one of nmf, lda, not 'kmeans'"):
        policytext.make_options(theme_model="kmeans")
    with pytest.raises(TypeError, match="unexpected keyword.*max_day;.*max_days"):
        policytext.make_options(registry=REGISTRY_WITH_DEADLINES, max_day="30")  # a typo is not swallowed


def test_the_cli_flags_come_from_the_registry():
    @click.command()
    @stage_flags(REGISTRY_WITH_DEADLINES)
    def probe(**values):
        click.echo(json.dumps(stage_settings_from_flags(REGISTRY_WITH_DEADLINES, values), sort_keys=True))

    assert "--no-deadlines" in CliRunner().invoke(probe, ["--help"]).output
    out = CliRunner().invoke(probe, ["--no-ner", "--max-days", "90"])
    # only the switches given: a stage left unset follows the stages it needs (make_options)
    assert json.loads(out.output) == {"max_days": "90", "ner": False}
    refused = CliRunner().invoke(probe, ["--no-deadlines", "--max-days", "90"])
    assert refused.exit_code == 2 and "--max-days needs deadlines; drop --no-deadlines" in refused.output


def test_two_stages_may_not_share_a_name():
    with pytest.raises(ValueError, match="keyword name 'deadlines' is used by both deadlines and deadlines"):
        check_registry((*REGISTRY_WITH_DEADLINES, deadlines.STAGE))
    copy = dataclasses.replace(deadlines.STAGE, name="time_limits", records="time_limits", options=NoOptions)
    with pytest.raises(ValueError, match="table name 'deadlines' is used by both deadlines and time_limits"):
        check_registry((*REGISTRY_WITH_DEADLINES, copy))


def test_every_registered_stage_declares_its_tables_and_its_switch():
    tables = {s.name: [t.name for t in s.tables] for s in REGISTRY}
    assert tables == {
        "ner": ["entities", "entity_counts"],
        "quantities": ["quantities", "claims_by_subject"],
        "targets": ["indicators", "targets_outcomes"],
        "references": ["references", "formulas", "citations"],
        "themes": ["themes", "document_themes", "trends", "cooccurrence"],
    }
    check_registry(REGISTRY)
