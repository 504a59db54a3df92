"""One message system: every code the core raises or notes has a sentence in both catalogs, and a Spanish
session never shows an English sentence.

Oracles: the source code itself, parsed with :mod:`ast` (every ``InputError("<code>", ...)`` and
``Note.make("<code>", ...)`` of the core and the UI, codes held in a variable traced to their literals);
the English catalog and the core's own English sentences (``Note`` templates, ``InputError`` messages),
cut into fragments of four words or more that the Spanish catalog does not also use; and the Spanish
pages rendered by AppTest with their examples loaded (every element's text, tables and chart specs).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from _accounts import account
from _money_pages import PAGES, open_power_tab, open_profit_tab, type_number
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "app_pages" / "i18n"
CORE = ("experiments", "economics", "datasources", "rollout", "planner_common")
KINDS = {"InputError": "errors", "make": "analysis_notes"}  # Note.make(...) → analysis_notes.<code>
MIN_WORDS = 3


# ---------------------------------------------------------------- codes ------------------------------


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        flat.update(
            _flatten(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}": value}
        )
    return flat


def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((CATALOGS / lang).glob("*.toml")):
        merged |= _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    return merged


def _sources(packages: tuple[str, ...]) -> Iterator[Path]:
    for package in packages:
        yield from (p for p in sorted((ROOT / package).rglob("*.py")) if "migrations" not in p.parts)


def _kind(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name) and func.id == "InputError":
        return "errors"
    if isinstance(func, ast.Attribute) and func.attr == "make" and getattr(func.value, "id", "") == "Note":
        return "analysis_notes"
    return None


def _rewraps(node: ast.AST) -> bool:
    """``InputError(exc.code, ...)``: an error already raised elsewhere, passed on with new parameters."""
    return any(isinstance(n, ast.Attribute) and n.attr == "code" for n in ast.walk(node))


def _literals(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _assigned(function: ast.AST, name: str) -> list[str]:
    """String literals that can reach the variable ``name`` inside ``function`` (assignments, loops)."""
    found = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            found += [] if _rewraps(node.value) else _literals(node.value)
        elif isinstance(node, ast.For) and name in {
            n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)
        }:
            found += [s for s in _literals(node.iter) if re.fullmatch(r"[a-z][a-z0-9_]*", s)]
    return found


def _forwarded(tree: ast.AST, function: ast.AST, name: str) -> list[str]:
    """Literals passed for parameter ``name`` wherever ``function`` (a small raising helper) is called."""
    params = [a.arg for a in function.args.args]  # type: ignore[attr-defined]
    if name not in params:
        return []
    index, found = params.index(name), []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if getattr(call.func, "id", None) == function.name and len(call.args) > index:  # type: ignore[attr-defined]
            found += _literals(call.args[index])
    return found


def _owner(functions: list[ast.AST], call: ast.Call) -> ast.AST:
    """The innermost function holding ``call`` (an empty module body for a module-level call)."""
    return min(
        (f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)),
        key=lambda f: (f.end_lineno or f.lineno) - f.lineno,
        default=ast.Module(body=[], type_ignores=[]),
    )


def _rewraps_name(functions: list[ast.AST], call: ast.Call, name: str) -> bool:
    owner = _owner(functions, call)
    return any(
        isinstance(n, ast.Assign)
        and any(getattr(t, "id", None) == name for t in n.targets)
        and _rewraps(n.value)
        for n in ast.walk(owner)
    )


def raised_codes(packages: tuple[str, ...] = CORE) -> dict[tuple[str, str], str]:
    """``(catalog table, code) → "file:line"`` for every coded error and note in ``packages``."""
    codes: dict[tuple[str, str], str] = {}
    for path in _sources(packages):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args):
            kind = _kind(call)
            if kind is None:
                continue
            first = call.args[0]
            literals = _literals(first)
            if _rewraps(first) or (isinstance(first, ast.Name) and _rewraps_name(functions, call, first.id)):
                continue
            if isinstance(first, ast.Name):
                owner = _owner(functions, call)
                literals = _assigned(owner, first.id) or (
                    _forwarded(tree, owner, first.id) if isinstance(owner, ast.FunctionDef) else []
                )
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            assert literals, f"{where}: a code that cannot be traced to a literal"
            for code in literals:
                codes.setdefault((kind, code), where)
    return codes


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_code_of_the_core_and_the_ui_has_a_sentence(lang: str) -> None:
    sentences = catalog(lang)
    missing = [
        f"{where}: {kind}.{code}"
        for (kind, code), where in raised_codes(CORE + ("app_pages",)).items()
        if f"{kind}.{code}" not in sentences
    ]
    assert not missing, f"no {lang} sentence for:\n" + "\n".join(sorted(missing))


def test_the_code_scanner_sees_literals_variables_and_loops() -> None:
    codes = {code for _, code in raised_codes()}
    # a literal, a note, codes chosen in a variable (sizing) and in a loop (readout validation)
    assert {"rate_as_percent", "srm_flagged", "bonferroni_split", "arm_labels_not_distinct"} <= codes
    assert {"effect_missing", "effect_twice", "control_not_found", "treatment_not_found"} <= codes
    assert len(codes) > 100


# ---------------------------------------------------------------- English on a Spanish page ----------


def _normal(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\\$", "$").replace("**", "")
    return re.sub(r"\s+", " ", text)


def _fragments(text: str) -> list[str]:
    """Pieces of a sentence between placeholders and markup that hold at least four words."""
    pieces = re.split(r"\{[^{}]*\}|\$[^$]*\$|`[^`]*`|\n|[*_]{2}|[«»“”\"()]", text)
    return [
        p.strip(" .,:;") for p in map(_normal, pieces) if len(re.findall(r"[A-Za-z]{2,}", p)) >= MIN_WORDS
    ]


def _message_literals() -> list[str]:
    """The English text of every ``InputError`` message and ``Note`` template in the core."""
    from experiments.analysis.notes import TEMPLATES

    texts = list(TEMPLATES.values())
    for path in _sources(CORE):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and _kind(call) == "errors" and len(call.args) > 1:
                texts += _literals(call.args[1])
    return texts


def english_fragments() -> set[str]:
    """English sentences a Spanish page must never show (fragments the Spanish catalog does not use)."""
    es, en = catalog("es"), catalog("en")
    spanish = _normal(" ".join(es.values()))
    texts = [value for key, value in en.items() if es.get(key) != value] + _message_literals()
    return {f for text in texts for f in _fragments(text) if f not in spanish}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def rendered_text(at: AppTest) -> str:
    """Every string the page renders: element and block protos (labels, help, chart specs) and tables."""
    parts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            parts += _strings(MessageToDict(proto))
        if getattr(node, "type", "") in ("dataframe", "table") and hasattr(node, "value"):
            frame = node.value
            parts.append(" ".join(map(str, frame.columns)) + " " + frame.astype(str).to_csv(index=False))
    return _normal(" ".join(parts))


def _app(page: str, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["lang"] = "es"
    at.session_state["auth.user"] = account("admin" if page == "users" else "leader")
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return at.switch_page(PAGES[page]).run()


def _click(at: AppTest, key: str) -> AppTest:
    return at.button(key=key).click().run()


def _brief(at: AppTest) -> list[AppTest]:
    return [_click(at, "brief.example_btn")]


def _design(at: AppTest) -> Iterator[AppTest]:
    """Each tab is checked while it is open (a generator): a closed tab is not drawn."""
    at.toggle(key="design.seq_on").set_value(True).run()  # the sequential option's cards and sentence
    type_number(at, "design.n_treatments", "3")  # Bonferroni caveat in "¿Cómo se calculó?"
    type_number(at, "design.population", "20.000")  # does not fit the base
    yield at
    open_profit_tab(at, "es")
    yield at
    at.segmented_control(key="design.profit.prior_source").set_value("past").run()
    yield _click(at, "design.profit.example_btn")
    open_power_tab(at, "es")
    at.segmented_control(key="design.metric").set_value("mean").run()
    at.selectbox(key="design.mean_method").set_value("normal").run()
    type_number(at, "design.mean_lift", "10.000")  # tiny arms: the z caveat
    yield at


def _split(at: AppTest) -> list[AppTest]:
    return [_click(at, "assign.example_btn")]


def _analyze(at: AppTest) -> list[AppTest]:
    shown = []
    for example in ("retail_cl", "email_es", "sms_co"):
        at.selectbox(key="analyze.example").set_value(example).run()
        shown.append(_click(at, "analyze.load_example_btn"))
    at.radio(key="analyze.mode").set_value("counts").run()
    return [*shown, at]


def _monitor(at: AppTest) -> Iterator[AppTest]:
    """Each state is checked when it is shown (a generator), not only the last one."""
    yield _click(at, "monitor.example_btn")  # group-sequential, stopped for benefit
    at.radio(key="monitor.plan.kind").set_value("confidence-sequence").run()
    yield at
    at.radio(key="monitor.mode").set_value("counts").run()  # typed days, the outlook sentence
    at.radio(key="monitor.plan.kind").set_value("group-sequential").run()
    yield at
    at.radio(key="monitor.mode").set_value("database").run()  # no connection saved yet
    yield at


def _rollout(at: AppTest) -> list[AppTest]:
    at.switch_page(PAGES["analyze"]).run()
    _click(at, "analyze.load_example_btn")
    at.switch_page(PAGES["rollout"]).run()  # the readout carried over, with its Bayesian panel
    return [at, _click(at, "rollout.example_btn")]


def _value(at: AppTest) -> list[AppTest]:
    return [_click(at, "value.example_btn")]


def _satisfaction(at: AppTest) -> list[AppTest]:
    shown = [_click(at, "satisfaction.example_btn")]
    at.radio(key="satisfaction.source").set_value("file").run()
    return [*shown, _click(at, "satisfaction.sample_btn")]


def _users(at: AppTest) -> list[AppTest]:
    me = at.session_state["auth.user"].id
    at.selectbox(key="users_pick").set_value(me).run()
    at.selectbox(key=f"users_role_{me}").set_value("leader")
    at = _click(at, "users_role_btn")  # an administrator demoting themself: a refusal sentence
    assert len(at.error) == 1
    return [at]


SWEEP = {
    "users": _users,
    "brief": _brief,
    "design": _design,
    "assign": _split,
    "analyze": _analyze,
    "monitor": _monitor,
    "rollout": _rollout,
    "customer_value": _value,
    "satisfaction": _satisfaction,
}


@pytest.fixture(scope="module")
def english() -> set[str]:
    fragments = english_fragments()
    assert len(fragments) > 500  # the check has teeth: hundreds of English sentences to look for
    return fragments


def streamlit_english(at: AppTest) -> list[str]:
    """Streamlit's own English a page would show: "Choose an option" / "Choose options" in a select box
    that can be empty with no placeholder of ours, and the uploader's "Drag and drop file here" / "Limit
    200MB per file" unless the style sheet (app_pages/components/style.py) hides them."""
    empty = [w.key for w in at.multiselect if not w.proto.placeholder]
    empty += [w.key for w in at.selectbox if w.value is None and not w.proto.placeholder]
    sheets = [n.proto.body for n in at.get("html") if "stFileUploaderDropzoneInstructions" in n.proto.body]
    return empty + ([] if len(sheets) == 1 else ["the style sheet that hides the uploader's English line"])


@pytest.mark.parametrize("page", sorted(SWEEP))
def test_a_spanish_page_shows_no_english_sentence(page: str, english: set[str]) -> None:
    """Every page in Spanish, with its examples loaded so results, caveats and charts show."""
    for at in SWEEP[page](_app(page)):
        assert not at.exception, [e.value for e in at.exception]
        text = rendered_text(at)
        assert len(text) > 2_000, "the page rendered too little to check"
        found = sorted(f for f in english if f in text)
        assert not found, f"English on the Spanish page {page!r}:\n" + "\n".join(found)
        assert not streamlit_english(at), (page, streamlit_english(at))


def test_the_sweep_catches_an_english_sentence(english: set[str]) -> None:
    """Negative test: a Spanish page that shows a core note raw (the English template) is caught."""
    from experiments.analysis.notes import Note

    note = Note.make("bonferroni_split", alpha=0.05, k=3, alpha_each=0.05 / 3)
    assert any(f in _normal(str(note)) for f in english)
    assert not any(f in _normal("El alfa de 0,05 se reparte entre 3 comparaciones") for f in english)


@pytest.mark.parametrize("accounts", [False, True])
def test_the_first_start_and_sign_in_screens_show_no_english(
    english: set[str], accounts: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screens before any page, in Spanish, with their refusal sentence shown."""
    from app_pages import cache

    monkeypatch.setenv("CAMPAIGN_PLANNER_DB_URL", f"sqlite:///{tmp_path / 'reg.sqlite'}")
    cache.registry.clear()
    try:
        if accounts:
            account("leader")
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        at.session_state["lang"] = "es"
        at.run()
        at = _click(at, "signin_btn" if accounts else "first_start_btn")
    finally:
        cache.registry.clear()
    assert not at.exception and len(at.error) == 1
    text = rendered_text(at)
    found = sorted(f for f in english if f in text)
    assert not found, "English on a Spanish sign-in screen:\n" + "\n".join(found)
