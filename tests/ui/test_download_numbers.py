"""The table downloads of the pages hold numbers, not screen text, written in the session's locale.

Each page is driven with AppTest to a result; the CSV bytes are the ones its own download buttons
serve (the deferred file a click produces, taken from the run's media file manager) and are parsed by
pandas, an independent reader: ``sep=";", decimal=","`` in Spanish, ``sep=","`` in English.
Oracles: the core result each page renders, recomputed here from the page's inputs –
``rollout.evaluate`` of the session's campaign (brief break-even, roll-out five numbers),
``experiments.test_and_roll_plan`` (profit tab), ``economics.clv`` / ``expected_lifetime`` /
``ltv_to_cac`` / ``payback_period`` (CLV tab) – and, for the Monitor page, the closed-form two-proportion
z statistic of the bundled running pilot's cumulative daily counts. A sweep over every page with a
table download checks that no text cell looks like a number formatted for the screen.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import defaultdict

import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from _money_pages import ROOT, assert_clean, load_example, open_page, open_profit_tab, saved
from streamlit.runtime.media_file_manager import MediaFileManager

from app_pages.i18n import translate
from economics import (
    clv,
    expected_lifetime,
    ltv_to_cac,
    margin_per_period,
    payback_period,
    retention_per_period,
)
from experiments import sample_size_two_proportions, test_and_roll_plan
from rollout import Campaign, evaluate

LANGS = ("es", "en")
# a number as the screen writes it: signs, currency, thousands marks, a unit ("1.234,5", "−12 %", "$3.000")
SCREEN_NUMBER = re.compile(r"[−\-+]?\s*(?:[A-Z]{3}|US\$|\$)?\s*[−\-]?\d[\d.,\s\u00a0\u202f]*\s*(?:%|pp)?")


@pytest.fixture
def downloads(monkeypatch):
    """``tables(at)`` → {download key: the CSV the page serves, parsed by pandas in the page's locale}."""
    managers: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            managers.append(self)

    monkeypatch.setattr(app_test_module, "MediaFileManager", Recording)

    def served(at, suffix: str) -> dict[str, bytes]:
        """{download key: the bytes its button serves} for the buttons whose id ends with ``suffix``."""
        files, out = managers[-1], {}  # the last run's
        for button in at.get("download_button"):
            proto = button.proto
            if proto.id.endswith(suffix):
                url = files.execute_deferred(proto.deferred_file_id)
                key = proto.id.rsplit("-", 1)[-1].removesuffix(suffix)
                out[key] = files.read_file(url.rsplit("/", 1)[-1].split(".")[0]).content
        return out

    def tables(at, lang: str) -> dict[str, pd.DataFrame]:
        files = managers[-1]  # the last run's
        out = {}
        for button in at.get("download_button"):
            proto = button.proto
            if not proto.id.endswith(".csv_download"):
                continue
            url = files.execute_deferred(proto.deferred_file_id)
            data = files.read_file(url.rsplit("/", 1)[-1].split(".")[0]).content
            assert b"'-" not in data and "'−".encode() not in data, data[:300]  # no inert negative number
            key = proto.id.rsplit("-", 1)[-1].removesuffix(".csv_download")
            out[key] = pd.read_csv(
                io.BytesIO(data),
                sep=";" if lang == "es" else ",",
                decimal="," if lang == "es" else ".",
                encoding="utf-8-sig",
            )
        return out

    tables.served = served  # type: ignore[attr-defined]
    return tables


def _tr(key: str, lang: str, **params) -> str:
    return translate(key, lang, **params).replace("\u00a0", " ")


def _close(cell: float, value: float) -> bool:
    """A CSV number (shortest round-trip text) read back equals the core's float, or both are blanks."""
    return (math.isnan(cell) and math.isnan(value)) or math.isclose(cell, value, rel_tol=1e-12, abs_tol=1e-12)


def _numeric(table: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        assert pd.api.types.is_numeric_dtype(table[column]), (column, table[column].tolist())


def _no_screen_numbers(tables: dict[str, pd.DataFrame]) -> None:
    for key, table in tables.items():
        for column in table.columns:
            if pd.api.types.is_numeric_dtype(table[column]):
                continue
            cells = [c for c in table[column].dropna().astype(str) if SCREEN_NUMBER.fullmatch(c.strip())]
            assert not cells, (key, column, cells)


@pytest.mark.parametrize("lang", LANGS)
def test_brief_download_is_the_break_even_in_numbers(downloads, lang: str) -> None:
    at = load_example(open_page("brief", lang), "brief")
    assert_clean(at)
    table = downloads(at, lang)["brief.table"]
    core = evaluate(Campaign.from_dict(saved(at))).campaign_break_even
    assert len(table) == 1
    row = table.iloc[0]
    cols = {
        k: _tr(f"brief.{k}", lang) for k in ("eligible_base", "metric_rate", "metric_uplift", "metric_volume")
    }
    cols |= {
        "variable": _tr("brief.metric_variable", lang),
        "cost": f"{_tr('brief.cost_per_contact', lang)} (CLP)",
    }
    _numeric(table, *cols.values())
    assert row[cols["eligible_base"]] == 200_000 and row[cols["cost"]] == core.cost_per_contact
    assert _close(row[cols["metric_rate"]], core.response_rate)
    assert _close(row[cols["metric_uplift"]], core.uplift)
    assert _close(row[cols["metric_volume"]], core.volume)
    assert _close(row[cols["variable"]], core.variable_only_rate)


WEBSITE = {  # Feit & Berman's website example (tests/ui/test_profit_tab.py)
    "design.profit.comparison": "ab",
    "design.profit.base": 100_000,
    "design.profit.rate": 68.0,
    "design.profit.rate_sd": 3.0,
    "design.profit.margin": 0.0,
    "design.profit.mde": 1.36,
}


@pytest.mark.parametrize("lang", LANGS)
def test_profit_plans_download_is_the_core_plan(app_test, downloads, lang: str) -> None:
    at = app_test(lang, **WEBSITE)
    at.switch_page("app_pages/design/page.py").run()
    open_profit_tab(at, lang)
    assert_clean(at)
    table = downloads(at, lang)["design.profit.plans"]
    sized = sample_size_two_proportions(0.03, rel_effect_size=0.2)  # the power tab's first view: 3 %, +20 %
    core = test_and_roll_plan(
        100_000, rate_mean=0.68, rate_sd=0.03, power_sizes=(sized.n_control, sized.n_treatment)
    )
    unit = _tr("profit.chart.unit_responses", lang)
    profit, versus = (
        _tr("profit.table.profit", lang, unit=unit),
        f"{_tr('profit.table.versus', lang)} ({unit})",
    )
    pilot, control, error = (_tr(f"profit.table.{k}", lang) for k in ("pilot", "control", "error"))
    _numeric(table, pilot, control, profit, versus, error)
    plans = [core.optimum, core.plans["power"], core.plans["fpc"]]
    for (_, row), plan in zip(table.iterrows(), plans, strict=True):
        assert (row[pilot], row[control]) == (plan.n_treatment, plan.n_control)
        assert _close(row[profit], plan.expected_profit) and _close(row[error], plan.error_rate)
    assert math.isnan(table[versus].iloc[0])
    assert _close(table[versus].iloc[1], plans[1].expected_profit - plans[0].expected_profit)
    assert table[versus].iloc[1] < 0  # a negative figure, written as a number (no apostrophe)


@pytest.mark.parametrize("lang", LANGS)
def test_clv_download_is_the_core_value(downloads, lang: str) -> None:
    at = load_example(open_page("customer_value", lang), "value")
    assert_clean(at)
    table = downloads(at, lang)["value.clv_table"]
    value_col = _tr("value.table_value", lang)
    _numeric(table, value_col)
    # the page's example, docs/formulas.md §5
    margin, retention, discount, cac = 100_000.0, 0.8, 0.1, 120_000.0
    core_clv = clv(margin, retention, discount, timing="end")
    monthly = margin_per_period(margin, period="year"), retention_per_period(retention, period="year")
    expected = [
        core_clv,
        clv(margin, retention, discount, timing="start"),
        expected_lifetime(1 - retention, convention="discrete"),
        ltv_to_cac(core_clv, cac),
        payback_period(cac, monthly[0], retention_rate=monthly[1]).periods,
    ]
    assert all(_close(cell, value) for cell, value in zip(table[value_col], expected, strict=True))
    assert list(table[_tr("export.unit", lang)])[:3] == ["CLP", "CLP", _tr("export.unit_year", lang)]


def _cumulative_pilot() -> list[tuple[int, int, int, int]]:
    """Cumulative (control responders, control customers, pilot responders, pilot customers) by day."""
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    path = ROOT / "examples" / "data" / "piloto_en_curso_cl.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            cell = days[row["fecha_envio"]]
            offset = 0 if row["grupo"] == "control" else 2
            cell[offset] += row["respondio"] == "sí"
            cell[offset + 1] += 1
    total, out = [0, 0, 0, 0], []
    for day in sorted(days, key=lambda d: tuple(reversed(d.split("/")))):
        total = [a + b for a, b in zip(total, days[day], strict=True)]
        out.append((total[0], total[1], total[2], total[3]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_monitor_looks_download_is_the_closed_form(downloads, lang: str) -> None:
    at = open_page("monitor", lang)
    at.button(key="monitor.example_btn").click().run()
    assert_clean(at)
    table = downloads(at, lang)["monitor.looks"]
    cols = {k: _tr(f"monitor.col.{k}", lang) for k in ("control", "pilot", "effect", "statistic", "bound")}
    _numeric(table, *cols.values())
    for (_, row), (rc, nc, rt, nt) in zip(table.iterrows(), _cumulative_pilot(), strict=False):
        pc, pt = rc / nc, rt / nt
        z = (pt - pc) / math.sqrt(pc * (1 - pc) / nc + pt * (1 - pt) / nt)
        assert (row[cols["control"]], row[cols["pilot"]]) == (nc, nt)
        assert math.isclose(row[cols["effect"]], pt - pc, rel_tol=1e-9)
        assert math.isclose(row[cols["statistic"]], z, rel_tol=1e-9)


@pytest.mark.parametrize("lang", LANGS)
def test_rollout_five_numbers_download_is_the_evaluation(downloads, lang: str) -> None:
    at = load_example(open_page("rollout", lang), "rollout")
    assert_clean(at)
    tables = downloads(at, lang)
    nums = evaluate(Campaign.from_dict(saved(at))).pilot_numbers
    five = tables["rollout.five"]
    inc, att = _tr("rollout.col_incremental", lang), _tr("rollout.col_attributed", lang)
    _numeric(five, inc, att)
    r, c, p = nums.response, nums.costs, nums.profit
    expected = {
        _tr("rollout.row_response", lang): (r.effect_size, r.treatment),
        _tr("export.row_responders", lang): (r.incremental_responders, r.responders_treatment),
        _tr("rollout.row_conversion", lang): (nums.conversion.effect_size, nums.conversion.treatment),
        _tr("rollout.row_cost_goal_response", lang): (c.per_incremental_response.value, c.per_response.value),
        _tr("rollout.row_break_even", lang): (nums.break_even.uplift, nums.break_even.response_rate),
        _tr("rollout.row_profit", lang): (p.incremental_profit, p.profit),
        _tr("rollout.row_roi", lang): (p.incremental_roi, p.roi),
    }
    by_row = five.set_index(_tr("rollout.col_indicator", lang))
    for label, (incremental, attributed) in expected.items():
        assert _close(by_row.loc[label, inc], incremental) and _close(by_row.loc[label, att], attributed), (
            label
        )
    _no_screen_numbers(tables)


def _analyze(app_test, lang: str):
    at = app_test(lang)
    at.switch_page("app_pages/analyze/page.py").run()
    at.button(key="analyze.load_example_btn").click().run()
    return at


def _assign(app_test, lang: str):
    at = app_test(lang)
    at.switch_page("app_pages/split/page.py").run()
    at.button(key="assign.example_btn").click().run()
    return at


def _design(app_test, lang: str):
    at = app_test(lang)
    return at.switch_page("app_pages/design/page.py").run()


def _design_profit(app_test, lang: str):
    return open_profit_tab(_design(app_test, lang), lang)


def _monitor(app_test, lang: str):
    at = open_page("monitor", lang)
    return at.button(key="monitor.example_btn").click().run()


def _example(page: str, prefix: str):
    return lambda app_test, lang: load_example(open_page(page, lang), prefix)


SWEEP = {
    "brief": (_example("brief", "brief"), {"brief.table"}),
    "design": (_design, {"design.sizes"}),
    "design_profit": (_design_profit, {"design.profit.plans"}),
    "assign": (_assign, {"assign.balance"}),
    "analyze": (_analyze, set()),
    "monitor": (_monitor, {"monitor.looks"}),
    "rollout": (_example("rollout", "rollout"), {"rollout.scenarios", "rollout.five"}),
    "customer_value": (
        _example("customer_value", "value"),
        {"value.clv_table", "value.flows_table", "value.bath_table"},
    ),
    "satisfaction": (_example("satisfaction", "satisfaction"), {"satisfaction.plan_table"}),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", sorted(SWEEP))
def test_no_table_download_holds_a_number_formatted_for_the_screen(app_test, downloads, page, lang) -> None:
    """Every CSV table a page offers: numbers parse as numbers; no text cell is a formatted number."""
    drive, keys = SWEEP[page]
    at = drive(app_test, lang)
    assert_clean(at)
    tables = downloads(at, lang)
    assert keys <= set(tables), sorted(tables)
    assert tables, page
    _no_screen_numbers(tables)


@pytest.mark.parametrize("lang", LANGS)
def test_the_scenarios_spreadsheet_shows_uplift_and_roi_as_percentages(app_test, downloads, lang) -> None:
    """Oracle: openpyxl reading the XLSX the Roll-out page serves; the fractions of ``evaluate``'s
    scenarios, stored in full and shown with a percent format (as the screen shows them)."""
    import openpyxl

    at = _example("rollout", "rollout")(app_test, lang)
    assert_clean(at)
    sheet = openpyxl.load_workbook(
        io.BytesIO(downloads.served(at, ".xlsx_download")["rollout.scenarios"])
    ).active
    header = [cell.value for cell in sheet[1]]
    uplift, roi = header.index(_tr("rollout.col_uplift", lang)), header.index(_tr("rollout.col_roi", lang))
    scenarios = evaluate(Campaign.from_dict(saved(at))).projection.scenarios
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[uplift].value for row in rows] == pytest.approx([s.uplift for s in scenarios], rel=1e-12)
    assert {row[uplift].number_format for row in rows} == {"0.00%"}
    assert {row[roi].number_format for row in rows} == {"0%"}
