"""The portfolio: every program's standing at its own report date, and the sums by funder,
sector and province, one currency at a time.

A program's standing is computed from its Progress view once (`program_standing`) and kept as
JSON between builds (the site's cache); the portfolio (`portfolio_view`) adds standings up.
Every figure the portfolio page or the catalogue shows is computed here; templates only lay
them out. Money in two currencies is never added: each sum belongs to one currency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.core.model import Program
from generator.core.monitoring.checks import CheckedMonitoring
from generator.core.monitoring.progress import STATUSES, share
from generator.core.views import shown

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class FunderStanding:
    """One funding source of one program: planned and (when reported) realised amounts."""

    key: str
    """`identifier:<IATI id>` when the source has one, else `name:<its name, casefolded>`."""
    names: dict[str, str]
    """The source's name by language, as the program writes it."""
    planned: int
    realised: Decimal | None


@dataclass(frozen=True)
class Standing:
    """Where one program stands, as of its own report date (None: no monitoring records)."""

    id: str
    title: dict[str, str]
    currency: str
    planned: int
    realised: Decimal | None
    as_of: dt.date | None
    time_elapsed: Decimal | None
    status_counts: tuple[tuple[str, int], ...]
    sectors: tuple[str, ...]
    province: str
    funders: tuple[FunderStanding, ...]

    @property
    def reporting(self) -> bool:
        return self.as_of is not None

    @property
    def share(self) -> Decimal | None:
        """Absorption: realised ÷ planned."""
        return share(self.realised, self.planned) if self.realised is not None else None


def funder_key(identifier: str | None, name: str) -> str:
    if identifier:
        return f"identifier:{identifier}"
    return "name:" + " ".join(name.split()).casefold()


def program_standing(program: Program, monitoring: CheckedMonitoring | None) -> Standing:
    """A program's standing from its plan and, when it has records, its Progress view."""
    progress = monitoring.progress if monitoring is not None else None
    realised_by_funder = {f.key: f.realised for f in progress.budget.by_funder} if progress else {}
    funders = []
    for source in program.funding:
        planned = program.budget_by_funder().get(source.id, 0)
        names = {lang: shown(program, source.name, lang).text for lang in LANGUAGES}
        funders.append(
            FunderStanding(
                funder_key(source.identifier, names[program.language]),
                names,
                planned,
                realised_by_funder.get(source.id, Decimal(0)) if progress else None,
            )
        )
    return Standing(
        id=program.id,
        title={lang: shown(program, program.title, lang).text for lang in LANGUAGES},
        currency=program.budget.currency if program.budget else "IDR",
        planned=program.budget_total(),
        realised=progress.budget.total.realised if progress else None,
        as_of=progress.as_of if progress else None,
        time_elapsed=progress.budget.time_elapsed if progress else None,
        status_counts=progress.status_counts() if progress else (),
        sectors=tuple(program.sectors),
        province=program.location.province or "",
        funders=tuple(funders),
    )


# --- Kept between builds as JSON -------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def standing_to_json(standing: Standing) -> dict[str, Any]:
    return {
        "id": standing.id,
        "title": standing.title,
        "currency": standing.currency,
        "planned": standing.planned,
        "realised": _decimal(standing.realised),
        "as_of": standing.as_of.isoformat() if standing.as_of else None,
        "time_elapsed": _decimal(standing.time_elapsed),
        "status_counts": [[status, n] for status, n in standing.status_counts],
        "sectors": list(standing.sectors),
        "province": standing.province,
        "funders": [
            {
                "key": f.key,
                "names": f.names,
                "planned": f.planned,
                "realised": _decimal(f.realised),
            }
            for f in standing.funders
        ],
    }


def standing_from_json(data: dict[str, Any]) -> Standing:
    """The inverse of `standing_to_json`; raises KeyError, TypeError or ValueError (decimal's
    InvalidOperation is one) on anything else."""

    def number(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    counts = tuple((str(s), int(n)) for s, n in data["status_counts"])
    if any(s not in STATUSES for s, _ in counts):
        raise ValueError("unknown status")
    return Standing(
        id=str(data["id"]),
        title={lang: str(data["title"][lang]) for lang in LANGUAGES},
        currency=str(data["currency"]),
        planned=int(data["planned"]),
        realised=number(data["realised"]),
        as_of=dt.date.fromisoformat(data["as_of"]) if data["as_of"] else None,
        time_elapsed=number(data["time_elapsed"]),
        status_counts=counts,
        sectors=tuple(str(s) for s in data["sectors"]),
        province=str(data["province"]),
        funders=tuple(
            FunderStanding(
                str(f["key"]),
                {lang: str(f["names"][lang]) for lang in LANGUAGES},
                int(f["planned"]),
                number(f["realised"]),
            )
            for f in data["funders"]
        ),
    )


# --- The portfolio ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A sum over programs in one currency: the whole portfolio, a funder, a sector, a province.

    Absorption counts only the programs that report: realised ÷ the budget of those programs.
    """

    key: str
    names: dict[str, str]
    """What to call the group, by language (empty for sectors: their label names them)."""
    currency: str
    programs: int
    reporting: int
    planned: Decimal
    planned_reporting: Decimal
    realised: Decimal
    status_counts: tuple[tuple[str, int], ...]
    part_of_currency: Decimal | None = None
    """Its budget as a share of the portfolio's budget in the same currency (the bars)."""

    @property
    def share(self) -> Decimal | None:
        return share(self.realised, self.planned_reporting) if self.reporting else None


@dataclass(frozen=True)
class Portfolio:
    programs: tuple[Standing, ...]
    """Sorted by currency, then title (in Indonesian, the site's first language)."""
    totals: tuple[Group, ...]
    """One per currency, largest budget first."""
    by_funder: tuple[Group, ...]
    by_sector: tuple[Group, ...]
    by_province: tuple[Group, ...]
    status_counts: tuple[tuple[str, int], ...]
    """Indicators by status over every reporting program (counts know no currency)."""
    report_dates: tuple[dt.date, ...]
    """The distinct report dates, earliest first."""

    @property
    def reporting(self) -> int:
        return sum(1 for s in self.programs if s.reporting)


@dataclass
class _Sum:
    names: dict[str, str]
    programs: set[str]
    reporting: set[str]
    planned: Decimal = Decimal(0)
    planned_reporting: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, standing: Standing, planned: Decimal, realised: Decimal | None) -> None:
        self.programs.add(standing.id)
        self.planned += planned
        if standing.reporting:
            self.reporting.add(standing.id)
            self.planned_reporting += planned
            self.realised += realised or Decimal(0)
            for status, n in standing.status_counts:
                self.counts[status] = self.counts.get(status, 0) + n


def _groups(sums: dict[tuple[str, str], _Sum], totals: dict[str, Decimal]) -> tuple[Group, ...]:
    groups = [
        Group(
            key=key,
            names=s.names,
            currency=currency,
            programs=len(s.programs),
            reporting=len(s.reporting),
            planned=s.planned,
            planned_reporting=s.planned_reporting,
            realised=s.realised,
            status_counts=_ordered(s.counts),
            part_of_currency=share(s.planned, totals[currency]) if totals.get(currency) else None,
        )
        for (currency, key), s in sums.items()
    ]
    order = {c: n for n, c in enumerate(sorted(totals, key=lambda c: (-totals[c], c)))}
    groups.sort(key=lambda g: (order[g.currency], -g.planned, g.names.get("id", g.key), g.key))
    return tuple(groups)


def _ordered(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple((s, counts[s]) for s in STATUSES if counts.get(s))


def portfolio_view(standings: Iterable[Standing]) -> Portfolio:
    """Every program's standing and the sums by currency, funder, sector and province.

    A program with several sectors counts an equal part of its budget in each (and once in the
    number of programs of each); a funder is one group across programs when its IATI
    identifier is the same, else when its name is.
    """
    programs = tuple(sorted(standings, key=lambda s: (s.currency, s.title["id"].casefold(), s.id)))
    totals: dict[tuple[str, str], _Sum] = {}
    funders: dict[tuple[str, str], _Sum] = {}
    sectors: dict[tuple[str, str], _Sum] = {}
    provinces: dict[tuple[str, str], _Sum] = {}
    one = Decimal(1)

    def into(
        table: dict[tuple[str, str], _Sum], key: str, names: dict[str, str], s: Standing
    ) -> _Sum:
        return table.setdefault((s.currency, key), _Sum(names, set(), set()))

    for s in programs:
        planned = Decimal(s.planned)
        into(totals, s.currency, {}, s).add(s, planned, s.realised)
        for funder in s.funders:
            into(funders, funder.key, funder.names, s).add(
                s, Decimal(funder.planned), funder.realised
            )
        parts = Decimal(len(s.sectors)) if s.sectors else one
        for sector in s.sectors or ("",):
            into(sectors, sector, {}, s).add(
                s, planned / parts, (s.realised / parts) if s.realised is not None else None
            )
        into(provinces, s.province, {lang: s.province for lang in LANGUAGES}, s).add(
            s, planned, s.realised
        )
    by_currency = {currency: t.planned for (currency, _), t in totals.items()}
    counts: dict[str, int] = {}
    for s in programs:
        for status, n in s.status_counts:
            counts[status] = counts.get(status, 0) + n
    return Portfolio(
        programs=programs,
        totals=_groups(totals, by_currency),
        by_funder=_groups(funders, by_currency),
        by_sector=_groups(sectors, by_currency),
        by_province=_groups(provinces, by_currency),
        status_counts=_ordered(counts),
        report_dates=tuple(sorted({s.as_of for s in programs if s.as_of is not None})),
    )
