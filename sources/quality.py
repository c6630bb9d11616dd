"""The quality page's report: what every registered check finds, computed once per data version.

Running every check reads every citation, fact and archived text: seconds at 10,000 factories.
The registry changes rarely and the result depends on nothing else, so this process keeps the
newest version's report and shows it until the data changes (the data version changes on every
save, delete and commit, in every process: config.cache.registry_version); the first process to
run them for a version stores the report in the shared cache, where the others find it. `manage.py
check_registry` and the admin's count still run the checks afresh.

As the API's read model (sources.readmodel), nothing is kept from inside a transaction: what a
transaction sees may yet be rolled back.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection

from .checks import SubjectLink, check_results


@dataclass(frozen=True)
class ReportedFailure:
    """One failure as the page lists it: the message and the links to what it concerns."""

    message: str
    links: tuple[SubjectLink, ...]


@dataclass(frozen=True)
class ReportedCheck:
    """One check as the page lists it: the rule and its failures (none when it passes)."""

    title: str
    description: str
    failures: tuple[ReportedFailure, ...]


@dataclass(frozen=True)
class QualityReport:
    """Every check's result at one data version (None: run for one request, not kept)."""

    version: int | None
    results: tuple[ReportedCheck, ...]

    @property
    def failing(self):
        return [result for result in self.results if result.failures]

    @property
    def passing(self):
        return [result for result in self.results if not result.failures]

    @property
    def failure_count(self):
        return sum(len(result.failures) for result in self.results)

    @property
    def data_changed_at(self):
        """When the data this report checked last changed (the data version is that time in
        nanoseconds since the epoch), or None when that is not known."""
        if not self.version:
            return None
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=self.version // 1000)


def run_report(version=None):
    """Run every registered check now."""
    return QualityReport(
        version,
        tuple(
            ReportedCheck(
                result.check.title,
                result.check.description,
                tuple(
                    ReportedFailure(failure.message, tuple(failure.links()))
                    for failure in result.failures
                ),
            )
            for result in check_results()
        ),
    )


_kept = {}


def quality_report(version, shared=None, fresh=False):
    """The report for data version `version`: the one this process kept for that version, the
    one another process stored in `shared` (an object with get(key) and set(key, value), such as
    config.api.SharedStore), or one run now and kept in both (outside a transaction). A version
    of None (no shared data version: settings.READ_MODEL is off, or the cache that holds it
    cannot be reached) runs the checks for this request alone. `fresh` runs them even when a
    report of that version is kept (a deploy reloads the fixtures without a new version)."""
    if version is None or connection.in_atomic_block:
        return run_report()
    report = None if fresh else _kept.get("report")
    if report is not None and report.version == version:
        return report
    key = f"registry:quality-report:{version}"
    report = shared.get(key) if shared is not None and not fresh else None
    if report is None:
        report = run_report(version)
        if shared is not None:
            shared.set(key, report)
    _kept["report"] = report  # only the newest version: a report of any size, once
    return report
