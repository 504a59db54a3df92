"""Size caps for files read by :func:`datasources.read_table` (module constants, overridable per call).

The caps protect the app from uploads that would exhaust memory or disk. CSV and Parquet are read out
of core by DuckDB, so their cap is generous; Excel is parsed in memory, so it has a tighter cap on the
file and on the total *decompressed* size of its zip members (an ``.xlsx`` is a zip of XML files).
"""

from __future__ import annotations

from planner_common import InputError

MIB = 1024 * 1024

#: Largest CSV or Parquet file read (bytes). Uploads are also capped by Streamlit's ``maxUploadSize``.
MAX_FILE_BYTES = 4 * 1024 * MIB
#: Largest Excel file read (bytes, compressed as stored on disk).
MAX_EXCEL_BYTES = 100 * MIB
#: Largest total decompressed size of the members of an ``.xlsx``/``.ods`` zip (bytes).
MAX_EXCEL_UNCOMPRESSED_BYTES = 256 * MIB
#: Largest decompressed / compressed ratio of one zip member (a genuine sheet XML compresses ~5–30×).
MAX_COMPRESSION_RATIO = 100.0
#: Members smaller than this are exempt from the ratio check (tiny XML files compress very well).
RATIO_CHECK_MIN_BYTES = 1 * MIB
#: Largest number of members in an Excel zip.
MAX_ZIP_MEMBERS = 10_000
#: Bytes read from the start of a CSV to detect its encoding, delimiter and number format.
SNIFF_BYTES = 1 * MIB


def megabytes(n_bytes: int) -> float:
    """Bytes as megabytes (MB = 10**6 bytes) rounded to one decimal, for messages.

    Examples:
        >>> megabytes(2_500_000)
        2.5
    """
    return round(n_bytes / 1e6, 1)


def check_size(name: str, size: int, max_bytes: int) -> int:
    """Refuse an empty file or one larger than ``max_bytes``; return ``size``.

    Args:
        name: The file name shown in the message.
        size: Its size in bytes.
        max_bytes: The cap in bytes.

    Examples:
        >>> check_size("pilot.csv", 1_000, max_bytes=10_000)
        1000
        >>> check_size("pilot.csv", 20_000, max_bytes=10_000)
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: pilot.csv is 0.0 MB, above the 0.0 MB limit (20000 > 10000 bytes); split the file or raise max_bytes.
    """
    if size == 0:
        raise InputError(
            "empty_file", f"{name} is empty (0 bytes); choose the file that holds the data.", name=name
        )
    if size > max_bytes:
        raise InputError(
            "file_too_big",
            f"{name} is {megabytes(size)} MB, above the {megabytes(max_bytes)} MB limit "
            f"({size} > {max_bytes} bytes); split the file or raise max_bytes.",
            name=name,
            size_mb=megabytes(size),
            limit_mb=megabytes(max_bytes),
        )
    return size
