"""The European states a reader may ask about, and the other words a reader uses for them.

The registry's Country rows hold only the states its sources name; a reader may ask about any EU
Member State or EuroHPC Participating State, by its English name, another name ("Czech
Republic", "Turkey") or its adjective ("Danish"). Capitals are not listed: no well-kept source
of them is installed, and a hand-typed list would be a second, unsourced set of facts.
"""

import unicodedata

from django_countries import countries

from .models import Country

# The 27 EU Member States (ISO 3166-1 alpha-2).
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
# EuroHPC Participating States outside the EU (the Joint Undertaking's members besides the EU's own).
EUROHPC_PARTICIPATING_STATES = frozenset(["IS", "MD", "ME", "MK", "NO", "RS", "CH", "TR"])
EUROPEAN_STATES = EU_MEMBER_STATES | EUROHPC_PARTICIPATING_STATES

# Names other than django-countries' English name that sources and readers use.
OTHER_NAMES = {
    "CZ": ["Czech Republic"],
    "TR": ["Turkey", "Turkiye"],
    "NL": ["Holland", "The Netherlands"],
    "MK": ["Macedonia"],
    "MD": ["Republic of Moldova"],
    "GR": ["Hellas"],
}

ADJECTIVES = {
    "AT": ["Austrian"],
    "BE": ["Belgian"],
    "BG": ["Bulgarian"],
    "HR": ["Croatian"],
    "CY": ["Cypriot"],
    "CZ": ["Czech"],
    "DK": ["Danish"],
    "EE": ["Estonian"],
    "FI": ["Finnish"],
    "FR": ["French"],
    "DE": ["German"],
    "GR": ["Greek", "Hellenic"],
    "HU": ["Hungarian"],
    "IE": ["Irish"],
    "IT": ["Italian"],
    "LV": ["Latvian"],
    "LT": ["Lithuanian"],
    "LU": ["Luxembourgish", "Luxembourgian"],
    "MT": ["Maltese"],
    "NL": ["Dutch"],
    "PL": ["Polish"],
    "PT": ["Portuguese"],
    "RO": ["Romanian"],
    "SK": ["Slovak", "Slovakian"],
    "SI": ["Slovenian", "Slovene"],
    "ES": ["Spanish"],
    "SE": ["Swedish"],
    "IS": ["Icelandic"],
    "MD": ["Moldovan"],
    "ME": ["Montenegrin"],
    "MK": ["Macedonian"],
    "NO": ["Norwegian"],
    "RS": ["Serbian"],
    "CH": ["Swiss"],
    "TR": ["Turkish"],
}


def fold(text):
    """Text for matching: case folded and accents dropped, so "Linkoping" matches "Linköping"."""
    text = str(text)
    if text.isascii():  # nothing to decompose: a search reads thousands of names per query
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def state_name(code):
    """The English name of a European state, or None for a code that is not one."""
    code = code.upper()
    return str(countries.name(code)) if code in EUROPEAN_STATES else None


def state_words(code):
    """Every word a reader may use for a state: its name, other names and adjectives."""
    return [state_name(code), *OTHER_NAMES.get(code, []), *ADJECTIVES.get(code, [])]


def matching_state_codes(query):
    """The European states whose name, other name or adjective contains the query, or whose
    ISO code it is, in name order; accents and case do not matter."""
    needle = fold(query.strip())
    if not needle:
        return []
    codes = [
        code
        for code in EUROPEAN_STATES
        if needle == code.casefold() or any(needle in fold(word) for word in state_words(code))
    ]
    return sorted(codes, key=state_name)


def unrecorded_state(code):
    """A European state the registry holds no row for, as an unsaved Country (no query)."""
    standing = (
        Country.Standing.EU_MEMBER
        if code in EU_MEMBER_STATES
        else Country.Standing.EUROHPC_PARTICIPATING
    )
    return Country(code=code, standing=standing)
