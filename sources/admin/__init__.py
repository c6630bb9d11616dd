"""The editors' admin: the shared bases the apps' admins build on, and sources and citations.

Every admin page saves and deletes through `sources.services`, as the API does, so the evidence
rules hold whichever way an editor works.
"""

from .base import (
    CitationInline,
    CitedFactAdmin,
    EvidenceFormSet,
    FactPartAdmin,
    FactPartInline,
    RecordedAdmin,
    VersionedForm,
)
from .documents import CitationAdmin, SourceAdmin

__all__ = [
    "CitationAdmin",
    "CitationInline",
    "CitedFactAdmin",
    "EvidenceFormSet",
    "FactPartAdmin",
    "FactPartInline",
    "RecordedAdmin",
    "SourceAdmin",
    "VersionedForm",
]
