"""Generate the example customer list: 20 000 customers of a Chilean retailer, ready to split.

The list a marketer would export before a catalogue (direct-mail) pilot: customer ID with leading zeros
(``id_cliente``), value tier (alto, medio, bajo, estratégico, see docs/formulas.md §11), region, tenure in
months, spend of the last 12 months in CLP, purchases per month and e-mail consent. Spend, tenure and
frequency differ by tier, and the tier mix differs by region, so stratifying and checking balance matter.

The file is written the way Spanish-locale Excel exports it: ``;``-separated, decimal comma
(``1,8``), UTF-8 with accents, ``\\n`` line ends. It is fully determined by the seed: only
``random.Random.random()`` (a stream Python keeps stable across versions) and IEEE arithmetic (+, ×, no
logarithms or powers) are used, so ``python examples/data/make_customer_list.py`` reproduces
``clientes_retail_cl.csv`` byte for byte on any machine.

Usage::

    python examples/data/make_customer_list.py            # rewrites examples/data/clientes_retail_cl.csv
    python examples/data/make_customer_list.py OUT.csv    # writes elsewhere
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SEED = 20250612
ROWS = 20_000
OUT = Path(__file__).resolve().parent / "clientes_retail_cl.csv"
COLUMNS = (
    "id_cliente",
    "segmento_valor",
    "region",
    "antiguedad_meses",
    "gasto_12m",
    "compras_mes",
    "email_opt_in",
)
# Regions of Chile with roughly their share of the population (INE), north to south.
REGIONS = (
    ("Arica y Parinacota", 0.013),
    ("Tarapacá", 0.02),
    ("Antofagasta", 0.035),
    ("Atacama", 0.016),
    ("Coquimbo", 0.045),
    ("Valparaíso", 0.10),
    ("Metropolitana", 0.405),
    ("O'Higgins", 0.05),
    ("Maule", 0.06),
    ("Ñuble", 0.027),
    ("Biobío", 0.09),
    ("Araucanía", 0.055),
    ("Los Ríos", 0.02),
    ("Los Lagos", 0.045),
    ("Aysén", 0.005),
    ("Magallanes", 0.009),
)
TIERS = (("alto", 0.18), ("medio", 0.30), ("bajo", 0.47), ("estratégico", 0.05))
# Per tier: typical yearly spend (CLP), tenure scale (months), purchases per month, e-mail consent.
PROFILE = {
    "alto": (1_800_000, 150, 2.4, 0.80),
    "medio": (620_000, 100, 1.3, 0.70),
    "bajo": (160_000, 60, 0.5, 0.55),
    "estratégico": (950_000, 130, 1.6, 0.85),
}
METRO_TIER_SHIFT = 0.06  # the capital has more "alto" customers, fewer "bajo"


def pick(u: float, weighted: tuple[tuple[str, float], ...]) -> str:
    """The label whose cumulative weight first exceeds ``u`` (inverse CDF on one uniform draw)."""
    total = 0.0
    for label, weight in weighted:
        total += weight
        if u < total:
            return label
    return weighted[-1][0]


def tier_for(u: float, region: str) -> str:
    """Value tier; the Metropolitana region leans to "alto"."""
    if region != "Metropolitana":
        return pick(u, TIERS)
    shifted = (
        ("alto", 0.18 + METRO_TIER_SHIFT),
        ("medio", 0.30),
        ("bajo", 0.47 - METRO_TIER_SHIFT),
        ("estratégico", 0.05),
    )
    return pick(u, shifted)


def decimal_comma(value: float) -> str:
    """``1.8`` → ``"1,8"`` (one decimal, as a Spanish-locale spreadsheet writes it)."""
    return f"{value:.1f}".replace(".", ",")


def customer(rng: random.Random, ident: int) -> tuple[str, ...]:
    """One row: spend is right-skewed (products of uniforms), tenure and frequency follow the tier."""
    region = pick(rng.random(), REGIONS)
    tier = tier_for(rng.random(), region)
    spend_scale, tenure_scale, frequency, consent = PROFILE[tier]
    u1, u2, u3 = rng.random(), rng.random(), rng.random()
    spend = round(spend_scale * (0.15 + 2.2 * u1 * u2 + 0.9 * u3 * u3))
    tenure = 1 + int(tenure_scale * (rng.random() + rng.random()) * 0.9)
    per_month = frequency * (0.3 + 1.4 * rng.random())
    opt_in = "sí" if rng.random() < consent else "no"
    return (f"{ident:09d}", tier, region, str(tenure), str(spend), decimal_comma(per_month), opt_in)


def rows(seed: int = SEED, n: int = ROWS) -> list[tuple[str, ...]]:
    """The customer rows; IDs are distinct 9-digit numbers, many with leading zeros."""
    rng = random.Random(seed)
    seen: set[int] = set()
    out = []
    while len(out) < n:
        ident = int(rng.random() * 1_000_000_000)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(customer(rng, ident))
    return out


def write(path: Path = OUT, seed: int = SEED, n: int = ROWS) -> Path:
    """Write the list (UTF-8, ``;``-separated, decimal comma, ``\\n`` line ends) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(COLUMNS)] + [";".join(row) for row in rows(seed, n)]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
