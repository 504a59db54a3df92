"""Frames recognised without importing their library. Oracle: the objects' own types."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from planner_common.frames import is_arrow_table, is_pandas_frame


def test_each_kind_of_frame_is_recognised_and_nothing_else() -> None:
    frame, table = pd.DataFrame({"arm": ["pilot"]}), pa.table({"arm": ["pilot"]})
    assert is_pandas_frame(frame) and not is_pandas_frame(table)
    assert is_arrow_table(table) and not is_arrow_table(frame)
    for other in (None, "pilot.parquet", b"PAR1", [{"arm": "pilot"}], frame["arm"]):
        assert not is_pandas_frame(other) and not is_arrow_table(other)
