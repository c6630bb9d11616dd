"""API representations of AI Factories, host sites and supercomputers.

A factory's list row (lists.py) is compact and links to its detail; the detail (detail.py) nests
every related fact with, per field, the citations behind it and the fields where sources
disagree; facts.py reads and writes the factory's own fields and each of its parts.
"""

from .briefs import (
    CountryBriefSerializer,
    OrganisationBriefSerializer,
    SelectionRoundBriefSerializer,
    SelectionRoundSerializer,
)
from .detail import (
    BudgetLineNestedSerializer,
    DisagreementSerializer,
    FactoryBudgetSerializer,
    FactoryDetailSerializer,
    HostSiteNestedSerializer,
    MembershipNestedSerializer,
)
from .facts import (
    FactoryNameSerializer,
    FactorySystemSerializer,
    FactoryWriteSerializer,
    HostSiteSerializer,
    SelectionRoundWriteSerializer,
    SupercomputerSerializer,
)
from .lists import FactoryListSerializer

__all__ = [
    "BudgetLineNestedSerializer",
    "DisagreementSerializer",
    "FactoryBudgetSerializer",
    "HostSiteNestedSerializer",
    "MembershipNestedSerializer",
    "CountryBriefSerializer",
    "FactoryDetailSerializer",
    "FactoryListSerializer",
    "FactoryNameSerializer",
    "FactorySystemSerializer",
    "FactoryWriteSerializer",
    "HostSiteSerializer",
    "OrganisationBriefSerializer",
    "SelectionRoundBriefSerializer",
    "SelectionRoundSerializer",
    "SelectionRoundWriteSerializer",
    "SupercomputerSerializer",
]
