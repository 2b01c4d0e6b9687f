"""Cheap pre-flight scan of an uploaded spreadsheet, run before python-calamine touches it.

python-calamine is a Rust reader that builds a *dense* cell range per sheet and aborts the
whole process (``memory allocation of N bytes failed`` - not a Python exception) when that
range does not fit in memory.  A 1 KB forged file is enough: one cell at row 1,000,000,000
plus one at A1 asks for 32 GB.  ``inspect_file`` reads the file once, streaming, with
bounded memory, and refuses hostile or broken files in seconds with an :class:`UnsafeFile`
whose ``reason`` + ``detail`` another module turns into the clerk's message.

What was checked against python-calamine 0.9.1 while writing this (hand-built files):

xlsx
  * ``<c r="...">`` decides where a cell goes (letters case-insensitive, ``zz1`` is column
    702); a cell without ``r`` goes to the next column of the current row; a ``<row>``
    without ``r`` is the row after the previous one.  Element names are matched on their
    local name, so ``<x:row>`` / ``<x:c>`` count like ``<row>`` / ``<c>``.  Comments are
    ignored.  ``<dimension ref>`` is *not* used to allocate.
  * The range spans min..max of the cells that hold a value: A1 + A1000000 -> 1,000,000
    rows (212 MB); A1 + A1000000000 -> abort.  A lone cell at row 1e9 gives a 1x1 range,
    but ``to_python(skip_empty_area=False)`` then aborts (32 GB), so any huge index is
    refused whatever else the sheet holds.  Row numbers wrap at 2**32 (``r="5000000000"``
    asked for 22 GB).
  * Formula cells without a cached value (openpyxl writes ``<f>A1+1</f><v />``) come back
    as empty cells - hence ``FileFacts.formulas_without_value``.

ods (content.xml; names matched literally: ``table:table-row``, ``table:table-cell``,
``table:covered-table-cell``)
  * A row or cell with ``number-rows-repeated`` / ``number-columns-repeated`` is expanded
    densely when it holds a value: 10,000 rows x 1,000 repeated non-empty cells took 5.4 s
    and 1.3 GB; 100,000 x 1,000 in an 800-byte file aborted the process (4 GB allocation).
  * Repeated *empty* rows/cells at the end of a sheet or row cost nothing (LibreOffice's
    ``number-rows-repeated="1048553"`` filler is dropped), but empty repeated rows in the
    *middle* are materialised: 1,000,000 empty rows followed by one value gave a
    1,000,002-row range (159 MB).  So what counts is the position of the last non-empty
    row/cell, with every repeat before it included.
  * calamine clamps at 1,048,576 rows / 16,384 columns (beyond that values are dropped
    silently); our counts are unclamped, which only makes them stricter.
  * A cell is non-empty for calamine when it has ``office:value``, ``office:string-value``,
    ``office:date-value``, ``office:time-value``, ``office:boolean-value``, a
    ``table:formula`` or ``office:value-type="string"`` (the text then becomes the value).

xls (OLE2/CFB) is checked by size only (and for the OOXML-encryption stream names).

How the scan works
  * Format by magic bytes; size by ``os.stat`` before anything is read.
  * Zip: the central directory is sized first (zipfile keeps one object per entry), then
    *every* member is inflated straight from its local header with ``zlib`` in <= 1 MiB
    pieces, ignoring the sizes the directory declares; the bytes actually produced are
    counted against ``max_inflated_bytes`` as they come, and the real size and CRC must
    match at the end.  Only a sliver of each piece is kept between pieces.
  * xlsx worksheets: a byte-level fast scan (a few C-speed regex/search passes per piece,
    no per-cell Python work for ordinary files; ~0.2 s for a 39 MB sheet).  Namespace
    prefixes (``<x:row>``) are stripped and the sheet rescanned; any other unusual shape
    (rows/cells without ``r``, ``r`` not first, odd quoting) sends the sheet to an exact
    expat scan that mirrors calamine's cell placement.
  * ods content.xml: expat, tracking the last non-empty row/column with repeats expanded.
  * Any other exception inside the scan becomes ``corrupt``; the slow (expat) scans carry
    work caps so that padding cannot make them run for minutes.

Where things are
  * ``scan.py``: :func:`inspect_file` and everything that reads the file - stat, magic
    bytes, the CFB block loop, inflating zip members piece by piece, and handing each
    member to the scanner for its format (xlsx package resolution, ods manifest).
  * ``container.py``: what the container bytes mean - magic numbers, CFB directory entry
    names, the zip central directory check and the inflation budget.
  * ``xlsx_package.py``: which zip members are the workbook, its rels and its sheets.
  * ``xlsx_sheet.py``: the worksheet scans - fast byte scan and exact expat scan.
  * ``ods.py``: the content.xml scan.
  * ``_common.py``: the public types (``Limits``, ``UnsafeFile``, ``FileFacts``,
    ``Reason``), ``_corrupt`` and what the sheet scans share (``_SheetTally``,
    ``_ExpatStream``).
"""

from desktop_app.core.excel.safety._common import FileFacts, Limits, Reason, UnsafeFile
from desktop_app.core.excel.safety.scan import inspect_file

__all__ = ["FileFacts", "Limits", "Reason", "UnsafeFile", "inspect_file"]
