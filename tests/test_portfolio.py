"""The portfolio view: sums per currency, funders by identifier else name, sectors split."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from generator.core.portfolio import (
    FunderStanding,
    Standing,
    funder_key,
    portfolio_view,
    standing_from_json,
    standing_to_json,
)


def standing(
    pid: str,
    currency: str,
    planned: int,
    realised: int | None,
    funders: list[tuple[str | None, str, int, int | None]],
    sectors: tuple[str, ...] = ("health",),
    province: str = "Jawa Barat",
) -> Standing:
    return Standing(
        id=pid,
        title={"id": pid, "en": pid},
        currency=currency,
        planned=planned,
        realised=Decimal(realised) if realised is not None else None,
        as_of=dt.date(2026, 12, 31) if realised is not None else None,
        time_elapsed=Decimal("0.5") if realised is not None else None,
        status_counts=(("on-track", 2),) if realised is not None else (),
        sectors=sectors,
        province=province,
        funders=tuple(
            FunderStanding(
                funder_key(ident, name),
                {"id": name, "en": name},
                amount,
                Decimal(spent) if spent is not None else None,
            )
            for ident, name, amount, spent in funders
        ),
    )


PROGRAMS = [
    standing("a", "IDR", 1000, 500, [("XM-DAC-1", "Bank A", 1000, 500)], ("health", "water")),
    standing("b", "IDR", 3000, None, [(None, "Dana  Desa", 3000, None)], province="NTB"),
    standing("c", "USD", 200, 50, [("XM-DAC-1", "Bank A (USD office)", 200, 50)]),
    standing("d", "IDR", 600, 600, [(None, "dana desa", 600, 600)]),
]


def test_money_in_two_currencies_is_never_added() -> None:
    view = portfolio_view(PROGRAMS)
    totals = {g.currency: g for g in view.totals}
    assert set(totals) == {"IDR", "USD"}
    assert totals["IDR"].planned == 4600 and totals["IDR"].realised == 1100
    assert totals["IDR"].planned_reporting == 1600, "b reports nothing: not in the absorption"
    assert totals["IDR"].share == Decimal(1100) / Decimal(1600)
    assert (totals["USD"].planned, totals["USD"].realised) == (200, 50)
    assert view.status_counts == (("on-track", 6),)


def test_funders_group_by_identifier_else_by_name_within_a_currency() -> None:
    funders = {(g.currency, g.key): g for g in portfolio_view(PROGRAMS).by_funder}
    assert funders["IDR", "name:dana desa"].programs == 2, "the same name, spaced and cased"
    assert funders["IDR", "identifier:XM-DAC-1"].planned == 1000
    assert funders["USD", "identifier:XM-DAC-1"].planned == 200, "one funder, two currencies"


def test_a_program_with_several_sectors_counts_an_equal_part_in_each() -> None:
    sectors = {(g.currency, g.key): g for g in portfolio_view(PROGRAMS).by_sector}
    assert sectors["IDR", "water"].planned == 500 and sectors["IDR", "water"].realised == 250
    assert sectors["IDR", "health"].planned == 500 + 3000 + 600
    assert sectors["IDR", "health"].programs == 3


def test_a_standing_survives_the_cache() -> None:
    for item in PROGRAMS:
        assert standing_from_json(standing_to_json(item)) == item
