"""Versions told as changes: one sentence for each write, with its reason and its evidence.

An edit saved in one form is one write, which dates every record it makes alike (see
`sources.services.fact_save`): its records are told as one change, with one reason.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from django.contrib.contenttypes.models import ContentType

from sources.models import Citation, recorded_models
from sources.services import REVERT_REASON

from ..models import public_name
from . import versions, words


@dataclass
class Change:
    """One recorded version of one object, told as a sentence: `subject` then `rest`."""

    anchor: str
    when: datetime
    who: str
    subject: str
    rest: str
    reason: str
    url: str | None
    # The passage of the source that states the new value (or that the changed citation
    # quotes): one click from a number on this page to where it is stated.
    passage_url: str | None = None

    @property
    def sentence(self):
        return f"{self.subject}{self.rest}"


def tell(records):
    """The records, newest first, told as changes: one change for each write."""
    writes, merged = versions.as_writes(records)
    records = [record for write in writes for record in write]
    previous = versions.previous_versions(records, merged)
    names, subjects = versions.fetch_names(records, previous)
    m2m = words.m2m_values([*records, *(p for p in previous.values() if p is not None)])

    told = []
    changed_fields = {}
    for number, write in enumerate(writes):
        for record in write:
            key = (record.instance_type, record.history_id)
            kind = merged[key][1]
            version = words.as_stood(record, names)
            owner, url, part = words.whose(version, subjects)
            before = previous.get(key)
            turn = words.turn_of_evidence(before, record) if before is not None else None
            if kind != "~":
                subject, rest = words.added_or_removed(version, owner, part, added=kind == "+")
            elif turn is not None:
                subject, rest = owner, words.cited(version, part, turn, kind="citation")
            else:
                if before is None:
                    phrases = ["changed"]
                else:
                    changed_fields[key], phrases = words.differences(before, record, names)
                    phrases += words.m2m_differences(
                        record.instance_type,
                        m2m.get((record.instance_type, before.history_id), {}),
                        m2m.get(key, {}),
                    )
                    if not phrases:  # saved without a difference: nothing a reader would see
                        continue
                subject = owner
                rest = ": " + "; ".join(
                    f"{part} {phrase}" if part else phrase for phrase in phrases
                )
            passage = _passage_url(version) if record.instance_type is Citation else None
            told.append((number, record, url, subject, rest, passage))

    content_types = ContentType.objects.get_for_models(*recorded_models())
    citing = versions.citations_behind(records, changed_fields, content_types)
    # A citation a change already names (“…, citing <source> (“quote”)”) is not told again.
    named = {
        (number, c.pk)
        for number, r, *_ in told
        if (c := citing.get((r.instance_type, r.history_id)))
    }
    parts = defaultdict(list)
    for number, record, url, subject, rest, passage in told:
        told_already = record.instance_type is Citation and (number, record.id) in named
        if told_already and merged[(Citation, record.history_id)][1] == "+":
            continue
        reason = record.history_change_reason or ""
        citation = citing.get((record.instance_type, record.history_id))
        # A revert restores an older value, which the newest citation may not support.
        if citation is not None and not reason.startswith(REVERT_REASON):
            rest += f", citing {citation.source} ({words.quoted(citation.quote, 160)})"
            passage = citation.passage_url()
        parts[number].append(
            Change(
                anchor=f"{record.instance_type._meta.model_name}-{record.history_id}",
                when=record.history_date,
                who=public_name(record.history_user),
                subject=subject,
                rest=rest,
                reason=reason,
                url=url,
                passage_url=passage,
            )
        )
    return [_one_change(parts[number]) for number in sorted(parts)]


def _one_change(parts):
    """A write's changes as one: the first (its change of a fact) then the rest, one reason."""
    first = parts[0]
    rest = first.rest
    for part in parts[1:]:
        if part.subject == first.subject and part.rest.startswith(": "):
            rest += f"; {part.rest[2:]}"
        else:
            rest += f"; {part.sentence}"
    reason = next((part.reason for part in parts if part.reason), "")
    passage = next((part.passage_url for part in parts if part.passage_url), None)
    return replace(first, rest=rest, reason=reason, passage_url=passage)


def _passage_url(citation):
    """The passage a version of a citation quotes, or None if its source is gone (`words.as_stood`
    leaves a removed object out)."""
    return citation.passage_url() if citation.source_id is not None else None
