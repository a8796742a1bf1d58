"""A reproducible synthetic catalogue: N programs derived from the shipped ones, in a repo copy.

    python bench/make_catalogue.py N OUT [--seed S]

OUT becomes a throwaway copy of the repository's site sources (mkdocs.yml, docs/, ...) whose
programs/ holds the three shipped programs plus N synthetic ones. Each synthetic program is a
shipped program transformed so that it still checks with zero errors: results restructured
(1–4 outcomes, 1–3 outputs each, 1–4 activities each) with ids renumbered and every reference
rewritten, budget lines drawn per activity and rescaled with each funder's amount set to the sum
of its lines, risks watching every assumption, dates shifted together, some texts bilingual.
Program i depends only on (seed, i), so the catalogue of 100 is the first 100 of the 1,000.
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_monitoring import declare_dimensions, monitoring_files  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PROGRAMS = REPO / "programs"
MODELINE = "# yaml-language-server: $schema=../../generator/schema/program.schema.json\n"
SITE_FILES = ("mkdocs.yml", "Makefile", "pyproject.toml", "package.json", "README.md")
SITE_GLOBS = ("CONTRIBUTING*.md", "SECURITY*.md")
DEFAULT_SEED = 2026

SHORT_NAMES = {
    "air-bersih-sukamaju": "air-bersih",
    "ketahanan-pangan-sumba": "pangan-sumba",
    "women-savings-lombok": "savings-lombok",
}
VILLAGES = (
    "Desa Mekarsari",
    "Desa Sukamaju",
    "Desa Tanjungsari",
    "Desa Karangrejo",
    "Desa Sidomulyo",
    "Desa Wae Rebo",
    "Desa Lamalera",
    "Desa Pringgabaya",
    "Desa Kawangu",
    "Desa Mbatakapidu",
    "Desa Cibodas",
    "Desa Banyuurip",
    "Desa Labuan Bajo",
    "Desa Tiwu",
    "Desa Rantau Panjang",
)
STATUSES = ("planned", "active", "completed", "suspended")
DATE_KEYS = {"start", "end", "date"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- Small value transforms --------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's end (order-preserving)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift_dates(value: Any, months: int, key: str = "") -> Any:
    """Every date in the tree moved by `months`: relations between dates stay true."""
    if isinstance(value, dict):
        return {k: shift_dates(v, months, k) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_dates(v, months, key) for v in value]
    if isinstance(value, dt.date):
        return add_months(value, months)
    if key in DATE_KEYS and isinstance(value, str) and ISO_DATE.match(value):
        return add_months(dt.date.fromisoformat(value), months).isoformat()
    return value


def other_language(lang: str) -> str:
    return "en" if lang == "id" else "id"


def bilingual(text: Any, lang: str) -> Any:
    """A plain text given in both languages (the other one marked, as a translator would draft)."""
    if not isinstance(text, str):
        return text
    other = other_language(lang)
    return {lang: text, other: f"{text} [{other}]"}


def suffixed(text: Any, suffix: str) -> Any:
    if isinstance(text, dict):
        return {k: f"{v} {suffix}" if v else v for k, v in text.items()}
    return f"{text} {suffix}"


def cycle_pick(rng: random.Random, items: list[Any], count: int) -> list[Any]:
    """`count` items: a shuffled pass over `items`, repeated as often as needed."""
    picked: list[Any] = []
    while len(picked) < count:
        batch = items[:]
        rng.shuffle(batch)
        picked += batch
    return [copy.deepcopy(item) for item in picked[:count]]


# --- One synthetic program ---------------------------------------------------------------------


def restructure_results(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    """1–4 outcomes × 1–3 outputs × 1–4 activities from the base's own results, renumbered.

    Returns the new results and where each new activity came from (to draw its budget lines).
    """
    outcomes_in = base["results"]["outcomes"]
    outcomes = []
    origins: dict[str, str] = {}
    for n, outcome in enumerate(cycle_pick(rng, outcomes_in, rng.randint(1, 4)), start=1):
        oc_id = f"OC{n}"
        indicators = (
            cycle_pick(rng, outcome.get("indicators") or [], rng.randint(1, 3))
            if outcome.get("indicators")
            else []
        )
        for j, indicator in enumerate(indicators, start=1):
            indicator["id"] = f"{oc_id}.{j}"
        pool_outputs = outcome.get("outputs") or [o for oc in outcomes_in for o in oc["outputs"]]
        outputs = []
        for m, output in enumerate(cycle_pick(rng, pool_outputs, rng.randint(1, 3)), start=1):
            op_id = f"OP{n}.{m}"
            op_indicators = output.get("indicators") or []
            if op_indicators:
                op_indicators = cycle_pick(rng, op_indicators, rng.randint(1, 2))
            for j, indicator in enumerate(op_indicators, start=1):
                indicator["id"] = f"{op_id}.{j}"
            pool_activities = output.get("activities") or [
                a for oc in outcomes_in for o in oc["outputs"] for a in o.get("activities", [])
            ]
            activities = []
            for k, activity in enumerate(
                cycle_pick(rng, pool_activities, rng.randint(1, 4)), start=1
            ):
                new_id = f"A{n}.{m}.{k}"
                origins[new_id] = activity["id"]
                activity["id"] = new_id
                activities.append(activity)
            output.update(id=op_id, indicators=op_indicators, activities=activities)
            outputs.append(output)
        outcome.update(id=oc_id, indicators=indicators, outputs=outputs)
        outcomes.append(outcome)
    results = copy.deepcopy(base["results"])
    results["outcomes"] = outcomes
    return {"results": results, "origins": origins}


def draw_budget(
    rng: random.Random, base: dict[str, Any], results: dict[str, Any], origins: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Budget lines for every non-milestone activity plus shared costs; funding sums to them."""
    base_lines = base["budget"]["lines"]
    by_activity: dict[str, list[dict[str, Any]]] = {}
    for line in base_lines:
        if line.get("activity"):
            by_activity.setdefault(line["activity"], []).append(line)
    activity_lines = [line for line in base_lines if line.get("activity")]
    shared = [line for line in base_lines if not line.get("activity")]
    scale = rng.uniform(0.6, 1.8)

    lines: list[dict[str, Any]] = []
    for outcome in results["outcomes"]:
        for output in outcome["outputs"]:
            for activity in output["activities"]:
                if activity.get("milestone"):
                    continue
                pool = by_activity.get(origins[activity["id"]]) or activity_lines
                for line in cycle_pick(rng, pool, rng.randint(1, 2)):
                    line["activity"] = activity["id"]
                    lines.append(line)
    lines += cycle_pick(rng, shared, rng.randint(1, len(shared))) if shared else []
    funders = [source["id"] for source in base["funding"]]
    while len(lines) < len(funders):  # a small program with many funders: add shared costs
        lines += cycle_pick(rng, shared, 1) if shared else [copy.deepcopy(lines[0])]
    # Every funder pays at least one line, so every amount stays above zero.
    unpaid = [f for f in funders if not any(line["funder"] == f for line in lines)]
    for funder in unpaid:
        counts = {f: sum(1 for line in lines if line["funder"] == f) for f in funders}
        donor = max(counts, key=lambda f: counts[f])
        next(line for line in lines if line["funder"] == donor)["funder"] = funder
    for i, line in enumerate(lines, start=1):
        line["id"] = f"B{i}"
        line["unit_cost"] = max(
            1000, int(round(line["unit_cost"] * scale * rng.uniform(0.8, 1.25), -3))
        )
    funding = copy.deepcopy(base["funding"])
    for source in funding:
        source["amount"] = sum(
            round(line["quantity"] * line["unit_cost"])
            for line in lines
            if line["funder"] == source["id"]
        )
    return lines, funding


def draw_risks(
    rng: random.Random, base: dict[str, Any], results: dict[str, Any]
) -> list[dict[str, Any]]:
    """One risk per result with assumptions (so none goes unwatched), plus 0–2 free ones."""
    watched = [
        result["id"]
        for outcome in results["outcomes"]
        for result in [outcome, *outcome["outputs"]]
        if result.get("assumptions")
    ]
    risks = cycle_pick(rng, base["risks"], len(watched) + rng.randint(0, 2))
    for i, risk in enumerate(risks):
        risk["id"] = f"R{i + 1}"
        if i < len(watched):
            risk["assumption"] = watched[i]
        else:
            risk.pop("assumption", None)
        risk["likelihood"] = rng.randint(1, 5)
        risk["impact"] = rng.randint(1, 5)
    return risks


def draw_stakeholders(rng: random.Random, base: dict[str, Any]) -> list[dict[str, Any]]:
    """The stakeholders reports go to, plus a varied number of the others (some twice)."""
    audiences = {report["audience"] for report in base.get("reporting", [])}
    kept = [s for s in base["stakeholders"] if s["id"] in audiences]
    others = [s for s in base["stakeholders"] if s["id"] not in audiences]
    extra = cycle_pick(rng, others or base["stakeholders"], rng.randint(0, len(others) + 3))
    seen = {s["id"] for s in kept}
    out = copy.deepcopy(kept)
    for stakeholder in extra:
        ident, n = stakeholder["id"], 2
        while ident in seen:
            ident, n = f"{stakeholder['id']}-{n}", n + 1
        seen.add(ident)
        stakeholder["id"] = ident
        out.append(stakeholder)
    rng.shuffle(out)
    return out


def unique_form_fields(program: dict[str, Any]) -> None:
    """An indicator drawn twice would ask its form question twice: number the fields, and
    drop the forms no indicator collects any more."""
    results = program["results"]
    indicators = list(results["goal"].get("indicators", []))
    for outcome in results["outcomes"]:
        indicators += outcome.get("indicators", [])
        for output in outcome.get("outputs", []):
            indicators += output.get("indicators", [])
    used = set()
    for n, indicator in enumerate(i for i in indicators if "collect" in i):
        indicator["collect"]["field"] = f"{indicator['collect']['field'][:26]}_{n + 1}"
        used.add(indicator["collect"]["form"])
    forms = [f for f in program.get("forms", []) if f["id"] in used]
    if forms:
        program["forms"] = forms
    else:
        program.pop("forms", None)


def make_program(base: dict[str, Any], index: int, seed: int) -> dict[str, Any]:
    """Synthetic program `index`, derived from `base`; depends only on (base, index, seed)."""
    rng = random.Random(f"daya-bench:{seed}:{index}")
    program = copy.deepcopy(base)
    lang = base["language"]
    program["id"] = f"{SHORT_NAMES.get(base['id'], base['id'][:40])}-{index:04d}"
    if rng.random() < 0.15:
        lang = other_language(lang)
        program["language"] = lang
    program["status"] = rng.choice(STATUSES)
    village = rng.choice(VILLAGES)
    program["location"]["village"] = village
    coordinates = program["location"].get("coordinates")
    if coordinates:
        coordinates["lat"] = round(coordinates["lat"] + rng.uniform(-0.5, 0.5), 4)
        coordinates["lon"] = round(coordinates["lon"] + rng.uniform(-0.5, 0.5), 4)
    program["title"] = suffixed(program["title"], f"— {village} #{index:04d}")
    program["sectors"] = rng.sample(base["sectors"], rng.randint(1, len(base["sectors"])))

    drawn = restructure_results(rng, base)
    program["results"] = drawn["results"]
    unique_form_fields(program)
    lines, funding = draw_budget(rng, base, program["results"], drawn["origins"])
    program["budget"] = {**base["budget"], "lines": lines}
    program["funding"] = funding
    program["risks"] = draw_risks(rng, base, program["results"])
    program["stakeholders"] = draw_stakeholders(rng, base)

    if rng.random() < 0.4:  # some programs carry their key texts in both languages
        program["title"] = bilingual(program["title"], lang)
        program["summary"] = bilingual(program.get("summary"), lang)
        for outcome in program["results"]["outcomes"]:
            outcome["statement"] = bilingual(outcome["statement"], lang)
            for output in outcome["outputs"]:
                output["statement"] = bilingual(output["statement"], lang)
                for activity in output["activities"]:
                    activity["title"] = bilingual(activity["title"], lang)
    if program.get("summary") is None:
        program.pop("summary", None)
    return shift_dates(program, rng.randint(-6, 30))


# --- The repository copy -----------------------------------------------------------------------


def load_bases() -> list[dict[str, Any]]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(PROGRAMS.glob("*/program.yaml"))
    ]


SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it: ten times faster than the Python one."""


def program_yaml(program: dict[str, Any]) -> str:
    text = yaml.dump(program, Dumper=SafeDumper, sort_keys=False, allow_unicode=True, width=100)
    return MODELINE + text


def copy_site_sources(out: Path) -> None:
    """What `mkdocs build` needs besides the programs (the plugin itself is the installed one).

    generator/ is a link to this repository's, not a copy: the build runs the installed Daya.
    """
    out.mkdir(parents=True, exist_ok=True)
    for folder in ["docs", "overrides"]:  # overrides: the theme's custom_dir
        shutil.copytree(REPO / folder, out / folder, dirs_exist_ok=True)
    for name in SITE_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, out / name)
    for pattern in SITE_GLOBS:
        for path in REPO.glob(pattern):
            shutil.copy2(path, out / path.name)
    # mkdocs.yml watches generator/core/templates, and the program files' modeline points into it.
    link = out / "generator"
    if not link.exists():
        link.symlink_to(REPO / "generator", target_is_directory=True)


def make_catalogue(
    count: int, out: Path, seed: int = DEFAULT_SEED, monitoring: bool = True
) -> list[Path]:
    """Write the repository copy with the shipped programs and `count` synthetic ones, each
    with a year of quarterly monitoring data unless `monitoring` is False."""
    copy_site_sources(out)
    programs_dir = out / "programs"
    if programs_dir.exists():
        shutil.rmtree(programs_dir)
    written = []
    for path in sorted(PROGRAMS.glob("*/program.yaml")):
        target = programs_dir / path.parent.name / "program.yaml"
        shutil.copytree(path.parent, target.parent)  # with its monitoring files
        written.append(target)
    bases = load_bases()
    for index in range(1, count + 1):
        base = bases[random.Random(f"daya-bench-base:{seed}:{index}").randrange(len(bases))]
        program = make_program(base, index, seed)
        if monitoring:
            declare_dimensions(program)
        target = programs_dir / program["id"] / "program.yaml"
        target.parent.mkdir(parents=True)
        target.write_text(program_yaml(program), encoding="utf-8")
        if monitoring:
            (target.parent / "monitoring").mkdir()
            for name, text in monitoring_files(program).items():
                (target.parent / "monitoring" / name).write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "count", type=int, help="number of synthetic programs (the 3 shipped ones come too)"
    )
    parser.add_argument("out", type=Path, help="folder for the repository copy")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--no-monitoring", action="store_true", help="write the plans only, no monitoring/"
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must be 0 or more")
    written = make_catalogue(args.count, args.out, args.seed, not args.no_monitoring)
    print(
        f"{len(written)} programs ({args.count} synthetic + 3 shipped) in {args.out / 'programs'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
