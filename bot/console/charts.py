"""Server-drawn SVG charts for the supervisors' figures: no script, no library, drawn from the same numbers as the
tables beside them (the console's CSP allows no inline style, so colours are SVG attributes).

- ``bars``: labelled horizontal bars (categories, districts, outcomes, priorities), the value at each bar's end;
- ``columns``: one column a day, the urgent part darker, every few days labelled;
- ``against``: median and 90th percentile bars per priority with the SLA as a red line.
"""
from __future__ import annotations

from markupsafe import Markup, escape

INK, BAR, URGENT, P90, SLA, GRID = "#1f2933", "#3b6ea5", "#b3261e", "#9db8d6", "#b3261e", "#d9dee3"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    safe = escape(title)
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
                  f'aria-label="{safe}" xmlns="http://www.w3.org/2000/svg" {FONT}><title>{safe}</title>'
                  + "".join(body) + "</svg>")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def bars(items: list[tuple[str, float]], title: str, unit: str = "", fmt=lambda v: f"{v:g}",
         colour: str = BAR) -> Markup:
    label_w, bar_w, row_h = 190, 360, 24
    height = max(len(items), 1) * row_h + 14
    top = _nice_max(max((v for _, v in items), default=0))
    body = []
    for n, (label, value) in enumerate(items):
        y = 8 + n * row_h
        w = 0 if not top else bar_w * value / top
        shown = escape(label if len(label) <= 28 else label[:27] + "…")
        body.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="{INK}">{shown}</text>'
                    f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{colour}">'
                    f'<title>{escape(label)}: {escape(fmt(value))}{escape(unit)}</title></rect>'
                    f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" fill="{INK}">{escape(fmt(value))}{escape(unit)}</text>')
    if not items:
        body.append(f'<text x="10" y="20" fill="{INK}">None in this period.</text>')
    return _svg(label_w + bar_w + 90, height, title, body)


def columns(days: list[dict], title: str) -> Markup:
    left, bottom, plot_h = 36, 34, 160
    step = max(min(640 // max(len(days), 1), 28), 4)
    width = left + step * len(days) + 12
    top = _nice_max(max((d["cases"] for d in days), default=0))
    body = [f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 6}" y2="{10 + plot_h}" stroke="{INK}"/>']
    for tick in (0, top / 2, top):
        y = 10 + plot_h - plot_h * tick / top
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 6}" y2="{y:.1f}" stroke="{GRID}"/>'
                    f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">{tick:g}</text>')
    every = max(len(days) // 8, 1)
    for n, day in enumerate(days):
        x = left + n * step + 1
        h_all, h_urgent = plot_h * day["cases"] / top, plot_h * day["urgent"] / top
        label = f'{day["day"]}: {day["cases"]} case(s), {day["urgent"]} urgent'
        body.append(f'<g><title>{escape(label)}</title>'
                    f'<rect x="{x}" y="{10 + plot_h - h_all:.1f}" width="{step - 2}" height="{h_all:.1f}" fill="{BAR}"/>'
                    f'<rect x="{x}" y="{10 + plot_h - h_urgent:.1f}" width="{step - 2}" height="{h_urgent:.1f}" '
                    f'fill="{URGENT}"/></g>')
        if n % every == 0:
            body.append(f'<text x="{x}" y="{10 + plot_h + 16}" fill="{INK}">{escape(day["day"][5:])}</text>')
    body.append(f'<rect x="{left}" y="{plot_h + 30}" width="10" height="10" fill="{BAR}"/>'
                f'<text x="{left + 14}" y="{plot_h + 39}" fill="{INK}">all cases</text>'
                f'<rect x="{left + 90}" y="{plot_h + 30}" width="10" height="10" fill="{URGENT}"/>'
                f'<text x="{left + 104}" y="{plot_h + 39}" fill="{INK}">urgent</text>')
    return _svg(max(width, 260), 10 + plot_h + bottom + 8, title, body)


def against(rows: list[dict], key: str, sla_key: str, title: str) -> Markup:
    """Median and p90 minutes of ``key`` per priority, with each priority's SLA (``sla_key``) as a red line."""
    label_w, bar_w, row_h = 90, 420, 40
    top = _nice_max(max([r[key]["p90"] or 0 for r in rows] + [r[sla_key] or 0 for r in rows] + [1]))
    body = []
    for n, r in enumerate(rows):
        y = 8 + n * row_h
        body.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" fill="{INK}">{escape(r["priority"])}</text>')
        spread = r[key]
        if spread["count"]:
            p90_w, med_w = bar_w * spread["p90"] / top, bar_w * spread["median"] / top
            body.append(f'<rect x="{label_w}" y="{y + 4}" width="{p90_w:.1f}" height="22" fill="{P90}">'
                        f'<title>90% within {spread["p90"]:g} min</title></rect>'
                        f'<rect x="{label_w}" y="{y + 9}" width="{med_w:.1f}" height="12" fill="{BAR}">'
                        f'<title>median {spread["median"]:g} min</title></rect>'
                        f'<text x="{label_w + max(p90_w, med_w) + 6:.1f}" y="{y + 19}" fill="{INK}">'
                        f'median {spread["median"]:g} · p90 {spread["p90"]:g} min</text>')
        else:
            body.append(f'<text x="{label_w}" y="{y + 19}" fill="{INK}">none yet</text>')
        if r[sla_key]:
            x = label_w + bar_w * r[sla_key] / top
            body.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 30}" stroke="{SLA}" stroke-width="2">'
                        f'<title>SLA {r[sla_key]} min</title></line>')
    legend_y = 8 + len(rows) * row_h
    body.append(f'<rect x="{label_w}" y="{legend_y}" width="10" height="10" fill="{BAR}"/>'
                f'<text x="{label_w + 14}" y="{legend_y + 9}" fill="{INK}">median</text>'
                f'<rect x="{label_w + 70}" y="{legend_y}" width="10" height="10" fill="{P90}"/>'
                f'<text x="{label_w + 84}" y="{legend_y + 9}" fill="{INK}">90% within</text>'
                f'<line x1="{label_w + 170}" y1="{legend_y}" x2="{label_w + 170}" y2="{legend_y + 10}" stroke="{SLA}" '
                f'stroke-width="2"/><text x="{label_w + 176}" y="{legend_y + 9}" fill="{INK}">SLA (minutes)</text>')
    return _svg(label_w + bar_w + 200, legend_y + 20, title, body)
