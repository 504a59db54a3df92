"""The memo as one self-contained, print-friendly HTML page (A4, no external resources).

Every string that reaches the page goes through :func:`html.escape` – campaign names, notes and
approvers are user text. Charts are inline SVG produced by ``vl_convert`` (Vega's SVG renderer
escapes the text it draws); nothing is fetched from the network.
"""

from __future__ import annotations

from html import escape

from rollout._memo_content import MemoContent, Rows

TONES = {
    "go": ("#1b7f3b", "#e8f5ec"),
    "no_go": ("#b3261e", "#fdecea"),
    "extend": ("#8a5a00", "#fff5da"),
    None: ("#5f6368", "#f1f3f4"),
}
NUM, STATUS = " class='v'", " class='status'"

CSS = """
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef0f3; color: #1f2328;
  font: 10.5pt/1.4 "Source Sans Pro", "Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
.memo { max-width: 210mm; margin: 16px auto; background: #fff; padding: 14mm 14mm 10mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }
header { border-bottom: 3px solid #e4572e; padding-bottom: 6px; margin-bottom: 10px; }
.kicker { color: #e4572e; font-weight: 700; letter-spacing: .08em; text-transform: uppercase; font-size: 8.5pt; }
h1 { font-size: 20pt; margin: 2px 0 4px; line-height: 1.15; }
.meta { color: #5f6368; font-size: 9pt; margin: 0; }
.meta span + span::before { content: " · "; }
h2 { font-size: 11pt; margin: 0 0 4px; color: #1f2328; text-transform: uppercase; letter-spacing: .04em; }
section { margin: 0 0 10px; break-inside: avoid; }
.question p { margin: 0; }
.decision { border-left: 6px solid var(--tone); background: var(--bg); padding: 8px 12px; border-radius: 4px; }
.decision .verdict { font-size: 14pt; font-weight: 700; color: var(--tone); margin: 0 0 4px; }
.decision ul, .assumptions ul { margin: 0; padding-left: 18px; }
.decision li { margin: 1px 0; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
th, td { padding: 3px 6px; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
td.v, th.v { text-align: right; font-variant-numeric: tabular-nums; }
th[scope=row] { font-weight: 400; color: #5f6368; }
td.v { font-weight: 600; }
.scenarios td.v { font-weight: 400; white-space: nowrap; }
thead th { background: #f6f7f9; font-weight: 600; color: #5f6368; border-bottom: 1px solid #c9ced6; }
tbody tr:nth-child(even) { background: #fafbfc; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; align-items: start; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
.assumptions li { font-size: 9pt; color: #3c4043; }
.approval { border: 1px solid #c9ced6; border-radius: 4px; padding: 8px 12px; }
.approval .status { font-weight: 700; color: var(--tone); }
.sign { display: grid; grid-template-columns: 2fr 1fr 2fr; gap: 18px; margin-top: 18px; font-size: 8.5pt;
  color: #5f6368; }
.sign div { border-top: 1px solid #5f6368; padding-top: 2px; }
.muted { color: #5f6368; font-size: 9pt; }
footer { margin-top: 8px; color: #80868b; font-size: 8pt; border-top: 1px solid #e3e6ea; padding-top: 4px; }
@media print {
  body { background: #fff; font-size: 8.6pt; line-height: 1.3; }
  .memo { margin: 0; padding: 0; box-shadow: none; max-width: none; }
  h1 { font-size: 16pt; }
  h2 { font-size: 9pt; margin-bottom: 2px; }
  section { margin-bottom: 6px; }
  header { margin-bottom: 6px; }
  table { font-size: 8.3pt; }
  th, td { padding: 1.5px 5px; }
  .decision { padding: 5px 10px; }
  .decision .verdict { font-size: 12pt; margin-bottom: 2px; }
  figure svg { max-height: 44mm; }
  .assumptions li { font-size: 8pt; }
  .sign { margin-top: 12px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _rows(rows: Rows) -> str:
    body = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td class='v'>{escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table><tbody>{body}</tbody></table>"


def _scenarios(c: MemoContent) -> str:
    if not c.scenarios:
        return ""
    head = "".join(f"<th{'' if i == 0 else NUM}>{escape(h)}</th>" for i, h in enumerate(c.scenario_header))
    body = "".join(
        "<tr>" + "".join(f"<td{'' if i == 0 else NUM}>{escape(v)}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in c.scenarios
    )
    return (
        f"<section class='scenarios'><h2>{escape(c.scenarios_title)}</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
    )


def _charts(svgs: list[tuple[str, str]]) -> str:
    if not svgs:
        return ""
    figures = "".join(f"<figure data-chart='{escape(key)}'>{svg}</figure>" for key, svg in svgs)
    return f"<section class='charts'>{figures}</section>"


def _approval(c: MemoContent) -> str:
    tone, _ = TONES["go" if c.approval_status == "approved" else "no_go" if c.approval_status else None]
    rows = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td{STATUS if i == 0 else ''}>{escape(v)}</td></tr>"
        for i, (k, v) in enumerate(c.approval)
    )
    sign = ""
    if c.approval_status is None:
        sign = "<div class='sign'>" + "".join(f"<div>{escape(s)}</div>" for s in c.signature) + "</div>"
    return (
        f"<section class='approval' style='--tone:{tone}'><h2>{escape(c.approval_title)}</h2>"
        f"<table><tbody>{rows}</tbody></table>{sign}</section>"
    )


def render_html(c: MemoContent, svgs: list[tuple[str, str]]) -> str:
    """The complete HTML document of the memo (``svgs`` = ``(key, inline SVG)`` pairs, trusted)."""
    tone, bg = TONES[c.decision]
    meta = "".join(f"<span>{escape(k)}: {escape(v)}</span>" for k, v in c.meta)
    reasons = "".join(f"<li>{escape(r)}</li>" for r in c.reasons)
    readout = _rows(c.readout) if c.readout else f"<p class='muted'>{escape(c.reasons[0])}</p>"
    money = _rows(c.money) if c.money else f"<p class='muted'>{escape(c.money_missing)}</p>"
    assumptions = "".join(f"<li>{escape(a)}</li>" for a in c.assumptions)
    return f"""<!DOCTYPE html>
<html lang="{escape(c.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(c.title)} – {escape(c.name)}</title>
<style>{CSS}</style>
</head>
<body>
<main class="memo">
<header>
<div class="kicker">{escape(c.kicker)}</div>
<h1>{escape(c.name)}</h1>
<p class="meta">{meta}</p>
</header>
<section class="question"><h2>{escape(c.question_title)}</h2><p>{escape(c.question)}</p></section>
<section class="decision" style="--tone:{tone};--bg:{bg}">
<h2>{escape(c.recommendation_title)}</h2>
<p class="verdict">{escape(c.verdict)}</p>
<ul>{reasons}</ul>
</section>
<div class="grid">
<section class="readout"><h2>{escape(c.readout_title)}</h2>{readout}</section>
<section class="money"><h2>{escape(c.money_title)}</h2>{money}</section>
</div>
{_scenarios(c)}
{_charts(svgs)}
<section class="assumptions"><h2>{escape(c.assumptions_title)}</h2><ul>{assumptions}</ul></section>
{_approval(c)}
<footer>{escape(c.footer)}</footer>
</main>
</body>
</html>
"""
