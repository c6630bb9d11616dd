"""The growth chart: time per request against registry size, one line per address, as SVG.

Both axes are logarithmic (sizes 7 to 10,000; milliseconds over four decades). Every address is
a thin grey line; the slowest at the largest size are coloured and named at the right, and the
target is a dashed line. Hovering a line shows its address (an SVG <title>). No library, no
network: the file is plain SVG text.
"""

import math
from html import escape

WIDTH, HEIGHT = 960, 600
LEFT, RIGHT, TOP, BOTTOM = 70, 300, 50, 60
COLOURS = [
    "#d62728",
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]
LABEL_GAP = 15


def _scale(low, high, start, end):
    low, high = math.log10(low), math.log10(high)
    return lambda value: start + (math.log10(value) - low) / (high - low) * (end - start)


def growth_svg(sizes, lines, target_ms, highlight=10, title="Uncached p50 per request"):
    """`lines`: {label: [ms at each size, or None]}; the `highlight` slowest are coloured."""
    values = [v for series in lines.values() for v in series if v]
    y_low = 10 ** math.floor(math.log10(max(min(values), 0.1)))
    y_high = 10 ** math.ceil(math.log10(max(max(values), target_ms * 1.5)))
    x = _scale(sizes[0], sizes[-1], LEFT, WIDTH - RIGHT)
    y = _scale(y_low, y_high, HEIGHT - BOTTOM, TOP)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    decade = y_low
    while decade <= y_high:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(decade):.1f}" y2="{y(decade):.1f}" '
            'stroke="#e5e5e5"/>'
        )
        out.append(
            f'<text x="{LEFT - 8}" y="{y(decade) + 4:.1f}" text-anchor="end">{decade:g} ms</text>'
        )
        decade *= 10
    for size in sizes:
        out.append(
            f'<line x1="{x(size):.1f}" x2="{x(size):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            'stroke="#e5e5e5"/>'
        )
        out.append(
            f'<text x="{x(size):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
            f"{size:,}</text>"
        )
    out.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 16}" text-anchor="middle">'
        "AI Factories in the registry (log scale)</text>"
    )
    ty = y(target_ms)
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d62728" '
        'stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<text x="{LEFT + 6}" y="{ty - 5:.1f}" fill="#d62728">target: {target_ms:g} ms</text>'
    )

    def last(series):
        return next((v for v in reversed(series) if v), 0)

    slowest = sorted(lines, key=lambda label: -last(lines[label]))[:highlight]
    for label, series in lines.items():
        if label not in slowest:
            out.append(_polyline(x, y, sizes, series, label, "#c8c8c8", 1))
    labels = []
    for colour, label in zip(COLOURS, slowest, strict=False):
        out.append(_polyline(x, y, sizes, lines[label], label, colour, 2))
        end = max(i for i, v in enumerate(lines[label]) if v)
        labels.append([y(lines[label][end]), label, colour, lines[label][end]])
    # Names at the right, pushed apart so none overlaps the next.
    labels.sort()
    for i in range(1, len(labels)):
        labels[i][0] = max(labels[i][0], labels[i - 1][0] + LABEL_GAP)
    for label_y, label, colour, ms in labels:
        out.append(
            f'<text x="{WIDTH - RIGHT + 10}" y="{label_y + 4:.1f}" fill="{colour}">'
            f"{escape(label)} ({ms:,.0f} ms)</text>"
        )
    others = len(lines) - len(labels)
    if others:
        out.append(
            f'<text x="{WIDTH - RIGHT + 10}" y="{HEIGHT - BOTTOM}" fill="#999">'
            f"grey: the other {others} addresses</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _polyline(x, y, sizes, series, label, colour, width):
    points = " ".join(
        f"{x(size):.1f},{y(value):.1f}" for size, value in zip(sizes, series, strict=True) if value
    )
    dots = "".join(
        f'<circle cx="{x(size):.1f}" cy="{y(value):.1f}" r="{width + 1}" fill="{colour}"/>'
        for size, value in zip(sizes, series, strict=True)
        if value and width > 1
    )
    return (
        f'<g><title>{escape(label)}</title><polyline points="{points}" fill="none" '
        f'stroke="{colour}" stroke-width="{width}"/>{dots}</g>'
    )
