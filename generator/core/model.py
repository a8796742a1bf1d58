"""Pydantic models of a program: the single source of truth for the program format.

Every field carries its description in English (`description`) and Indonesian
(`x-description-id` in the JSON Schema); the format reference page is generated from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    computed_field,
    model_validator,
)

from generator.core.messages import _m

SCHEMA_VERSION = 1

# --- Limits: what every output (Markdown, Word, Excel, the site) can show ---------------------

MAX_MONEY = 999_999_999_999_999
"""The largest amount, line or total: a spreadsheet keeps 15 significant digits exactly."""
MAX_VALUE = 1_000_000_000_000_000
"""The largest indicator value, either way (and no infinity or NaN: Strict refuses them)."""
MAX_QUANTITY = 1_000_000_000
"""The largest budget volume, and the largest target-group size."""
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)
"""Every date lies between these (spreadsheets start in 1900; schedules need the month after)."""
MAX_PERIOD_YEARS = 30
"""The longest program period; a longer one is planned as phases."""
MAX_TITLE = 200
"""Characters in a program title (a page title, and Word's title property holds 255)."""
MAX_TEXT = 20_000
"""Characters in any other text field (a spreadsheet cell holds 32,767)."""
MAX_LINE = 200
"""Characters in a single-line value: a name, an address part, a phone number."""

Language = Literal["id", "en"]


def describe(en: str, id: str, *, example: Any = None, **kwargs: Any) -> Any:
    """A pydantic Field with its description in both languages (and an optional example)."""
    extra: dict[str, Any] = {"x-description-id": id}
    if example is not None:
        kwargs["examples"] = [example]
    return Field(description=en, json_schema_extra=extra, **kwargs)


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# --- Value types -----------------------------------------------------------------------------

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9-])?$", max_length=64)
]
"""A lowercase id: names folders and is cited by references."""

Code = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9-])?$", max_length=32)
]
"""A short code for results, indicators, budget lines and risks (`OC1`, `A1.1.2`, `B10`)."""

WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}


def _names_a_folder_anywhere(ident: str) -> str:
    """A program id names folders and files, which Windows refuses for its device names."""
    if ident.split(".")[0] in WINDOWS_RESERVED:
        raise ValueError(
            _m(
                "'{id}' cannot name a folder on Windows (CON, PRN, AUX, NUL, COM1–COM9 and "
                "LPT1–LPT9 are reserved, with any extension); choose another id",
                id=ident,
            )
        )
    return ident


ProgramId = Annotated[Slug, AfterValidator(_names_a_folder_anywhere)]

Line = Annotated[str, StringConstraints(max_length=MAX_LINE)]
"""A single-line value: a name, an address part, a phone number."""

Money = Annotated[int, Field(gt=0, le=MAX_MONEY)]
Date = Annotated[dt.date, Field(ge=MIN_DATE, le=MAX_DATE)]


class TranslatedText(Strict):
    """Text given per language: `{id: ..., en: ...}`."""

    id: Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None = describe(
        "The text in Indonesian.", "Teks dalam bahasa Indonesia.", default=None
    )
    en: Annotated[str, StringConstraints(max_length=MAX_TEXT)] | None = describe(
        "The text in English.", "Teks dalam bahasa Inggris.", default=None
    )

    @model_validator(mode="after")
    def _one_language_at_least(self) -> TranslatedText:
        if not (self.id or self.en):
            raise ValueError(_m("give the text in at least one language (id or en)"))
        return self


class TranslatedTitle(TranslatedText):
    """A title given per language, as short as a page title must be."""

    id: Annotated[str, StringConstraints(max_length=MAX_TITLE)] | None = describe(
        "The title in Indonesian.", "Judul dalam bahasa Indonesia.", default=None
    )
    en: Annotated[str, StringConstraints(max_length=MAX_TITLE)] | None = describe(
        "The title in English.", "Judul dalam bahasa Inggris.", default=None
    )


def _text_kind(value: Any) -> str:
    return "text:translated" if isinstance(value, dict) else "text:plain"


Text = Annotated[
    Annotated[str, StringConstraints(max_length=MAX_TEXT), Tag("text:plain")]
    | Annotated[TranslatedText, Tag("text:translated")],
    Discriminator(_text_kind),
]
"""Free text: a string in the program's language, or `{id: ..., en: ...}`."""

Title = Annotated[
    Annotated[str, StringConstraints(max_length=MAX_TITLE), Tag("text:plain")]
    | Annotated[TranslatedTitle, Tag("text:translated")],
    Discriminator(_text_kind),
]
"""A title: short text, in the program's language or per language."""


def _value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "text:plain"
    if isinstance(value, int | float):
        return "value:number"
    return _text_kind(value)


Value = Annotated[
    Annotated[float, Field(ge=-MAX_VALUE, le=MAX_VALUE), Tag("value:number")]
    | Annotated[str, StringConstraints(max_length=MAX_TEXT), Tag("text:plain")]
    | Annotated[TranslatedText, Tag("text:translated")],
    Discriminator(_value_kind),
]
"""A measured value: a number, or text for qualitative indicators."""

IatiIdentifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._-]+$", max_length=MAX_LINE)
]
"""An IATI organisation identifier: a registration-agency prefix, then the registered number."""

FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
"""An XLSForm field name: a letter, then letters, digits or `_` (at most 32)."""

Level = Literal["low", "medium", "high"]
Frequency = Literal["monthly", "quarterly", "semiannual", "annual", "baseline-endline", "once"]

SECTORS = (
    "agriculture",
    "culture",
    "disaster-risk",
    "education",
    "energy",
    "environment",
    "fisheries",
    "gender",
    "governance",
    "health",
    "infrastructure",
    "livelihood",
    "nutrition",
    "social-protection",
    "water-sanitation",
)
Sector = Literal[SECTORS]  # type: ignore[valid-type]

BUDGET_CATEGORIES = (
    "personnel",
    "training",
    "meetings",
    "materials",
    "equipment",
    "works",
    "services",
    "travel",
    "grants",
    "monitoring",
    "overhead",
    "other",
)
BudgetCategory = Literal[BUDGET_CATEGORIES]  # type: ignore[valid-type]

DAC_CRITERIA = (
    "relevance",
    "coherence",
    "effectiveness",
    "efficiency",
    "impact",
    "sustainability",
)


# --- Sections --------------------------------------------------------------------------------


class Contact(Strict):
    name: Line = describe("Name of the contact person.", "Nama narahubung.")
    email: Line | None = describe(
        "Email address.", "Alamat surel.", default=None, example="rina@contoh.or.id"
    )
    phone: Line | None = describe("Phone number.", "Nomor telepon.", default=None)


class Organisation(Strict):
    name: Text = describe(
        "Name of the organisation that runs the program.", "Nama lembaga pelaksana program."
    )
    type: Literal["ngo", "government", "company", "community", "academic", "donor", "other"] = (
        describe("Kind of organisation.", "Jenis lembaga.")
    )
    identifier: IatiIdentifier | None = describe(
        "IATI organisation identifier (its prefix from org-id.guide).",
        "Pengenal organisasi IATI (awalannya dari org-id.guide).",
        default=None,
        example="ID-KHH-AHU-0012345.AH.01.04.2020",
    )
    contact: Contact | None = describe(
        "Who to contact about the program.", "Narahubung program.", default=None
    )


class Coordinates(Strict):
    lat: float = describe(
        "Latitude in decimal degrees.", "Lintang (derajat desimal).", ge=-90, le=90
    )
    lon: float = describe(
        "Longitude in decimal degrees.", "Bujur (derajat desimal).", ge=-180, le=180
    )


class Location(Strict):
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = describe(
        "Country code (ISO 3166-1 alpha-2).", "Kode negara (ISO 3166-1 alpha-2).", example="ID"
    )
    province: Line | None = describe("Province.", "Provinsi.", default=None)
    regency: Line | None = describe("Regency or city.", "Kabupaten atau kota.", default=None)
    district: Line | None = describe("District (kecamatan).", "Kecamatan.", default=None)
    village: Line | None = describe(
        "Village (desa/kelurahan).", "Desa atau kelurahan.", default=None
    )
    coordinates: Coordinates | None = describe(
        "A point in the program area.", "Titik koordinat wilayah program.", default=None
    )


class Period(Strict):
    start: Date = describe(
        "First day of the program (YYYY-MM-DD).",
        "Hari pertama program (TTTT-BB-HH).",
        example="2026-01-01",
    )
    end: Date = describe(
        "Last day of the program (YYYY-MM-DD).",
        "Hari terakhir program (TTTT-BB-HH).",
        example="2027-12-31",
    )


class TargetGroup(Strict):
    id: Slug = describe("Id of the group.", "Id kelompok.", example="rt-prasejahtera")
    name: Text = describe("Name of the group.", "Nama kelompok.")
    description: Text | None = describe(
        "Who belongs to the group.", "Siapa yang termasuk kelompok ini.", default=None
    )
    size: int | None = describe(
        "How many members.", "Jumlah anggota.", default=None, gt=0, le=MAX_QUANTITY
    )
    unit: Text | None = describe(
        "Unit of the size (households, people).",
        "Satuan jumlah (rumah tangga, orang).",
        default=None,
    )


class TeamMember(Strict):
    id: Slug = describe(
        "Id of the team role; cited by `responsible` and `owner`.",
        "Id peran dalam tim; dirujuk oleh `responsible` dan `owner`.",
        example="me",
    )
    role: Text = describe("The role.", "Peran.")
    name: Line | None = describe(
        "Name of the person, if known.", "Nama orangnya, bila sudah ada.", default=None
    )


class Stakeholder(Strict):
    id: Slug = describe("Id of the stakeholder.", "Id pemangku kepentingan.", example="pemdes")
    name: Text = describe("Name.", "Nama.")
    role: Text | None = describe(
        "Their role in the program.", "Perannya dalam program.", default=None
    )
    influence: Level = describe(
        "How much they can affect the program.", "Seberapa besar pengaruhnya terhadap program."
    )
    interest: Level = describe(
        "How much the program affects or concerns them.",
        "Seberapa besar kepentingannya terhadap program.",
    )
    stance: Literal["champion", "supporter", "neutral", "critic", "opponent"] = describe(
        "Their attitude to the program.", "Sikapnya terhadap program.", default="neutral"
    )
    engagement: Text | None = describe(
        "How the program engages them.", "Cara program melibatkan mereka.", default=None
    )


class Baseline(Strict):
    value: Value = describe("The value at baseline.", "Nilai awal.")
    date: Date = describe("When it was measured.", "Tanggal pengukuran.")
    source: Text | None = describe("Where the value comes from.", "Sumber nilai.", default=None)


class Target(Strict):
    date: Date = describe("When the target is due.", "Tenggat target.")
    value: Value = describe("The target value.", "Nilai target.")


class Collect(Strict):
    """How a form collects an indicator (see `forms`)."""

    form: Slug = describe("Id of the form.", "Id formulir.", example="survei-rt")
    field: FieldName = describe(
        "Name of the question in the XLSForm: a letter, then letters, digits or `_`.",
        "Nama pertanyaan di XLSForm: huruf, lalu huruf, angka atau `_`.",
        example="air_layak",
    )
    question: Text = describe("The question as asked.", "Pertanyaan yang diajukan.")
    type: Literal["yes-no", "integer", "decimal"] = describe("Kind of answer.", "Jenis jawaban.")
    value: Literal["share-yes", "sum", "mean", "count"] = describe(
        "How the answers make the indicator's value.",
        "Cara jawaban diolah menjadi nilai indikator.",
    )


class Indicator(Strict):
    id: Code = describe("Id of the indicator.", "Id indikator.", example="OC1.1")
    name: Text = describe("What is measured.", "Apa yang diukur.")
    definition: Text | None = describe(
        "How it is calculated, if the name is not enough.",
        "Cara menghitungnya, bila nama saja belum cukup.",
        default=None,
    )
    measure: Literal["number", "percentage", "text"] = describe(
        "Kind of value.", "Jenis nilai.", default="number"
    )
    unit: Text | None = describe("Unit of the value.", "Satuan nilai.", default=None)
    direction: Literal["increase", "decrease", "maintain"] | None = describe(
        "Which way the value should move.", "Arah perubahan yang diharapkan.", default=None
    )
    aggregation: Literal["last", "sum"] = describe(
        "last: a reported value is the state at its date (stocks, rates, percentages); sum: it "
        "counts only its own period, and the value to date adds the periods to the baseline.",
        "last: nilai yang dilaporkan adalah keadaan pada tanggalnya (stok, angka, persentase); "
        "sum: nilai hanya menghitung periodenya sendiri, dan nilai sampai kini menjumlahkan "
        "semua periode ke nilai awal.",
        default="last",
    )
    baseline: Baseline | None = describe("Value before the program.", "Nilai awal.", default=None)
    targets: list[Target] = describe(
        "Target values by date.", "Nilai target per tanggal.", default_factory=list
    )
    disaggregation: list[Slug] = describe(
        "How the data is broken down (sex, age, hamlet...).",
        "Pemilahan data (jenis kelamin, umur, dusun...).",
        default_factory=list,
    )
    means_of_verification: Text | None = describe(
        "The evidence that shows the value.", "Bukti yang menunjukkan nilai.", default=None
    )
    method: Slug | None = describe(
        "Id of the handbook method used to collect it.",
        "Id metode buku panduan untuk mengumpulkannya.",
        default=None,
    )
    frequency: Frequency | None = describe(
        "How often it is measured.", "Seberapa sering diukur.", default=None
    )
    collect: Collect | None = describe(
        "The form question that collects this indicator.",
        "Pertanyaan formulir yang mengumpulkan indikator ini.",
        default=None,
    )
    responsible: Slug | None = describe(
        "Id of the team role that measures it.",
        "Id peran tim yang mengukurnya.",
        default=None,
    )


class Activity(Strict):
    id: Code = describe("Id of the activity.", "Id kegiatan.", example="A1.1.1")
    title: Text = describe("What is done.", "Apa yang dikerjakan.")
    description: Text | None = describe("More detail.", "Uraian lebih rinci.", default=None)
    start: Date = describe("Start date.", "Tanggal mulai.")
    end: Date = describe("End date.", "Tanggal selesai.")
    milestone: bool = describe(
        "True for a one-off event to mark on the schedule (e.g. a public consultation).",
        "True untuk peristiwa penting yang ditandai di jadwal (mis. konsultasi publik).",
        default=False,
    )
    responsible: Slug | None = describe(
        "Id of the team role in charge.", "Id peran tim penanggung jawab.", default=None
    )
    methods: list[Slug] = describe(
        "Ids of the handbook methods used.",
        "Id metode buku panduan yang dipakai.",
        default_factory=list,
    )


class Output(Strict):
    id: Code = describe("Id of the output.", "Id keluaran.", example="OP1.1")
    statement: Text = describe(
        "What the program delivers.", "Apa yang dihasilkan langsung oleh program."
    )
    assumptions: list[Text] = describe(
        "Conditions outside the program's control that must hold.",
        "Kondisi di luar kendali program yang harus terpenuhi.",
        default_factory=list,
    )
    indicators: list[Indicator] = describe("Indicators.", "Indikator.", default_factory=list)
    activities: list[Activity] = describe("Activities.", "Kegiatan.", default_factory=list)


class Outcome(Strict):
    id: Code = describe("Id of the outcome.", "Id hasil.", example="OC1")
    statement: Text = describe(
        "The change the program aims for.", "Perubahan yang ingin dicapai program."
    )
    assumptions: list[Text] = describe(
        "Conditions outside the program's control that must hold.",
        "Kondisi di luar kendali program yang harus terpenuhi.",
        default_factory=list,
    )
    indicators: list[Indicator] = describe("Indicators.", "Indikator.", default_factory=list)
    outputs: list[Output] = describe("Outputs.", "Keluaran.", default_factory=list)


class Goal(Strict):
    statement: Text = describe(
        "The long-term change the program contributes to.",
        "Perubahan jangka panjang yang didukung program.",
    )
    indicators: list[Indicator] = describe("Indicators.", "Indikator.", default_factory=list)


class Results(Strict):
    goal: Goal = describe("The goal (impact).", "Tujuan (dampak).")
    outcomes: list[Outcome] = describe(
        "Outcomes, each with its outputs and activities.",
        "Hasil, masing-masing dengan keluaran dan kegiatannya.",
        min_length=1,
    )

    def outputs(self) -> Iterator[Output]:
        for outcome in self.outcomes:
            yield from outcome.outputs

    def activities(self) -> Iterator[Activity]:
        for output in self.outputs():
            yield from output.activities

    def indicators(self) -> Iterator[Indicator]:
        yield from self.goal.indicators
        for outcome in self.outcomes:
            yield from outcome.indicators
            for output in outcome.outputs:
                yield from output.indicators


class Funding(Strict):
    id: Slug = describe(
        "Id of the source; cited by budget lines.",
        "Id sumber dana; dirujuk baris anggaran.",
        example="csr",
    )
    name: Text = describe("Name of the source.", "Nama sumber dana.")
    type: Literal["grant", "cofinancing", "in-kind", "loan", "other"] = describe(
        "Kind of funding.", "Jenis pendanaan."
    )
    amount: Money = describe(
        "Amount committed, in the budget currency.",
        "Jumlah komitmen, dalam mata uang anggaran.",
    )
    identifier: IatiIdentifier | None = describe(
        "IATI organisation identifier of the funder.",
        "Pengenal organisasi IATI penyandang dana.",
        default=None,
        example="XM-DAC-41114",
    )


class BudgetLine(Strict):
    id: Code = describe("Id of the line.", "Id baris.", example="B1")
    activity: Code | None = describe(
        "Id of the activity it pays for (none for shared costs).",
        "Id kegiatan yang dibiayai (kosong untuk biaya bersama).",
        default=None,
    )
    category: BudgetCategory = describe("Cost category.", "Kategori biaya.")
    item: Text = describe("What is bought or paid.", "Uraian barang atau jasa.")
    quantity: float = describe("Volume.", "Volume.", gt=0, le=MAX_QUANTITY)
    unit: Text = describe("Unit of the volume.", "Satuan volume.")
    unit_cost: Money = describe(
        "Cost of one unit, a whole amount in the budget currency.",
        "Harga satuan, bilangan bulat dalam mata uang anggaran.",
    )
    funder: Slug = describe("Id of the funding source.", "Id sumber dana.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def amount(self) -> int:
        """Quantity × unit cost, rounded to a whole amount."""
        return round(self.quantity * self.unit_cost)


class Budget(Strict):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = describe(
        "Currency code (ISO 4217).", "Kode mata uang (ISO 4217).", example="IDR"
    )
    lines: list[BudgetLine] = describe("Budget lines.", "Baris anggaran.", default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


class Risk(Strict):
    id: Code = describe("Id of the risk.", "Id risiko.", example="R1")
    description: Text = describe("What could go wrong.", "Apa yang bisa terjadi.")
    category: Literal[
        "environmental", "financial", "operational", "social", "political", "safeguarding", "other"
    ] = describe("Kind of risk.", "Jenis risiko.")
    likelihood: int = describe(
        "1 (rare) to 5 (almost certain).", "1 (jarang) sampai 5 (hampir pasti).", ge=1, le=5
    )
    impact: int = describe("1 (minor) to 5 (severe).", "1 (kecil) sampai 5 (berat).", ge=1, le=5)
    mitigation: Text = describe("What the program does about it.", "Langkah pengendalian.")
    owner: Slug | None = describe(
        "Id of the team role that watches it.", "Id peran tim yang memantaunya.", default=None
    )
    assumption: Code | None = describe(
        "Id of the outcome or output whose assumption this risk watches.",
        "Id hasil atau keluaran yang asumsinya dipantau risiko ini.",
        default=None,
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class EvaluationQuestions(Strict):
    relevance: list[Text] = describe(
        "Is the program doing the right things?",
        "Apakah program melakukan hal yang tepat?",
        default_factory=list,
    )
    coherence: list[Text] = describe(
        "How well does it fit with other interventions?",
        "Seberapa selaras dengan intervensi lain?",
        default_factory=list,
    )
    effectiveness: list[Text] = describe(
        "Is it achieving its objectives?", "Apakah tujuannya tercapai?", default_factory=list
    )
    efficiency: list[Text] = describe(
        "How well are resources used?",
        "Seberapa baik sumber daya digunakan?",
        default_factory=list,
    )
    impact: list[Text] = describe(
        "What difference does it make?", "Perubahan apa yang dihasilkan?", default_factory=list
    )
    sustainability: list[Text] = describe(
        "Will the benefits last?", "Apakah manfaatnya akan bertahan?", default_factory=list
    )


class EvaluationEvent(Strict):
    type: Literal["baseline", "midterm", "endline", "final", "ex-post", "other"] = describe(
        "Kind of evaluation event.", "Jenis kegiatan evaluasi."
    )
    date: Date = describe("When it takes place.", "Tanggal pelaksanaan.")
    method: Slug | None = describe(
        "Id of the main handbook method.", "Id metode utama buku panduan.", default=None
    )
    by: Literal["internal", "external", "joint"] = describe(
        "Who carries it out.", "Siapa pelaksananya.", default="internal"
    )


class Evaluation(Strict):
    questions: EvaluationQuestions = describe(
        "Evaluation questions by OECD-DAC criterion.",
        "Pertanyaan evaluasi per kriteria OECD-DAC.",
        default_factory=EvaluationQuestions,
    )
    events: list[EvaluationEvent] = describe(
        "Baseline, midterm, endline and other evaluation events.",
        "Baseline, evaluasi tengah, endline dan kegiatan evaluasi lain.",
        default_factory=list,
    )


class Report(Strict):
    audience: Slug = describe(
        "Id of the stakeholder or funder who receives it.",
        "Id pemangku kepentingan atau penyandang dana penerimanya.",
    )
    frequency: Frequency = describe("How often.", "Seberapa sering.")
    format: Text = describe("What is delivered.", "Bentuk laporan.")


class Category(Strict):
    id: Slug = describe("Id of the category.", "Id kategori.", example="cikoneng")
    name: Text = describe("Name of the category.", "Nama kategori.")


class Disaggregation(Strict):
    name: Text = describe("Name of the disaggregation.", "Nama pemilahan.")
    categories: list[Category] = describe(
        "Its categories, in the order reports show them.",
        "Kategorinya, dalam urutan yang ditampilkan laporan.",
        min_length=1,
    )


class Form(Strict):
    id: Slug = describe("Id of the form.", "Id formulir.", example="survei-rt")
    title: Text = describe("Title of the form.", "Judul formulir.")
    unit: Text = describe(
        "What one submission describes (a household, a person).",
        "Apa yang digambarkan satu isian (rumah tangga, orang).",
    )


class Iati(Strict):
    sectors: list[Annotated[str, StringConstraints(pattern=r"^\d{5}$")]] = describe(
        "DAC 5-digit purpose codes that replace the crosswalk from `sectors`.",
        "Kode tujuan DAC 5 digit yang menggantikan padanan dari `sectors`.",
        default_factory=list,
    )


class Thresholds(Strict):
    on_track: float = describe(
        "Achievement from which an indicator is on track (0.85 = 85 %).",
        "Capaian mulai dari mana indikator dinilai sesuai rencana (0,85 = 85 %).",
        default=0.85,
        gt=0,
        le=1,
    )
    at_risk: float = describe(
        "Achievement from which an indicator is at risk rather than off track.",
        "Capaian mulai dari mana indikator dinilai berisiko, bukan melenceng.",
        default=0.60,
        gt=0,
        le=1,
    )


class MonitoringSettings(Strict):
    thresholds: Thresholds = describe(
        "Where the statuses of achievement begin.",
        "Batas status capaian.",
        default_factory=Thresholds,
    )


class Checks(Strict):
    ignore: list[Annotated[str, StringConstraints(pattern=r"^D[36]\d\d$")]] = describe(
        "Warning codes (D3xx, D6xx) not to report for this program.",
        "Kode peringatan (D3xx, D6xx) yang tidak dilaporkan untuk program ini.",
        default_factory=list,
    )


class Program(Strict):
    """A community development program: everything Daya needs to write its planning documents."""

    schema_version: Literal[1] = describe(
        "Version of the program format.", "Versi format program.", example=1
    )
    id: ProgramId = describe(
        "Id of the program; names its folder and its pages.",
        "Id program; menjadi nama folder dan halamannya.",
        example="air-bersih-sukamaju",
    )
    language: Language = describe(
        "Language of the plain-text fields.", "Bahasa teks biasa dalam berkas."
    )
    title: Title = describe("Title of the program.", "Judul program.")
    summary: Text | None = describe(
        "Two or three sentences on the program.", "Ringkasan dua atau tiga kalimat.", default=None
    )
    status: Literal["planned", "active", "completed", "suspended", "cancelled"] = describe(
        "Where the program stands.", "Status program."
    )
    organisation: Organisation = describe("Who runs it.", "Lembaga pelaksana.")
    location: Location = describe("Where it takes place.", "Lokasi program.")
    period: Period = describe("When it runs.", "Periode program.")
    sectors: list[Sector] = describe(
        "Sectors of the program.", "Sektor program.", default_factory=list
    )
    sdg_targets: list[Annotated[str, StringConstraints(pattern=r"^\d{1,2}\.[0-9a-z]{1,2}$")]] = (
        describe(
            'SDG target numbers, quoted ("6.1").',
            'Nomor target SDGs, dalam tanda kutip ("6.1").',
            default_factory=list,
        )
    )
    methods: list[Slug] = describe(
        "Ids of the handbook methods the program uses.",
        "Id metode buku panduan yang dipakai program.",
        default_factory=list,
    )
    background: Text | None = describe(
        "The situation the program responds to.", "Latar belakang program.", default=None
    )
    disaggregations: dict[Slug, Disaggregation] = describe(
        "Categories of the disaggregations the indicators use (sex, sex-of-household-head and "
        "disability are built in).",
        "Kategori pemilahan yang dipakai indikator (sex, sex-of-household-head dan disability "
        "sudah tersedia).",
        default_factory=dict,
    )
    forms: list[Form] = describe(
        "Data-collection forms made from the indicators that name them.",
        "Formulir pengumpulan data yang dibuat dari indikator yang menyebutnya.",
        default_factory=list,
    )
    target_groups: list[TargetGroup] = describe(
        "Who the program is for.", "Kelompok sasaran.", default_factory=list
    )
    team: list[TeamMember] = describe(
        "Roles in the program team.", "Peran dalam tim program.", default_factory=list
    )
    stakeholders: list[Stakeholder] = describe(
        "Parties with influence on or interest in the program.",
        "Pihak yang berpengaruh atau berkepentingan.",
        default_factory=list,
    )
    results: Results = describe(
        "Goal, outcomes, outputs and activities with their indicators.",
        "Tujuan, hasil, keluaran dan kegiatan beserta indikatornya.",
    )
    funding: list[Funding] = describe(
        "Where the money comes from.", "Sumber pendanaan.", default_factory=list
    )
    budget: Budget | None = describe("The budget (RAB).", "Anggaran (RAB).", default=None)
    risks: list[Risk] = describe("The risk register.", "Daftar risiko.", default_factory=list)
    evaluation: Evaluation = describe(
        "Evaluation questions and events.",
        "Pertanyaan dan kegiatan evaluasi.",
        default_factory=Evaluation,
    )
    reporting: list[Report] = describe(
        "Who gets which report, how often.",
        "Siapa menerima laporan apa, seberapa sering.",
        default_factory=list,
    )
    iati: Iati = describe(
        "Settings of the IATI export.", "Pengaturan ekspor IATI.", default_factory=Iati
    )
    monitoring: MonitoringSettings = describe(
        "Settings of the progress report.",
        "Pengaturan laporan kemajuan.",
        default_factory=MonitoringSettings,
    )
    checks: Checks = describe(
        "Settings of `daya check` for this program.",
        "Pengaturan `daya check` untuk program ini.",
        default_factory=Checks,
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def funding_total(self) -> int:
        return sum(source.amount for source in self.funding)

    def budget_total(self) -> int:
        return self.budget.total if self.budget else 0

    def budget_by_funder(self) -> dict[str, int]:
        """Budget amount per funding id, in the order of `funding` then unknown ids."""
        totals = {source.id: 0 for source in self.funding}
        for line in self.budget.lines if self.budget else []:
            totals[line.funder] = totals.get(line.funder, 0) + line.amount
        return totals

    def cited_methods(self) -> set[str]:
        """Every handbook method id the program cites, wherever it cites it."""
        cited = set(self.methods)
        for activity in self.results.activities():
            cited.update(activity.methods)
        cited.update(i.method for i in self.results.indicators() if i.method)
        cited.update(e.method for e in self.evaluation.events if e.method)
        return cited
