"""Server-made pictures: the map of Europe and the budget bar chart, as data for SVG templates.

The map's outlines are a static asset (static/map/europe.json) built once by tools/build_map.py
from Natural Earth; this module only projects the host sites onto it and decides each state's
shading, so a page never reads more than that small file.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from consortia.models import Membership
from consortia.names import EUROPEAN_STATES

MAP_ASSET = Path(settings.BASE_DIR) / "static" / "map" / "europe.json"

# Lambert azimuthal equal-area centred on Europe (the centre EPSG:3035 uses), scaled so that the
# map's frame is a few hundred units wide. Shared with tools/build_map.py.
CENTRE_LAT = 52.0
CENTRE_LON = 10.0
SCALE = 1000.0


def project(lat, lon):
    """Longitude and latitude in degrees to unscaled map units (y grows downwards)."""
    phi, lam = math.radians(float(lat)), math.radians(float(lon) - CENTRE_LON)
    phi0 = math.radians(CENTRE_LAT)
    k = math.sqrt(
        2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam))
    )
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x * SCALE, -y * SCALE


@lru_cache(maxsize=1)
def map_outlines():
    """The simplified outlines: viewBox, offset and one SVG path per state."""
    with MAP_ASSET.open(encoding="utf-8") as asset:
        return json.load(asset)


@dataclass
class MapState:
    code: str
    name: str
    path: str
    role: str  # "host", "member" or "" for a state outside every consortium
    url: str = ""


@dataclass
class MapSite:
    x: float
    y: float
    label: str
    city: str
    url: str
    label_left: bool = False

    @property
    def label_x(self):
        return round(self.x - 10 if self.label_left else self.x + 10, 1)


def europe_map(factories):
    """The map's states and site markers for factories from `factory_list()` (no queries)."""
    outlines = map_outlines()
    offset_x, offset_y = outlines["offset"]
    roles, urls = {}, {}
    for factory in factories:
        for membership in factory.memberships.all():
            code = membership.country.code.code
            # A state that hosts one factory and joins another is shown as a host.
            if membership.role == Membership.Role.HOST or code not in roles:
                roles[code] = membership.role
            urls[code] = membership.country.get_absolute_url()
    states = [
        MapState(
            code=code,
            name=outline["name"],
            path=outline["d"],
            role=roles.get(code, ""),
            # Every EU Member State and EuroHPC Participating State has a page, in a consortium or not.
            url=urls.get(code)
            or (
                reverse("consortia:country-detail", args=[code.lower()])
                if code in EUROPEAN_STATES
                else ""
            ),
        )
        for code, outline in outlines["states"].items()
    ]
    # States in a consortium are drawn last so that their borders sit on top of their neighbours'.
    states.sort(key=lambda state: (state.role != "", state.role == Membership.Role.HOST))
    sites = []
    for factory in factories:
        site = getattr(factory, "site", None)
        if site is None:
            continue
        x, y = project(site.latitude, site.longitude)
        x, y = round(x - offset_x, 1), round(y - offset_y, 1)
        sites.append(
            MapSite(
                x=x,
                y=y,
                label=factory.name,
                city=site.city,
                url=factory.get_absolute_url(),
            )
        )
    # A label goes to the left of its marker when another site sits close to its right.
    for site in sites:
        site.label_left = site.x > outlines["width"] * 0.8 or any(
            0 < other.x - site.x < 140 and abs(other.y - site.y) < 24 for other in sites
        )
    return {
        "width": outlines["width"],
        "height": outlines["height"],
        "states": states,
        "sites": sites,
    }
