"""A parent's consent to keep and send the child's data (Law 91/2025/QH15, Decree 13/2023): the
rule "has consent", and what makes a recorded consent wrong. A student has consent when a consent
date is recorded; withdrawing it clears the date (the journal keeps the history)."""

from __future__ import annotations

from datetime import date

from desktop_app.core.rules.findings import Finding, error

METHODS = ("paper_form", "minutes")  # the codes of the "consent_method" code list

# The same rule in SQL, for a students table aliased ``s``: once, here.
HAS_CONSENT_SQL = "COALESCE(s.consent_date, '') != ''"
NO_CONSENT_SQL = "COALESCE(s.consent_date, '') = ''"


def has_consent(consent_date: str | date | None) -> bool:
    """A student has a parent's consent on record when its date is recorded."""
    return bool(consent_date)


def check_consent(
    *,
    consent_date: date | None,
    method: str | None,
    ref: str | None,
    birth_date: date | None,
    today: date,
) -> list[Finding]:
    """What is wrong with a consent as recorded (a form, a row of the needs template)."""
    found: list[Finding] = []
    if consent_date is None:
        if method or ref:
            found.append(error("consent_date_missing", "consent_date", "consent.date_missing"))
        return found
    if consent_date > today:
        found.append(error("consent_date_future", "consent_date", "consent.date_future",
                           value=consent_date, today=today))  # fmt: skip
    if birth_date is not None and consent_date < birth_date:
        found.append(error("consent_before_birth", "consent_date", "consent.before_birth",
                           value=consent_date, birth=birth_date))  # fmt: skip
    if not method:
        found.append(error("consent_method_missing", "consent_method", "consent.method_missing"))
    elif method not in METHODS:
        found.append(error("consent_method_unknown", "consent_method", "consent.method_unknown",
                           value=method))  # fmt: skip
    return found
