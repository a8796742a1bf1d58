"""Logic checks beyond the schema: references, dates, budget balance, M&E completeness.

Every rule has a stable code. D1xx are errors (the program cannot be generated), D3xx are
warnings (fail only under --strict, and a program may list them in `checks: {ignore: [...]}`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from babel.numbers import get_currency_name

from generator.core.explain import YamlPath
from generator.core.load import LoadedProgram
from generator.core.messages import _m
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
    "D118": "iati.sectors code that is not a DAC 5-digit purpose code",
    "D519": "monitoring thresholds out of order",
    "D520": "aggregation sum on a percentage or text indicator",
    "D521": "target equal to its baseline on an increase or decrease indicator",
    "D301": "result with no indicator",
    "D302": "indicator missing M&E fields",
    "D303": "target moves against the indicator's direction",
    "D304": "assumption that no risk watches",
    "D305": "activity with no budget line",
    "D306": "budget total differs from funding",
    "D307": "high-influence stakeholder with no engagement",
    "D308": "OECD-DAC criterion with no evaluation question",
    "D309": "IATI organisation identifier with an unknown or withdrawn agency prefix",
}


def check_forms(loaded: LoadedProgram) -> list[Problem]:
    from generator.core.forms import check_forms as form_problems

    return list(form_problems(loaded))


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
        check_monitoring_settings,
        check_iati_fields,
    ]
    problems = [p for check in checks for p in check(loaded)]
    problems += check_forms(loaded)
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
        (_m("target group"), ((("target_groups", i), g.id) for i, g in enumerate(p.target_groups))),
        (_m("team role"), ((("team", i), m.id) for i, m in enumerate(p.team))),
        (_m("stakeholder"), ((("stakeholders", i), s.id) for i, s in enumerate(p.stakeholders))),
        (_m("result or activity"), ((path, r.id) for path, r in result_paths(p))),
        (_m("indicator"), ((path, ind.id) for path, ind in indicator_paths(p))),
        (_m("funding source"), ((("funding", i), f.id) for i, f in enumerate(p.funding))),
        (
            _m("budget line"),
            (
                (("budget", "lines", i), b.id)
                for i, b in enumerate(p.budget.lines if p.budget else [])
            ),
        ),
        (_m("risk"), ((("risks", i), r.id) for i, r in enumerate(p.risks))),
    ]
    for kind, items in kinds:
        first: dict[str, YamlPath] = {}
        for path, ident in items:
            if ident in first:
                line = loaded.where(*first[ident], "id").line
                yield loaded.problem(
                    "error",
                    "D101",
                    _m(
                        "duplicate {kind} id '{id}' (also used on line {line}); "
                        "give each a unique id",
                        kind=kind,
                        id=ident,
                        line=line,
                    ),
                    *path,
                    "id",
                )
            else:
                first[ident] = path


def _unresolved(
    loaded: LoadedProgram, ref: str, what: str, known: Iterable[str], path: YamlPath
) -> Problem:
    known = sorted(set(known))
    if known:
        message = _m(
            "'{ref}' is not a known {what} id; use one of: {known}",
            ref=ref,
            what=what,
            known=", ".join(known),
        )
    else:
        message = _m(
            "'{ref}' is not a known {what} id; none is defined yet, add one first",
            ref=ref,
            what=what,
        )
    return loaded.problem("error", "D102", message, *path)


def check_references(loaded: LoadedProgram) -> Iterator[Problem]:
    """Every id a program cites (team roles, activities, results, funders, audiences) exists."""
    yield from check_team_references(loaded)
    yield from check_budget_references(loaded)
    p = loaded.program
    watchable = {r.id for _, r in result_paths(p) if not isinstance(r, Activity)}
    for i, risk in enumerate(p.risks):
        if risk.assumption and risk.assumption not in watchable:
            yield _unresolved(
                loaded,
                risk.assumption,
                _m("outcome or output"),
                watchable,
                ("risks", i, "assumption"),
            )
    audiences = {s.id for s in p.stakeholders} | {f.id for f in p.funding}
    for i, report in enumerate(p.reporting):
        if report.audience not in audiences:
            where = ("reporting", i, "audience")
            what = _m("stakeholder or funder")
            yield _unresolved(loaded, report.audience, what, audiences, where)


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
            yield _unresolved(loaded, ref, _m("team role"), team, path)


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
            yield _unresolved(loaded, line.activity, _m("activity"), activities, where)
        if line.funder not in funders:
            yield loaded.problem(
                "error",
                "D106",
                _m(
                    "budget line {line} is paid by '{funder}', which is not in funding; "
                    "add it to funding or use one of: {known}",
                    line=line.id,
                    funder=line.funder,
                    known=", ".join(sorted(funders)) or _m("none yet"),
                ),
                *("budget", "lines", i, "funder"),
            )
    if not known_currency(p.budget.currency):
        yield loaded.problem(
            "error",
            "D109",
            _m(
                "'{currency}' is not a known ISO 4217 currency code; use e.g. IDR or USD",
                currency=p.budget.currency,
            ),
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
            _m(
                "the program ends before it starts ({end} < {start}); swap or correct the dates",
                end=end,
                start=start,
            ),
            *("period", "end"),
        )
        return  # nothing lies inside a period that runs backwards
    years = end.year - start.year + ((end.month, end.day) >= (start.month, start.day))
    if years > MAX_PERIOD_YEARS:
        yield loaded.problem(
            "error",
            "D117",
            _m(
                "the program runs {years} years ({start} to {end}); a program may last at most "
                "{limit} years: split it into phases or correct period.end",
                years=years,
                start=start,
                end=end,
                limit=MAX_PERIOD_YEARS,
            ),
            *("period", "end"),
        )
    yield from check_activity_dates(loaded)
    for path, indicator in indicator_paths(p):
        for k, target in enumerate(indicator.targets):
            if not start <= target.date <= end:
                yield loaded.problem(
                    "error",
                    "D105",
                    _m(
                        "target of {indicator} is dated {date}, outside the program period "
                        "({start} to {end}); move the target date into the period",
                        indicator=indicator.id,
                        date=target.date,
                        start=start,
                        end=end,
                    ),
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
                _m(
                    "activity {id} ends before it starts ({end} < {start}); correct its dates",
                    id=ident,
                    end=a_end,
                    start=a_start,
                ),
                *(*path, "end"),
            )
            continue
        if a_start < start:
            yield loaded.problem(
                "error",
                "D104",
                _m(
                    "activity {id} starts before the program ({start} < {program_start}); "
                    "move it into the program period or change period.start",
                    id=ident,
                    start=a_start,
                    program_start=start,
                ),
                *(*path, "start"),
            )
        if a_end > end:
            yield loaded.problem(
                "error",
                "D104",
                _m(
                    "activity {id} ends after the program ({end} > {program_end}); "
                    "move it into the program period or change period.end",
                    id=ident,
                    end=a_end,
                    program_end=end,
                ),
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
            values.append((_m("the baseline"), baseline.value, (*path, "baseline", "value")))
            if baseline.date > end:
                yield loaded.problem(
                    "error",
                    "D115",
                    _m(
                        "the baseline of {indicator} is dated {date}, after the program ends "
                        "({end}); a baseline is measured before or during the program",
                        indicator=indicator.id,
                        date=baseline.date,
                        end=end,
                    ),
                    *path,
                    "baseline",
                    "date",
                )
        for k, target in enumerate(indicator.targets):
            where = (*path, "targets", k)
            name = _m("the target of {date}", date=target.date)
            values.append((name, target.value, (*where, "value")))
            if baseline is not None and target.date < baseline.date <= end:
                yield loaded.problem(
                    "error",
                    "D115",
                    _m(
                        "the target of {indicator} is dated {date}, before its baseline "
                        "({baseline}); a target comes after the baseline it is measured against",
                        indicator=indicator.id,
                        date=target.date,
                        baseline=baseline.date,
                    ),
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
                    _m(
                        "indicator {indicator} measures a number, but {name} is text "
                        "('{text}'); write a number, or set measure: text",
                        indicator=indicator.id,
                        name=name,
                        text=shown[:60],
                    ),
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
                    _m(
                        "indicator {indicator} is a percentage, but {name} is {value}; "
                        "a percentage is a share from 0 to 100 (for growth beyond 100%, use "
                        "measure: number with unit: '%')",
                        indicator=indicator.id,
                        name=name,
                        value=_num(value),
                    ),
                    *where,
                )


def check_amount_limits(loaded: LoadedProgram) -> Iterator[Problem]:
    """Every amount and total fits in a spreadsheet cell exactly (15 digits)."""
    p = loaded.program
    currency = p.budget.currency if p.budget else ""
    limit = f"{MAX_MONEY:,}"
    for i, line in enumerate(p.budget.lines if p.budget else []):
        if line.amount > MAX_MONEY:
            yield loaded.problem(
                "error",
                "D116",
                _m(
                    "budget line {line} comes to {amount} {currency} ({quantity} × {unit_cost}), "
                    "more than Daya can show (at most {limit}); check quantity and unit_cost",
                    line=line.id,
                    amount=f"{line.amount:,}",
                    currency=currency,
                    quantity=_num(line.quantity),
                    unit_cost=f"{line.unit_cost:,}",
                    limit=limit,
                ),
                "budget",
                "lines",
                i,
            )
    if p.budget_total() > MAX_MONEY:
        yield loaded.problem(
            "error",
            "D116",
            _m(
                "the budget comes to {total} in all, more than Daya can show (at most {limit}); "
                "check the amounts, or plan the program in phases",
                total=f"{p.budget_total():,}",
                limit=limit,
            ),
            "budget",
        )
    if p.funding_total > MAX_MONEY:
        yield loaded.problem(
            "error",
            "D116",
            _m(
                "the funding comes to {total} in all, more than Daya can show (at most {limit}); "
                "check the amounts, or plan the program in phases",
                total=f"{p.funding_total:,}",
                limit=limit,
            ),
            "funding",
        )


def check_ignored_codes(loaded: LoadedProgram) -> Iterator[Problem]:
    from generator.core.monitoring.checks import RULES as MONITORING_RULES

    every = RULES | MONITORING_RULES
    warnings = sorted(code for code in every if code.startswith(("D3", "D6")))
    for i, code in enumerate(loaded.program.checks.ignore):
        if code not in every:
            yield loaded.problem(
                "error",
                "D112",
                _m(
                    "'{code}' is not a Daya warning code; ignore one of: {codes}",
                    code=code,
                    codes=", ".join(warnings),
                ),
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
            if guess:
                message = _m(
                    "'{method}' is not a method card in the handbook; did you mean '{suggestion}'?",
                    method=method,
                    suggestion=guess[0],
                )
            else:
                message = _m(
                    "'{method}' is not a method card in the handbook; see the handbook's method "
                    "cards (docs/methods/)",
                    method=method,
                )
            yield loaded.problem("error", "D107", message, *path)


def check_monitoring_settings(loaded: LoadedProgram) -> Iterator[Problem]:
    """What the progress report needs of the program file: thresholds in order, `sum` only on
    counts, and a target that differs from its baseline when the indicator should move."""
    p = loaded.program
    thresholds = p.monitoring.thresholds
    if not thresholds.at_risk < thresholds.on_track:
        yield loaded.problem(
            "error",
            "D519",
            _m(
                "at_risk ({at_risk}) must be below on_track ({on_track}); e.g. at_risk: 0.60, "
                "on_track: 0.85",
                at_risk=thresholds.at_risk,
                on_track=thresholds.on_track,
            ),
            "monitoring",
            "thresholds",
            "at_risk",
        )
    for path, indicator in indicator_paths(p):
        if indicator.aggregation == "sum" and indicator.measure != "number":
            yield loaded.problem(
                "error",
                "D520",
                _m(
                    "indicator {indicator} is a {measure}: its values cannot be added up over "
                    "periods; use aggregation: last",
                    indicator=indicator.id,
                    measure=indicator.measure,
                ),
                *path,
                "aggregation",
            )
        if indicator.direction not in {"increase", "decrease"} or indicator.baseline is None:
            continue
        for k, target in enumerate(indicator.targets):
            if target.value == indicator.baseline.value and isinstance(target.value, float | int):
                yield loaded.problem(
                    "error",
                    "D521",
                    _m(
                        "the target of {date} equals the baseline ({value}), so progress toward "
                        "it cannot be measured; set another target or use direction: maintain",
                        date=target.date,
                        value=_num(target.value),
                    ),
                    *path,
                    "targets",
                    k,
                    "value",
                )


# --- Warnings --------------------------------------------------------------------------------


def check_indicators(loaded: LoadedProgram) -> Iterator[Problem]:
    p = loaded.program
    if not p.results.goal.indicators:
        yield loaded.problem(
            "warning",
            "D301",
            _m("the goal has no indicator; add one under results.goal.indicators"),
            "results",
            "goal",
        )
    for path, result in result_paths(p):
        if "activities" in path or getattr(result, "indicators", None):
            continue
        yield loaded.problem(
            "warning",
            "D301",
            _m("{id} has no indicator; add at least one so progress can be measured", id=result.id),
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
                _m(
                    "indicator {indicator} has no {fields}; the M&E plan needs them",
                    indicator=indicator.id,
                    fields=", ".join(missing),
                ),
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
        numbers.append((_m("the baseline"), indicator.baseline.value, (*path, "baseline", "value")))
    by_date = sorted(enumerate(indicator.targets), key=lambda item: item[1].date)
    for k, target in by_date:
        if isinstance(target.value, float | int):
            name = _m("the target of {date}", date=target.date)
            numbers.append((name, target.value, (*path, "targets", k, "value")))
    for (before_name, before, _), (name, value, where) in zip(numbers, numbers[1:], strict=False):
        values = {
            "indicator": indicator.id,
            "name": name,
            "value": _num(value),
            "before_name": before_name,
            "before": _num(before),
        }
        if indicator.direction == "increase" and value < before:
            message = _m(
                "indicator {indicator} should increase, but {name} ({value}) is below "
                "{before_name} ({before}); check the values or the direction",
                **values,
            )
        elif indicator.direction == "decrease" and value > before:
            message = _m(
                "indicator {indicator} should decrease, but {name} ({value}) is above "
                "{before_name} ({before}); check the values or the direction",
                **values,
            )
        else:
            continue
        yield loaded.problem("warning", "D303", message, *where)


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
                _m(
                    "the assumption of {id} is watched by no risk; add a risk with "
                    "assumption: {id}",
                    id=result.id,
                ),
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
                _m("activity {id} has no budget line; add one with activity: {id}", id=activity.id),
                *path,
            )
    by_funder = p.budget_by_funder()
    committed = {f.id: f.amount for f in p.funding}
    gaps = [
        _m(
            "{funder}: budget {budget} vs funding {funding} ({difference})",
            funder=fid,
            budget=f"{by_funder.get(fid, 0):,}",
            funding=f"{committed[fid]:,}",
            difference=f"{by_funder.get(fid, 0) - committed[fid]:+,}",
        )
        for fid in committed
        if by_funder.get(fid, 0) != committed[fid]
    ]
    total, funding = p.budget_total(), p.funding_total
    amounts = {
        "budget": f"{total:,}",
        "currency": p.budget.currency,
        "funding": f"{funding:,}",
        "difference": f"{total - funding:+,}",
        "per_funder": "; ".join(gaps),
    }
    if total != funding and gaps:
        message = _m(
            "the budget ({budget} {currency}) differs from the funding ({funding}) by "
            "{difference} — per funder: {per_funder}",
            **amounts,
        )
    elif total != funding:
        message = _m(
            "the budget ({budget} {currency}) differs from the funding ({funding}) by {difference}",
            **amounts,
        )
    elif gaps:
        message = _m(
            "the budget matches the funding in total but not per funder — {per_funder}; "
            "move budget lines to the right funder",
            **amounts,
        )
    else:
        return
    yield loaded.problem("warning", "D306", message, "budget")


def check_stakeholder_engagement(loaded: LoadedProgram) -> Iterator[Problem]:
    for i, stakeholder in enumerate(loaded.program.stakeholders):
        if stakeholder.influence == "high" and not stakeholder.engagement:
            yield loaded.problem(
                "warning",
                "D307",
                _m(
                    "stakeholder {id} has high influence but no engagement; "
                    "say how the program will involve them",
                    id=stakeholder.id,
                ),
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
                _m(
                    "no evaluation question for the OECD-DAC criterion '{criterion}'; "
                    "add one under evaluation.questions.{criterion}",
                    criterion=criterion,
                ),
                "evaluation",
                "questions",
                criterion,
            )


def check_iati_fields(loaded: LoadedProgram) -> Iterator[Problem]:
    """`iati.sectors` holds DAC purpose codes; organisation identifiers start with a
    registration agency of org-id.guide (IATI rule 1.14.8 warns otherwise)."""
    from generator.core.iati import in_codelist, registration_agencies

    p = loaded.program
    for i, code in enumerate(p.iati.sectors):
        if not in_codelist("Sector", code):
            yield loaded.problem(
                "error",
                "D118",
                _m(
                    "'{code}' is not a DAC 5-digit purpose code in the IATI Sector codelist; use "
                    "a code from it, e.g. 14030 for basic drinking water and sanitation",
                    code=code,
                ),
                "iati",
                "sectors",
                i,
            )
    agencies = registration_agencies()
    shipped = {prefix.split("-")[0] for prefix in agencies}
    active = ", ".join(sorted(k for k, v in agencies.items() if v == "active"))
    cited: list[tuple[str | None, YamlPath]] = [
        (p.organisation.identifier, ("organisation", "identifier"))
    ]
    cited += [(f.identifier, ("funding", i, "identifier")) for i, f in enumerate(p.funding)]
    for identifier, path in cited:
        if not identifier:
            continue
        prefix = "-".join(identifier.split("-")[:2])
        if prefix.split("-")[0] not in shipped:
            continue  # Daya ships the agencies of Indonesia and the international ones only
        status = agencies.get(prefix)
        if status == "active":
            continue
        if status == "withdrawn":
            message = _m(
                "the agency prefix {prefix} was withdrawn from org-id.guide; register the "
                "identifier with an active agency: {agencies}",
                prefix=prefix,
                agencies=active,
            )
        else:
            message = _m(
                "{prefix} is not a registration agency of org-id.guide; start the identifier "
                "with one of: {agencies}",
                prefix=prefix,
                agencies=active,
            )
        yield loaded.problem("warning", "D309", message, *path)
