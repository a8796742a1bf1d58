"""A form view (core/forms.py) as an XLSForm `.xlsx`, checked with pyxform before it is used.

Sheets `survey`, `choices` and `settings`, labels and hints in both languages
(`label::Indonesian (id)`, `label::English (en)`). A form pyxform refuses is a bug in Daya,
so `validate_xlsform` raises it as one; ODK Validate (Java) runs too when Java is installed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.core import DocumentProperties

from generator.core.forms import LANGUAGES, FormView, Question, Words
from generator.core.messages import _m
from generator.errors import DayaError
from generator.export.common import workbook_bytes

SURVEY_COLUMNS = (
    "type",
    "name",
    *(f"label::{name}" for name in LANGUAGES.values()),
    *(f"hint::{name}" for name in LANGUAGES.values()),
    "required",
    "relevant",
    "constraint",
    *(f"constraint_message::{name}" for name in LANGUAGES.values()),
    "instance::daya_indicator",
)
CHOICE_COLUMNS = ("list_name", "name", *(f"label::{name}" for name in LANGUAGES.values()))
FORM_TIMESTAMP = dt.datetime(2020, 1, 1)
"""Written into every form file, so an unchanged form gives identical bytes."""
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language", "instance_name")


def _both(words: Words | None) -> list[str]:
    return [words.id, words.en] if words else ["", ""]


def _survey_row(question: Question) -> list[str]:
    return [
        question.type,
        question.name,
        *_both(question.label),
        *_both(question.hint),
        "yes" if question.required else "",
        question.relevant,
        question.constraint,
        *_both(question.constraint_message),
        question.indicator,
    ]


def xlsform_sheets(view: FormView) -> dict[str, list[list[str]]]:
    """The three sheets as rows, header first (what the workbook holds and pyxform reads)."""
    return {
        "survey": [list(SURVEY_COLUMNS), *(_survey_row(q) for q in view.questions)],
        "choices": [
            list(CHOICE_COLUMNS),
            *([c.list_name, c.name, *_both(c.label)] for c in view.choices),
        ],
        "settings": [
            list(SETTINGS_COLUMNS),
            [
                view.title,
                view.form_id,
                view.version,
                view.default_language,
                "concat(${interview_date}, ' ', ${enumerator})",
            ],
        ],
    }


def xlsform_bytes(view: FormView) -> bytes:
    """The form as an .xlsx file; every cell is text (a label starting with `=` stays text)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties = DocumentProperties(
        creator="Daya", created=FORM_TIMESTAMP, modified=FORM_TIMESTAMP, title=view.title
    )
    for title, rows in xlsform_sheets(view).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                cell.data_type = "s"
        for letter, width in zip("ABCDEFGHIJKLMN", (22, 24, 60, 60, 40, 40), strict=False):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    return workbook_bytes(workbook, FORM_TIMESTAMP)


class FormRefused(Exception):
    """pyxform or ODK Validate refused a form Daya made: a bug in Daya, not in the program."""


def validate_xlsform(data: bytes, odk_validate: bool | None = None) -> list[str]:
    """Convert the form with pyxform (in process); with ODK Validate too when Java is found
    (or `odk_validate` says so). Returns pyxform's warnings; raises FormRefused."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        result = convert(xlsform=io.BytesIO(data), file_type=".xlsx", validate=False)
    except PyXFormError as exc:
        raise FormRefused(str(exc)) from exc
    if odk_validate is None:
        odk_validate = shutil.which("java") is not None
    if odk_validate:
        from pyxform.validators.odk_validate import ODKValidateError, check_xform

        with tempfile.TemporaryDirectory() as folder:
            xform = Path(folder) / "form.xml"
            xform.write_text(result.xform, encoding="utf-8")
            try:
                check_xform(str(xform))
            except ODKValidateError as exc:
                raise FormRefused(str(exc)) from exc
    return list(result.warnings)


def checked_form(view: FormView, odk_validate: bool | None = None) -> tuple[bytes, list[str]]:
    """The form's .xlsx and pyxform's warnings; a form pyxform refuses is reported as a bug in
    Daya (DayaError), since Daya made it."""
    data = xlsform_bytes(view)
    try:
        return data, validate_xlsform(data, odk_validate)
    except FormRefused as exc:
        raise DayaError(
            _m(
                "pyxform refused the form {form} that Daya made: {reason}. This is a bug in "
                "Daya; please report it",
                form=view.form_id,
                reason=str(exc),
            )
        ) from None
