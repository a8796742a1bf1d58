"""Hostile and malformed files end in one clear located error, exit 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINIMAL, daya

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

HOSTILE = [
    (
        "50 MB file",
        b"# " + b"x" * (50 * 1024 * 1024) + b"\n",
        "1:1: error[D001] the file is 52.4 MB; a program file may be at most 1 MB",
    ),
    (
        "binary file",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "1:1: error[D002] this is a binary file",
    ),
    (
        "non-UTF-8 text",
        "title: Pelatihan kader\nsummary: caf\xe9\n".encode("latin-1"),
        "2:13: error[D003] the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding",
    ),
    (
        "billion laughs",
        BOMB,
        "1:4: error[D013] YAML anchors and aliases (&name, *name) are not allowed",
    ),
    (
        "id escaping the output folder",
        MINIMAL.replace("id: tiny", "id: ../../etc"),
        "2:5: error[D024] '../../etc' is not a valid value for id",
    ),
    (
        "a list instead of a mapping",
        "- id: tiny\n- title: x\n",
        "1:1: error[D005] the file holds a list, but a program is a mapping",
    ),
    ("empty file", "", "1:1: error[D004] the file is empty"),
    ("only a comment", "# nothing here\n", "1:1: error[D004] the file is empty"),
    (
        "deep nesting",
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "1:1003: error[D015] the file is nested too deeply to be a program",
    ),
    (
        "two documents",
        MINIMAL + "---\nid: other\n",
        "71:1: error[D016] the file holds more than one YAML document (a second '---')",
    ),
    ("a scalar", "just some words\n", "1:1: error[D005] the file holds a single value"),
]


@pytest.mark.parametrize(("case", "content", "expected"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_file_gives_clear_error(tmp_path: Path, case, content, expected) -> None:
    path = tmp_path / "programs" / "tiny" / "program.yaml"
    path.parent.mkdir(parents=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = daya("check", "programs/tiny/program.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"programs/tiny/program.yaml:{expected}" in result.stdout, result.stdout
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before, (
        "something was written"
    )


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = daya("check", "programs/nope/program.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[D006] file not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = daya("check", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    result = daya("check", cwd=tmp_path)  # no programs/ here
    assert result.returncode == 2
    assert "no programs found" in result.stderr


def test_json_format_has_documented_structure(tmp_path: Path) -> None:
    bad = tmp_path / "programs" / "tiny" / "program.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text(MINIMAL.replace("status: planned", "status: planed"), encoding="utf-8")
    result = daya("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    # The structure documented in the README:
    assert set(document) == {"version", "files", "problems", "summary"}
    assert document["version"] == 1
    assert document["files"] == [
        {"file": "programs/tiny/program.yaml", "program": None, "errors": 1, "warnings": 0}
    ]
    (problem,) = document["problems"]
    assert set(problem) == {"file", "line", "col", "severity", "code", "message"}
    assert (problem["line"], problem["col"], problem["severity"], problem["code"]) == (
        5,
        9,
        "error",
        "D023",
    )
    assert document["summary"] == {"files": 1, "errors": 1, "warnings": 0}


def test_github_format_points_at_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "programs" / "tiny" / "program.yaml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        MINIMAL.replace("end: 2026-05-31, responsible: pm}", "end: 2027-05-31, responsible: pm}")
    )
    result = daya("check", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=programs/tiny/program.yaml,line=54,col=70,title=D104::activity A1.1.1 ends "
        "after the program (2027-05-31 > 2026-12-31); move it into the program period or change "
        "period.end"
    ]
    source_line = bad.read_text().splitlines()[53]
    assert source_line[69:].startswith("2027-05-31")


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "programs" / "tiny" / "program.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(MINIMAL.replace('    coherence: ["Apakah selaras?"]\n', ""))
    assert daya("check", cwd=tmp_path).returncode == 0
    strict = daya("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "warning[D308]" in strict.stdout
