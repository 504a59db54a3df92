"""The same pilot saved as CSV, Spanish-locale CSV (``;`` and decimal comma), Excel and Parquet gives the
same readout (oracle: round trip through datasources.read_table; the DataFrame itself is the reference)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pilot_data import make_pilot

from experiments import Mean, Proportion, RatioOfMeans, analyze_pilot

METRICS = {
    "respuesta": Proportion("respondio"),
    "ingreso": Mean("ingreso", covariate="ingreso_previo"),
    "ticket": RatioOfMeans("ingreso", "compra"),
}
FIELDS = (
    "control",
    "treatment",
    "effect_size",
    "effect_size_ci_lower",
    "effect_size_ci_upper",
    "rel_effect_size_ci_lower",
    "pvalue",
    "pvalue_adjusted",
    "statistic",
    "n_control",
    "n_treatment",
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    df = make_pilot(3000, seed=5)
    df["ingreso"] = df["ingreso"] * 37  # values in the thousands, two decimals
    folder = tmp_path_factory.mktemp("formats")
    paths = {
        kind: folder / f"pilot{suffix}"
        for kind, suffix in (
            ("csv", ".csv"),
            ("csv_es", "_es.csv"),
            ("xlsx", ".xlsx"),
            ("parquet", ".parquet"),
        )
    }
    df.to_csv(paths["csv"], index=False)
    df.to_csv(paths["csv_es"], index=False, sep=";", decimal=",", encoding="cp1252")
    df.to_excel(paths["xlsx"], index=False)
    df.to_parquet(paths["parquet"], index=False)
    paths["frame"] = df
    return paths


def readout(source):
    return analyze_pilot(
        source,
        METRICS,
        group="grupo",
        control="control",
        treatment="piloto",
        segment="segmento",
        id_column="cliente",
    )


def test_every_format_gives_the_same_readout(files: dict) -> None:
    reference = readout(files["frame"])
    assert reference.metrics["ingreso"].n_treatment > 1000
    for kind in ("csv", "csv_es", "xlsx", "parquet"):
        result = readout(files[kind])
        assert result.arm_sizes == reference.arm_sizes, kind
        for name in METRICS:
            for seg in [None, *reference.segments]:
                ours = result.metrics[name] if seg is None else result.segments[seg][name]
                ref = reference.metrics[name] if seg is None else reference.segments[seg][name]
                for field in FIELDS:
                    assert getattr(ours, field) == pytest.approx(getattr(ref, field), rel=1e-12), (
                        kind,
                        name,
                        field,
                    )


def test_spanish_csv_really_uses_comma_decimals(files: dict) -> None:
    """Guard: the Spanish file is not accidentally a plain CSV."""
    head = files["csv_es"].read_bytes()[:300].decode("cp1252")
    assert ";" in head and "," in head.splitlines()[1]
    assert isinstance(files["frame"], pd.DataFrame)


def test_read_options_reach_the_reader(tmp_path: Path, files: dict) -> None:
    """An Excel file whose pilot is on its second sheet: ``read_options={"sheet": ...}`` picks it."""
    path = tmp_path / "two_sheets.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"nota": ["léame"]}).to_excel(writer, sheet_name="Notas", index=False)
        files["frame"].to_excel(writer, sheet_name="Piloto", index=False)
    result = analyze_pilot(path, METRICS, group="grupo", treatment="piloto", read_options={"sheet": "Piloto"})
    assert result.metrics["respuesta"].pvalue == pytest.approx(
        readout(files["frame"]).metrics["respuesta"].pvalue, rel=1e-12
    )
