"""The committed JSON Schema is current and valid for every program; random input never crashes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli.main import SCHEMA_PATH, program_schema_text
from generator.core.load import validate_program
from generator.core.yaml_reader import parse_yaml
from generator.errors import DayaError, Problem
from generator.project import check_file, discover_programs, known_method_ids
from tests.conftest import EXAMPLE, REPO

PROGRAMS = discover_programs(REPO / "programs")
MODELINE = "# yaml-language-server: $schema=../../generator/schema/program.schema.json"


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == program_schema_text(), (
        "generator/schema/program.schema.json is stale: run `daya schema` and commit it"
    )


def test_there_are_three_programs_or_more() -> None:
    assert len(PROGRAMS) >= 3
    assert EXAMPLE in PROGRAMS


def test_shipped_programs_have_no_errors_and_the_modeline() -> None:
    methods = known_method_ids(REPO)
    for path in PROGRAMS:
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE, path
        checked = check_file(path, methods)
        assert checked.errors == [], "\n".join(map(str, checked.errors))


def test_example_is_the_spec_unchanged() -> None:
    """The example program folder is the monitoring contract's example, file for file."""
    spec = REPO.parent / "shared" / "spec" / "example-monitoring"
    if not spec.exists():
        pytest.skip("the specification (../shared) is not beside this checkout")
    assert EXAMPLE.read_bytes() == (spec / "program.yaml").read_bytes()
    ours = EXAMPLE.parent / "monitoring"
    theirs = spec / "monitoring"
    spec_files = sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file())
    assert spec_files, "the contract's example has no monitoring files"
    for name in spec_files:
        assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name


def test_independent_validator_accepts_every_program() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(SCHEMA_PATH),
            *map(str, PROGRAMS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_independent_validator_rejects_a_typo(tmp_path: Path) -> None:
    bad = tmp_path / "program.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:"))
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA_PATH), str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1


# --- Property-based: nothing but a located DayaError ever comes out -------------------------

METHODS = known_method_ids(REPO)
EXAMPLE_DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def load_and_check_text(text: str) -> list[Problem]:
    from generator.core.checks import check_program

    try:
        data, positions, keys = parse_yaml(text, "p.yaml")
        loaded = validate_program(data, "p.yaml", positions, keys)
    except DayaError as exc:
        assert exc.problems, "a DayaError from loading must carry located problems"
        return exc.problems
    return check_program(loaded, METHODS)


def assert_located(problems: list[Problem], text: str) -> None:
    # YAML breaks lines at \r\n, \r and \n (and NEL, LS, PS); a problem may sit one line past
    # the last, where the input ends.
    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text)) + 1
    for p in problems:
        assert p.file == "p.yaml"
        assert 1 <= p.line <= lines, p
        assert p.col >= 1
        assert p.code.startswith("D") and p.message


yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(str),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_gives_only_located_problems(text: str) -> None:
    assert_located(load_and_check_text(text), text)


@settings(max_examples=150, deadline=None)
@given(yaml_values)
def test_random_yaml_documents_give_only_located_problems(value) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    assert_located(load_and_check_text(text), text)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*prefix, i))


ALL_PATHS = [p for p in _paths(EXAMPLE_DATA) if p]


def _mutate(data, path, action, replacement):
    import copy

    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "swap-type":
        parent[last] = replacement
    elif action == "shuffle-ids" and isinstance(parent, list) and len(parent) > 1:
        ids = [item.get("id") for item in parent if isinstance(item, dict)]
        for item, new_id in zip(parent, reversed(ids), strict=False):
            if isinstance(item, dict) and new_id is not None:
                item["id"] = new_id
                break
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ALL_PATHS),
            st.sampled_from(["delete", "swap-type", "shuffle-ids"]),
            yaml_scalars | st.lists(yaml_scalars, max_size=2),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_example_gives_only_located_problems(mutations) -> None:
    data = EXAMPLE_DATA
    for path, action, replacement in mutations:
        try:
            data = _mutate(data, path, action, replacement)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert_located(load_and_check_text(text), text)
