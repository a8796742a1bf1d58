"""The IATI activity file (standard 2.03) of programs: laid out from core/iati.py's views,
validated against the official schema shipped with Daya, and checked with the standard's rules
the schema does not check.

A rule that fails is a located problem (D7xx) at the program field (or monitoring row) to
change; `iati_file_bytes` then raises and nothing is returned. The rules run on the XML this
module wrote, each element remembering where in the program it comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from lxml import etree

from generator.core.explain import describe_path
from generator.core.iati import (
    IATI_VERSION,
    STANDARD_DIR,
    Activity,
    Narratives,
    Organisation,
    Source,
    iati_activity,
    in_codelist,
)
from generator.core.load import LoadedProgram
from generator.core.messages import _m
from generator.core.monitoring.checks import CheckedMonitoring
from generator.core.monitoring.records import NO_RECORDS, Where
from generator.errors import DayaError, Problem

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

RULES: dict[str, str] = {
    "D701": "no organisation.identifier (an IATI activity is named after it)",
    "D702": "no sector (IATI 6.2.2)",
    "D703": "planned start not before the planned end (IATI 11.1.2)",
    "D704": "actual or transaction date after the report date (IATI 11.1.3-5, 11.2.1-2)",
    "D705": "budget period longer than a year, reversed, or overlapping (IATI 7.5.3, 8.6.3)",
    "D706": "sector percentages not adding up to 100 (IATI 2.1.1, 2.1.2, 2.1.4, 12.3.1)",
    "D707": "code not in its IATI codelist (IATI 9.x.1)",
    "D708": "indicator value against its measure (IATI 8.8.x, 8.9.x, 8.10.x)",
    "D709": "result period reversed or outside the activity dates (IATI 8.6.1)",
    "D710": "title, description or organisation without text (IATI 4.3.1, 4.4.1, 6.10.1)",
}
"""The export's own rules (errors: nothing is written while one fails)."""


class IatiRefused(DayaError):
    """A program cannot be published as IATI as it stands; the problems say what to change."""


# --- Layout ----------------------------------------------------------------------------------


def plain(value: Decimal | int) -> str:
    """A number as IATI wants it: no exponent, no thousands separator, no trailing zeros."""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Writer:
    """Builds one iati-activity, remembering the program field behind each element."""

    def __init__(self, activity: Activity) -> None:
        self.activity = activity
        self.sources: dict[etree._Element, Source] = {}

    def add(
        self,
        parent: etree._Element,
        tag: str,
        attrs: dict[str, str | None] | None = None,
        at: Source | None = None,
        text: str | None = None,
    ) -> etree._Element:
        element = etree.SubElement(
            parent, tag, {k: v for k, v in (attrs or {}).items() if v is not None}
        )
        if text is not None:
            element.text = text
        if at is not None:
            self.sources[element] = at
        return element

    def narratives(self, parent: etree._Element, texts: Narratives) -> None:
        for lang, text in texts.texts:
            attrs: dict[str, str | None] = (
                {XML_LANG: lang} if lang != self.activity.language else {}
            )
            self.add(parent, "narrative", attrs, text=text)

    def texts(
        self,
        parent: etree._Element,
        tag: str,
        texts: Narratives,
        at: Source,
        attrs: dict[str, str | None] | None = None,
    ) -> etree._Element:
        element = self.add(parent, tag, attrs, at)
        self.narratives(element, texts)
        return element

    def organisation(
        self, parent: etree._Element, tag: str, org: Organisation, role: str | None = None
    ) -> None:
        attrs = {"ref": org.ref, "type": org.type, "role": role}
        self.texts(parent, tag, org.name, org.at, attrs)

    def write(self, parent: etree._Element) -> etree._Element:
        a = self.activity
        root = self.add(
            parent, "iati-activity", {XML_LANG: a.language, "default-currency": a.currency}
        )
        self.add(root, "iati-identifier", at=("organisation", "identifier"), text=a.identifier)
        self.organisation(root, "reporting-org", a.reporting_org)
        self.texts(root, "title", a.title, ("title",))
        for kind, texts, at in a.descriptions:
            self.texts(root, "description", texts, at, {"type": kind})
        for role, org in a.participating:
            self.organisation(root, "participating-org", org, role)
        self.add(root, "activity-status", {"code": a.status}, ("status",))
        for date in a.dates:
            self.add(
                root,
                "activity-date",
                {"type": date.type, "iso-date": date.date.isoformat()},
                date.at,
            )
        self.add(root, "recipient-country", {"code": a.country}, ("location", "country"))
        if a.place is not None:
            self.place(root)
        for sector in a.sectors:
            percentage = None if sector.percentage is None else str(sector.percentage)
            self.add(
                root,
                "sector",
                {"vocabulary": "1", "code": sector.code, "percentage": percentage},
                sector.at,
            )
        for code, at in a.sdg_targets:
            self.add(root, "tag", {"vocabulary": "3", "code": code}, at)
        status = "1" if a.status == "1" else "2"  # indicative in the pipeline, then committed
        for budget in a.budgets:
            element = self.add(root, "budget", {"type": "1", "status": status}, budget.at)
            self.period(element, budget.start, budget.end)
            self.value(element, Decimal(budget.value), budget.start)
        for tx in a.transactions:
            self.transaction(root, tx)
        for result in a.results:
            self.result(root, result)
        return root

    def period(self, parent: etree._Element, start: dt.date, end: dt.date) -> None:
        self.add(parent, "period-start", {"iso-date": start.isoformat()})
        self.add(parent, "period-end", {"iso-date": end.isoformat()})

    def value(self, parent: etree._Element, value: Decimal, date: dt.date) -> None:
        self.add(parent, "value", {"value-date": date.isoformat()}, text=plain(value))

    def place(self, root: etree._Element) -> None:
        place = self.activity.place
        assert place is not None
        element = self.add(root, "location", {"ref": place.ref}, place.at)
        self.add(element, "location-reach", {"code": "1"})  # where the activity happens
        if place.name:
            name = self.add(element, "name")
            self.add(name, "narrative", text=place.name)
        self.add(
            element,
            "administrative",
            {"vocabulary": "A4", "level": "0", "code": self.activity.country},
            ("location", "country"),
        )
        if place.point is not None:
            point = self.add(element, "point", {"srsName": WGS84}, ("location", "coordinates"))
            self.add(point, "pos", text=f"{place.point[0]} {place.point[1]}")
            self.add(element, "exactness", {"code": "2"})  # a point in the area: approximate
        self.add(element, "location-class", {"code": "2"})  # a populated place

    def transaction(self, root: etree._Element, tx: object) -> None:
        from generator.core.iati import Transaction

        assert isinstance(tx, Transaction)
        element = self.add(root, "transaction", at=tx.at)
        self.add(element, "transaction-type", {"code": tx.type})
        self.add(element, "transaction-date", {"iso-date": tx.date.isoformat()}, tx.at)
        self.value(element, tx.value, tx.date)
        if tx.description:
            description = self.add(element, "description")
            self.add(description, "narrative", text=tx.description)
        if tx.provider is not None:
            self.organisation(element, "provider-org", tx.provider)
        if tx.finance_type:
            self.add(element, "finance-type", {"code": tx.finance_type}, tx.at)

    def result(self, root: etree._Element, result: object) -> None:
        from generator.core.iati import Result

        assert isinstance(result, Result)
        element = self.add(root, "result", {"type": result.type}, result.at)
        self.texts(element, "title", result.title, result.at)
        for ind in result.indicators:
            ascending = None if ind.ascending is None else str(ind.ascending).lower()
            indicator = self.add(
                element, "indicator", {"measure": ind.measure, "ascending": ascending}, ind.at
            )
            self.texts(indicator, "title", ind.title, (*_path(ind.at), "name"))
            if ind.description:
                self.texts(indicator, "description", ind.description, ind.at)
            self.add(indicator, "reference", {"vocabulary": "99", "code": ind.id}, ind.at)
            if ind.baseline is not None:
                b = ind.baseline
                attrs = {
                    "year": str(b.date.year),
                    "iso-date": b.date.isoformat(),
                    "value": None if b.value is None else plain(b.value),
                }
                baseline = self.add(indicator, "baseline", attrs, b.at)
                self.comment(baseline, b.text, b.source, b.at)
            for p in ind.periods:
                period = self.add(indicator, "period", at=p.at)
                self.period(period, p.start, p.end)
                target_value = None if p.target is None else plain(p.target)
                target = self.add(
                    period, "target", {"value": target_value}, (*_path(p.at), "value")
                )
                self.comment(target, p.target_text, Narratives(()), p.at)
                if p.actual_on is not None and (p.actual is not None or p.actual_text):
                    actual_value = None if p.actual is None else plain(p.actual)
                    actual = self.add(period, "actual", {"value": actual_value}, ind.at)
                    self.comment(actual, p.actual_text, Narratives(()), ind.at)

    def comment(
        self, parent: etree._Element, text: str | None, source: Narratives, at: Source
    ) -> None:
        if not text and not source:
            return
        element = self.add(parent, "comment", at=at)
        if text:
            self.add(element, "narrative", text=text)
        else:
            self.narratives(element, source)


def _path(at: Source) -> tuple[str | int, ...]:
    return at if isinstance(at, tuple) else ()


# --- The standard's rules the schema does not check ------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A rule that failed: its code, message and the element it failed on."""

    code: str
    message: str
    element: etree._Element
    field: tuple[str | int, ...] | None = None
    """The program field to change when the element has none (a missing element)."""


CODED: tuple[tuple[str, str, str], ...] = (
    ("reporting-org", "type", "OrganisationType"),
    ("participating-org", "role", "OrganisationRole"),
    ("participating-org", "type", "OrganisationType"),
    ("activity-status", "code", "ActivityStatus"),
    ("activity-date", "type", "ActivityDateType"),
    ("recipient-country", "code", "Country"),
    ("administrative", "code", "Country"),
    ("administrative", "vocabulary", "GeographicVocabulary"),
    ("location-reach", "code", "GeographicLocationReach"),
    ("exactness", "code", "GeographicExactness"),
    ("location-class", "code", "GeographicLocationClass"),
    ("sector", "vocabulary", "SectorVocabulary"),
    ("sector[@vocabulary='1']", "code", "Sector"),
    ("tag", "vocabulary", "TagVocabulary"),
    ("tag[@vocabulary='3']", "code", "UNSDG-Targets"),
    ("budget", "type", "BudgetType"),
    ("budget", "status", "BudgetStatus"),
    ("transaction-type", "code", "TransactionType"),
    ("finance-type", "code", "FinanceType"),
    ("description", "type", "DescriptionType"),
    ("result", "type", "ResultType"),
    ("indicator", "measure", "IndicatorMeasure"),
    ("reference[@vocabulary]", "vocabulary", "IndicatorVocabulary"),
    ("narrative", XML_LANG, "Language"),
    (".", XML_LANG, "Language"),
    (".", "default-currency", "Currency"),
)
"""(element, attribute, codelist): the coded attributes Daya writes (rules 9.x.1)."""


def _date(element: etree._Element | None, attr: str = "iso-date") -> dt.date | None:
    if element is None or element.get(attr) is None:
        return None
    return dt.date.fromisoformat(str(element.get(attr)))


def check_rules(activity: etree._Element, report: dt.date | None) -> Iterator[Broken]:
    """The standard's rules (rulesets/standard.json and the budget guidance) on one activity."""
    yield from _check_sectors(activity)
    yield from _check_dates(activity, report)
    yield from _check_budgets(activity)
    yield from _check_codes(activity)
    yield from _check_results(activity)
    yield from _check_texts(activity)


def _check_sectors(activity: etree._Element) -> Iterator[Broken]:
    sectors = activity.findall("sector")
    if not sectors:
        yield Broken(
            "D702",
            _m(
                "the program has no sector and IATI needs one (rule 6.2.2); add sectors, or "
                "iati.sectors with DAC codes"
            ),
            activity,
            ("sectors",),
        )
    by_vocabulary: dict[str, list[etree._Element]] = {}
    for sector in sectors:
        by_vocabulary.setdefault(sector.get("vocabulary", "1"), []).append(sector)
    for group in by_vocabulary.values():
        shares = [s.get("percentage") for s in group]
        if len(group) == 1:
            if shares[0] not in (None, "100"):
                yield Broken(
                    "D706",
                    _m(
                        "a single sector gets {share} %; IATI wants 100 or none (rule 2.1.4)",
                        share=shares[0],
                    ),
                    group[0],
                )
            continue
        if any(s is None for s in shares):
            yield Broken(
                "D706",
                _m("each of several sectors needs a percentage (IATI rule 2.1.1)"),
                group[0],
            )
            continue
        values = [Decimal(str(s)) for s in shares]
        for sector, value in zip(group, values, strict=True):
            if not 0 <= value <= 100:
                yield Broken(
                    "D706",
                    _m("a sector gets {share} %, outside 0–100 (IATI rule 12.3.1)", share=value),
                    sector,
                )
        if abs(sum(values, Decimal(0)) - 100) > Decimal("0.0101"):
            yield Broken(
                "D706",
                _m(
                    "the sector percentages add up to {total}, not 100 (IATI rule 2.1.2)",
                    total=plain(sum(values, Decimal(0))),
                ),
                group[0],
            )


def _check_dates(activity: etree._Element, report: dt.date | None) -> Iterator[Broken]:
    dates = {d.get("type"): d for d in activity.findall("activity-date")}
    for first, last, rule in (("1", "3", "11.1.2"), ("2", "4", "11.1.3")):
        start, end = _date(dates.get(first)), _date(dates.get(last))
        if start and end and not start < end:
            yield Broken(
                "D703",
                _m(
                    "the start {start} is not before the end {end} (IATI rule {rule}); "
                    "correct period.start or period.end",
                    start=start,
                    end=end,
                    rule=rule,
                ),
                dates[last],
            )
    checked = [(dates.get("2"), "iso-date", "11.1.4"), (dates.get("4"), "iso-date", "11.1.5")]
    for tx in activity.findall("transaction"):
        checked.append((tx.find("transaction-date"), "iso-date", "11.2.1"))
        checked.append((tx.find("value"), "value-date", "11.2.2"))
    for element, attr, rule in checked:
        date = _date(element, attr)
        if element is not None and date and (report is None or date > report):
            yield Broken(
                "D704",
                _m(
                    "the date {date} lies after the report date {report} (IATI rule {rule}); "
                    "give --as-of a later date, or correct the date",
                    date=date,
                    report=report or "—",
                    rule=rule,
                ),
                element,
            )


def _check_budgets(activity: etree._Element) -> Iterator[Broken]:
    periods = []
    for budget in activity.findall("budget"):
        start, end = _date(budget.find("period-start")), _date(budget.find("period-end"))
        if start is None or end is None:
            continue
        if start > end:
            yield Broken(
                "D705",
                _m(
                    "a budget period starts on {start}, after its end {end} (IATI rule 8.6.3)",
                    start=start,
                    end=end,
                ),
                budget,
            )
        elif _one_year_later(start) < end:
            yield Broken(
                "D705",
                _m(
                    "the budget period {start} to {end} is longer than one year (IATI rule 7.5.3)",
                    start=start,
                    end=end,
                ),
                budget,
            )
        periods.append((start, end, budget))
    periods.sort(key=lambda p: (p[0], p[1]))
    for (_, end, _), (start, other_end, budget) in zip(periods, periods[1:], strict=False):
        if start <= end:
            yield Broken(
                "D705",
                _m(
                    "the budget period {start} to {end} overlaps the one before it (IATI budget "
                    "guidance: one budget per period, periods not overlapping)",
                    start=start,
                    end=other_end,
                ),
                budget,
            )


def _one_year_later(date: dt.date) -> dt.date:
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


def _check_codes(activity: etree._Element) -> Iterator[Broken]:
    for path, attr, name in CODED:
        elements = [activity] if path == "." else activity.xpath(f".//{path}")
        for element in elements:
            code = element.get(attr)
            if code is not None and not in_codelist(name, code):
                yield Broken(
                    "D707",
                    _m(
                        "'{code}' is not in the IATI codelist {codelist}; use a code from that "
                        "list",
                        code=code,
                        codelist=name,
                    ),
                    element,
                )


def _check_results(activity: etree._Element) -> Iterator[Broken]:
    start = _date(activity.find("activity-date[@type='1']"))
    end = _date(activity.find("activity-date[@type='3']"))
    for indicator in activity.iter("indicator"):
        qualitative = indicator.get("measure") == "5"
        reference = indicator.find("reference")
        name = reference.get("code") if reference is not None else "?"
        valued = [("baseline", "8.8"), ("period/target", "8.9"), ("period/actual", "8.10")]
        for path, rule in valued:
            for element in indicator.findall(path):
                value = element.get("value")
                if qualitative and value is not None:
                    yield Broken(
                        "D708",
                        _m(
                            "indicator {id} is qualitative, so its {kind} carries no value "
                            "(IATI rule {rule}.3)",
                            id=name,
                            kind=element.tag,
                            rule=rule,
                        ),
                        element,
                    )
                elif not qualitative and not _is_number(value):
                    yield Broken(
                        "D708",
                        _m(
                            "the {kind} of indicator {id} needs a number (IATI rules {rule}.1, "
                            "{rule}.2)",
                            id=name,
                            kind=element.tag,
                            rule=rule,
                        ),
                        element,
                    )
        for period in indicator.findall("period"):
            p_start, p_end = _date(period.find("period-start")), _date(period.find("period-end"))
            if p_start is None or p_end is None:
                continue
            if p_start > p_end:
                yield Broken(
                    "D709",
                    _m(
                        "the period of this target of indicator {id} would start on {start}, "
                        "after its date {end} (IATI rule 8.6.1); give each target its own date",
                        id=name,
                        start=p_start,
                        end=p_end,
                    ),
                    period,
                )
            elif start and end and not (start <= p_start and p_end <= end):
                yield Broken(
                    "D709",
                    _m(
                        "the period {start} to {end} of this target of indicator {id} lies "
                        "outside the activity dates {first} to {last}; move the target date "
                        "into the program period",
                        id=name,
                        start=p_start,
                        end=p_end,
                        first=start,
                        last=end,
                    ),
                    period,
                )


def _is_number(value: str | None) -> bool:
    if value is None:
        return False
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


def _check_texts(activity: etree._Element) -> Iterator[Broken]:
    for tag, rule in (("title", "4.3.1"), ("description", "4.4.1")):
        for element in activity.iter(tag):
            if not any((n.text or "").strip() for n in element.findall("narrative")):
                yield Broken(
                    "D710",
                    _m("this text is empty, and IATI needs one (rule {rule})", rule=rule),
                    element,
                )
    for tag in ("participating-org", "provider-org", "receiver-org"):
        for element in activity.iter(tag):
            named = any((n.text or "").strip() for n in element.findall("narrative"))
            if not element.get("ref") and not named:
                yield Broken(
                    "D710",
                    _m("this organisation needs a name or an identifier (IATI rule 6.10.1)"),
                    element,
                )


# --- Schema ----------------------------------------------------------------------------------


@cache
def activities_schema() -> etree.XMLSchema:
    """The official iati-activities 2.03 schema (it imports iati-common.xsd and xml.xsd from
    its own folder, so validating needs no network)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(STANDARD_DIR / "iati-activities-schema.xsd"), parser))


def schema_errors(document: etree._ElementTree) -> list[str]:
    """What the schema says is wrong with `document` (empty when it is valid)."""
    schema = activities_schema()
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


# --- The file --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IatiProgram:
    """What the export needs of one checked program."""

    loaded: LoadedProgram
    monitoring: CheckedMonitoring | None
    as_of: dt.date | None = None
    """The report date asked for; else the monitoring's own (its latest date)."""

    @property
    def report_date(self) -> dt.date | None:
        progress = self.monitoring.progress if self.monitoring else None
        return progress.as_of if progress else self.as_of


def missing_identifier(loaded: LoadedProgram) -> Problem | None:
    if loaded.program.organisation.identifier:
        return None
    return loaded.problem(
        "error",
        "D701",
        _m(
            "organisation.identifier is missing, and the IATI activity is named after it; add "
            "the organisation's IATI identifier under organisation (e.g. identifier: "
            "ID-KHH-AHU-0012345.AH.01.04.2020; prefixes in org-id.guide)"
        ),
        "organisation",
    )


def _located(
    loaded: LoadedProgram, broken: Broken, sources: dict[etree._Element, Source]
) -> Problem:
    element: etree._Element | None = broken.element
    while element is not None and element not in sources:
        element = element.getparent()
    at = sources.get(element) if element is not None else None
    if broken.field is not None:
        at = broken.field
    if isinstance(at, Where):
        return Problem(at.file, at.line, at.col, "error", broken.code, broken.message)
    path = at or ()
    field = describe_path(path)
    message = f"{field}: {broken.message}" if path else broken.message
    return loaded.problem("error", broken.code, message, *path)


def iati_document(
    programs: Sequence[IatiProgram], generated: dt.datetime | None = None
) -> etree._ElementTree:
    """The iati-activities document of `programs`, checked: raises IatiRefused with every
    located problem when a program lacks its identifier or breaks a rule, and DayaError when
    the schema refuses what Daya wrote (a bug in Daya)."""
    attrs = {"version": IATI_VERSION}
    if generated is not None:
        attrs["generated-datetime"] = generated.isoformat()
    root = etree.Element("iati-activities", attrs)
    problems: list[Problem] = []
    for item in programs:
        missing = missing_identifier(item.loaded)
        if missing is not None:
            problems.append(missing)
            continue
        monitoring = item.monitoring
        records = monitoring.monitoring if monitoring else NO_RECORDS
        report = item.report_date
        view = iati_activity(item.loaded.program, records, report)
        writer = _Writer(view)
        element = writer.write(root)
        problems += [_located(item.loaded, b, writer.sources) for b in check_rules(element, report)]
    if problems:
        raise IatiRefused(_m("the IATI file was not written"), sorted(set(problems)))
    document = etree.ElementTree(root)
    errors = schema_errors(document)
    if errors:
        raise DayaError(
            _m(
                "the IATI schema refused the file Daya made: {errors}. This is a bug in Daya; "
                "please report it",
                errors="; ".join(errors[:5]),
            )
        )
    return document


def iati_file_bytes(programs: Sequence[IatiProgram], generated: dt.datetime | None = None) -> bytes:
    """The IATI 2.03 file (one iati-activity per program), checked; the same input gives the
    same bytes. For the command and the site."""
    document = iati_document(programs, generated)
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def iati_activity_bytes(program: IatiProgram, generated: dt.datetime | None = None) -> bytes:
    """One program's IATI file (for a download beside its other files)."""
    return iati_file_bytes([program], generated)
