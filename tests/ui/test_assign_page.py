"""AppTest of the "Split the list" page in Spanish and English.

Oracles: counts of the bundled example read independently with the ``csv`` module (20 000 rows, four
tiers); the planned sizes typed in the test; number formats written out literally (``20.000`` in es-CL,
``20,000`` in en-US); the catalog sentences quoted by hand; every error code the assignment engine can
raise found by parsing its source (``ast``) and looked up in both catalogs. Bad lists are given to the
page as an upload would (a ``Source`` with the file's bytes in the session), since AppTest cannot drive
the file uploader.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import tomllib
from pathlib import Path

import pytest
from _money_pages import saved, type_number

from app_pages.split.inputs import Source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "data" / "clientes_retail_cl.csv"
ASSIGN = "app_pages/split/page.py"
ENGINE_FILES = [
    "experiments/design/assignment.py",
    "experiments/design/_assign_list.py",
    "experiments/design/_assign_quotas.py",
    "experiments/design/balance.py",
]
ASSIGNMENT_DOWNLOADS = {"assign.assignment.csv_download", "assign.assignment.parquet_download"}


def fmt(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "es" else text


def _example_rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _download_keys(at) -> set[str]:
    return {button.proto.id.rsplit("-", 1)[-1] for button in at.get("download_button")}


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _open(app_test, lang: str, **state):
    at = app_test(lang, **state)
    at.switch_page(ASSIGN).run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["es", "en"])
def test_example_list_split_checked_and_downloadable(app_test, lang: str) -> None:
    at = _open(app_test, lang)
    empty = {"es": "Suba la lista de clientes", "en": "Upload the customer list"}[lang]
    assert any(empty in info.value for info in at.info)
    assert not _download_keys(at)
    at.button(key="assign.example_btn").click().run()
    assert not at.exception and not at.error
    rows = _example_rows()
    assert len(rows) == 20_000 and len({r["segmento_valor"] for r in rows}) == 4
    labels = {
        "es": ("Filas en la lista", "Piloto", "Control", "Despliegue", "Estratos"),
        "en": ("Rows in the list", "Pilot", "Control", "Roll-out", "Strata"),
    }[lang]
    shown = _metrics(at)
    assert [shown[label] for label in labels] == [
        fmt(20_000, lang),
        fmt(4_000, lang),
        fmt(1_000, lang),
        fmt(15_000, lang),
        "4",
    ]
    sentence = at.success[0].value
    assert fmt(20_000, lang) in sentence and fmt(15_000, lang) in sentence
    assert at.session_state["assign.salt"] in sentence
    exact = {"es": "Reparto exacto", "en": "Exact split"}[lang]
    assert any(exact in s.value for s in at.success)
    assert _download_keys(at) >= ASSIGNMENT_DOWNLOADS
    assert len(at.dataframe) >= 2  # balance and representativeness tables
    record = saved(at)
    assert record["stage"] == "designed"
    assert record["assignment"]["salt"] == at.session_state["assign.salt"]
    assert record["assignment"]["arm_sizes"] == {"pilot": 4_000, "control": 1_000, "rollout": 15_000}
    example = ROOT / "examples" / "data" / "clientes_retail_cl.csv"
    assert record["assignment"]["source"]["sha256"] == hashlib.sha256(example.read_bytes()).hexdigest()
    assert record["assignment"]["split_exact"] is True and len(record["assignment"]["balance"]) >= 1


def test_sizes_come_from_the_design_and_stage_is_kept(app_test) -> None:
    design = {"n_control": 1_500, "n_treatment": 3_000, "n_treatments": 2}
    at = _open(
        app_test,
        "es",
        campaign={"stage": "running", "design": design},
        assign_source=Source("clientes_retail_cl.csv", None),
    )
    assert not at.error
    shown = _metrics(at)
    assert (shown["Piloto 1"], shown["Piloto 2"], shown["Control"]) == ("3.000", "3.000", "1.500")
    assert any("Tamaños tomados de «Dimensionar»" in c.value for c in at.caption)
    assert saved(at)["stage"] == "running"  # only a draft becomes "designed"


def _bad(rows: list[dict[str, str]], column: str, values: list[str]) -> list[dict[str, str]]:
    changed = [dict(r) for r in rows]
    for row, value in zip(changed, values, strict=False):
        row[column] = value
    return changed


BAD_LISTS = {  # name: (rows transform, expected fragment es, expected fragment en)
    "scientific": (
        lambda rows: _bad(rows, "id_cliente", ["1.23457E+11", "1.23457E+11", "9.87654E+11"]),
        "vienen en notación científica",
        "are in scientific notation",
    ),
    "blank": (
        lambda rows: _bad(rows, "id_cliente", ["", "  "]),
        "2 de 3.000 filas no tienen ID",
        "2 of 3,000 rows have no ID",
    ),
    "duplicates": (
        lambda rows: _bad(rows, "id_cliente", [rows[5]["id_cliente"]]),
        "1 filas repiten un ID",
        "1 rows repeat an ID",
    ),
    "no id": (
        lambda rows: [{("nombre" if k == "id_cliente" else k): v for k, v in r.items()} for r in rows],
        "no tiene una columna que parezca un ID",
        "has no column that looks like a customer ID",
    ),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_bad_lists_give_one_sentence_and_no_download(app_test, lang: str) -> None:
    rows = _example_rows()[:3_000]
    at = _open(app_test, lang)
    at.session_state["assign_source"] = Source("ok.csv", _csv_bytes(rows))
    at.run()
    type_number(at, "assign.n_pilot", "300")
    type_number(at, "assign.n_control", "100")
    assert not at.error and _download_keys(at) >= ASSIGNMENT_DOWNLOADS
    for name, (transform, es, en) in BAD_LISTS.items():
        at.session_state["assign_source"] = Source(f"{name}.csv", _csv_bytes(transform(rows)))
        at.run()
        assert not at.exception, name
        shown = [e.value for e in at.error] + [w.value for w in at.warning]
        assert any((es if lang == "es" else en) in text for text in shown), (name, shown)
        assert not (ASSIGNMENT_DOWNLOADS & _download_keys(at)), name
    at.session_state["assign_source"] = Source("dups.csv", _csv_bytes(BAD_LISTS["duplicates"][0](rows)))
    at.run()
    at.checkbox(key="assign.drop_invalid").check().run()  # the user chooses to drop the repeated row
    assert not at.error and _download_keys(at) >= ASSIGNMENT_DOWNLOADS
    removed = {"es": "Filas quitadas", "en": "Rows removed"}[lang]
    assert _metrics(at)[removed] == "1"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_plan_errors_block_the_download(app_test, lang: str) -> None:
    at = _open(app_test, lang, assign_source=Source("clientes_retail_cl.csv", None))
    type_number(at, "assign.n_pilot", "25.000" if lang == "es" else "25,000")
    expected = {
        "es": "Los grupos necesitan 26.000 clientes, pero solo hay 20.000 elegibles",
        "en": "The groups need 26,000 customers but only 20,000 are eligible",
    }[lang]
    assert [e.value for e in at.error] and expected in at.error[0].value
    assert not (ASSIGNMENT_DOWNLOADS & _download_keys(at))
    type_number(at, "assign.n_pilot", "4000")
    at.multiselect(key="assign.strata").set_value(["segmento_valor", "region"]).run()
    small = {"es": "tiene solo", "en": "has only"}[lang]
    assert at.error and small in at.error[0].value  # e.g. "estratégico | Aysén" has 5 customers
    assert not (ASSIGNMENT_DOWNLOADS & _download_keys(at))


def _raised_codes(path: Path) -> set[str]:
    codes = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant):
                codes.add(first.value)
    return codes


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_assignment_error_has_a_catalog_sentence(lang: str) -> None:
    codes = set().union(*(_raised_codes(ROOT / f) for f in ENGINE_FILES))
    assert {"ids_scientific_notation", "stratum_too_small", "sizes_exceed_base"} <= codes
    catalog: dict[str, str] = {}
    for path in (ROOT / "app_pages" / "i18n" / lang).glob("*.toml"):
        catalog |= tomllib.loads(path.read_text(encoding="utf-8")).get("errors", {})
    assert not sorted(codes - set(catalog))
