"""The CLI through its real entry point: in-process (CliRunner) and one real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEEDS = [str(p) for p in sorted((ROOT / "examples" / "raqqa").glob("*.txt"))]


def test_brief_prints_a_cited_markdown_brief_of_the_seeds() -> None:
    result = runner.invoke(app, ["brief", *SEEDS])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ")
    assert "## Summary" in result.stdout and "[1]" in result.stdout and "[2]" in result.stdout
    assert "Raqqa" in result.stdout and "SDF" in result.stdout and "Townsend" in result.stdout


def test_brief_writes_json_and_html_files(tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    result = runner.invoke(app, ["brief", *SEEDS, "--format", "json", "-o", str(out), "-w", "120"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert {"title", "summary", "entities", "places", "events", "claims", "sources"} <= set(data)
    assert sum(len(s["text"].split()) for s in data["summary"]) <= 120
    page = tmp_path / "brief.html"
    assert runner.invoke(app, ["brief", *SEEDS, "-f", "html", "-o", str(page)]).exit_code == 0
    assert page.read_text().startswith("<!doctype html>")


def test_unknown_output_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["brief", *SEEDS, "--format", "pdf"])
    assert result.exit_code == 2
    assert "unknown --format 'pdf'" in result.stderr


def test_a_missing_file_is_reported_and_the_rest_is_briefed(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["brief", SEEDS[0], str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert "# " in result.stdout


def test_nothing_readable_exits_2_with_the_cause(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["brief", str(empty), str(binary)])
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr and "photo.txt" in result.stderr


def test_ingest_twice_is_a_no_op_and_brief_reads_the_store(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    first = runner.invoke(app, ["ingest", *SEEDS, "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "2 added" in first.stderr
    again = runner.invoke(app, ["ingest", *SEEDS, "--db", str(db)])
    assert again.exit_code == 0
    assert "0 added, 2 already stored" in again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    stored = runner.invoke(app, ["brief", "--db", str(db)])
    assert stored.exit_code == 0, stored.output
    assert "Townsend" in stored.stdout


def test_ingest_counts_bad_items_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"text": "Police said two people were hurt in a crash in Leeds on Monday."})
        + "\n{not json\n"
    )
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "bad.jsonl" in result.stderr and "1 failed" in result.stderr
    assert "1 added" in result.stderr


def test_brief_of_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "newsfuse ingest" in result.stderr


def test_events_writes_acled_csv() -> None:
    result = runner.invoke(app, ["events", *SEEDS, "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    for column in ("event_date", "event_type", "sub_event_type", "actor1", "fatalities"):
        assert column in header


@pytest.mark.slow
def test_the_installed_command_runs_in_a_real_process() -> None:
    exe = Path(sys.executable).parent / "newsfuse"
    proc = subprocess.run(
        [str(exe), "brief", *SEEDS],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Raqqa" in proc.stdout and "[2]" in proc.stdout
