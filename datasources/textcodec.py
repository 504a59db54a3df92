"""Text encodings of CSV files: detect from a sample, validate in streaming, transcode to UTF-8 out of core.

DuckDB reads UTF-8 (with or without BOM). Files exported by Spanish-locale Excel are often Windows-1252
(``cp1252``, a superset of Latin-1 for printable text) and some tools write UTF-16 with a BOM; those are
transcoded chunk by chunk into a UTF-8 temporary file, never held in memory whole.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

from planner_common import InputError

CHUNK_BYTES = 1024 * 1024
UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
#: Encodings DuckDB reads directly; everything else is transcoded.
DUCKDB_NATIVE = (UTF8, UTF8_BOM)


def normalize_encoding(name: str) -> str:
    """Canonical Python codec name for a user-typed encoding (``"latin-1"`` → ``"iso8859-1"``).

    Examples:
        >>> normalize_encoding("Latin-1"), normalize_encoding("UTF8"), normalize_encoding("windows-1252")
        ('iso8859-1', 'utf-8', 'cp1252')
    """
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError):
        raise InputError(
            "unknown_encoding",
            f"encoding {name!r} is not a known text encoding; use e.g. 'utf-8', 'cp1252', "
            "'latin-1' or 'utf-16'.",
            field="encoding",
            value=name,
        ) from None


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is NUL (ASCII text in UTF-16), else ``None``."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(sample: bytes, *, complete: bool = False, name: str = "the file") -> str:
    """Guess the encoding of a CSV from its first bytes.

    BOMs decide first (UTF-8, UTF-16); then valid UTF-8; then Windows-1252 (Spanish exports: ``ñ``,
    ``á``, ``€``); Latin-1 only when a byte undefined in cp1252 appears. Binary content (NUL bytes that
    are not UTF-16) is refused.

    Args:
        sample: The first bytes of the file.
        complete: True when ``sample`` is the whole file (a cut multi-byte character at its end is
            then an error rather than an artefact of the cut).
        name: File name for the error message.

    Examples:
        >>> detect_encoding("región;año\\n".encode("utf-8"))
        'utf-8'
        >>> detect_encoding("región;año\\n".encode("cp1252"))
        'cp1252'
        >>> detect_encoding("región;año\\n".encode("utf-16"))
        'utf-16'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        guess = _utf16_without_bom(sample)
        if guess is None:
            raise InputError(
                "not_a_table_file",
                f"{name} is not a CSV, Excel or Parquet file (it holds binary data, NUL bytes); export "
                "the table from your spreadsheet as CSV or Excel (.xlsx).",
                name=name,
            )
        return guess
    try:
        codecs.getincrementaldecoder(UTF8)().decode(sample, final=complete)
        return UTF8
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "iso8859-1"


def first_invalid_utf8(fh: io.BufferedIOBase, *, chunk_bytes: int = CHUNK_BYTES) -> int | None:
    """Scan a binary stream as UTF-8 in chunks; return the offset of the first bad byte, or ``None``.

    Runs at the speed of a plain read for ASCII (``bytes.isascii``), without holding the file.

    Examples:
        >>> import io
        >>> first_invalid_utf8(io.BytesIO("año".encode("utf-8"))) is None
        True
        >>> first_invalid_utf8(io.BytesIO("año".encode("cp1252")))
        1
    """
    decoder = codecs.getincrementaldecoder(UTF8)()
    buffer = bytearray(chunk_bytes)  # reused: the scan holds one chunk, whatever the file size
    offset = 0
    while n := fh.readinto(buffer):
        chunk = buffer if n == chunk_bytes else buffer[:n]
        pending = decoder.getstate()[0]
        if not (not pending and chunk.isascii()):
            try:
                decoder.decode(chunk, final=False)
            except UnicodeDecodeError as exc:
                return offset - len(pending) + exc.start
        offset += n
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset - len(decoder.getstate()[0])
    return None


def transcode_to_utf8(
    src: io.BufferedIOBase,
    dest: Path,
    encoding: str,
    *,
    name: str = "the file",
    chunk_bytes: int = CHUNK_BYTES,
) -> Path:
    """Stream ``src`` decoded with ``encoding`` into ``dest`` as UTF-8 (no BOM), chunk by chunk.

    Raises ``InputError("unreadable_encoding")`` naming the byte offset when a byte cannot be decoded.

    Examples:
        >>> import io, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
        >>> _ = transcode_to_utf8(io.BytesIO("año;€\\n".encode("cp1252")), out, "cp1252")
        >>> out.read_text(encoding="utf-8")
        'año;€\\n'
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with dest.open("wb") as out:
        try:
            while chunk := src.read(chunk_bytes):
                out.write(decoder.decode(chunk, final=False).encode(UTF8))
                offset += len(chunk)
            out.write(decoder.decode(b"", final=True).encode(UTF8))
        except UnicodeDecodeError as exc:
            raise InputError(
                "unreadable_encoding",
                f"{name} cannot be read as {encoding}: byte {offset + exc.start} is invalid; "
                "pass the right encoding (e.g. encoding='cp1252' or 'utf-8').",
                name=name,
                encoding=encoding,
                position=offset + exc.start,
            ) from None
    return dest
