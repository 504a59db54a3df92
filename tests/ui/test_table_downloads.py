"""The Split balance and the Portfolio listing downloads, as the pages build them, read back as a user would.

Oracles: Python's ``csv`` module and openpyxl reading the bytes back; the core's own tables
(``experiments.assignment_report`` balance, ``Registry.portfolio`` rows) for the values, compared after
parsing the CSV's numbers with the locale's decimal mark; OWASP's CSV-injection rule for text cells.
"""

from __future__ import annotations

import csv
import io
import math

import openpyxl
import pandas as pd
import pytest
import streamlit as st

from app_pages.components.tables import table_files
from app_pages.i18n import number_locale, translate
from experiments import assignment_report
from planner_common import number_symbols
from rollout import Brief, Campaign, DesignPlan, PortfolioFilter, RolloutAssumptions, evaluate
from rollout.registry import Registry

LANGS = ("es", "en")


@pytest.fixture(params=LANGS)
def lang(request):
    """The session's language, as the sidebar sets it (the exports follow its locale)."""
    st.session_state["lang"] = request.param
    yield request.param
    del st.session_state["lang"]


def _csv(data: bytes) -> list[dict[str, str]]:
    separator = number_symbols(number_locale()).list_separator
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


def _number(text: str) -> float:
    """A CSV number written in the session's locale (no thousands mark), read back as a float."""
    return float(text.replace(number_symbols(number_locale()).decimal, "."))


def _same(cell: float, value: float) -> bool:
    """An XLSX number equals the value to the 16 significant digits xlsxwriter writes (Excel shows 15)."""
    return math.isclose(cell, value, rel_tol=1e-15)


def _sheet(data: bytes) -> tuple[list[str], list[list[openpyxl.cell.cell.Cell]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    return header, [list(row) for row in sheet.iter_rows(min_row=2)]


def _balance() -> pd.DataFrame:
    """A real balance table with negative SMDs: 1 000 customers, a tier and a spend, two arms."""
    rows = pd.DataFrame(
        {
            "id_cliente": [f"{i:07d}" for i in range(1_000)],
            "tier": ["alto" if i % 5 == 0 else "=medio" for i in range(1_000)],
            "gasto": [float(i % 37) for i in range(1_000)],
        }
    )
    report = assignment_report(
        rows,
        id_column="id_cliente",
        arms={"pilot": 100, "control": 50},
        salt="s",
        covariates=["tier", "gasto"],
    )
    return pd.concat([report.balance, report.representativeness], ignore_index=True)


def test_split_balance_downloads_keep_numbers_numeric(lang: str) -> None:
    """CSV: no apostrophe before a negative number, every figure the core's value in full (p-value
    included); XLSX: numeric cells for the figures, text cells for the words, the same p-values."""
    from app_pages.split.view import balance_export

    both = _balance()
    assert (both["smd"] < 0).any()  # the defect needs a negative figure
    files = table_files(balance_export(both))
    records = _csv(files["csv"]())
    header, cells = _sheet(files["xlsx"]())
    key = {k: translate(f"assign.balance.{k}", lang) for k in ("smd", "pvalue", "value_arm", "variable")}
    category = translate("assign.balance.category", lang)
    for record, row, (_, core) in zip(records, cells, both.iterrows(), strict=True):
        assert not any(value.startswith("'") for name, value in record.items() if name != category), record
        assert _number(record[key["smd"]]) == core["smd"]
        assert _number(record[key["pvalue"]]) == core["pvalue"]
        shown = core["mean_arm"] * (100 if core["kind"] == "categorical" else 1)
        assert math.isclose(_number(record[key["value_arm"]]), shown, rel_tol=1e-12)
        by_header = dict(zip(header, row, strict=True))
        for name in ("smd", "pvalue", "value_arm"):
            assert by_header[key[name]].data_type == "n", (name, by_header[key[name]].value)
        assert _same(by_header[key["pvalue"]].value, _number(record[key["pvalue"]]))
        assert by_header[key["variable"]].data_type == "s"
    # text written by the user is still neutralised: "=medio" is a category, not a formula
    assert "'=medio" in {record[category] for record in records}


MONEY = dict(eligible_base=250_000, fixed_cost=3_000_000, cost_per_contact=300, margin_per_response=40_000)


def _portfolio(tmp_path) -> tuple:
    """README's three portfolio pilots saved in a fresh registry; one of them loses money."""
    reg = Registry(f"sqlite:///{tmp_path / 'reg.sqlite'}")
    admin = reg.create_first_admin("admin", "clave-admin-1")
    marketer = reg.create_user("marketer", "clave-marketer-1", "marketer", actor=admin)
    for name, month, rate in (("=Catálogo", 3, 0.03), ("SMS retención", 4, 0.021), ("Email", 4, 0.045)):
        campaign = Campaign(
            stage="analysed",
            brief=Brief(name=name, channel="email", objective="grow", **MONEY),
            design=DesignPlan(start_date=f"2025-{month:02d}-03", end_date=f"2025-{month:02d}-28"),
            rollout=RolloutAssumptions(
                source="rates", n_control=5_000, n_treatment=20_000, control_rate=0.02, pilot_rate=rate
            ),
        )
        reg.save(campaign.to_dict(), actor=marketer, summary=evaluate(campaign).summary())
    return reg.portfolio(PortfolioFilter())


def test_portfolio_listing_downloads_keep_money_numeric(lang: str, tmp_path) -> None:
    """The listing's figures are numbers in both files (the profit interval as two columns), equal to
    the registry's; a campaign name starting with '=' is still neutralised."""
    from app_pages.portfolio.view import listing_export

    result = _portfolio(tmp_path)
    assert any(row.expected_profit < 0 for row in result.rows)
    files = table_files(listing_export(result, "CLP"), id_columns=[translate("portfolio.col.id", lang)])
    records = _csv(files["csv"]())
    header, cells = _sheet(files["xlsx"]())
    col = {k: translate(f"portfolio.col.{k}", lang) for k in ("name", "profit", "profit_low", "profit_high")}
    for record, row, core in zip(records, cells, result.rows, strict=True):
        assert not any(value.startswith("'") for key, value in record.items() if key != col["name"])
        assert _number(record[col["profit"]]) == core.expected_profit
        assert _number(record[col["profit_low"]]) == core.profit_ci_lower
        assert _number(record[col["profit_high"]]) == core.profit_ci_upper
        by_header = dict(zip(header, row, strict=True))
        assert by_header[col["profit_low"]].data_type == "n"
        assert _same(by_header[col["profit_low"]].value, core.profit_ci_lower)
    assert "'=Catálogo" in {record[col["name"]] for record in records}
