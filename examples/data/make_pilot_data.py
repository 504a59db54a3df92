"""Generate the three example pilot files read by the "Analyse pilot" page.

1. ``piloto_correo_directo_cl.csv`` – **direct mail, retail, Chile (CLP)**. 30 000 customers of a
   department store, half mailed a catalogue (``piloto``), half held out (``control``). Spanish Excel
   export: ``;`` delimiter, decimal comma, thousands point, UTF-8 with BOM. Columns: ``id_cliente``
   (8 digits, leading zeros), ``grupo``, ``segmento`` (alto, medio, bajo, estratégico), ``region``,
   ``gasto_previo`` (net spend in the six months before, the CUPED covariate), ``respondio`` (sí/no:
   redeemed the catalogue coupon), ``compra`` (0/1: bought in the campaign window, by any channel) and
   ``ingreso`` (net revenue in the window, CLP with cents). The catalogue lifts response by ~2.5 points,
   more in the strategic tier.
2. ``piloto_email_asunto_es.csv`` – **e-mail, e-commerce, Spain (EUR)**. 24 000 subscribers split in
   three: two new subject lines (``asunto_a``, ``asunto_b``) against the usual one (``control``).
   Plain CSV (``,``, decimal point, UTF-8). Columns: ``id_cliente``, ``grupo``, ``segmento`` (nuevo,
   recurrente, vip), ``gasto_previo``, ``abrio`` (0/1), ``clic`` (0/1), ``compra`` (0/1), ``ingreso``
   (EUR). Subject A wins on opens but not on purchases; B moves purchases: opens are not outcomes.
3. ``piloto_sms_retencion_co.csv`` – **retention SMS, telco, Colombia (COP)**. 16 000 lines at risk,
   half sent a retention offer by SMS (``sms``). Windows export: ``;``, decimal comma, Windows-1252,
   CRLF. Columns: ``id_cliente`` (9 digits), ``grupo``, ``plan`` (prepago, pospago), ``departamento``,
   ``arpu_previo`` (monthly revenue before), ``churn_90d`` (sí/no: left within 90 days – *less is
   better*) and ``ingreso_90d`` (COP billed in the 90 days). The SMS cuts churn from ~28 % to ~24 %.

Every file is fully determined by its seed: the generator draws only ``random.Random.random()`` (a
stream Python keeps stable across versions), builds other distributions from it explicitly, and writes
text with fixed formats, so it reproduces the committed files byte for byte.

Usage::

    python examples/data/make_pilot_data.py          # rewrites the files next to this script
    python examples/data/make_pilot_data.py OUT_DIR  # writes them elsewhere
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
RETAIL, EMAIL, RETENTION = (
    "piloto_correo_directo_cl.csv",
    "piloto_email_asunto_es.csv",
    "piloto_sms_retencion_co.csv",
)
Weighted = Sequence[tuple[str, float]]


def pick(rng: random.Random, weighted: Weighted) -> str:
    """One label drawn with the given weights (inverse CDF on one uniform draw)."""
    u, total = rng.random(), 0.0
    for label, weight in weighted:
        total += weight
        if u < total:
            return label
    return weighted[-1][0]


def normal(rng: random.Random) -> float:
    """A standard normal draw by Box–Muller from two uniforms."""
    u1, u2 = rng.random(), rng.random()
    return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    """A right-skewed amount (spend, ticket) with the given median."""
    return median * math.exp(sigma * normal(rng))


def unique_ids(rng: random.Random, n: int, low: int, high: int) -> list[int]:
    """``n`` distinct customer numbers in ``[low, high)``, in draw order."""
    seen: dict[int, None] = {}
    while len(seen) < n:
        seen.setdefault(low + int(rng.random() * (high - low)), None)
    return list(seen)


def es_number(x: float) -> str:
    """``1234567.891`` → ``1.234.567,89`` (Spanish locale, two decimals)."""
    return f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def yes_no(flag: bool) -> str:
    return "sí" if flag else "no"


# --- 1. direct mail, Chile --------------------------------------------------------------------------
RETAIL_SEGMENTS = (("alto", 0.20), ("medio", 0.35), ("bajo", 0.40), ("estratégico", 0.05))
RETAIL_REGIONS = (
    ("Metropolitana", 0.42),
    ("Valparaíso", 0.12),
    ("Biobío", 0.11),
    ("Maule", 0.07),
    ("Coquimbo", 0.08),
    ("Antofagasta", 0.07),
    ("Araucanía", 0.07),
    ("Los Lagos", 0.06),
)
# segment: (median past spend CLP, control response, lift in response when mailed)
RETAIL_PROFILE = {
    "alto": (420_000, 0.070, 0.030),
    "medio": (180_000, 0.055, 0.025),
    "bajo": (60_000, 0.040, 0.015),
    "estratégico": (1_200_000, 0.090, 0.060),
}


def retail_rows(rng: random.Random, n: int = 30_000) -> list[list[str]]:
    ids = unique_ids(rng, n, 10_000, 10_000_000)
    rows = []
    for customer in ids:
        group = "piloto" if rng.random() < 0.5 else "control"
        segment, region = pick(rng, RETAIL_SEGMENTS), pick(rng, RETAIL_REGIONS)
        median, base, lift = RETAIL_PROFILE[segment]
        past = lognormal(rng, median, 0.6)
        responded = rng.random() < base + (lift if group == "piloto" else 0.0)
        bought = rng.random() < (0.60 if responded else 0.03)
        ticket = lognormal(rng, 12_000 + 0.08 * past, 0.5) / 1.19 if bought else 0.0
        rows.append(
            [
                f"{customer:08d}",
                group,
                segment,
                region,
                es_number(past / 1.19),
                yes_no(responded),
                str(int(bought)),
                es_number(ticket),
            ]
        )
    return rows


# --- 2. e-mail subject lines, Spain -----------------------------------------------------------------
EMAIL_SEGMENTS = (("nuevo", 0.35), ("recurrente", 0.50), ("vip", 0.15))
# arm: (open rate, click given open, purchase given click)
EMAIL_ARMS = {"control": (0.22, 0.12, 0.30), "asunto_a": (0.31, 0.085, 0.30), "asunto_b": (0.26, 0.16, 0.45)}
EMAIL_SPEND = {"nuevo": 40.0, "recurrente": 120.0, "vip": 480.0}


def email_rows(rng: random.Random, n: int = 24_000) -> list[list[str]]:
    ids = unique_ids(rng, n, 1, 10_000_000)
    arms = tuple(EMAIL_ARMS)
    rows = []
    for customer in ids:
        arm = arms[min(int(rng.random() * 3), 2)]
        segment = pick(rng, EMAIL_SEGMENTS)
        open_rate, click_rate, buy_rate = EMAIL_ARMS[arm]
        past = lognormal(rng, EMAIL_SPEND[segment], 0.7)
        opened = rng.random() < open_rate
        clicked = opened and rng.random() < click_rate
        bought = (clicked and rng.random() < buy_rate) or rng.random() < 0.010
        revenue = lognormal(rng, 35.0 + 0.15 * past, 0.45) if bought else 0.0
        rows.append(
            [
                f"{customer:07d}",
                arm,
                segment,
                f"{past:.2f}",
                str(int(opened)),
                str(int(clicked)),
                str(int(bought)),
                f"{revenue:.2f}",
            ]
        )
    return rows


# --- 3. retention SMS, Colombia ---------------------------------------------------------------------
RETENTION_PLANS = (("prepago", 0.6), ("pospago", 0.4))
DEPARTMENTS = (
    ("Bogotá D.C.", 0.30),
    ("Antioquia", 0.20),
    ("Valle del Cauca", 0.15),
    ("Atlántico", 0.10),
    ("Santander", 0.08),
    ("Cundinamarca", 0.09),
    ("Bolívar", 0.08),
)
# plan: (median monthly ARPU COP, control churn in 90 days, churn with the SMS offer)
RETENTION_PROFILE = {"prepago": (18_000, 0.32, 0.275), "pospago": (62_000, 0.22, 0.19)}


def retention_rows(rng: random.Random, n: int = 16_000) -> list[list[str]]:
    ids = unique_ids(rng, n, 1, 1_000_000_000)
    rows = []
    for customer in ids:
        group = "sms" if rng.random() < 0.5 else "control"
        plan, department = pick(rng, RETENTION_PLANS), pick(rng, DEPARTMENTS)
        median, churn_control, churn_sms = RETENTION_PROFILE[plan]
        arpu = lognormal(rng, median, 0.35)
        churned = rng.random() < (churn_sms if group == "sms" else churn_control)
        months = 3.0 * rng.random() if churned else 3.0
        discount = 0.9 if group == "sms" and not churned else 1.0  # the offer: 10 % off
        rows.append(
            [
                f"{customer:09d}",
                group,
                plan,
                department,
                es_number(arpu),
                yes_no(churned),
                es_number(arpu * months * discount),
            ]
        )
    return rows


DATASETS: dict[str, tuple[int, Callable[[random.Random], list[list[str]]], list[str], dict[str, str]]] = {
    RETAIL: (
        20250401,
        retail_rows,
        ["id_cliente", "grupo", "segmento", "region", "gasto_previo", "respondio", "compra", "ingreso"],
        {"sep": ";", "encoding": "utf-8-sig", "newline": "\n"},
    ),
    EMAIL: (
        20250402,
        email_rows,
        ["id_cliente", "grupo", "segmento", "gasto_previo", "abrio", "clic", "compra", "ingreso"],
        {"sep": ",", "encoding": "utf-8", "newline": "\n"},
    ),
    RETENTION: (
        20250403,
        retention_rows,
        ["id_cliente", "grupo", "plan", "departamento", "arpu_previo", "churn_90d", "ingreso_90d"],
        {"sep": ";", "encoding": "cp1252", "newline": "\r\n"},
    ),
}


def write(name: str, out_dir: Path) -> Path:
    """Write one dataset (by file name) into ``out_dir``; return its path."""
    seed, make_rows, header, fmt = DATASETS[name]
    lines = [fmt["sep"].join(header)] + [fmt["sep"].join(row) for row in make_rows(random.Random(seed))]
    path = Path(out_dir) / name
    path.write_bytes((fmt["newline"].join(lines) + fmt["newline"]).encode(fmt["encoding"]))
    return path


def write_all(out_dir: Path = HERE) -> list[Path]:
    """Write the three example pilot files into ``out_dir``."""
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    return [write(name, out_dir) for name in DATASETS]


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"{written} ({written.stat().st_size:,} bytes)")
