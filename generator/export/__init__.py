"""Word and Excel files of a program: their names and the one entry point.

`export_files(program, lang)` serves `daya generate` and the site: it returns {file name:
bytes} for the plan (.docx) and the planning workbook (.xlsx), and for a program with
monitoring records its progress report (.docx) and progress workbook (.xlsx). The writers
share the helpers of `common.py`; none computes a view of its own (those come from
generator.core.views and generator.core.monitoring.progress).
"""

from __future__ import annotations

from generator.core.model import Program
from generator.core.monitoring.checks import CheckedMonitoring

EXPORT_FORMATS: tuple[str, ...] = ("docx", "xlsx")
"""The file formats this package writes (Markdown is written by generator.core.documents)."""

FILE_SUFFIXES: dict[str, dict[str, str]] = {
    "docx": {"id": "kak", "en": "tor"},
    "xlsx": {"id": "rencana", "en": "plan"},
}
"""The last part of each file name, in the words a program manager uses in that language."""

PROGRESS_SUFFIXES: dict[str, dict[str, str]] = {
    "docx": {"id": "laporan-kemajuan", "en": "progress-report"},
    "xlsx": {"id": "kemajuan", "en": "progress"},
}
"""The same for the progress report (Word) and the progress workbook (Excel)."""


def export_file_name(program_id: str, kind: str, lang: str) -> str:
    """`air-bersih-sukamaju-kak.docx`, `air-bersih-sukamaju-plan.xlsx`."""
    return f"{program_id}-{FILE_SUFFIXES[kind][lang]}.{kind}"


def progress_file_name(program_id: str, kind: str, lang: str) -> str:
    """`air-bersih-sukamaju-laporan-kemajuan.docx`, `air-bersih-sukamaju-progress.xlsx`."""
    return f"{program_id}-{PROGRESS_SUFFIXES[kind][lang]}.{kind}"


def export_files(
    program: Program,
    lang: str,
    method_titles: dict[str, str] | None = None,
    formats: tuple[str, ...] = EXPORT_FORMATS,
    monitoring: CheckedMonitoring | None = None,
) -> dict[str, bytes]:
    """{file name: bytes} of the Word plan and the Excel workbook of one program in `lang`, and
    of its progress report (Word) and progress workbook (Excel) when it has monitoring."""
    from generator.export.docx import program_docx
    from generator.export.progress_docx import progress_docx
    from generator.export.progress_xlsx import progress_xlsx
    from generator.export.xlsx import program_xlsx

    files: dict[str, bytes] = {}
    if "docx" in formats:
        files[export_file_name(program.id, "docx", lang)] = program_docx(
            program, lang, method_titles
        )
    if "xlsx" in formats:
        files[export_file_name(program.id, "xlsx", lang)] = program_xlsx(
            program, lang, method_titles
        )
    if monitoring is None or monitoring.progress is None:
        return files
    if "docx" in formats:
        files[progress_file_name(program.id, "docx", lang)] = progress_docx(
            program, lang, monitoring, method_titles or {}
        )
    if "xlsx" in formats:
        files[progress_file_name(program.id, "xlsx", lang)] = progress_xlsx(
            program, lang, monitoring
        )
    return files
