"""Tables to files: CSV (UTF-8 with a byte-order mark, so Excel reads Vietnamese) and XLSX."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from marketplace.monitoring.tables import Table


def _header(column) -> str:
    label = str(column.label)
    return f"{label} (%)" if column.unit == "%" else (f"{label} (VND)" if column.unit == "VND" else label)


def _is_share(column, row) -> bool:
    return column.unit == "%" or (column.unit == "n" and bool(row.get("percent")))


def _csv_value(value, column, row):
    if value is None:
        return ""
    if _is_share(column, row) and isinstance(value, float):
        return round(value * 100, 2)
    return str(value) if not isinstance(value, int | float | datetime.date) else value


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_header(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(row.get(c.key), c, row) for c in table.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, heading: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(table.title)[:31]
    first = 1
    if heading:
        sheet.cell(row=1, column=1, value=heading).font = Font(bold=True)
        first = 3
    for n, column in enumerate(table.columns, start=1):
        sheet.cell(row=first, column=n, value=_header(column)).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(row=first, column=n).column_letter].width = 14 if n > 1 else 32
    for r, row in enumerate(table.rows, start=first + 1):
        for n, column in enumerate(table.columns, start=1):
            value = row.get(column.key)
            if value is not None and not isinstance(value, int | float | datetime.date):
                value = str(value)
            cell = sheet.cell(row=r, column=n, value=value)
            if _is_share(column, row):
                cell.number_format = "0.0%"
            elif column.unit == "VND" or isinstance(value, int):
                cell.number_format = "#,##0"
    sheet.freeze_panes = sheet.cell(row=first + 1, column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
