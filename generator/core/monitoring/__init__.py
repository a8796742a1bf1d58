"""Monitoring: what did happen, beside the plan.

`programs/<id>/monitoring/` holds results.csv, spending.csv, activities.csv and
narrative/<date>.md. The flow mirrors the program's:

    files.py     the files as text, every cell with its line and column (csv module)
    records.py   cells → typed records, checked against the program (D5xx errors)
    progress.py  the computations of a report date, as frozen views (value to date,
                 achievement, status, absorption, late activities)
    checks.py    the warnings of a report date (D6xx), and every problem in one list
"""
