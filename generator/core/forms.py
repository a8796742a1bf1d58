"""Data-collection forms made from the indicators (contract §1 `forms`, `collect`; §5 Forms).

`form_views(program)` gives each form as rows an XLSForm writer lays out (export/xlsform.py):
consent first, the interview date, the enumerator, one question per disaggregation the form's
indicators use, one per indicator. `check_forms` is what the program check adds (D2xx).
The aggregation of submissions into result rows lives in core/monitoring/collected.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.i18n import translations
from generator.core.labels import LABELS
from generator.core.load import LoadedProgram
from generator.core.messages import _m
from generator.core.model import Form, Indicator, Program
from generator.core.monitoring.records import dimensions
from generator.core.views import shown
from generator.errors import Problem

CONSENT, INTERVIEW_DATE, ENUMERATOR = "consent", "interview_date", "enumerator"
RESERVED = (CONSENT, INTERVIEW_DATE, ENUMERATOR)
YES_NO = "yes_no"
"""The choice list of every yes-no question: `yes`, `no`."""
LANGUAGES = {"id": "Indonesian (id)", "en": "English (en)"}
"""XLSForm's language names: `label::Indonesian (id)`."""

RULES: dict[str, str] = {
    "D201": "collect names a form the program does not have",
    "D202": "two questions with one field name in a form",
    "D203": "field name reserved for the form's own questions",
    "D204": "collect on a text indicator",
    "D205": "collect value that does not fit the indicator or the answer type",
    "D206": "form with no indicator",
    "D207": "form question by a disaggregation without categories",
}


def dimension_field(dimension: str) -> str:
    """The field of a disaggregation question: `sex-of-household-head` → `sex_of_household_head`."""
    return dimension.replace("-", "_").replace(".", "_")


def form_indicators(program: Program, form_id: str) -> list[Indicator]:
    return [i for i in program.results.indicators() if i.collect and i.collect.form == form_id]


def form_dimensions(program: Program, form_id: str) -> list[str]:
    """The disaggregations the form's indicators use, in the order they first appear."""
    found: dict[str, None] = {}
    for indicator in form_indicators(program, form_id):
        found.update(dict.fromkeys(indicator.disaggregation))
    return list(found)


# --- The form as rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A text in both languages of the form."""

    id: str
    en: str


@dataclass(frozen=True)
class Question:
    type: str
    """XLSForm type: `select_one yes_no`, `date`, `text`, `integer`, `decimal`."""
    name: str
    label: Words
    hint: Words | None = None
    required: bool = True
    relevant: str = ""
    constraint: str = ""
    constraint_message: Words | None = None
    indicator: str = ""
    """The indicator a question collects (kept in the form as `instance::daya_indicator`)."""


@dataclass(frozen=True)
class Choice:
    list_name: str
    name: str
    label: Words


@dataclass(frozen=True)
class FormView:
    program_id: str
    form: Form
    form_id: str
    """`settings.form_id`: the program id and the form id."""
    title: str
    default_language: str
    questions: tuple[Question, ...]
    choices: tuple[Choice, ...]

    @property
    def version(self) -> str:
        """From a hash of the form's own content: changes exactly when the form changes."""
        content = json.dumps(
            [self.form_id, self.title, self.default_language, self.questions, self.choices],
            default=lambda o: o.__dict__,
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


def _words(english: str) -> Words:
    """A fixed label in both languages, from the catalogues."""
    return Words(translations("id").gettext(english), translations("en").gettext(english))


def _both(program: Program, value: object) -> Words:
    return Words(shown(program, value, "id").text, shown(program, value, "en").text)  # type: ignore[arg-type]


def _label(key: str) -> Words:
    return _words(LABELS["form"][key])


def form_views(program: Program) -> tuple[FormView, ...]:
    return tuple(form_view(program, form) for form in program.forms)


def form_view(program: Program, form: Form) -> FormView:
    consented = f"${{{CONSENT}}} = 'yes'"
    questions = [
        Question(f"select_one {YES_NO}", CONSENT, _label("consent"), _label("consent-hint")),
        Question(
            "date",
            INTERVIEW_DATE,
            _label("date"),
            relevant=consented,
            constraint=". <= today()",
            constraint_message=_label("date-future"),
        ),
        Question("text", ENUMERATOR, _label("enumerator"), relevant=consented),
    ]
    choices = [
        Choice(YES_NO, "yes", _label("yes")),
        Choice(YES_NO, "no", _label("no")),
    ]
    dims = dimensions(program)
    for dim in form_dimensions(program, form.id):
        dimension = dims.get(dim)
        if dimension is None:
            continue  # check_forms refuses it (D207)
        field = dimension_field(dim)
        questions.append(
            Question(
                f"select_one {field}", field, _both(program, dimension.name), relevant=consented
            )
        )
        choices += [Choice(field, c, _both(program, name)) for c, name in dimension.categories]
    for indicator in form_indicators(program, form.id):
        collect = indicator.collect
        assert collect is not None
        kind = {"yes-no": f"select_one {YES_NO}", "integer": "integer", "decimal": "decimal"}
        hint = _both(program, indicator.name)
        questions.append(
            Question(
                kind[collect.type],
                collect.field,
                _both(program, collect.question),
                Words(f"{indicator.id}: {hint.id}", f"{indicator.id}: {hint.en}"),
                relevant=consented,
                constraint=". >= 0" if collect.type != "yes-no" else "",
                constraint_message=_label("not-negative") if collect.type != "yes-no" else None,
                indicator=indicator.id,
            )
        )
    return FormView(
        program.id,
        form,
        f"{program.id}-{form.id}",
        shown(program, form.title, program.language).text,
        LANGUAGES[program.language],
        tuple(questions),
        tuple(choices),
    )


# --- Checks (D2xx) ---------------------------------------------------------------------------


def check_forms(loaded: LoadedProgram) -> Iterator[Problem]:
    """Errors in `forms` and the indicators' `collect` (located in the program file)."""
    from generator.core.checks import indicator_paths

    program = loaded.program
    forms = {f.id for f in program.forms}
    dims = dimensions(program)
    fields: dict[tuple[str, str], str] = {}
    for path, indicator in indicator_paths(program):
        collect = indicator.collect
        if collect is None:
            continue
        where = (*path, "collect")
        if collect.form not in forms:
            yield loaded.problem(
                "error",
                "D201",
                _m(
                    "no form '{form}' under forms:; add it there or use one of: {known}",
                    form=collect.form,
                    known=", ".join(sorted(forms)) or "—",
                ),
                *where,
                "form",
            )
        reserved = set(RESERVED) | {
            dimension_field(d) for d in form_dimensions(program, collect.form)
        }
        if collect.field in reserved:
            yield loaded.problem(
                "error",
                "D203",
                _m(
                    "'{field}' is the name of one of the form's own questions; choose another "
                    "field name",
                    field=collect.field,
                ),
                *where,
                "field",
            )
        elif (collect.form, collect.field) in fields:
            yield loaded.problem(
                "error",
                "D202",
                _m(
                    "the form '{form}' already asks '{field}' for {indicator}; give each "
                    "question its own field name",
                    form=collect.form,
                    field=collect.field,
                    indicator=fields[(collect.form, collect.field)],
                ),
                *where,
                "field",
            )
        fields.setdefault((collect.form, collect.field), indicator.id)
        if indicator.measure == "text":
            yield loaded.problem(
                "error",
                "D204",
                _m(
                    "{indicator} is a text indicator: a form cannot add its answers up; remove "
                    "collect",
                    indicator=indicator.id,
                ),
                *where,
            )
            continue
        message = _value_problem(indicator)
        if message:
            yield loaded.problem("error", "D205", message, *where, "value")
        for k, dim in enumerate(indicator.disaggregation):
            if dim not in dims:
                yield loaded.problem(
                    "error",
                    "D207",
                    _m(
                        "the form asks {dimension} for {indicator}, but it has no categories; "
                        "declare them under disaggregations:",
                        dimension=dim,
                        indicator=indicator.id,
                    ),
                    *path,
                    "disaggregation",
                    k,
                )
    for n, form in enumerate(program.forms):
        if not form_indicators(program, form.id):
            yield loaded.problem(
                "error",
                "D206",
                _m(
                    "the form '{form}' collects no indicator; add collect: {{form: {form}, ...}} "
                    "to an indicator or remove the form",
                    form=form.id,
                ),
                "forms",
                n,
                "id",
            )


def _value_problem(indicator: Indicator) -> str:
    """What is wrong with `collect.value` for this indicator and answer type ('' if nothing)."""
    collect = indicator.collect
    assert collect is not None
    if indicator.measure == "percentage" and collect.value != "share-yes":
        return _m(
            "{indicator} is a percentage: collect it with value: share-yes (the share "
            "of yes answers)",
            indicator=indicator.id,
        )
    if collect.value == "share-yes" and indicator.measure != "percentage":
        return _m(
            "share-yes makes a percentage, but {indicator} is a {measure}; use sum, mean or count",
            indicator=indicator.id,
            measure=indicator.measure,
        )
    if collect.value == "share-yes" and collect.type != "yes-no":
        return _m("share-yes needs a yes-no question; set type: yes-no")
    if collect.value in ("sum", "mean") and collect.type == "yes-no":
        return _m(
            "a yes-no answer cannot be added up or averaged; use type: integer or "
            "decimal, or value: count"
        )
    return ""
