"""Amounts of money as a reader writes them: the registry's one money formatter.

Every page, the admin, the API's `display` and the changes log say an amount through
`format_eur`, so "€1.5 billion" never reads "€1500 million" somewhere else.
"""

from decimal import Decimal

# From a thousand million up, an amount reads in billions, as the sources write it
# ("€1.5 billion", "€2.1 billion"); below, in millions ("€556 million").
BILLION_FROM_EUR_MILLION = Decimal(1000)

# The values of funding.models.Qualifier that change the wording (this module sits below the
# models, which call it, so it names the values rather than importing the choices).
AT_LEAST = "at_least"
UNKNOWN = "unknown"


def _number(amount):
    """1500.0 → "1500", 1.50 → "1.5": no trailing zeros, never an exponent."""
    return f"{Decimal(str(amount)).normalize():f}"


def format_eur(amount_eur_million, qualifier="exact"):
    """An amount in EUR million with how the source states it.

    "€198 million", "at least €556 million", "€1.5 billion"; "unknown" when no amount is
    stated, never "€0".
    """
    if qualifier == UNKNOWN or amount_eur_million is None:
        return "unknown"
    amount = Decimal(str(amount_eur_million))
    if amount >= BILLION_FROM_EUR_MILLION:
        text = f"€{_number(amount / BILLION_FROM_EUR_MILLION)} billion"
    else:
        text = f"€{_number(amount)} million"
    return f"at least {text}" if qualifier == AT_LEAST else text
