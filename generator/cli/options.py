"""Options more than one command takes."""

from __future__ import annotations

import argparse
import datetime as dt

from generator.core.messages import _m


def report_date(value: str) -> dt.date:
    """`--as-of 2026-12-31` → a date."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _m("{value}: write the date as YYYY-MM-DD, e.g. 2026-12-31", value=repr(value))
        ) from None


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=report_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_m(
            "report date of the monitoring (default: the latest date in each program's "
            "monitoring files)"
        ),
    )


def add_no_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=_m(
            "check every program again instead of reusing the checks of unchanged programs "
            "kept in .daya-cache/"
        ),
    )
