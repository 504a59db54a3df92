"""Helpers for the datasources tests: a small pilot frame and its Spanish-locale CSV text.

Imported as ``_ds_data`` (pytest puts this folder on ``sys.path`` in its default import mode).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REGIONS = ["Metropolitana", "Valparaíso", "Biobío", "Ñuble", "Araucanía"]


def pilot_frame(n: int = 240, seed: int = 7) -> pd.DataFrame:
    """Zero-padded IDs, Spanish text with accents, 0/1 and sí/no outcomes, money above 1,000."""
    rng = np.random.default_rng(seed)
    bought = rng.random(n) < 0.3
    return pd.DataFrame(
        {
            "id_cliente": [f"{i:06d}" for i in rng.choice(999_999, n, replace=False)],
            "grupo": rng.choice(["piloto", "control"], n),
            "respondio": np.where(rng.random(n) < 0.4, "sí", "no"),
            "compra": bought.astype("int64"),
            "ingreso": np.where(bought, np.round(rng.gamma(2.0, 900.0, n), 2), 0.0),
            "gasto_previo": np.round(rng.gamma(2.0, 1500.0, n) + 0.01, 2),
            "region": rng.choice(REGIONS, n),
        }
    )


def spanish_number(x: float) -> str:
    """1234.5 → '1.234,50' (thousands point, decimal comma), as a Spanish Excel export writes it."""
    return f"{x:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def spanish_csv(df: pd.DataFrame) -> str:
    """The frame as a Spanish-locale CSV: ';' delimiter, decimal comma and thousands point."""
    out = df.copy()
    for col in ("ingreso", "gasto_previo"):
        out[col] = out[col].map(spanish_number)
    return out.to_csv(sep=";", index=False)


def rows(table) -> list[dict]:
    """The rows of an Ibis table as dicts sorted by id_cliente (for order-free comparisons)."""
    return sorted(table.to_pyarrow().to_pylist(), key=lambda r: r["id_cliente"])


def frame_rows(df: pd.DataFrame) -> list[dict]:
    return sorted(df.to_dict("records"), key=lambda r: r["id_cliente"])
