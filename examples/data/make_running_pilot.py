"""Generate ``piloto_en_curso_cl.csv``: a direct-mail pilot still running, read by the Monitor page.

A department store (Chile, CLP) mails a catalogue to 400 customers a day, half of them held out as
control, and plans about 7,100 customers per group (36 days). The file holds the first 21 days: 8,400
customers. Spanish Excel export: ``;`` delimiter, decimal comma, thousands point, UTF-8 with BOM,
day-first dates. Columns: ``id_cliente`` (8 digits, leading zeros), ``grupo`` (``piloto`` /
``control``), ``fecha_envio`` (dd/mm/aaaa: the day the customer was mailed or held out),
``respondio`` (sí/no: redeemed the coupon within the window) and ``monto_compra`` (CLP spent). The
catalogue lifts response from 4.0 % to 5.5 %.

The file is fully determined by its seed: only ``random.Random.random()`` is drawn (a stream Python
keeps stable across versions) and text is written with fixed formats.

Usage::

    python examples/data/make_running_pilot.py          # rewrites the file next to this script
    python examples/data/make_running_pilot.py OUT_DIR  # writes it elsewhere
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "piloto_en_curso_cl.csv"
SEED = 20250303
START = dt.date(2025, 3, 3)
DAYS, PER_DAY = 21, 400
RESPONSE = {"control": 0.040, "piloto": 0.055}


def es_number(x: float) -> str:
    """``1234567.891`` → ``1.234.567,89`` (Spanish locale, two decimals)."""
    return f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def rows(rng: random.Random) -> list[list[str]]:
    out, seen = [], set()
    for day in range(DAYS):
        date = (START + dt.timedelta(days=day)).strftime("%d/%m/%Y")
        for _ in range(PER_DAY):
            customer = 10_000 + int(rng.random() * 9_990_000)
            while customer in seen:
                customer = 10_000 + int(rng.random() * 9_990_000)
            seen.add(customer)
            group = "piloto" if rng.random() < 0.5 else "control"
            responded = rng.random() < RESPONSE[group]
            u1, u2 = rng.random(), rng.random()
            normal = math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)
            amount = 35_000 * math.exp(0.5 * normal) if responded else 0.0
            out.append([f"{customer:08d}", group, date, "sí" if responded else "no", es_number(amount)])
    return out


def write(folder: Path = HERE) -> Path:
    path = Path(folder) / NAME
    lines = ["id_cliente;grupo;fecha_envio;respondio;monto_compra"] + [
        ";".join(r) for r in rows(random.Random(SEED))
    ]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))
