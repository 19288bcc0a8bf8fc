"""``presslens analyze``: formats, --layers, several inputs, failures and exit status.

In-process through ``main([...])`` (the spaCy model loads once for the file),
plus one real subprocess run of the installed entry point's module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from presslens import SECTIONS, get_analyzer
from presslens.cli import EXIT_FAILURES, EXIT_OK, EXIT_USAGE, _html_name, main
from presslens.registry import analyzer_names
from presslens.schema import validate

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Mayor Ilse Brandt of Varnholm said on Monday that the bridge would reopen.\n"
OTHER = "The Telmsford Harbour Authority approved the plan, officials said.\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "good": tmp_path / "good.txt",
        "other": tmp_path / "other.txt",
        "bad": tmp_path / "bad.txt",
    }
    paths["good"].write_text(GOOD, "utf-8")
    paths["other"].write_text(OTHER, "utf-8")
    paths["bad"].write_bytes(b"broken \xff\xfe bytes")
    return paths


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "pdf"], "invalid choice: 'pdf'"),
        (["--layers", "techniqes"], "unknown layer techniqes"),
        (["--layers", "none,entities"], "cannot be combined"),
        (["--layers", ","], "unknown layer"),
        (["--batch-size", "0"], "positive integer"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                             argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "analyze", files["good"], *argv)
    assert code == EXIT_USAGE
    assert out == ""
    assert message in err


def test_no_command_and_no_input_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, )[0] == EXIT_USAGE
    assert run(capsys, "analyze")[0] == EXIT_USAGE


def test_help_documents_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "--help")
    assert code == EXIT_OK
    assert "exit status:" in out and "usage error" in out and "--layers" in out


def test_layer_no_installed_analyzer_produces_exit_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installation without the genre analyzer (as if its module were not shipped)."""
    from presslens import registry

    get_analyzer("genre")  # registered, so that monkeypatch restores it afterwards
    monkeypatch.delitem(registry.BUILTIN_ANALYZERS, "genre")
    monkeypatch.delitem(registry._analyzers, "genre")
    assert "frames" not in {a for n in analyzer_names() for a in get_analyzer(n).assigns}
    code, out, err = run(capsys, "analyze", files["good"], "--layers", "frames")
    assert (code, out) == (EXIT_USAGE, "")
    assert "no installed analyzer produces 'frames'" in err


def test_all_good_exit_0_jsonl_for_several(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, err = run(capsys, "analyze", files["good"], files["other"], "--layers", "entities")
    assert code == EXIT_OK, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["good", "other"]
    for record in records:
        validate(record)
        assert record["entities"], record["text"]
        assert "entities" not in record["meta"]["missing"]
        assert "techniques" in record["meta"]["missing"]
    names = {e["text"] for e in records[0]["entities"]}
    assert "Ilse Brandt" in names


def test_one_bad_file_exit_1_and_the_good_one_is_written(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, err = run(capsys, "analyze", files["good"], files["bad"], files["other"],
                         "--layers", "entities")
    assert code == EXIT_FAILURES
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["good", "other"]
    assert "failed" in err and "bad.txt" in err and "not valid UTF-8" in err
    assert "good.txt" not in err


def test_replace_errors_reads_the_bad_file(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "analyze", files["bad"], "--layers", "none", "-f", "jsonl",
                       "--replace-errors")
    assert code == EXIT_OK
    assert json.loads(out)["text"] == "broken \ufffd\ufffd bytes"


def test_layers_none_reads_and_emits(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "analyze", files["good"], "--layers", "none", "-f", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    validate(data)
    assert data["text"] == GOOD
    assert data["meta"]["missing"] == list(SECTIONS)
    assert data["model"] == {}


def test_json_for_several_is_one_array(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "analyze", files["good"], files["other"], "--layers", "none",
                       "-f", "json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert [d["id"] for d in data] == ["good", "other"]


def test_text_is_the_default_for_one_article(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "analyze", files["good"], "--layers", "entities")
    assert code == EXIT_OK
    assert "\x1b" not in out  # not a terminal: no colour codes
    assert "Mayor Ilse Brandt of Varnholm" in out
    assert "person: Ilse Brandt" in out
    assert "techniques: missing" in out


def test_output_file(capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                     tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "analyze", files["good"], files["other"], "--layers", "none",
                       "-o", target)
    assert (code, out) == (EXIT_OK, "")
    assert len(target.read_text("utf-8").splitlines()) == 2


def test_unwritable_output_exit_2(capsys: pytest.CaptureFixture[str], files: dict[str, Path],
                                  tmp_path: Path) -> None:
    code, _, err = run(capsys, "analyze", files["good"], "--layers", "none",
                       "-o", tmp_path / "no" / "such" / "dir" / "x.json")
    assert code == EXIT_USAGE
    assert "cannot write to" in err


def test_html_for_several_needs_a_directory(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "analyze", files["good"], files["other"], "--layers", "none",
                         "-f", "html")
    assert (code, out) == (EXIT_USAGE, "")
    assert "-o DIRECTORY" in err
    target = tmp_path / "reports"
    code, out, _ = run(capsys, "analyze", files["good"], files["other"], "--layers", "none",
                       "-f", "html", "-o", target)
    assert code == EXIT_OK
    assert sorted(p.name for p in target.iterdir()) == ["good.html", "other.html"]
    assert GOOD.strip() in (target / "good.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("ids", "names"),
    [
        (["good"], ["good.html"]),
        (["../../evil", "../../evil"], ["evil.html", "evil-2.html"]),
        (["/etc/passwd"], ["etc_passwd.html"]),
        (["..", ".hidden", ""], ["article.html", "hidden.html", "article-2.html"]),
        (["a b<script>"], ["a_b_script.html"]),
        (["x" * 300], ["x" * 100 + ".html"]),
    ],
)
def test_html_report_names_cannot_escape_the_directory(ids: list[str], names: list[str]) -> None:
    taken: set[str] = set()
    assert [_html_name(i, taken) for i in ids] == names


def test_examples_validate(capsys: pytest.CaptureFixture[str]) -> None:
    examples = sorted((ROOT / "examples").glob("*.txt"))
    assert [p.stem for p in examples] == ["opinion_column", "state_media", "wire_report"]
    code, out, _ = run(capsys, "analyze", *examples, "--layers", "entities")
    assert code == EXIT_OK
    for line in out.splitlines():
        data = json.loads(line)
        validate(data)
        assert 250 <= len(data["text"].split()) <= 400


def test_subprocess_exit_codes(files: dict[str, Path]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    base = [sys.executable, "-m", "presslens.cli", "analyze", "--layers", "none"]

    def call(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=120, check=False)

    ok = call(files["good"], files["other"])
    assert ok.returncode == EXIT_OK, ok.stderr
    assert len(ok.stdout.splitlines()) == 2
    mixed = call(files["good"], files["bad"])
    assert mixed.returncode == EXIT_FAILURES
    assert json.loads(mixed.stdout)["id"] == "good"
    assert "bad.txt" in mixed.stderr
    assert call(files["good"], "-f", "yaml").returncode == EXIT_USAGE
