"""Detect a CSV's dialect from a sample: delimiter, decimal mark, thousands separator, ID-like columns.

The sample is the decoded text of the file's first bytes. Detection is deliberately simple and
explainable:

* **delimiter** – among ``,`` ``;`` tab ``|``, the one that splits the header into several fields and
  gives (nearly) every sample row the same number of fields as the header;
* **decimal mark** – numbers that can only be read one way decide (``12,5`` or ``1.234,56`` → comma;
  ``12.5`` or ``1,234.56`` → point); if only ambiguous numbers like ``1.234`` appear, a ``;`` file is
  taken as Spanish-locale (comma decimal), any other as point decimal;
* **thousands** – ``.`` whenever the decimal mark is a comma; ``,`` when grouped numbers such as
  ``1,234,567`` appear with a point decimal;
* **text columns that look numeric** – values with leading zeros (``00123``) mark the column as text,
  so IDs keep their zeros; :func:`is_id_name` recognises ID-like column names.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from planner_common import InputError

DELIMITERS = (",", ";", "\t", "|")
MAX_SAMPLE_ROWS = 500
_NUM = r"[-+]?"
# Numbers readable only one way: 12,5 · 0,123 · 1234,567 · 1.234,56 · 1.234.567 (and the mirror image).
_COMMA_DECIMAL = re.compile(
    _NUM + r"(\d+,(\d{1,2}|\d{4,})|(0|\d{4,}),\d+|\d{1,3}(\.\d{3})+,\d+|\d{1,3}(\.\d{3}){2,})$"
)
_POINT_DECIMAL = re.compile(
    _NUM + r"(\d+\.(\d{1,2}|\d{4,})|(0|\d{4,})\.\d+|\d{1,3}(,\d{3})+\.\d+|\d{1,3}(,\d{3}){2,})$"
)
_AMBIGUOUS = re.compile(_NUM + r"[1-9]\d{0,2}[.,]\d{3}$")
_COMMA_GROUPS = re.compile(_NUM + r"\d{1,3}(,\d{3})+(\.\d+)?$")
_LEADING_ZERO = re.compile(r"0\d+$")
_ID_TOKENS = {
    "id",
    "rut",
    "dni",
    "nif",
    "cif",
    "nit",
    "ruc",
    "cuit",
    "curp",
    "rfc",
    "cedula",
    "msisdn",
    "uuid",
    "guid",
    "sku",
    "ean",
    "iban",
}
_ENTITY_TOKENS = {
    "cliente",
    "customer",
    "client",
    "cuenta",
    "account",
    "socio",
    "member",
    "usuario",
    "user",
    "telefono",
    "phone",
    "codigo",
    "code",
}
_NUMBER_TOKENS = {"nro", "no", "num", "numero", "number", "cod", "codigo", "code", "key", "clave", "n"}


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvDialect:
    """How to read one CSV file (what DuckDB is told instead of guessing).

    Attributes:
        encoding: Python codec name of the file (``"utf-8"``, ``"utf-8-sig"``, ``"cp1252"``, ``"utf-16"``…).
        delimiter: Field separator.
        decimal: Decimal mark, ``"."`` or ``","``.
        thousands: Thousands separator or ``None``.
        header: Column names found in the sample's first row.
        text_columns: Positions of columns whose sample values have leading zeros (read as text).
        number_columns: Positions of columns whose sample values are all numbers in this format.
        boolean_columns: Positions of columns whose sample values are all ``true``/``false``.
        n_sample_rows: Data rows seen in the sample.
        notes: Caveats about the detection.
    """

    encoding: str
    delimiter: str
    decimal: str
    thousands: str | None
    header: tuple[str, ...]
    text_columns: tuple[int, ...] = ()
    number_columns: tuple[int, ...] = ()
    boolean_columns: tuple[int, ...] = ()
    n_sample_rows: int = 0
    notes: tuple[str, ...] = ()


def _records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) > MAX_SAMPLE_ROWS:
                break
    except csv.Error:
        pass
    return rows


def _delimiter_score(rows: list[list[str]], index: int) -> tuple:
    if not rows:
        return (False, 0.0, 0, -index)
    width = len(rows[0])
    body = rows[1:]
    consistency = sum(len(r) == width for r in body) / len(body) if body else 1.0
    return (width > 1 and consistency >= 0.9, round(consistency, 2), width, -index)


def detect_delimiter(text: str) -> str:
    """The delimiter that splits the sample into a consistent table (``,`` when nothing does).

    Examples:
        >>> detect_delimiter("id;ingreso\\n1;1.234,5\\n2;99,9\\n")
        ';'
        >>> detect_delimiter("id\\tgroup\\n1\\tpilot\\n")
        '\\t'
    """
    scores = [(_delimiter_score(_records(text, d), i), d) for i, d in enumerate(DELIMITERS)]
    return max(scores)[1]


def detect_number_format(values: list[str], delimiter: str) -> tuple[str, str | None]:
    """``(decimal, thousands)`` from the numeric-looking values of a sample.

    Examples:
        >>> detect_number_format(["1.234,56", "12,5", "3"], ";")
        (',', '.')
        >>> detect_number_format(["1,234.56", "7.25"], ",")
        ('.', ',')
        >>> detect_number_format(["12.5", "3"], ",")
        ('.', None)
    """
    comma = sum(bool(_COMMA_DECIMAL.match(v)) for v in values)
    point = sum(bool(_POINT_DECIMAL.match(v)) for v in values)
    ambiguous = any(_AMBIGUOUS.match(v) for v in values)
    if comma > point or (comma == point == 0 and ambiguous and delimiter == ";"):
        return ",", "."
    grouped = any(_COMMA_GROUPS.match(v) for v in values)
    return ".", ("," if grouped else None)


def _normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", text).lower().strip()


def is_id_name(name: str) -> bool:
    """Whether a column name looks like a customer/account identifier (read as text, not a number).

    Examples:
        >>> [is_id_name(n) for n in ("id_cliente", "customerId", "RUT", "nro_cuenta", "cliente")]
        [True, True, True, True, True]
        >>> [is_id_name(n) for n in ("edad_cliente", "gasto_previo", "ingreso", "video")]
        [False, False, False, False]
    """
    tokens = [tok for tok in re.split(r"[^a-z0-9]+", _normalize_name(name)) if tok]
    if not tokens:
        return False
    if _ID_TOKENS & set(tokens):
        return True
    entities = [tok for tok in tokens if tok in _ENTITY_TOKENS]
    others = [tok for tok in tokens if tok not in _ENTITY_TOKENS]
    return bool(entities) and all(tok in _NUMBER_TOKENS for tok in others)


def _leading_zero_columns(rows: list[list[str]]) -> tuple[int, ...]:
    found = set()
    for row in rows:
        for i, cell in enumerate(row):
            if _LEADING_ZERO.match(cell.strip()):
                found.add(i)
    return tuple(sorted(found))


def number_pattern(decimal: str, thousands: str | None) -> re.Pattern[str]:
    """A number written with this decimal mark and (optional) thousands separator.

    Examples:
        >>> bool(number_pattern(",", ".").match("-1.234.567,5")), bool(number_pattern(",", ".").match("1,2,3"))
        (True, False)
    """
    grouped = rf"\d{{1,3}}({re.escape(thousands)}\d{{3}})+|" if thousands else ""
    return re.compile(rf"[-+]?({grouped}\d+)({re.escape(decimal)}\d+)?$")


def _columns_where(rows: list[list[str]], test: Any) -> tuple[int, ...]:
    width = max((len(r) for r in rows), default=0)
    found = []
    for i in range(width):
        cells = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
        if cells and all(test(cell) for cell in cells):
            found.append(i)
    return tuple(found)


def _check_override(field: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise InputError(
            "bad_csv_option",
            f"{field} must be one of {', '.join(map(repr, allowed))}, got {value!r}.",
            field=field,
            value=value,
            choices=" ".join(map(repr, allowed)),
        )


def sniff_text(
    text: str,
    *,
    encoding: str,
    delimiter: str | None = None,
    decimal: str | None = None,
    thousands: str | None = None,
    name: str = "the file",
) -> CsvDialect:
    """Detect the dialect of decoded CSV text; explicit arguments win over detection.

    Args:
        text: Decoded sample (whole lines; a cut last line is dropped by the caller).
        encoding: The encoding the sample was decoded with (echoed in the result).
        delimiter: Field separator override (``,`` ``;`` tab ``|`` or any single character).
        decimal: Decimal mark override, ``"."`` or ``","``.
        thousands: Thousands separator override (``"."``, ``","``, ``" "`` or ``""`` for none).
        name: File name for error messages.

    Examples:
        >>> d = sniff_text("id_cliente;grupo;ingreso\\n00123;piloto;1.234,56\\n", encoding="utf-8")
        >>> d.delimiter, d.decimal, d.thousands, d.header, d.text_columns
        (';', ',', '.', ('id_cliente', 'grupo', 'ingreso'), (0,))
    """
    if delimiter is not None and len(delimiter) != 1:
        raise InputError(
            "bad_csv_option",
            f"delimiter must be one character, got {delimiter!r}.",
            field="delimiter",
            value=delimiter,
            choices="',' ';' '\\t' '|'",
        )
    _check_override("decimal", decimal, (".", ","))
    _check_override("thousands", thousands, (".", ",", " ", "'", ""))
    if not text.strip():
        raise InputError("no_columns", f"{name} has no columns: it holds only blank lines.", name=name)
    sep = delimiter or detect_delimiter(text)
    rows = _records(text, sep)
    values = [cell.strip() for row in rows[1:] for cell in row]
    found_decimal, found_thousands = detect_number_format(values, sep)
    dec = decimal or found_decimal
    if thousands is not None:
        thou = thousands or None
    else:
        thou = found_thousands if dec == found_decimal else ("." if dec == "," else None)
    if thou == dec:
        thou = None
    header = tuple(cell.strip() for cell in rows[0]) if rows else ()
    number = number_pattern(dec, thou)
    return CsvDialect(
        encoding=encoding,
        delimiter=sep,
        decimal=dec,
        thousands=thou,
        header=header,
        text_columns=_leading_zero_columns(rows[1:]),
        number_columns=_columns_where(rows[1:], lambda v: bool(number.match(v))),
        boolean_columns=_columns_where(rows[1:], lambda v: v.lower() in ("true", "false")),
        n_sample_rows=max(len(rows) - 1, 0),
    )


def check_columns(dialect: CsvDialect, n_columns: int, *, name: str = "the file") -> None:
    """Refuse a file read as a single column whose header still holds a likely delimiter.

    Examples:
        >>> d = CsvDialect(encoding="utf-8", delimiter=",", decimal=".", thousands=None, header=("id;grupo",))
        >>> check_columns(d, 1, name="pilot.csv")
        Traceback (most recent call last):
        ...
        planner_common.errors.InputError: pilot.csv was read as one column named 'id;grupo' using the delimiter ','; the delimiter is probably wrong: pass delimiter=';'.
    """
    if n_columns != 1 or not dialect.header:
        return
    header = dialect.header[0]
    hints = [d for d in (*DELIMITERS, ":", "~", "^") if d in header and d != dialect.delimiter]
    if hints:
        raise InputError(
            "single_column",
            f"{name} was read as one column named {header!r} using the delimiter "
            f"{dialect.delimiter!r}; the delimiter is probably wrong: pass delimiter={hints[0]!r}.",
            name=name,
            column=header[:60],
            delimiter=dialect.delimiter,
            suggestion=hints[0],
        )
