"""Guess the role of each column of an uploaded file from its name (Spanish and English).

Pure functions of column names and values, so the pickers start filled in for the usual exports: a
pilot (``grupo``, ``respondió``, ``compra``, ``ingreso``, ``gasto_previo``, ``segmento``…), a customer
list (a value tier to stratify by), a survey (the NPS or ISN column). The user can always change every
choice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from datasources import is_id_name

GROUP = (
    "grupo",
    "group",
    "arm",
    "brazo",
    "variante",
    "variant",
    "tratamiento",
    "treatment",
    "celda",
    "cell",
    "condicion",
    "grupo_control",
    "test_group",
    "cohorte",
)
RESPONSE = (
    "respondio",
    "respondio_si",
    "responded",
    "response",
    "respuesta",
    "responde",
    "redimio",
    "canjeo",
    "abrio",
    "opened",
    "open",
    "clic",
    "click",
    "clicked",
)
CONVERSION = (
    "compra",
    "compro",
    "purchase",
    "purchased",
    "converted",
    "conversion",
    "convirtio",
    "venta",
    "order",
    "pedido",
    "churn",
    "baja",
    "fuga",
    "abandono",
    "renovo",
    "renewed",
    "retained",
    "retenido",
    "cancelo",
    "cancelled",
)
REVENUE = (
    "ingreso",
    "ingresos",
    "revenue",
    "ventas",
    "sales",
    "monto",
    "importe",
    "gasto",
    "spend",
    "facturacion",
    "valor",
    "amount",
    "margen",
    "margin",
)
PRE = ("previo", "previa", "pre", "anterior", "prior", "before", "baseline", "historico", "pasado", "past")
SEGMENT = (
    "segmento",
    "segment",
    "tier",
    "nivel",
    "plan",
    "valor_cliente",
    "cluster",
    "categoria",
    "region",
    "departamento",
    "zona",
    "canal",
    "channel",
)
CONTROL = (
    "control",
    "testigo",
    "holdout",
    "ctrl",
    "grupo control",
    "grupo de control",
    "no contactado",
    "sin envio",
    "c",
)
# "less is better" outcomes: churn, complaints, cancellations, costs.
DECREASE = (
    "churn",
    "baja",
    "fuga",
    "abandono",
    "desercion",
    "cancel",
    "queja",
    "reclamo",
    "complaint",
    "costo",
    "cost",
    "devolucion",
    "return",
    "mora",
    "default",
    "unsubscribe",
    "desuscri",
)


def normalize(name: object) -> str:
    """``"¿Respondió?"`` → ``"respondio"``: accents dropped, lower case, words joined by ``_``.

    Examples:
        >>> normalize(" Respondió "), normalize("Gasto previo (CLP)")
        ('respondio', 'gasto_previo_clp')
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _tokens(name: str) -> list[str]:
    return [tok for tok in normalize(name).split("_") if tok]


def _score(name: str, words: Sequence[str]) -> int:
    """3 exact match, 2 a token matches, 1 a token starts with a word, 0 otherwise."""
    norm, tokens = normalize(name), _tokens(name)
    if norm in words:
        return 3
    if any(tok in words for tok in tokens):
        return 2
    return int(any(tok.startswith(w) for tok in tokens for w in words if len(w) > 3))


def best(columns: Sequence[str], words: Sequence[str], exclude: Sequence[str] = ()) -> str | None:
    """The column whose name best matches ``words`` (first wins ties), or ``None``.

    Examples:
        >>> best(["id_cliente", "Grupo", "compra"], GROUP)
        'Grupo'
    """
    scored = [(_score(c, words), -i, c) for i, c in enumerate(columns) if c not in exclude]
    top = max(scored, default=(0, 0, None))
    return top[2] if top[0] > 0 else None


def is_pre_period(name: str) -> bool:
    """Whether a column is a pre-period measure (``gasto_previo``, ``revenue_pre``, ``arpu_previo``)."""
    return _score(name, PRE) >= 2


def outcome_columns(columns: Sequence[str], binary: Sequence[str]) -> list[str]:
    """0/1 outcome columns among ``binary`` (two-valued columns), response first then conversion.

    Examples:
        >>> outcome_columns(["id", "grupo", "compra", "respondio", "abrio"], ["grupo", "compra", "respondio", "abrio"])
        ['respondio', 'abrio', 'compra']
    """
    ranked = [
        (0 if _score(c, RESPONSE) else 1, i, c)
        for i, c in enumerate(columns)
        if c in binary and named_like_outcome(c)
    ]
    return [c for _, _, c in sorted(ranked)]


def named_like_outcome(name: str) -> bool:
    """A response or conversion name (``respondio``, ``compra``…) that is not a pre-period measure.

    Examples:
        >>> named_like_outcome("compra"), named_like_outcome("gasto_previo")
        (True, False)
    """
    return bool(_score(name, RESPONSE) or _score(name, CONVERSION)) and not is_pre_period(name)


def revenue_column(columns: Sequence[str], numeric: Sequence[str]) -> str | None:
    """The revenue outcome: a numeric money-like column that is not a pre-period covariate."""
    candidates = [c for c in columns if c in numeric and not is_pre_period(c) and not is_id_name(c)]
    return best(candidates, REVENUE)


def covariate_column(columns: Sequence[str], numeric: Sequence[str]) -> str | None:
    """The pre-period covariate for CUPED (``gasto_previo``, ``arpu_previo``…)."""
    return best([c for c in columns if c in numeric and is_pre_period(c)], REVENUE + PRE)


def conversion_column(outcomes: Sequence[str]) -> str | None:
    """The purchase / conversion outcome among the chosen ones (denominator of revenue per buyer)."""
    return best([c for c in outcomes if not _score(c, DECREASE)], CONVERSION)


def direction(name: str) -> str:
    """``"decrease"`` for churn-like metrics (less is better), else ``"increase"``.

    Examples:
        >>> direction("churn_90d"), direction("tasa_de_baja"), direction("compra")
        ('decrease', 'decrease', 'increase')
    """
    norm = normalize(name)
    return "decrease" if any(word in norm for word in DECREASE) else "increase"


def control_label(values: Sequence[object]) -> object | None:
    """The value of the arm column that names the control group, or ``None``.

    Examples:
        >>> control_label(["piloto", " Control ", "otro"])
        ' Control '
    """
    for value in values:
        if normalize(value).replace("_", " ") in CONTROL:
            return value
    for value in values:
        if "control" in normalize(value):
            return value
    return None


TIER_WORDS = ("segment", "tier", "valor", "value")
SURVEY_WORDS = {
    "nps": ("nps", "0_10", "recom"),
    "isn": ("nota", "isn", "1_7", "satisf"),
    "group": ("canal", "channel", "segment"),
}


def tier_columns(columns: Sequence[str]) -> list[str]:
    """Columns that look like a customer value tier (to stratify a split by).

    Examples:
        >>> tier_columns(["region", "segmento_valor", "gasto_12m"])
        ['segmento_valor']
    """
    return [c for c in columns if any(word in c.lower() for word in TIER_WORDS)]


def survey_column(columns: Sequence[str], role: str) -> str | None:
    """The first column that looks like the survey's ``role``: ``"nps"``, ``"isn"`` or ``"group"``.

    Examples:
        >>> survey_column(["id", "canal", "nota_1_7", "nps_0_10"], "isn")
        'nota_1_7'
    """
    return next((c for c in columns if any(word in c.lower() for word in SURVEY_WORDS[role])), None)
