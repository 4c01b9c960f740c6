"""Signature exports as HTTP responses: CSV streamed, XLSX for a filtered slice.

Gunicorn's sync workers kill a request that runs past their timeout (30 s by
default) even while it keeps writing: the worker reports that it is alive
only between requests (tried with `--timeout 3` and a slow generator: cut
off after 3 s; a gthread worker, whose main thread keeps reporting, streamed
on). So the CSV streams from a server-side cursor, many rows a chunk, as fast
as Python writes CSV, and docs/pledges.md asks for gthread workers or a
longer timeout for a million rows. An XLSX workbook costs about fifteen
times more per row (openpyxl builds every cell), so it is offered up to
`XLSX_MAX_ROWS`; a larger one is refused with a message pointing to the
CSV, which any spreadsheet opens.
"""

import csv
import io
import tempfile

from django.http import FileResponse, StreamingHttpResponse

from .columns import HEADINGS, export_rows

ROWS_PER_CHUNK = 1000
XLSX_MAX_ROWS = 20_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_chunks(queryset, rows_per_chunk=ROWS_PER_CHUNK):
    """The CSV as text chunks of `rows_per_chunk` rows, the heading row first on its own."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    # The first chunk leaves before the query runs, so the download starts at once.
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    written = 0
    for row in export_rows(queryset):
        writer.writerow(row)
        written += 1
        if written == rows_per_chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            written = 0
    if written:
        yield buffer.getvalue()


def csv_response(queryset, filename):
    response = StreamingHttpResponse(csv_chunks(queryset), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def too_many_for_xlsx(queryset):
    """Whether the export would pass the XLSX limit: counts at most one row past it."""
    return queryset.order_by()[: XLSX_MAX_ROWS + 1].count() > XLSX_MAX_ROWS


def _printable(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if value.__class__ is str else value


def xlsx_response(queryset, filename):
    """A write-only workbook saved to a temporary file, so memory stays flat."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Signatures")
    sheet.append(HEADINGS)
    for row in export_rows(queryset):
        # openpyxl refuses control characters a form could have let through.
        sheet.append([_printable(value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, content_type=XLSX_TYPE, filename=f"{filename}.xlsx"
    )
