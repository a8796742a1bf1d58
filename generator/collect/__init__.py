"""Data collection: reading KoboToolbox and ODK Central exports of Daya's forms, and turning
their submissions into the rows of a program's `monitoring/results.csv` (`daya import`).

    exports.py   an export file (CSV with `;` or `,`, XLSX, Central's ZIP) → its header and rows
    importer.py  which submissions count, their aggregation per indicator and category, and the
                 rows merged into results.csv (atomically; nothing is ever half-written)

The forms themselves are made by core/forms.py and written by export/xlsform.py. Raw
submissions hold personal data: nothing here copies one into the repository.
"""
