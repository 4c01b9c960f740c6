"""Signature exports (CSV and XLSX) for staff with the export permission."""

from .columns import EXPORT_COLUMNS, HEADINGS, csv_safe, export_rows
from .stream import XLSX_MAX_ROWS, csv_response, too_many_for_xlsx, xlsx_response

__all__ = [
    "EXPORT_COLUMNS",
    "HEADINGS",
    "XLSX_MAX_ROWS",
    "csv_response",
    "csv_safe",
    "export_rows",
    "too_many_for_xlsx",
    "xlsx_response",
]
