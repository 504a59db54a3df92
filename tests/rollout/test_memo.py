"""The decision memo: content, escaping, locale formats, PDF text, XLSX cells, approval block.

Oracles:
- published example: docs/formulas.md §6 – pilot uplift 1,00 pp (95 % interval 0,546 to 1,454 pp) rolled out
  to 200 000 customers at 300 CLP a contact, 40 000 CLP margin, 3 M fixed → roll-out break-even
  0,7875 pp, +17,0 M expected profit (exactly 2 000 · 40 000 − 200 000 · 300 − 3 000 000), scenarios
  1 091 / 2 000 / 2 909 incremental responses, P(profit) ≈ 82 %. The expected strings are typed by hand
  in each locale's CLDR convention (es_CL: "$17.000.000", "82 %", "0,79 pp"; en_US: "$17,000,000",
  "82%", "0.79 pp");
- independent readers: :mod:`html.parser` (stdlib) for the HTML, ``pypdf`` for the PDF text, ``openpyxl``
  and ``python-calamine`` for the workbook – none of them is used to write the files;
- round trip: an approval written through the real registry (SQLite) comes back in the memo;
- closed form for the churn memo: N·(u·m − c) − F = 10 000 · (0,05 · 100 − 1) − 0 = 40 000.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import altair as alt
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from app_pages.i18n import load_catalog
from rollout import Campaign, evaluate
from rollout.memo import TEXT_PREFIXES, Approval, approval_from_status, build_memo
from rollout.registry import Registry

NBSP = "\u00a0"
NAME = "Catálogo de primavera – Región Ñuble"
EVIL = "<script>alert('x')</script> & «Ñandú»"
FORMULA = '=HYPERLINK("http://example.com","clic")'


def texts(lang: str) -> dict[str, str]:
    return {k: v for k, v in load_catalog(lang).items() if k.startswith(TEXT_PREFIXES)}


def example(name: str = NAME, **extra) -> dict:
    """docs/formulas.md §6, carried as the Analyse page's readout."""
    metric = {
        "kind": "proportion",
        "direction": "increase",
        "n_control": 5_000,
        "n_treatment": 20_000,
        "control": 0.02,
        "treatment": 0.03,
        "effect_size": 0.01,
        "effect_size_ci_lower": 0.00546,
        "effect_size_ci_upper": 0.01454,
        "std_error": 0.0023184,
        "rel_effect_size": 0.5,
        "pvalue": 2e-5,
    }
    return {
        "stage": "analysed",
        "id": 7,
        "brief": {
            "name": name,
            "objective": "grow",
            "channel": "direct_mail",
            "stimulus": "Catálogo impreso",
            "eligible_base": 200_000,
            "fixed_cost": 3_000_000,
            "cost_per_contact": 300,
            "margin_per_response": 40_000,
        },
        "design": {"n_control": 5_000, "n_treatment": 20_000},
        "readout": {
            "source": "piloto.csv",
            "alpha": 0.05,
            "primary": "respuesta",
            "srm_flagged": False,
            "srm_pvalue": 0.62,
            "metrics": {"respuesta": metric},
        },
        "rollout": {"audience": 200_000},
        **extra,
    }


def memo_of(record: dict, *, lang: str, currency: str = "CLP", approval: dict | None = None, **kwargs):
    """The memo of a campaign saved in the first release's dict form (read by ``Campaign.from_dict``)."""
    campaign = Campaign.from_dict({**record, "brief": {**record.get("brief", {}), "currency": currency}})
    decided = None if approval is None else Approval(stage=approval["stage"], actor=approval["by"],
                                                     at=approval["at"], note=approval["note"])  # fmt: skip
    return build_memo(campaign, evaluate(campaign), texts=texts(lang), lang=lang, approval=decided, **kwargs)


def small_chart(title: str) -> alt.Chart:
    data = pd.DataFrame({"escenario": ["a", "b"], "valor": [1, 2]})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(x="escenario:N", y="valor:Q")
        .properties(title=title, width=200, height=100)
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.h1 = ""
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "h1":
            self.h1 += data
        if "style" not in self.stack:
            self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def pdf_text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")), len(reader.pages)


@pytest.fixture(scope="module")
def memos() -> dict[str, object]:
    """The §6 example in both languages, with two charts (built once: vl-convert warms up slowly)."""
    charts = {"one": small_chart("Gráfico uno"), "two": small_chart("Gráfico dos")}
    return {
        lang: memo_of(example(), charts=charts, currency=cur, lang=lang)
        for lang, cur in (("es", "CLP"), ("en", "USD"))
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_malicious_text_is_escaped_everywhere(lang):
    campaign = example(EVIL)
    approval = {"stage": "rejected", "by": "<b>Eve</b>", "at": "2025-11-23T14:05:00+00:00",
                "note": "<img src=x onerror=alert(1)>"}  # fmt: skip
    campaign["brief"]["stimulus"] = "<iframe src=//evil>"
    campaign["readout"]["metrics"] = {"<svg onload=alert(1)>": campaign["readout"]["metrics"]["respuesta"]}
    campaign["readout"]["primary"] = "<svg onload=alert(1)>"
    memo = memo_of(campaign, charts={"c": small_chart(EVIL)}, lang=lang, approval=approval)
    page = parse(memo.html)
    assert "script" not in page.tags and "iframe" not in page.tags and "img" not in page.tags
    assert page.tags.count("svg") == 1  # only the chart's own SVG element
    assert page.h1 == EVIL
    text = "".join(page.text)
    assert "<b>Eve</b>" in text and "<img src=x onerror=alert(1)>" in text and "<iframe src=//evil>" in text
    assert "&lt;script&gt;" in memo.html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            [
                "$17.000.000",
                f"82{NBSP}%",
                f"0,79{NBSP}pp",
                f"2,00{NBSP}%",
                f"3,00{NBSP}%",
                f"1,00{NBSP}pp",
                "200.000",
                "20.000 / 5.000",
                "1.091",
                "2.909",
                "Ir: desplegar",
            ],
        ),
        (
            "en",
            [
                "$17,000,000",
                "82%",
                f"0.79{NBSP}pp",
                "2.00%",
                "3.00%",
                f"1.00{NBSP}pp",
                "200,000",
                "20,000 / 5,000",
                "1,091",
                "2,909",
                "Go: roll out",
            ],
        ),
    ],
)
def test_html_states_the_published_example_in_the_locale(memos, lang, expected):
    text = "".join(parse(memos[lang].html).text)
    for figure in expected:
        assert figure in text, figure


def test_html_embeds_each_chart_as_inline_svg(memos):
    html = memos["es"].html
    assert html.count("<svg") == 2 and "Gráfico uno" in html and "Gráfico dos" in html
    assert "http://" not in html.split("<svg", 1)[0]  # no external resource before the charts
    assert "<link" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", [NAME, "$17.000.000", "82 %", "Ir: desplegar", "LA PREGUNTA", "Pendiente de decisión"]),
        ("en", [NAME, "$17,000,000", "82%", "Go: roll out", "THE QUESTION", "Awaiting decision"]),
    ],
)
def test_pdf_is_one_page_whose_text_reads_back(memos, lang, expected):
    pdf = memos[lang].pdf
    assert pdf.startswith(b"%PDF")
    text, pages = pdf_text(pdf)
    assert pages == 1
    for figure in expected:
        assert figure in text, figure


def test_xlsx_keeps_formula_like_text_as_text():
    campaign = example(FORMULA)
    campaign["brief"]["stimulus"] = "=1+1"
    memo = memo_of(campaign, lang="es")
    book = openpyxl.load_workbook(io.BytesIO(memo.xlsx))
    assert book.sheetnames == ["Resumen", "Lectura", "Escenarios"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert {c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")} == {
        FORMULA,
        "=1+1",
    }
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(memo.xlsx))
    summary = calamine.get_sheet_by_name("Resumen").to_python()
    assert [v for row in summary for v in row if str(v).startswith("=")] == [FORMULA, "=1+1"]


def test_xlsx_holds_the_readout_and_scenarios_as_numbers(memos):
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(memos["en"].xlsx))
    assert calamine.sheet_names == ["Summary", "Readout", "Scenarios"]
    readout = calamine.get_sheet_by_name("Readout").to_python()
    assert readout[1][:4] == ["respuesta", "more is better", 5_000, 20_000]
    assert readout[1][6:9] == pytest.approx([0.01, 0.00546, 0.01454])
    scenarios = calamine.get_sheet_by_name("Scenarios").to_python()
    assert [round(r[2]) for r in scenarios[1:4]] == [1_091, 2_000, 2_909]
    assert [round(r[3] / 1e6, 1) for r in scenarios[1:4]] == [-19.4, 17.0, 53.4]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_approval_comes_from_the_registry_audit_rows(tmp_path, lang):
    registry = Registry(f"sqlite:///{tmp_path / 'reg.sqlite'}")
    campaign = example()
    campaign.pop("id")
    admin = registry.create_first_admin("it", "clave-segura-1")
    analyst = registry.create_user("analista", "clave-segura-2", "analyst", actor=admin)
    leader = registry.create_user(
        "Ana.Munoz", "clave-segura-3", "leader", actor=admin, display_name="Ana Muñoz"
    )
    cid = registry.save_campaign({**campaign, "stage": "analysed"}, actor=analyst)
    registry.decide(
        cid,
        "approved",
        actor=leader,
        snapshot={"recommendation": "go"},
        reason="Por etapas, con control de retención",
        expected_version=1,
    )
    status = registry.approval_status(cid)
    c = Campaign.from_dict({**campaign, "id": cid})
    memo = build_memo(
        c, evaluate(c), texts=texts(lang), lang=lang, approval=approval_from_status(status, "Ana Muñoz")
    )
    assert status.snapshot_hash in "".join(parse(memo.html).text)
    status = {"es": "Despliegue aprobado", "en": "Roll-out approved"}[lang]
    html_text = "".join(parse(memo.html).text)
    pdf, _ = pdf_text(memo.pdf)
    for text in (html_text, pdf):
        assert "Ana Muñoz" in text and "Por etapas, con control de retención" in text and status in text
    assert "analista" not in html_text  # the saver is not the approver
    registry.save_campaign({**registry.load_campaign(cid), "readout": {}}, campaign_id=cid, actor=analyst)
    later = registry.approval_status(cid)
    assert later.changed_after_decision
    changed = build_memo(c, evaluate(c), texts=texts(lang), lang=lang, approval=approval_from_status(later))
    changed_text = "".join(parse(changed.html).text)
    assert status not in changed_text  # numbers changed since: the approval no longer covers them
    assert load_catalog(lang)["memo.status_changed"] in changed_text


def test_churn_memo_counts_customers_kept():
    campaign = {
        "brief": {
            "name": "SMS retención",
            "eligible_base": 10_000,
            "fixed_cost": 0,
            "cost_per_contact": 1,
            "margin_per_response": 100,
        },
        "rollout": {
            "metric": "fuga_90d",
            "direction": "decrease",
            "effect_size": -0.05,
            "ci_lower": -0.07,
            "ci_upper": -0.03,
            "n_control": 2_000,
            "n_treatment": 2_000,
            "control": 0.30,
            "treatment": 0.25,
        },
    }
    memo = memo_of(campaign, currency="COP", lang="es")
    text = "".join(parse(memo.html).text)
    assert "Clientes retenidos" in text and "menos es mejor" in text
    # No audience set: the roll-out reaches the base less pilot and control, 10 000 − 4 000 = 6 000 customers.
    assert memo.facts.audience == 6_000 and memo.facts.projection.expected_profit == pytest.approx(24_000)
    campaign["rollout"]["audience"] = 10_000
    memo = memo_of(campaign, currency="COP", lang="es")
    text = "".join(parse(memo.html).text)
    assert memo.facts.projection.expected_profit == pytest.approx(40_000)
    assert "$40.000" in text and "$40.000,00" not in text  # Colombian pesos: es_CO, no decimals (CLDR cash)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_campaign_without_a_readout_still_gives_a_memo(lang):
    memo = memo_of({"brief": {"name": "Sólo el brief"}}, lang=lang)
    catalog = load_catalog(lang)
    text = "".join(parse(memo.html).text)
    assert catalog["memo.no_readout"] in text and catalog["memo.no_money"] in text
    assert memo.pdf.startswith(b"%PDF") and "Sólo el brief" in pdf_text(memo.pdf)[0]
    assert memo.facts.decision is None and memo.facts.projection is None


def test_euros_in_spanish_use_the_spanish_convention():
    memo = memo_of(example(), currency="EUR", lang="es")
    text = "".join(parse(memo.html).text)
    assert f"17.000.000,00{NBSP}€" in text  # es_ES: symbol after the amount, two decimals


def test_money_that_cannot_be_projected_is_said_not_hidden():
    campaign = example()
    campaign["brief"]["margin_per_response"] = 0  # no margin: nothing can pay (economics refuses it)
    memo = memo_of(campaign, lang="en")
    catalog = load_catalog("en")
    text = "".join(parse(memo.html).text)
    assert catalog["memo.no_money"] in text and catalog["memo.assumption_money_error"] in text
    assert memo.facts.projection is None and memo.facts.decision is None  # never "go" on a zero break-even


def test_long_and_non_latin_text_still_gives_a_valid_pdf():
    campaign = example("Campaña 🚀 促销 " + "muy larga " * 20)
    approval = {"stage": "rejected", "by": "X" * 100, "at": "2025-01-01T00:00:00", "note": "nota larga " * 50}
    memo = memo_of(campaign, lang="es", approval=approval)
    text, pages = pdf_text(memo.pdf)
    assert pages <= 2 and "muy larga" in text and "nota larga" in text  # glyphs outside the font are dropped
    assert "🚀" in "".join(parse(memo.html).text)


def test_xlsx_shows_a_rate_as_a_percentage_and_revenue_as_an_amount():
    """Oracle: the saved readout's own metric kinds (fixture of the first release: ``ingreso`` a mean of
    2,143.64 CLP, ``respondio`` a rate of 5.58 %), read back with openpyxl: a mean formatted as a
    percentage would read "214364,20 %" in Excel."""
    import json
    from pathlib import Path

    record = json.loads((Path(__file__).parent / "fixtures" / "campaign_v1_readout.json").read_text("utf-8"))
    sheet = openpyxl.load_workbook(io.BytesIO(memo_of(record, lang="es").xlsx))["Lectura"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2) if r[0].value in record["readout"]["metrics"]}
    assert set(rows) == {"compra", "ingreso", "ingreso/compra", "respondio"}
    for name, row in rows.items():
        control, effect, relative = row[4], row[6], row[9]
        assert control.value == pytest.approx(record["readout"]["metrics"][name]["control"])
        is_rate = record["readout"]["metrics"][name]["kind"] == "proportion"
        assert ("%" in control.number_format) == is_rate, (name, control.number_format)
        assert ("%" in effect.number_format) == is_rate, (name, effect.number_format)
        assert "%" in relative.number_format  # a relative lift is a percentage for every kind
