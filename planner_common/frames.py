"""Is this a pandas or Arrow frame? Asked without importing either library.

A DataFrame or an Arrow table can only exist once its library is loaded, so looking the library up in
``sys.modules`` answers the question for free; importing pandas just to ask costs ~0.25–0.9 s of a
fresh process (a readout, a customer-list split).
"""

from __future__ import annotations

import sys
from typing import Any


def is_pandas_frame(data: Any) -> bool:
    """Whether ``data`` is a pandas DataFrame.

    Examples:
        >>> is_pandas_frame([1, 2]), is_pandas_frame("pilot.csv")
        (False, False)
    """
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(data, pandas.DataFrame)


def is_arrow_table(data: Any) -> bool:
    """Whether ``data`` is a ``pyarrow.Table``.

    Examples:
        >>> is_arrow_table({"arm": ["pilot"]})
        False
    """
    arrow = sys.modules.get("pyarrow")
    return arrow is not None and isinstance(data, arrow.Table)
