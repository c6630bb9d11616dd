"""Every write to the registry: cited facts with their evidence, citations and sources.

The admin (save, inline save, delete, bulk delete, revert) and the API call these functions
and nothing else, so the evidence rules hold on every path:

- no fact without evidence: each fact field with a value has an accepted citation;
- a changed value needs new evidence in the same write; the citations of the old value are
  kept, no longer accepted, marked as superseded;
- a quote is verbatim (`Source.contains_quote`);
- an archive is immutable once cited;
- no lost update: a write may state the version it was based on, and is refused if the
  object has changed since.

By topic: `evidence` (the rules), `facts`, `citations` and `sources` (the writes of each),
`recording` (what every write records).
"""

from .citations import (
    citation_change_problems,
    citation_create,
    citation_delete,
    citation_save,
    citation_subject,
    citation_update,
)
from .evidence import (
    accepted_fields,
    changed_fact_fields,
    check_version,
    evidence_problems,
    has_value,
    kept_fields,
)
from .facts import fact_delete, fact_save
from .recording import REVERT_REASON
from .sources import (
    ARCHIVE_SUFFIX,
    archive_change_problem,
    archive_document,
    source_create,
    source_delete,
    source_save,
    source_update,
)

__all__ = [
    "ARCHIVE_SUFFIX",
    "REVERT_REASON",
    "accepted_fields",
    "archive_change_problem",
    "archive_document",
    "changed_fact_fields",
    "check_version",
    "citation_change_problems",
    "citation_create",
    "citation_delete",
    "citation_save",
    "citation_subject",
    "citation_update",
    "evidence_problems",
    "fact_delete",
    "fact_save",
    "has_value",
    "kept_fields",
    "source_create",
    "source_delete",
    "source_save",
    "source_update",
]
