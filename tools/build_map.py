"""Build static/map/europe.json, the outlines of Europe's states for the home page's map.

Run once, by hand, when the outlines should change; the result is committed and the pages only
read it. The outlines come from Natural Earth (public domain) as packaged by the npm package
`world-atlas` (TopoJSON, 1:50m); the package itself is not committed:

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/build_map.py "$OLDPWD/package/countries-50m.json"

Each state is projected (Lambert azimuthal equal-area centred on Europe, see factories/charts.py),
clipped to the map's frame, simplified (Douglas–Peucker) and written as one compact SVG path.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django_countries import countries  # noqa: E402

from factories.charts import MAP_ASSET, project  # noqa: E402

TOLERANCE = 0.9  # map units; the frame is about 750 wide
MIN_RING_AREA = 6.0  # drop islets smaller than this unless they are a state's only land


def frame():
    """The projected rectangle shown: Portugal and Ireland to eastern Türkiye, Crete to the North Cape."""
    xs = [project(lat, -10.8)[0] for lat in (36, 44, 52)] + [project(39, 44.8)[0]]
    ys = [project(71.3, lon)[1] for lon in (-10, 25, 40)]
    ys += [project(34.4, lon)[1] for lon in (-10, 25, 35, 45)]
    return min(xs[:3]), min(ys), xs[3], max(ys)


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def clip(points, left, top, right, bottom):
    """Sutherland–Hodgman clipping of a closed ring to the frame."""
    edges = [
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tolerance):
    """Douglas–Peucker, iterative so that long coastlines do not hit the recursion limit."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (ax, ay), (bx, by) = points[start], points[end]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = None, tolerance
        for i in range(start + 1, end):
            px, py = points[i]
            if length:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(start, farthest), (farthest, end)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def area(points):
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def path_data(rings):
    """Absolute start, then relative integer steps: the smallest SVG path text."""
    parts = []
    for ring in rings:
        coords = []
        for x, y in ring:
            point = (round(x), round(y))
            if not coords or coords[-1] != point:
                coords.append(point)
        if len(coords) < 3:
            continue
        text = f"M{coords[0][0]} {coords[0][1]}l"
        steps = []
        for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
            steps.append(f"{x2 - x1} {y2 - y1}")
        text += " ".join(steps).replace(" -", "-") + "z"
        parts.append(text)
    return "".join(parts)


def build(topology_path):
    topology = json.loads(Path(topology_path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    left, top, right, bottom = frame()
    states = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = countries.alpha2(geometry.get("id", "")) if geometry.get("id") else ""
        if not code:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = []
        for polygon in polygons:
            for ring in polygon:
                projected = [project(lat, lon) for lon, lat in ring_points(ring, arcs)]
                clipped = clip(projected, left, top, right, bottom)
                if len(clipped) < 3:
                    continue
                shifted = [(x - left, y - top) for x, y in clipped]
                rings.append(simplify(shifted + [shifted[0]], TOLERANCE)[:-1])
        rings = [ring for ring in rings if len(ring) >= 3]
        if not rings:
            continue
        largest = max(area(ring) for ring in rings)
        rings = [ring for ring in rings if area(ring) >= min(MIN_RING_AREA, largest)]
        d = path_data(rings)
        if d:
            states[code] = {"name": str(countries.name(code)), "d": d}
    asset = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2",
        "projection": "Lambert azimuthal equal-area centred on 52°N 10°E; see factories/charts.py",
        "width": round(right - left),
        "height": round(bottom - top),
        "offset": [round(left, 3), round(top, 3)],
        "states": dict(sorted(states.items())),
    }
    MAP_ASSET.parent.mkdir(parents=True, exist_ok=True)
    MAP_ASSET.write_text(json.dumps(asset, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    size = MAP_ASSET.stat().st_size
    print(f"wrote {MAP_ASSET.relative_to(ROOT)}: {len(states)} states, {size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: build_map.py path/to/world-atlas/countries-50m.json")
    build(sys.argv[1])
