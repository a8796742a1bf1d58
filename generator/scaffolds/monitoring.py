"""The empty monitoring/ folder every new program starts with: three CSV headers and a README.

The four program templates and `daya new` all get it from here, through the post_gen hook
(`hooks.after_bake`), so the column order of the monitoring contract is written in one place.
The files hold the header row only: a program records what happened once it has started.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.monitoring.files import COLUMNS, FOLDER
from generator.core.monitoring.records import STATUSES

MONITORING_FOLDER = FOLDER

HEADERS: dict[str, tuple[str, ...]] = {f"{kind}.csv": columns for kind, columns in COLUMNS.items()}
"""Each monitoring file and its columns, in the order the contract gives them."""

__all__ = ["HEADERS", "MONITORING_FOLDER", "STATUSES"]

GUIDE_PAGE = {"id": "docs/guide/monitoring.md", "en": "docs/guide/monitoring.en.md"}

README = {
    "id": """\
# Data pemantauan

Folder ini mencatat apa yang benar-benar terjadi, untuk dibandingkan Daya dengan rencana di
`program.yaml`. Isi berkas CSV dengan aplikasi lembar kerja (simpan sebagai CSV UTF-8,
dipisah koma) atau editor teks. Baris pertama (judul kolom) jangan diubah. Tanggal ditulis
`TTTT-BB-HH`, angka desimal memakai titik dan tanpa pemisah ribuan (`58.5`, `1000000`).

- `results.csv`: nilai indikator, satu baris per indikator, tanggal dan kategori. Kolom
  `disaggregation` kosong untuk total, atau `dimensi=kategori` (misalnya `sex=female`).
  Untuk persentase, isi juga `numerator` dan `denominator`.

  ```text
  indicator,period_end,disaggregation,value,numerator,denominator,source,collected_on,note
  OP1.1.1,2026-06-30,,48,,,Berita acara uji fungsi triwulan II,2026-07-03,
  ```

- `spending.csv`: belanja yang sudah terjadi per mata anggaran (`budget_line`). Jumlah negatif
  (pengembalian atau koreksi) wajib diberi catatan.

  ```text
  budget_line,date,amount,source,note
  B2,2026-06-30,161200000,SPJ 2026-031,Pipa tahap 1
  ```

- `activities.csv`: status kegiatan pada suatu tanggal. Status: `not-started` (belum mulai),
  `in-progress` (berjalan), `done` (selesai), `delayed` (tertunda), `cancelled` (dibatalkan).

  ```text
  activity,date,status,note
  A1.1.1,2026-03-31,done,Desain disepakati dalam musyawarah dusun
  ```

- `narrative/TTTT-BB-HH.md`: narasi tim untuk laporan per tanggal itu (ringkasan, kendala,
  pembelajaran, rencana berikutnya).

Setiap baris perlu sumber (`source`): nomor SPJ, daftar hadir, berita acara, nama survei.
Persetujuan data adalah tinjauan *pull request*. Jangan menyimpan data mentah survei yang
memuat data pribadi warga di repositori ini (UU No. 27 Tahun 2022 tentang Pelindungan Data
Pribadi); simpan rekapnya saja.

Periksa dengan `daya check`, buat laporan kemajuan dengan `daya generate`. Panduan lengkap:
halaman *Mencatat hasil, belanja dan status kegiatan* di buku panduan
(`{guide}` di repositori Daya).
""",
    "en": """\
# Monitoring data

This folder records what actually happened, for Daya to compare with the plan in
`program.yaml`. Edit the CSV files in a spreadsheet (save as CSV UTF-8, comma-separated) or a
text editor. Keep the first row (the column names) as it is. Write dates as `YYYY-MM-DD`, and
numbers with a `.` for decimals and no thousands separator (`58.5`, `1000000`).

- `results.csv`: indicator values, one row per indicator, date and category. Leave
  `disaggregation` empty for the total, or write `dimension=category` (for example
  `sex=female`). For a percentage, fill in `numerator` and `denominator` too.

  ```text
  indicator,period_end,disaggregation,value,numerator,denominator,source,collected_on,note
  OP1.1.1,2026-06-30,,48,,,Quarter 2 connection test report,2026-07-03,
  ```

- `spending.csv`: what was actually spent, per budget line (`budget_line`). A negative amount
  (a refund or correction) needs a note.

  ```text
  budget_line,date,amount,source,note
  B2,2026-06-30,161200000,Payment voucher 2026-031,Pipes for phase 1
  ```

- `activities.csv`: an activity's status on a date. Status: `not-started`, `in-progress`,
  `done`, `delayed` or `cancelled`.

  ```text
  activity,date,status,note
  A1.1.1,2026-03-31,done,Design agreed at the hamlet meeting
  ```

- `narrative/YYYY-MM-DD.md`: the team's narrative for the report as of that date (summary,
  problems, lessons, plans for the next period).

Every row needs a `source`: a voucher number, an attendance list, a report, a survey.
Reviewing the pull request is the approval. Never put raw survey data holding residents'
personal data in this repository (Law No. 27 of 2022 on Personal Data Protection); keep only
the totals.

Check with `daya check`, and write the progress report with `daya generate`. The full guide is
the handbook page *Recording results, spending and activity status* (`{guide}` in the Daya
repository).
""",
}


def header_row(columns: tuple[str, ...]) -> str:
    return ",".join(columns) + "\n"


def readme_text(language: str) -> str:
    lang = "en" if language == "en" else "id"
    return README[lang].format(guide=GUIDE_PAGE[lang])


def write_monitoring_folder(program_dir: Path, language: str) -> Path:
    """Write program_dir/monitoring/ with the header-only CSV files and the README in the
    program's language (UTF-8 without BOM, `\\n` line ends). Files already there are kept."""
    folder = program_dir / MONITORING_FOLDER
    folder.mkdir(exist_ok=True)
    files = {name: header_row(columns) for name, columns in HEADERS.items()}
    files["README.md"] = readme_text(language)
    for name, text in files.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(text.encode("utf-8"))
    return folder
