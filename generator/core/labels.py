"""English labels of the format's fixed values; the gettext catalogues translate them.

`N_` only marks a string for extraction (`pybabel extract -k N_`); translation happens when a
document is rendered, in its language.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    return message


LABELS: dict[str, dict[str, str]] = {
    "status": {
        "planned": N_("Planned"),
        "active": N_("Active"),
        "completed": N_("Completed"),
        "suspended": N_("Suspended"),
        "cancelled": N_("Cancelled"),
    },
    "organisation": {
        "ngo": N_("NGO"),
        "government": N_("Government"),
        "company": N_("Company"),
        "community": N_("Community organisation"),
        "academic": N_("Academic institution"),
        "donor": N_("Donor"),
        "other": N_("Other"),
    },
    "sector": {
        "agriculture": N_("Agriculture"),
        "culture": N_("Culture"),
        "disaster-risk": N_("Disaster risk reduction"),
        "education": N_("Education"),
        "energy": N_("Energy"),
        "environment": N_("Environment"),
        "fisheries": N_("Fisheries"),
        "gender": N_("Gender equality"),
        "governance": N_("Governance"),
        "health": N_("Health"),
        "infrastructure": N_("Infrastructure"),
        "livelihood": N_("Livelihoods"),
        "nutrition": N_("Nutrition"),
        "social-protection": N_("Social protection"),
        "water-sanitation": N_("Water and sanitation"),
    },
    "frequency": {
        "monthly": N_("Monthly"),
        "quarterly": N_("Quarterly"),
        "semiannual": N_("Every six months"),
        "annual": N_("Annual"),
        "baseline-endline": N_("Baseline and endline"),
        "once": N_("Once"),
    },
    "category": {
        "personnel": N_("Personnel"),
        "training": N_("Training"),
        "meetings": N_("Meetings"),
        "materials": N_("Materials"),
        "equipment": N_("Equipment"),
        "works": N_("Construction works"),
        "services": N_("Services"),
        "travel": N_("Travel"),
        "grants": N_("Grants to groups"),
        "monitoring": N_("Monitoring and evaluation"),
        "overhead": N_("Overhead"),
        "other": N_("Other"),
    },
    "level": {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High")},
    "stance": {
        "champion": N_("Champion"),
        "supporter": N_("Supporter"),
        "neutral": N_("Neutral"),
        "critic": N_("Critic"),
        "opponent": N_("Opponent"),
    },
    "measure": {"number": N_("Number"), "percentage": N_("Percentage"), "text": N_("Text")},
    "direction": {
        "increase": N_("should increase"),
        "decrease": N_("should decrease"),
        "maintain": N_("should be maintained"),
    },
    "risk": {
        "environmental": N_("Environmental"),
        "financial": N_("Financial"),
        "operational": N_("Operational"),
        "social": N_("Social"),
        "political": N_("Political"),
        "safeguarding": N_("Safeguarding"),
        "other": N_("Other"),
    },
    "risk_level": {
        "low": N_("low"),
        "medium": N_("medium"),
        "high": N_("high"),
        "very-high": N_("very high"),
    },
    "funding": {
        "grant": N_("Grant"),
        "cofinancing": N_("Co-financing"),
        "in-kind": N_("In kind"),
        "loan": N_("Loan"),
        "other": N_("Other"),
    },
    "event": {
        "baseline": N_("Baseline"),
        "midterm": N_("Midterm evaluation"),
        "endline": N_("Endline"),
        "final": N_("Final evaluation"),
        "ex-post": N_("Ex-post evaluation"),
        "other": N_("Other"),
    },
    "by": {
        "internal": N_("Internal team"),
        "external": N_("External evaluator"),
        "joint": N_("Joint"),
    },
    "dac": {
        "relevance": N_("Relevance"),
        "coherence": N_("Coherence"),
        "effectiveness": N_("Effectiveness"),
        "efficiency": N_("Efficiency"),
        "impact": N_("Impact"),
        "sustainability": N_("Sustainability"),
    },
    "result_level": {
        "goal": N_("Goal"),
        "outcome": N_("Outcome"),
        "output": N_("Output"),
        "activity": N_("Activity"),
    },
    "disaggregation": {
        "sex": N_("Sex"),
        "age": N_("Age group"),
        "disability": N_("Disability"),
        "hamlet": N_("Hamlet"),
        "village": N_("Village"),
        "sex-of-household-head": N_("Sex of household head"),
        "income-group": N_("Income group"),
        "group": N_("Group"),
    },
    "document": {
        "plan": N_("Program plan (terms of reference)"),
        "logframe": N_("Logical framework"),
        "theory-of-change": N_("Theory of change"),
        "me-plan": N_("Monitoring and evaluation plan"),
        "workplan": N_("Workplan"),
        "budget": N_("Budget (RAB)"),
        "stakeholders": N_("Stakeholder map"),
        "risks": N_("Risk register"),
        "progress": N_("Progress report"),
    },
    "progress": {
        "achieved": N_("Achieved"),
        "on-track": N_("On track"),
        "at-risk": N_("At risk"),
        "off-track": N_("Off track"),
        "not-reported": N_("Not reported"),
        "not-due": N_("Not due yet"),
        "place": N_("{file}, line {line}"),
    },
    "rule": {
        "D601": N_("Disaggregation neither built in nor declared"),
        "D602": N_("Incomplete disaggregation"),
        "D603": N_("Value without a source"),
        "D604": N_("Budget line overspent"),
        "D605": N_("Late activity"),
        "D606": N_("Target due and not reported"),
    },
    "activity-status": {
        "not-started": N_("Not started"),
        "in-progress": N_("In progress"),
        "done": N_("Done"),
        "delayed": N_("Delayed"),
        "cancelled": N_("Cancelled"),
        "scheduled": N_("Scheduled"),
    },
    "sheet": {
        "logframe": N_("Logframe"),
        "indicators": N_("Indicators"),
        "workplan": N_("Workplan"),
        "budget": N_("RAB"),
        "risks": N_("Risks"),
        "iptt": N_("IPTT"),
        "indicator-charts": N_("Indicator charts"),
        "realisation": N_("Budget realisation"),
        "activity-status": N_("Activity status"),
    },
    "export": {
        "method-and-stages": N_("Method and stages"),
        "stages": N_("Stages of implementation"),
        "schedule": N_("Schedule"),
        "annex": N_("Annex {number}: {title}"),
        "page": N_("Page {page} of {pages}"),
        "budget-annex": N_("The detailed budget (RAB) is in Annex {number}."),
        "implementing-organisation": N_("Implementing organisation"),
        "final-target": N_("Final target"),
        "final-target-date": N_("Final target date"),
        "code": N_("Code"),
        "definition": N_("Definition"),
        "measure": N_("Kind of value"),
        "direction": N_("Expected direction"),
        "baseline-date": N_("Baseline date"),
        "item-description": N_("Item description"),
        "total-budget": N_("Total budget"),
        "funding-committed": N_("Funding committed"),
        "funding-gap": N_("Funding gap (budget − committed)"),
        "risk-level": N_("Risk level"),
        "disaggregation-column": N_("Disaggregation: {name}"),
        "workplan-legend": N_(
            "Filled cells: the months in which the activity runs. ◆ marks a milestone."
        ),
        "document-kind": N_("TERMS OF REFERENCE"),
        "progress-kind": N_("PROGRESS REPORT"),
        "as-of-date": N_("as of {date}"),
        "indicator-chart-alt": N_(
            "Chart of an indicator over time: its targets as hatched bars and its value to "
            "date as a line with dots, each with its number."
        ),
        "absorption-chart-alt": N_(
            "Bar chart of the budget absorbed by funder and by category, with the time "
            "elapsed as a dashed line."
        ),
        "contents": N_("Contents"),
        "at-a-glance": N_("Program at a glance"),
        "toc-reading": N_(
            "Read from left to right: activities produce outputs, outputs lead to outcomes, and "
            "outcomes contribute to the goal. The numbered assumptions are the conditions each "
            "result depends on; they are listed below the diagram."
        ),
        "toc-alt": N_(
            "Diagram of the theory of change: the activities lead to the outputs, the outputs "
            "to the outcomes and the outcomes to the goal."
        ),
        "stakeholder-annex": N_(
            "The map places each stakeholder by its interest in the program (across) and its "
            "influence over it (up). Their roles, stance and engagement are in Annex {number}."
        ),
        "stakeholders-alt": N_(
            "Chart of the stakeholders by interest (across) and influence (up), in four "
            "quadrants: manage closely, keep satisfied, keep informed and monitor."
        ),
        "figure": N_("Figure {number}. {title}"),
        "signer": N_("Person in charge of the program"),
        "budget-formulas": N_(
            "Amounts, subtotals and totals are formulas: change a volume or a unit cost and "
            "the totals follow."
        ),
    },
    "language": {
        "id": N_("Indonesian"),
        "en": N_("English"),
    },
    "untranslated": {
        "title": N_("Not yet translated"),
        "notice": N_(
            "{count} of this program's {total} texts are not yet written in {language}; "
            "they are shown in {shown_in}, as written."
        ),
        "short": N_("partly in {shown_in}"),
    },
    "site": {
        "print": N_("The whole handbook (print)"),
        "method-users": N_("Programs that use this method"),
        "method-unused": N_("No program in the catalogue uses this method yet."),
    },
    "card": {
        "summary": N_("Summary of the method"),
        "purpose": N_("Purpose"),
        "stage": N_("Program cycle stage"),
        "time": N_("Time"),
        "group-size": N_("Group size"),
        "materials": N_("Materials"),
        "difficulty": N_("Difficulty"),
        "related": N_("Related methods"),
    },
    "stage": {
        "assess": N_("Assess"),
        "plan": N_("Plan"),
        "implement": N_("Implement"),
        "monitor": N_("Monitor"),
        "evaluate": N_("Evaluate"),
        "learn": N_("Learn"),
    },
    "difficulty": {"easy": N_("easy"), "medium": N_("medium"), "hard": N_("hard")},
    "catalogue-filter": {
        "filter": N_("Filter the programs"),
        "sector": N_("Sector"),
        "any-sector": N_("All sectors"),
        "province": N_("Province"),
        "any-province": N_("All provinces"),
        "status": N_("Status"),
        "any-status": N_("All statuses"),
        "funder": N_("Funder"),
        "any-funder": N_("All funders"),
        "words": N_("Words in the title or place"),
        "shown": N_("{shown} of {total} programs shown"),
        "none": N_("No program matches these filters."),
    },
    "method-list": {
        "method": N_("Method"),
        "purpose": N_("What it is for"),
        "stage": N_("Stage"),
        "difficulty": N_("Difficulty"),
        "time": N_("Time"),
        "main-assess": N_("Mainly for assessing"),
        "main-plan": N_("Mainly for planning"),
        "main-implement": N_("Mainly for implementing"),
        "main-monitor": N_("Mainly for monitoring"),
        "main-evaluate": N_("Mainly for evaluating"),
        "main-learn": N_("Mainly for learning"),
        "stage-count": N_("{n} method cards list this stage."),
        "filter": N_("Filter the method cards"),
        "any-stage": N_("All stages"),
        "any-difficulty": N_("Any difficulty"),
        "words": N_("Words in the title or purpose"),
        "shown": N_("{shown} of {total} cards shown"),
        "none": N_("No card matches these filters."),
    },
    "print": {
        "link": N_("Print the whole handbook or save it as PDF"),
        "contents": N_("Contents"),
        "page": N_("Page"),
        "preparing": N_("Preparing the pages for printing…"),
        "ready": N_(
            "Ready: {pages} pages. Print, or save as PDF, with your browser's Print command."
        ),
        "unpaged": N_(
            "The table of contents gets its page numbers only when the site is opened from a "
            "web server; opened as a file, this page prints without them."
        ),
    },
    "download": {
        "docx": N_("Plan (KAK/TOR), Word"),
        "xlsx": N_("Planning workbook with RAB, Excel"),
        "progress-docx": N_("Progress report, Word"),
        "progress-xlsx": N_("Progress workbook, Excel"),
        "form": N_("Survey form “{title}” (XLSForm for KoboToolbox or ODK)"),
        "iati": N_("IATI 2.03 activity file (XML)"),
    },
    "form": {
        "consent": N_(
            "The interviewer has explained who is asking, why, how the answers are kept and that "
            "taking part is voluntary. Does the respondent agree to be interviewed?"
        ),
        "consent-hint": N_("Without consent, end the interview here: nothing else is asked."),
        "date": N_("Date of the interview"),
        "date-future": N_("The date cannot be in the future."),
        "enumerator": N_("Name of the enumerator"),
        "yes": N_("Yes"),
        "no": N_("No"),
        "not-negative": N_("The answer cannot be negative."),
    },
    "monitoring-column": {
        "results.indicator": N_("Id of an indicator of the program."),
        "results.period_end": N_(
            "The last day of the period the value describes (YYYY-MM-DD); up to six months "
            "after the program ends."
        ),
        "results.disaggregation": N_(
            "Empty for the total; otherwise one dimension=category, e.g. sex=female."
        ),
        "results.value": N_(
            "The value: a number with . for decimals (0 to 100 for a percentage), or the text "
            "of a text indicator."
        ),
        "results.numerator": N_("For a percentage: how many met it (a whole number)."),
        "results.denominator": N_("For a percentage: how many were counted (a whole number)."),
        "results.source": N_("Where the value comes from (a report, a survey, a register)."),
        "results.collected_on": N_("When the data was collected; shown, never computed with."),
        "results.note": N_("Anything a reader should know about the value."),
        "spending.budget_line": N_("Id of a budget line of the program."),
        "spending.date": N_("Date of the expenditure (YYYY-MM-DD), within the program period."),
        "spending.amount": N_(
            "Amount in the budget currency, without thousands separators; a negative amount "
            "(a refund or a correction) needs a note."
        ),
        "spending.source": N_("The receipt or accountability report (SPJ) it comes from."),
        "spending.note": N_("What was bought or paid, or why an amount is negative."),
        "activities.activity": N_("Id of an activity of the program."),
        "activities.date": N_("Date of the status (YYYY-MM-DD), within the program period."),
        "activities.status": N_("not-started, in-progress, done, delayed or cancelled."),
        "activities.note": N_("What happened."),
        "title": N_("Monitoring files"),
        "intro": N_(
            "Beside program.yaml, the folder monitoring/ holds what did happen: results.csv, "
            "spending.csv and activities.csv (UTF-8 CSV with a header row, one record a row), "
            "and the narrative of a report date in narrative/YYYY-MM-DD.md. Columns may come "
            "in any order; an unknown column is an error."
        ),
        "column": N_("Column"),
    },
    "reference": {
        "choice": N_("one of the values listed"),
        "number-or-text": N_("number or text"),
        "text": N_("text"),
        "translated": N_("text, or text per language {id: …, en: …}"),
        "list": N_("list of"),
        "map": N_("map of ids to"),
        "section": N_("section"),
        "int": N_("whole number"),
        "float": N_("number"),
        "bool": N_("true or false"),
        "date": N_("date (YYYY-MM-DD)"),
        "title": N_("Program format reference"),
        "intro": N_(
            "This page is generated from Daya's models (generator/core/model.py): every field a "
            "program file may contain, its type, whether it is required, its allowed values "
            "and an example. Unknown keys are errors."
        ),
        "top": N_("Top level"),
        "mapping": N_("A program file is a mapping with these keys."),
        "field": N_("Field"),
        "type": N_("Type"),
        "required": N_("Required"),
        "allowed": N_("Allowed values"),
        "description": N_("Description"),
        "example": N_("Example"),
        "yes": N_("yes"),
        "no": N_("no"),
        "max-length": N_("at most {n} characters"),
        "range": N_("from {low} to {high}"),
        "above": N_("more than {low}"),
        "above-to": N_("more than {low}, at most {high}"),
    },
}


def label_text(kind: str, value: str, gettext: Callable[[str], str]) -> str:
    """The label of a fixed value in the catalogue's language; unknown values show as written."""
    english = LABELS.get(kind, {}).get(value)
    return gettext(english) if english else value
