"""A CSV is sniffed by DuckDB once: the view spells out the dialect and every column's type
(``auto_detect=false``), and reads the same rows DuckDB's own auto-detection reads.

Oracle: DuckDB's ``read_csv`` with auto-detection on the same file and the same user options (an
independent reading of the file), and the view's SQL text.
"""

from __future__ import annotations

import duckdb

from datasources import read_table


def view_sql(table) -> str:
    con = table.get_backend()
    return con.raw_sql(f"SELECT sql FROM duckdb_views() WHERE view_name = '{table.get_name()}'").fetchall()[
        0
    ][0]


def test_quoted_fields_crlf_and_dates_read_as_duckdb_auto_detects(tmp_path) -> None:
    """Quoted fields holding the delimiter, CRLF line ends, dates and timestamps, 30,000 rows."""
    lines = ["cliente;nota;fecha;momento;ingreso"]
    lines += [
        f'C{i:06d};"a;{i}";2024-{1 + i % 12:02d}-{1 + i % 28:02d};2024-03-01 10:{i % 60:02d}:00;{i % 97},5'
        for i in range(30_000)
    ]
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    table = read_table(path)
    assert "auto_detect = false" in view_sql(table) and "struct_pack" in view_sql(table)
    expected = duckdb.connect().execute(
        f"SELECT * FROM read_csv('{path}', delim=';', decimal_separator=',', header=true) ORDER BY cliente"
    )
    names = [d[0] for d in expected.description]
    assert list(table.columns) == names
    assert table.order_by("cliente").to_pyarrow().to_pylist() == [
        dict(zip(names, row, strict=True)) for row in expected.fetchall()
    ]


def test_type_overrides_are_part_of_the_single_read(tmp_path) -> None:
    """IDs with leading zeros stay text and a yes/no column holding «sí» stays text (the sample rule)."""
    path = tmp_path / "ids.csv"
    path.write_text(
        "id_cliente;respondio\n" + "".join(f"{i:05d};{'sí' if i % 3 else 'no'}\n" for i in range(50))
    )
    table = read_table(path)
    schema = table.schema()
    assert schema["id_cliente"].is_string() and schema["respondio"].is_string()
    assert table.order_by("id_cliente").limit(1).to_pyarrow().to_pylist() == [
        {"id_cliente": "00000", "respondio": "no"}
    ]


def test_a_file_read_again_reuses_its_sniff_and_a_rewritten_file_is_sniffed_again(tmp_path) -> None:
    """Two readouts of one export share the sniffs; the same path rewritten in another dialect (comma
    delimiter, decimal point, a new column) is read as DuckDB reads the new file, never with the old
    dialect. Oracle: DuckDB's own auto-detecting ``read_csv`` of each file."""
    from datasources import csv_reader

    path = tmp_path / "export.csv"
    path.write_text("cliente;ingreso\n" + "".join(f"C{i};{i},5\n" for i in range(100)))
    first, again = read_table(path), read_table(path)
    keys = [k for k in csv_reader._SNIFFED if k[0] == str(path.resolve())]
    assert len(keys) == 1
    assert again.ingreso.sum().execute() == first.ingreso.sum().execute() == sum(i + 0.5 for i in range(100))
    path.write_text("cliente,ingreso,segmento\n" + "".join(f"C{i},{i}.25,Sur\n" for i in range(50)))
    rewritten = read_table(path)
    expected = duckdb.connect().execute(f"SELECT sum(ingreso), count(*) FROM read_csv('{path}')").fetchone()
    assert list(rewritten.columns) == ["cliente", "ingreso", "segmento"]
    assert (rewritten.ingreso.sum().execute(), rewritten.count().execute()) == expected
