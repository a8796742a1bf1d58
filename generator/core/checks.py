"""Logic checks beyond the schema: references, dates, budget balance, M&E completeness.

Every rule has a stable code. D1xx are errors (the program cannot be generated), D3xx are
warnings (fail only under --strict, and a program may list them in `checks: {ignore: [...]}`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from babel.numbers import get_currency_name

from generator.core.explain import YamlPath
from generator.core.load import LoadedProgram
from generator.core.model import (
    DAC_CRITERIA,
    MAX_MONEY,
    MAX_PERIOD_YEARS,
    Activity,
    Indicator,
    Outcome,
    Output,
    Program,
    TranslatedText,
)
from generator.errors import Problem

RULES: dict[str, str] = {
    "D101": "duplicate id",
    "D102": "unresolved reference",
    "D103": "end before start",
    "D104": "activity outside the program period",
    "D105": "target date outside the program period",
    "D106": "budget line for an unknown funder",
    "D107": "unknown method id",
    "D109": "unknown currency",
    "D110": "program id differs from its folder",
    "D111": "two programs with the same id",
    "D112": "unknown warning code in checks.ignore",
    "D113": "text value on a numeric indicator",
    "D114": "percentage outside 0 to 100",
    "D115": "baseline after the program, or target before its baseline",
    "D116": "amount beyond what the documents can show",
    "D117": "program period longer than the limit",
    "D301": "result with no indicator",
    "D302": "indicator missing M&E fields",
    "D303": "target moves against the indicator's direction",
    "D304": "assumption that no risk watches",
    "D305": "activity with no budget line",
    "D306": "budget total differs from funding",
    "D307": "high-influence stakeholder with no engagement",
    "D308": "OECD-DAC criterion with no evaluation question",
}


def check_program(loaded: LoadedProgram, known_methods: set[str] | None) -> list[Problem]:
    """All logic problems of one program, sorted by line, minus the warnings it ignores."""
    checks = [
        check_duplicate_ids,
        check_references,
        check_dates,
        check_indicator_values,
        check_amount_limits,
        check_ignored_codes,
        check_budget_balances,
        check_indicators,
        check_assumptions_watched,
        check_stakeholder_engagement,
        check_evaluation_questions,
    ]
    problems = [p for check in checks for p in check(loaded)]
    if known_methods is not None:
        problems += check_method_ids(loaded, known_methods)
    ignored = set(loaded.program.checks.ignore)
    return sorted(p for p in problems if not (p.severity == "warning" and p.code in ignored))


# --- Paths to every item, so each problem can point at its line ----------------------------


Result = Outcome | Output | Activity


def result_paths(program: Program) -> Iterator[tuple[YamlPath, Result]]:
    """(path, result) for the outcomes, outputs and activities."""
    for i, outcome in enumerate(program.results.outcomes):
        yield ("results", "outcomes", i), outcome
        for j, output in enumerate(outcome.outputs):
            yield ("results", "outcomes", i, "outputs", j), output
            for k, activity in enumerate(output.activities):
                yield ("results", "outcomes", i, "outputs", j, "activities", k), activity


def activity_paths(program: Program) -> Iterator[tuple[YamlPath, Activity]]:
    return ((p, a) for p, a in result_paths(program) if isinstance(a, Activity))


def indicator_paths(program: Program) -> Iterator[tuple[YamlPath, Indicator]]:
    for k, indicator in enumerate(program.results.goal.indicators):
        yield ("results", "goal", "indicators", k), indicator
    for path, result in result_paths(program):
        if not isinstance(result, Activity):
            for k, indicator in enumerate(result.indicators):
                yield (*path, "indicators", k), indicator


# --- Errors ----------------------------------------------------------------------------------


def check_duplicate_ids(loaded: LoadedProgram) -> Iterator[Problem]:
    p = loaded.program
    kinds: list[tuple[str, Iterable[tuple[YamlPath, str]]]] = [
        ("target group", ((("target_groups", i), g.id) for i, g in enumerate(p.target_groups))),
        ("team role", ((("team", i), m.id) for i, m in enumerate(p.team))),
        ("stakeholder", ((("stakeholders", i), s.id) for i, s in enumerate(p.stakeholders))),
        ("result or activity", ((path, r.id) for path, r in result_paths(p))),
        ("indicator", ((path, ind.id) for path, ind in indicator_paths(p))),
        ("funding source", ((("funding", i), f.id) for i, f in enumerate(p.funding))),
        (
            "budget line",
            (
                (("budget", "lines", i), b.id)
                for i, b in enumerate(p.budget.lines if p.budget else [])
            ),
        ),
        ("risk", ((("risks", i), r.id) for i, r in enumerate(p.risks))),
    ]
    for kind, items in kinds:
        first: dict[str, YamlPath] = {}
        for path, ident in items:
            if ident in first:
                line = loaded.where(*first[ident], "id").line
                yield loaded.problem(
                    "error",
                    "D101",
                    f"duplicate {kind} id '{ident}' (also used on line {line}); "
                    "give each a unique id",
                    *path,
                    "id",
                )
            else:
                first[ident] = path


def _unresolved(
    loaded: LoadedProgram, ref: str, what: str, known: Iterable[str], path: YamlPath
) -> Problem:
    known = sorted(set(known))
    listing = ", ".join(known) if known else f"none defined yet; add {what}s first"
    return loaded.problem(
        "error",
        "D102",
        f"'{ref}' is not a known {what} id; use one of: {listing}",
        *path,
    )


def check_references(loaded: LoadedProgram) -> Iterator[Problem]:
    """Every id a program cites (team roles, activities, results, funders, audiences) exists."""
    yield from check_team_references(loaded)
    yield from check_budget_references(loaded)
    p = loaded.program
    watchable = {r.id for _, r in result_paths(p) if not isinstance(r, Activity)}
    for i, risk in enumerate(p.risks):
        if risk.assumption and risk.assumption not in watchable:
            yield _unresolved(
                loaded, risk.assumption, "outcome or output", watchable, ("risks", i, "assumption")
            )
    audiences = {s.id for s in p.stakeholders} | {f.id for f in p.funding}
    for i, report in enumerate(p.reporting):
        if report.audience not in audiences:
            where = ("reporting", i, "audience")
            yield _unresolved(loaded, report.audience, "stakeholder or funder", audiences, where)


def check_team_references(loaded: LoadedProgram) -> Iterator[Problem]:
    """Who is responsible for activities and indicators, and who owns risks, is a team role."""
    p = loaded.program
    team = {m.id for m in p.team}
    cited: list[tuple[str | None, YamlPath]] = [
        (a.responsible, (*path, "responsible")) for path, a in activity_paths(p)
    ]
    cited += [(i.responsible, (*path, "responsible")) for path, i in indicator_paths(p)]
    cited += [(r.owner, ("risks", n, "owner")) for n, r in enumerate(p.risks)]
    for ref, path in cited:
        if ref and ref not in team:
            yield _unresolved(loaded, ref, "team role", team, path)


def check_budget_references(loaded: LoadedProgram) -> Iterator[Problem]:
    """Budget lines pay for known activities from known funders, in a known currency."""
    p = loaded.program
    if p.budget is None:
        return
    funders = {f.id for f in p.funding}
    activities = {a.id for _, a in activity_paths(p)}
    for i, line in enumerate(p.budget.lines):
        if line.activity and line.activity not in activities:
            where = ("budget", "lines", i, "activity")
            yield _unresolved(loaded, line.activity, "activity", activities, where)
        if line.funder not in funders:
            listing = ", ".join(sorted(funders)) or "none yet"
            yield loaded.problem(
                "error",
                "D106",
                f"budget line {line.id} is paid by '{line.funder}', which is not in funding; "
                f"add it to funding or use one of: {listing}",
                *("budget", "lines", i, "funder"),
            )
    if not known_currency(p.budget.currency):
        yield loaded.problem(
            "error",
            "D109",
            f"'{p.budget.currency}' is not a known ISO 4217 currency code; use e.g. IDR or USD",
            *("budget", "currency"),
        )


def known_currency(code: str) -> bool:
    try:
        return get_currency_name(code, locale="en") != code
    except Exception:  # noqa: BLE001 - Babel raises several kinds for unknown codes
        return False


def check_dates(loaded: LoadedProgram) -> Iterator[Problem]:
    """The period runs forward and not too long; activities and targets lie inside it."""
    p = loaded.program
    start, end = p.period.start, p.period.end
    if end < start:
        yield loaded.problem(
            "error",
            "D103",
            f"the program ends before it starts ({end} < {start}); swap or correct the dates",
            *("period", "end"),
        )
        return  # nothing lies inside a period that runs backwards
    years = end.year - start.year + ((end.month, end.day) >= (start.month, start.day))
    if years > MAX_PERIOD_YEARS:
        yield loaded.problem(
            "error",
            "D117",
            f"the program runs {years} years ({start} to {end}); a program may last at most "
            f"{MAX_PERIOD_YEARS} years: split it into phases or correct period.end",
            *("period", "end"),
        )
    yield from check_activity_dates(loaded)
    for path, indicator in indicator_paths(p):
        for k, target in enumerate(indicator.targets):
            if not start <= target.date <= end:
                yield loaded.problem(
                    "error",
                    "D105",
                    f"target of {indicator.id} is dated {target.date}, outside the program "
                    f"period ({start} to {end}); move the target date into the period",
                    *(*path, "targets", k, "date"),
                )


def check_activity_dates(loaded: LoadedProgram) -> Iterator[Problem]:
    start, end = loaded.program.period.start, loaded.program.period.end
    for path, activity in activity_paths(loaded.program):
        a_start, a_end, ident = activity.start, activity.end, activity.id
        if a_end < a_start:
            yield loaded.problem(
                "error",
                "D103",
                f"activity {ident} ends before it starts ({a_end} < {a_start}); correct its dates",
                *(*path, "end"),
            )
            continue
        if a_start < start:
            yield loaded.problem(
                "error",
                "D104",
                f"activity {ident} starts before the program ({a_start} < {start}); "
                "move it into the program period or change period.start",
                *(*path, "start"),
            )
        if a_end > end:
            yield loaded.problem(
                "error",
                "D104",
                f"activity {ident} ends after the program ({a_end} > {end}); "
                "move it into the program period or change period.end",
                *(*path, "end"),
            )


def check_indicator_values(loaded: LoadedProgram) -> Iterator[Problem]:
    """Baselines and targets fit their indicator: numbers where it measures numbers, shares
    from 0 to 100 for a percentage, a baseline within the program and before each target."""
    end = loaded.program.period.end
    for path, indicator in indicator_paths(loaded.program):
        values: list[tuple[str, object, YamlPath]] = []
        baseline = indicator.baseline
        if baseline is not None:
            values.append(("the baseline", baseline.value, (*path, "baseline", "value")))
            if baseline.date > end:
                yield loaded.problem(
                    "error",
                    "D115",
                    f"the baseline of {indicator.id} is dated {baseline.date}, after the program "
                    f"ends ({end}); a baseline is measured before or during the program",
                    *path,
                    "baseline",
                    "date",
                )
        for k, target in enumerate(indicator.targets):
            where = (*path, "targets", k)
            values.append((f"the target of {target.date}", target.value, (*where, "value")))
            if baseline is not None and target.date < baseline.date <= end:
                yield loaded.problem(
                    "error",
                    "D115",
                    f"the target of {indicator.id} is dated {target.date}, before its baseline "
                    f"({baseline.date}); a target comes after the baseline it is measured against",
                    *where,
                    "date",
                )
        if indicator.measure == "text":
            continue
        for name, value, where in values:
            if isinstance(value, str | TranslatedText):
                shown = value if isinstance(value, str) else (value.id or value.en or "")
                yield loaded.problem(
                    "error",
                    "D113",
                    f"indicator {indicator.id} measures a number, but {name} is text "
                    f"('{shown[:60]}'); write a number, or set measure: text",
                    *where,
                )
            elif (
                indicator.measure == "percentage"
                and isinstance(value, int | float)
                and not 0 <= value <= 100
            ):
                yield loaded.problem(
                    "error",
                    "D114",
                    f"indicator {indicator.id} is a percentage, but {name} is {_num(value)}; "
                    "a percentage is a share from 0 to 100 (for growth beyond 100%, use "
                    "measure: number with unit: '%')",
                    *where,
                )


def check_amount_limits(loaded: LoadedProgram) -> Iterator[Problem]:
    """Every amount and total fits in a spreadsheet cell exactly (15 digits)."""
    p = loaded.program
    currency = p.budget.currency if p.budget else ""
    limit = f"at most {MAX_MONEY:,}"
    for i, line in enumerate(p.budget.lines if p.budget else []):
        if line.amount > MAX_MONEY:
            yield loaded.problem(
                "error",
                "D116",
                f"budget line {line.id} comes to {line.amount:,} {currency} "
                f"({_num(line.quantity)} × {line.unit_cost:,}), more than Daya can show ({limit}); "
                "check quantity and unit_cost",
                "budget",
                "lines",
                i,
            )
    for what, total, where in [
        ("the budget", p.budget_total(), "budget"),
        ("the funding", p.funding_total, "funding"),
    ]:
        if total > MAX_MONEY:
            yield loaded.problem(
                "error",
                "D116",
                f"{what} comes to {total:,} in all, more than Daya can show ({limit}); "
                "check the amounts, or plan the program in phases",
                where,
            )


def check_ignored_codes(loaded: LoadedProgram) -> Iterator[Problem]:
    warnings = sorted(code for code in RULES if code.startswith("D3"))
    for i, code in enumerate(loaded.program.checks.ignore):
        if code not in RULES:
            yield loaded.problem(
                "error",
                "D112",
                f"'{code}' is not a Daya warning code; ignore one of: {', '.join(warnings)}",
                "checks",
                "ignore",
                i,
            )


def check_method_ids(loaded: LoadedProgram, known: set[str]) -> Iterator[Problem]:
    import difflib

    p = loaded.program
    cited: list[tuple[str, YamlPath]] = [(m, ("methods", i)) for i, m in enumerate(p.methods)]
    for path, activity in activity_paths(p):
        cited += [(m, (*path, "methods", i)) for i, m in enumerate(activity.methods)]
    for path, indicator in indicator_paths(p):
        if indicator.method:
            cited.append((indicator.method, (*path, "method")))
    for i, event in enumerate(p.evaluation.events):
        if event.method:
            cited.append((event.method, ("evaluation", "events", i, "method")))
    for method, path in cited:
        if method not in known:
            guess = difflib.get_close_matches(method, sorted(known), n=1, cutoff=0.6)
            hint = (
                f"did you mean '{guess[0]}'?"
                if guess
                else "see the handbook's method cards (docs/methods/)"
            )
            yield loaded.problem(
                "error", "D107", f"'{method}' is not a method card in the handbook; {hint}", *path
            )


# --- Warnings --------------------------------------------------------------------------------


def check_indicators(loaded: LoadedProgram) -> Iterator[Problem]:
    p = loaded.program
    if not p.results.goal.indicators:
        yield loaded.problem(
            "warning",
            "D301",
            "the goal has no indicator; add one under results.goal.indicators",
            "results",
            "goal",
        )
    for path, result in result_paths(p):
        if "activities" in path or getattr(result, "indicators", None):
            continue
        yield loaded.problem(
            "warning",
            "D301",
            f"{result.id} has no indicator; add at least one so progress can be measured",
            *path,
        )
    for path, indicator in indicator_paths(p):
        missing = [
            name
            for name, present in [
                ("baseline", indicator.baseline is not None),
                ("targets", bool(indicator.targets)),
                ("means_of_verification", indicator.means_of_verification is not None),
                ("frequency", indicator.frequency is not None),
                ("responsible", indicator.responsible is not None),
            ]
            if not present
        ]
        if missing:
            yield loaded.problem(
                "warning",
                "D302",
                f"indicator {indicator.id} has no {', '.join(missing)}; the M&E plan needs them",
                *path,
            )
        yield from _check_direction(loaded, path, indicator)


def _check_direction(
    loaded: LoadedProgram, path: YamlPath, indicator: Indicator
) -> Iterator[Problem]:
    if indicator.direction not in {"increase", "decrease"}:
        return
    numbers = []
    if indicator.baseline and isinstance(indicator.baseline.value, float | int):
        numbers.append(("the baseline", indicator.baseline.value, (*path, "baseline", "value")))
    by_date = sorted(enumerate(indicator.targets), key=lambda item: item[1].date)
    for k, target in by_date:
        if isinstance(target.value, float | int):
            numbers.append(
                (f"the target of {target.date}", target.value, (*path, "targets", k, "value"))
            )
    for (before_name, before, _), (name, value, where) in zip(numbers, numbers[1:], strict=False):
        wrong = value < before if indicator.direction == "increase" else value > before
        if wrong:
            yield loaded.problem(
                "warning",
                "D303",
                f"indicator {indicator.id} should {indicator.direction}, but {name} "
                f"({_num(value)}) is {'below' if value < before else 'above'} {before_name} "
                f"({_num(before)}); check the values or the direction",
                *where,
            )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_assumptions_watched(loaded: LoadedProgram) -> Iterator[Problem]:
    p = loaded.program
    watched = {r.assumption for r in p.risks if r.assumption}
    for path, result in result_paths(p):
        assumptions = getattr(result, "assumptions", [])
        if assumptions and result.id not in watched:
            yield loaded.problem(
                "warning",
                "D304",
                f"the assumption of {result.id} is watched by no risk; add a risk with "
                f"assumption: {result.id}",
                *path,
                "assumptions",
            )


def check_budget_balances(loaded: LoadedProgram) -> Iterator[Problem]:
    p = loaded.program
    if p.budget is None:
        return
    funded = {line.activity for line in p.budget.lines if line.activity}
    for path, activity in activity_paths(p):
        if activity.id not in funded and not activity.milestone:
            yield loaded.problem(
                "warning",
                "D305",
                f"activity {activity.id} has no budget line; add one with activity: {activity.id}",
                *path,
            )
    by_funder = p.budget_by_funder()
    committed = {f.id: f.amount for f in p.funding}
    gaps = [
        f"{fid}: budget {by_funder.get(fid, 0):,} vs funding {committed[fid]:,} "
        f"({by_funder.get(fid, 0) - committed[fid]:+,})"
        for fid in committed
        if by_funder.get(fid, 0) != committed[fid]
    ]
    total, funding = p.budget_total(), p.funding_total
    per_funder = "; ".join(gaps)
    if total != funding:
        yield loaded.problem(
            "warning",
            "D306",
            f"the budget ({total:,} {p.budget.currency}) differs from the funding "
            f"({funding:,}) by {total - funding:+,}"
            + (f" — per funder: {per_funder}" if gaps else ""),
            "budget",
        )
    elif gaps:
        yield loaded.problem(
            "warning",
            "D306",
            f"the budget matches the funding in total but not per funder — {per_funder}; "
            "move budget lines to the right funder",
            "budget",
        )


def check_stakeholder_engagement(loaded: LoadedProgram) -> Iterator[Problem]:
    for i, stakeholder in enumerate(loaded.program.stakeholders):
        if stakeholder.influence == "high" and not stakeholder.engagement:
            yield loaded.problem(
                "warning",
                "D307",
                f"stakeholder {stakeholder.id} has high influence but no engagement; "
                "say how the program will involve them",
                "stakeholders",
                i,
            )


def check_evaluation_questions(loaded: LoadedProgram) -> Iterator[Problem]:
    questions = loaded.program.evaluation.questions
    for criterion in DAC_CRITERIA:
        if not getattr(questions, criterion):
            yield loaded.problem(
                "warning",
                "D308",
                f"no evaluation question for the OECD-DAC criterion '{criterion}'; "
                f"add one under evaluation.questions.{criterion}",
                "evaluation",
                "questions",
                criterion,
            )
