"""column_summary and value_counts against pandas on the same rows (oracle: pandas ``nunique`` and
``value_counts``, an independent implementation), on the bundled pilot example and a frame with nulls."""

from __future__ import annotations

from pathlib import Path

import ibis
import pandas as pd
import pytest

from datasources import column_summary, read_table, value_counts

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "piloto_correo_directo_cl.csv"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return read_table(EXAMPLE).to_pandas()


def test_exact_distinct_counts_match_pandas(frame: pd.DataFrame) -> None:
    s = column_summary(read_table(EXAMPLE))
    assert s.exact and s.n_rows == len(frame)
    assert s.columns == tuple(frame.columns)
    assert s.distinct == {c: int(frame[c].nunique()) for c in frame.columns}
    assert set(s.numeric) == {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}


def test_approximate_counts_are_exact_for_small_cardinalities(frame: pd.DataFrame) -> None:
    s = column_summary(read_table(EXAMPLE), exact=False)
    small = {c for c in frame.columns if frame[c].nunique() <= 50}
    assert {c: s.distinct[c] for c in small} == {c: int(frame[c].nunique()) for c in small}


def test_nulls_are_not_values() -> None:
    t = ibis.memtable(pd.DataFrame({"segmento": ["alto", None, "bajo", "alto"], "x": [1.0, 2.0, None, 4.0]}))
    s = column_summary(t)
    assert s.distinct == {"segmento": 2, "x": 3} and s.n_rows == 4


def test_value_counts_match_pandas(frame: pd.DataFrame) -> None:
    column = next(c for c in frame.columns if 2 < frame[c].nunique() <= 10)
    expected = frame[column].value_counts()
    got = value_counts(read_table(EXAMPLE), column)
    assert dict(got) == {k: int(v) for k, v in expected.items()}
    assert [n for _, n in got] == sorted((n for _, n in got), reverse=True)
    assert len(value_counts(read_table(EXAMPLE), column, limit=1)) == 1
