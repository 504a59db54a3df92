"""Turn a path, bytes or an upload into a local file of a known format, with size caps and temp files.

DuckDB reads files by path, so bytes and uploads (Streamlit's ``UploadedFile`` has ``.name`` and
``.getvalue()``) are written once to a private temporary directory. A temporary file lives as long as
the DuckDB connection whose views read it (``weakref.finalize``), and the directory is removed at exit.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasources import limits
from planner_common import InputError

CSV, PARQUET, EXCEL_ZIP, EXCEL_OLE = "csv", "parquet", "excel", "excel-ole"
FORMATS = (CSV, PARQUET, EXCEL_ZIP, EXCEL_OLE)
EXTENSIONS = {
    ".csv": CSV,
    ".tsv": CSV,
    ".txt": CSV,
    ".csv.gz": CSV,
    ".tsv.gz": CSV,
    ".txt.gz": CSV,
    ".parquet": PARQUET,
    ".pq": PARQUET,
    ".parq": PARQUET,
    ".xlsx": EXCEL_ZIP,
    ".xlsm": EXCEL_ZIP,
    ".xlsb": EXCEL_ZIP,
    ".ods": EXCEL_ZIP,
    ".xls": EXCEL_OLE,
}
_MAGIC = ((b"PAR1", PARQUET), (b"PK\x03\x04", EXCEL_ZIP), (b"\xd0\xcf\x11\xe0", EXCEL_OLE))
# Files that are no table at all, whatever they are called: images and PDF documents.
_NOT_TABLES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"II*\x00", b"MM\x00*", b"RIFF")
_EXTENSION_OF = {PARQUET: ".parquet", EXCEL_ZIP: ".xlsx", EXCEL_OLE: ".xls"}
_TEMP_DIR: Path | None = None


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A file on disk ready to be read: its path, the name to show, size in bytes and format."""

    path: Path
    name: str
    size: int
    file_format: str


def suffix_of(name: str) -> str:
    """Lower-case extension, keeping ``.gz`` pairs (``"Pilot.CSV.gz"`` → ``".csv.gz"``).

    Examples:
        >>> suffix_of("Pilot.CSV.gz"), suffix_of("datos.xlsx"), suffix_of("README")
        ('.csv.gz', '.xlsx', '')
    """
    suffixes = [s.lower() for s in Path(name).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def sniff_format(head: bytes) -> str:
    """Format from a file's first bytes (Parquet, zip-based Excel, old Excel); text is CSV.

    Examples:
        >>> sniff_format(b"PAR1...."), sniff_format(b"id,group\\n")
        ('parquet', 'csv')
    """
    for magic, file_format in _MAGIC:
        if head.startswith(magic):
            return file_format
    return CSV


def not_a_table(name: str) -> InputError:
    """The refusal of a file that holds no table (an image, a PDF, binary data), named by its name."""
    return InputError(
        "not_a_table_file",
        f"{name} is not a CSV, Excel or Parquet file (it looks like an image, a PDF or other binary "
        "data); export the table from your spreadsheet as CSV or Excel (.xlsx).",
        name=name,
    )


def check_content(name: str, head: bytes, file_format: str) -> None:
    """Refuse a file whose first bytes contradict its extension: an image or a PDF called ``.csv``, an
    Excel workbook called ``.csv``, a text file called ``.xlsx``.

    Examples:
        >>> check_content("pilot.csv", b"id;grupo", CSV) is None
        True
        >>> check_content("pilot.csv", b"\\x89PNG\\r\\n\\x1a\\n", CSV)
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: pilot.csv is not a CSV, Excel or Parquet file (it looks like an image, a PDF or other binary data); export the table from your spreadsheet as CSV or Excel (.xlsx).
    """
    if head.startswith(_NOT_TABLES):
        raise not_a_table(name)
    actual = sniff_format(head)
    gzipped = file_format == CSV and head.startswith(b"\x1f\x8b")
    if actual == file_format or gzipped:
        return
    if file_format == CSV or actual != CSV:
        shown = _EXTENSION_OF[actual] if actual != CSV else ".csv"
        raise InputError(
            "wrong_extension",
            f"{name} ends in {suffix_of(name)!r} but holds a {shown} file; rename it to {shown}.",
            name=name,
            extension=suffix_of(name),
            actual=shown,
        )
    if file_format in (EXCEL_ZIP, EXCEL_OLE, PARQUET) and not _looks_like_text(head):
        raise not_a_table(name)
    raise InputError(
        "wrong_extension",
        f"{name} ends in {suffix_of(name)!r} but holds text (a CSV file); rename it to .csv.",
        name=name,
        extension=suffix_of(name),
        actual=".csv",
    )


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def detect_format(name: str, head: bytes, file_format: str | None = None) -> str:
    """Format from an explicit choice, else the extension, else (no extension) the first bytes.

    Examples:
        >>> detect_format("pilot.xlsx", b"PK\\x03\\x04"), detect_format("upload", b"PAR1")
        ('excel', 'parquet')
    """
    if file_format is not None:
        if file_format not in FORMATS:
            raise InputError(
                "bad_choice",
                f"file_format must be one of {FORMATS}, got {file_format!r}.",
                field="file_format",
                value=file_format,
                choices=", ".join(FORMATS),
            )
        return file_format
    suffix = suffix_of(name)
    if suffix in EXTENSIONS:
        if head:
            check_content(name, head, EXTENSIONS[suffix])
        return EXTENSIONS[suffix]
    if not suffix:
        if head.startswith(_NOT_TABLES):
            raise not_a_table(name)
        return sniff_format(head)
    raise InputError(
        "unsupported_extension",
        f"{name}: files ending in {suffix!r} are not supported; use CSV (.csv, .txt, .tsv), "
        "Excel (.xlsx) or Parquet (.parquet).",
        name=name,
        extension=suffix,
    )


def temp_dir() -> Path:
    """The process's private temporary directory (created on first use, removed at exit)."""
    global _TEMP_DIR
    if _TEMP_DIR is None or not _TEMP_DIR.exists():
        _TEMP_DIR = Path(tempfile.mkdtemp(prefix="campaign-planner-"))
        atexit.register(shutil.rmtree, _TEMP_DIR, True)
    return _TEMP_DIR


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


def new_temp_file(owner: Any, suffix: str) -> Path:
    """A fresh temporary file path deleted when ``owner`` (a connection) is garbage-collected."""
    fd, name = tempfile.mkstemp(suffix=suffix, dir=temp_dir())
    os.close(fd)
    path = Path(name)
    weakref.finalize(owner, _unlink, path)
    return path


def _read_upload(source: Any, name: str, max_bytes: int) -> bytes:
    size = getattr(source, "size", None)
    if isinstance(size, int):
        limits.check_size(name, size, max_bytes)
    if hasattr(source, "getvalue"):
        return source.getvalue()
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read(max_bytes + 1)


def as_bytes(source: Any, name: str, max_bytes: int) -> bytes | None:
    """The content of a bytes-like or file-like source (``None`` for a path)."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if hasattr(source, "read") or hasattr(source, "getvalue"):
        return bytes(_read_upload(source, name, max_bytes))
    return None


def source_name(source: Any) -> str:
    """A display name for a source: the path's file name, the upload's ``.name``, or ``"upload"``."""
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) and name else "upload"


def materialise(source: Any, *, owner: Any, max_bytes: int, file_format: str | None = None) -> LocalFile:
    """A :class:`LocalFile` for a path, bytes or file-like upload; bytes go to a temp file tied to ``owner``.

    Raises ``InputError`` for a missing or empty file, one above ``max_bytes``, an unsupported
    extension, or a source that is none of these.
    """
    name = source_name(source)
    data = as_bytes(source, name, max_bytes)
    if data is not None:
        limits.check_size(name, len(data), max_bytes)
        fmt = detect_format(name, data[:8], file_format)
        digest = hashlib.sha256(data).hexdigest()[:12]
        path = new_temp_file(owner, f"-{digest}{suffix_of(name) or '.' + fmt}")
        path.write_bytes(data)
        return LocalFile(path, name, len(data), fmt)
    if not isinstance(source, str | os.PathLike):
        raise InputError(
            "unsupported_source",
            f"source must be a file path, bytes or an uploaded file, got {type(source).__name__}.",
            field="source",
            value=type(source).__name__,
        )
    path = Path(source).expanduser()
    if not path.is_file():
        raise InputError(
            "file_not_found", f"{path} does not exist or is not a file; check the path.", name=str(path)
        )
    size = limits.check_size(name, path.stat().st_size, max_bytes)
    with path.open("rb") as fh:
        head = fh.read(8)
    return LocalFile(path, name, size, detect_format(name, head, file_format))
