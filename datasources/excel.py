"""Excel workbooks (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.ods``, ``.xls``) → Arrow tables, via python-calamine.

An ``.xlsx`` is a zip of XML files, so before anything parses it the zip is inspected: the total
*decompressed* size (declared by the headers and then measured by streaming every member through the
decompressor with a running cap, because headers can lie) and each large member's compression ratio
must stay under configurable caps, so a zip bomb is refused without being inflated in memory.
Excel files are small (at most 1,048,576 rows), so the sheet is converted to an Arrow table that
DuckDB then holds in memory.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from datasources import limits
from datasources.csv_sniff import is_id_name
from planner_common import InputError

_INT_LIMIT = 2**53


def _zip_bomb(name: str, reason: str, **params: Any) -> InputError:
    return InputError(
        "zip_bomb",
        f"{name} was refused: {reason}. A genuine Excel file never does this; "
        "export the data again (CSV is best for large files).",
        name=name,
        **params,
    )


def check_zip(
    path: Path,
    *,
    name: str = "the file",
    max_uncompressed: int = limits.MAX_EXCEL_UNCOMPRESSED_BYTES,
    max_ratio: float = limits.MAX_COMPRESSION_RATIO,
) -> int:
    """Check the zip container of an Excel file; return its total decompressed size in bytes.

    Args:
        path: The ``.xlsx`` file.
        name: File name for messages.
        max_uncompressed: Cap on the sum of decompressed member sizes (bytes).
        max_ratio: Cap on decompressed / compressed size of any member above 1 MiB.

    Raises:
        InputError: ``zip_bomb`` when a cap is exceeded; ``unreadable_file`` when it is not a valid zip.
    """
    limit_mb = limits.megabytes(max_uncompressed)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > limits.MAX_ZIP_MEMBERS:
                raise _zip_bomb(name, f"it holds {len(members)} files", limit_mb=limit_mb)
            declared = sum(info.file_size for info in members)
            if declared > max_uncompressed:
                raise _zip_bomb(
                    name,
                    f"it would expand to {limits.megabytes(declared)} MB, above the {limit_mb} MB limit",
                    limit_mb=limit_mb,
                )
            for info in members:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > limits.RATIO_CHECK_MIN_BYTES and ratio > max_ratio:
                    raise _zip_bomb(
                        name,
                        f"{info.filename} is compressed {ratio:.0f} times (limit {max_ratio:.0f})",
                        limit_mb=limit_mb,
                    )
            return _measure(archive, members, name=name, max_uncompressed=max_uncompressed)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise InputError(
            "unreadable_file",
            f"{name} is not a valid Excel file ({exc}); open it in Excel and save it again as .xlsx.",
            name=name,
            detail=str(exc)[:200],
        ) from None


def _measure(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], *, name: str, max_uncompressed: int
) -> int:
    total = 0
    for info in members:
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                total += len(chunk)
                if total > max_uncompressed:
                    raise _zip_bomb(
                        name,
                        f"it expands beyond the {limits.megabytes(max_uncompressed)} MB limit",
                        limit_mb=limits.megabytes(max_uncompressed),
                    )
    return total


def _open(path: Path, name: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError(
            "unreadable_file",
            f"{name} cannot be read as Excel ({exc}); save it again as .xlsx.",
            name=name,
            detail=str(exc)[:200],
        ) from None


def sheet_names(path: Path, *, name: str = "the file") -> list[str]:
    """Names of the worksheets of a workbook, in workbook order."""
    with _open(path, name) as book:
        return list(book.sheet_names)


def _pick_sheet(book: CalamineWorkbook, sheet: str | int | None, name: str) -> str:
    names = list(book.sheet_names)
    if sheet is None:
        visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
        return (visible or names)[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool) and -len(names) <= sheet < len(names):
        return names[sheet]
    if isinstance(sheet, str):
        for candidate in names:
            if candidate.strip().casefold() == sheet.strip().casefold():
                return candidate
    raise InputError(
        "sheet_not_found",
        f"{name} has no sheet {sheet!r}; its sheets are: {', '.join(names)}.",
        name=name,
        sheet=sheet,
        sheets=", ".join(names),
    )


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < _INT_LIMIT:
        return str(int(value))
    return str(value)


def to_arrow_column(name: str, values: list[Any]) -> pa.Array:
    """One Excel column as an Arrow array: numbers, booleans, dates or text; ``""`` is missing.

    ID-like names (``id_cliente``, ``rut``…) and mixed columns become text (``123.0`` → ``"123"``).

    Examples:
        >>> to_arrow_column("compra", [1.0, 0.0, ""]).to_pylist()
        [1, 0, None]
        >>> to_arrow_column("id_cliente", ["00123", 456.0]).to_pylist()
        ['00123', '456']
    """
    cells = [None if isinstance(v, str) and v == "" else v for v in values]
    kinds = {type(v) for v in cells if v is not None}
    if kinds and kinds <= {int, float} and not is_id_name(name):
        if all(float(v).is_integer() and abs(v) < _INT_LIMIT for v in cells if v is not None):
            return pa.array([None if v is None else int(v) for v in cells], pa.int64())
        return pa.array(cells, pa.float64())
    if kinds and kinds <= {bool}:
        return pa.array(cells, pa.bool_())
    if kinds and kinds <= {dt.date, dt.datetime}:
        return pa.array(
            [
                v if v is None or isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
                for v in cells
            ],
            pa.timestamp("us"),
        )
    return pa.array([None if v is None else _text(v) for v in cells], pa.string())


def _header(row: list[Any]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(row):
        base = _text(cell).strip() if cell not in (None, "") else f"column{i}"
        candidate, k = base, 1
        while candidate in names:
            candidate, k = f"{base}_{k}", k + 1
        names.append(candidate)
    return names


def read_excel(
    path: Path,
    *,
    sheet: str | int | None = None,
    name: str = "the file",
    check: bool = True,
    max_uncompressed: int = limits.MAX_EXCEL_UNCOMPRESSED_BYTES,
    max_ratio: float = limits.MAX_COMPRESSION_RATIO,
) -> pa.Table:
    """Read one sheet (first visible by default; by name or 0-based index) into an Arrow table.

    The first non-empty row is the header. Zip-based formats are checked by :func:`check_zip` first
    (``check=False`` only for ``.xls``, which is not compressed).
    """
    if check:
        check_zip(path, name=name, max_uncompressed=max_uncompressed, max_ratio=max_ratio)
    with _open(path, name) as book:
        chosen = _pick_sheet(book, sheet, name)
        try:
            rows = book.get_sheet_by_name(chosen).to_python()
        except CalamineError as exc:
            raise InputError(
                "unreadable_file",
                f"{name}: sheet {chosen!r} cannot be read ({exc}).",
                name=name,
                detail=str(exc)[:200],
            ) from None
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise InputError(
            "no_columns",
            f"{name}: sheet {chosen!r} is empty; choose the sheet with the data.",
            name=name,
            sheet=chosen,
        )
    header, body = _header(rows[0]), rows[1:]
    if not body:
        raise InputError(
            "no_rows", f"{name}: sheet {chosen!r} has column names but no rows.", name=name, sheet=chosen
        )
    width = len(header)
    columns = [
        to_arrow_column(col, [row[i] if i < len(row) else None for row in body])
        for i, col in enumerate(header)
    ]
    return pa.Table.from_arrays(columns, names=header[:width])
