"""Vaccination records (CSDL menu 4.9): which doses a student has now, and whether a new dose can
be recorded. The vaccines and their limits (minimum age, the intervals between doses) are data,
in the ``vaccine`` code list of ``resources/templates/codelists.json``.

Every dose is a row that is never overwritten. A correction is a new row that supersedes the one
it corrects, and a dose recorded by mistake is cancelled by a ``void`` row that supersedes it:
the **current doses** of a student are the ``dose`` rows nothing supersedes (``CURRENT_DOSE`` in
SQL, ``current_doses`` in Python — the same rule). The window, the importer, the command line,
the reports and the server all ask this module.

The checks of a dose, each a problem code with its message (``resources/messages/rules.json``):

- ``date_out_of_range``: the date is in the future, or before the student's birth;
- ``below_min_age`` (error) / ``above_max_age`` (warning): the student's age on that day against
  the vaccine's limits (the paediatric formulation is for ages 5 to 11);
- ``duplicate_dose``: the student already has a different dose with that number;
- ``dose_out_of_order``: a dose number with a gap below it (dose 2 and no dose 1), or cancelling a
  dose that a later one follows;
- ``interval_too_short``: a dose given before the previous one, or sooner after it than the
  vaccine's minimum interval (the booster's interval after the primary series);
- ``mixed_vaccines`` (warning): a dose of another vaccine than the previous one. Mixing is allowed
  (the Ministry of Health allows it for boosters), but it is worth a second look.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from desktop_app.core.rules import findings as F
from desktop_app.core.rules.findings import Finding
from desktop_app.core.rules.programme import age_on, is_late
from desktop_app.core.templates.spec import CodeLabel, CodeList, load_codelists

DOSE = "dose"
VOID = "void"
PLACES = ("school", "community", "elsewhere")
AT_SCHOOL = "school"
MAX_DOSE = 9  # the database's CHECK; no programme gives more
# The dose columns of the coverage figures: "at least 1 dose", "at least 2", "3 or more".
COVERAGE_DOSES = (1, 2, 3)

# A stored vaccination row (alias ``v``) that is one of its student's current doses.
CURRENT_DOSE = (
    "v.kind = 'dose' AND v.deleted = 0 AND NOT EXISTS (SELECT 1 FROM vaccinations c"
    " WHERE c.supersedes = v.id AND c.deleted = 0)"
)


@dataclass(frozen=True)
class Vaccine:
    """A vaccine of the code list with its limits (None: no limit)."""

    code: str
    min_age_years: int | None = None
    max_age_years: int | None = None
    min_interval_days: int | None = None
    primary_doses: int | None = None
    booster_interval_days: int | None = None

    def interval_before(self, dose_no: int) -> int | None:
        """The fewest days between the previous dose and dose ``dose_no`` of this vaccine."""
        if self.primary_doses is not None and dose_no > self.primary_doses:
            return self.booster_interval_days
        return self.min_interval_days


def vaccine_list() -> CodeList:
    return load_codelists()["vaccine"]


def place_list() -> CodeList:
    return load_codelists()["vaccination_place"]


@cache
def vaccine(code: str) -> Vaccine:
    """The vaccine of that code with its limits; a code the list lacks has none."""
    facts = vaccine_list().attributes.get(code, {})

    def number(name: str) -> int | None:
        value = facts.get(name)
        return int(value) if value is not None else None

    return Vaccine(code, number("min_age_years"), number("max_age_years"),
                   number("min_interval_days"), number("primary_doses"),
                   number("booster_interval_days"))  # fmt: skip


def suits_age(code: str, age: int) -> bool:
    """Whether the vaccine's age limits allow a child of ``age`` years."""
    limits = vaccine(code)
    return (limits.min_age_years is None or age >= limits.min_age_years) and (
        limits.max_age_years is None or age <= limits.max_age_years
    )


def suggested_vaccine(ages: Iterable[int], previous: Iterable[str | None] = ()) -> str | None:
    """The vaccine to offer for a vaccination day of these children: the one most of them had
    at their last dose (the next dose of the same vaccine raises no "mixed" warning); for
    children with no dose yet, the listed vaccine (not "other") whose age limits suit most of
    them — a class of 10-year-olds gets the paediatric formulation. Ties go to the list's
    order; None when there is nothing to go by."""
    order = vaccine_list().codes
    given = [code for code in previous if code]
    if given:
        return max(order, key=given.count) if any(c in order for c in given) else given[0]
    ages = list(ages)
    if not ages:
        return None
    # a vaccine with no limits at all ("Vắc-xin khác") suits everyone and says nothing
    listed = [code for code in order if vaccine(code) != Vaccine(code)]
    return max(listed, key=lambda code: sum(suits_age(code, age) for age in ages), default=None)


@dataclass(frozen=True)
class Dose:
    """The facts of one dose the rules look at. ``id`` is None for a dose not recorded yet."""

    dose_no: int
    vaccinated_on: date
    vaccine: str
    id: str | None = None

    def same_facts(self, other: Dose) -> bool:
        return (self.dose_no, self.vaccinated_on, self.vaccine) == (
            other.dose_no, other.vaccinated_on, other.vaccine,
        )  # fmt: skip


@dataclass(frozen=True)
class VaccinationEvent:
    """One stored vaccination row, typed."""

    id: str
    student_id: str
    kind: str
    dose_no: int
    vaccinated_on: date
    vaccine: str
    place: str
    recorded_on: date
    supersedes: str | None = None
    lot_no: str | None = None
    facility: str | None = None
    note: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> VaccinationEvent:
        return cls(
            id=record["id"],
            student_id=record["student_id"],
            kind=record.get("kind") or DOSE,
            dose_no=int(record["dose_no"]),
            vaccinated_on=date.fromisoformat(record["vaccinated_on"]),
            vaccine=record["vaccine"],
            place=record["place"],
            recorded_on=date.fromisoformat(record["recorded_on"]),
            supersedes=record.get("supersedes"),
            lot_no=record.get("lot_no"),
            facility=record.get("facility"),
            note=record.get("note"),
        )

    @property
    def dose(self) -> Dose:
        return Dose(self.dose_no, self.vaccinated_on, self.vaccine, self.id)

    @property
    def late(self) -> bool:
        """Recorded more than 1 day after the shot (the letter's deadline)."""
        return recorded_late(self.vaccinated_on, self.recorded_on)


def recorded_late(vaccinated_on: date, recorded_on: date) -> bool:
    return is_late("vaccination", vaccinated_on, recorded_on)


def current_doses(events: Iterable[VaccinationEvent]) -> dict[str, list[VaccinationEvent]]:
    """Each student's current doses (the ``dose`` rows nothing supersedes), by dose number."""
    events = list(events)
    superseded = {e.supersedes for e in events if e.supersedes}
    by_student: dict[str, list[VaccinationEvent]] = {}
    for event in events:
        if event.kind == DOSE and event.id not in superseded:
            by_student.setdefault(event.student_id, []).append(event)
    for doses in by_student.values():
        doses.sort(key=lambda e: (e.dose_no, e.vaccinated_on))
    return by_student


def load_current_doses(
    conn: sqlite3.Connection, student_ids: Sequence[str] | None = None
) -> dict[str, list[VaccinationEvent]]:
    """The current doses of every live student (or of those students), read with
    ``CURRENT_DOSE``."""
    sql = (
        "SELECT v.* FROM vaccinations v JOIN students s ON s.id = v.student_id"
        f" WHERE s.deleted = 0 AND {CURRENT_DOSE}"
    )
    params: list[Any] = []
    if student_ids is not None:
        sql += " AND v.student_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(student_ids)))
    cursor = conn.execute(sql + " ORDER BY v.student_id, v.dose_no", params)
    names = [d[0] for d in cursor.description]
    by_student: dict[str, list[VaccinationEvent]] = {}
    for row in cursor:
        event = VaccinationEvent.from_record(dict(zip(names, row, strict=True)))
        by_student.setdefault(event.student_id, []).append(event)
    return by_student


def doses_received(doses: Sequence[Dose] | Sequence[VaccinationEvent]) -> int:
    """How many doses in a row, from dose 1, a student has (the coverage figures count this)."""
    numbers = {d.dose_no for d in doses}
    count = 0
    while count + 1 in numbers:
        count += 1
    return count


# --- checks -------------------------------------------------------------------------------------


def check_new_doses(
    existing: Sequence[Dose],
    new: Sequence[Dose],
    *,
    birth_date: date | None,
    today: date,
) -> list[list[Finding]]:
    """What the rules say about each of ``new`` (doses of one student, to be recorded), given
    the student's current doses ``existing``. A new dose with the same number, date and vaccine
    as a current one is no problem (recording it again changes nothing; see ``already_recorded``).
    """
    findings: list[list[Finding]] = [list(_own_findings(d, birth_date, today)) for d in new]
    recorded = {d.dose_no: d for d in existing}
    series: dict[int, tuple[Dose, int | None]] = {n: (d, None) for n, d in recorded.items()}
    in_batch: dict[int, Dose] = {}
    for index, dose in enumerate(new):
        earlier = series.get(dose.dose_no)
        if dose.dose_no in in_batch:  # the same dose number twice in one batch: the later refused
            findings[index].append(_duplicate(dose, in_batch[dose.dose_no], True))
            continue
        in_batch[dose.dose_no] = dose
        if earlier is not None and not earlier[0].same_facts(dose):
            findings[index].append(_duplicate(dose, earlier[0], False))
            continue
        if earlier is None:
            series[dose.dose_no] = (dose, index)
    for number, (dose, position) in sorted(series.items()):
        if position is None:
            continue  # a recorded dose: its place in the series was checked when it was recorded
        below = series.get(number - 1)
        if number > 1 and below is None:
            missing = next(n for n in range(1, number) if n not in series)
            findings[position].append(F.error("dose_out_of_order", "dose_no",
                                           "vaccination.dose_gap", dose=number, missing=missing))  # fmt: skip
        if below is not None:
            findings[position] += _pair_findings(below[0], dose)
        above = series.get(number + 1)
        if above is not None and above[1] is None:  # a recorded later dose: said on this one
            findings[position] += _pair_findings(dose, above[0])
        # A dose that follows a refused one of the same batch is refused too: taken alone (a
        # partial import) it would leave a gap in the series.
        if (below is not None and below[1] is not None
                and any(f.is_error for f in findings[below[1]])
                and not any(f.is_error for f in findings[position])):  # fmt: skip
            findings[position].append(F.error("dose_out_of_order", "dose_no",
                                              "vaccination.previous_refused", dose=number,
                                              previous=number - 1))  # fmt: skip
    return findings


def already_recorded(existing: Sequence[Dose], dose: Dose) -> Dose | None:
    """The current dose that is exactly this one (same number, date and vaccine), if any."""
    return next((d for d in existing if d.same_facts(dose)), None)


def check_void(existing: Sequence[Dose], cancelled: Dose) -> list[Finding]:
    """Cancelling a dose that a later dose follows would leave a gap: cancel the later one first."""
    later = [d.dose_no for d in existing if d.dose_no > cancelled.dose_no]
    if later:
        return [F.error("dose_out_of_order", "dose_no", "vaccination.void_gap",
                        dose=cancelled.dose_no, later=max(later))]  # fmt: skip
    return []


def _own_findings(dose: Dose, birth_date: date | None, today: date) -> Iterable[Finding]:
    if dose.vaccinated_on > today:
        yield F.error("date_out_of_range", "vaccinated_on", "date_out_of_range.future",
                      value=dose.vaccinated_on, today=today)  # fmt: skip
    if not 1 <= dose.dose_no <= MAX_DOSE:
        yield F.error("invalid_format", "dose_no", "vaccination.dose_number", value=dose.dose_no,
                      maximum=MAX_DOSE)  # fmt: skip
    if birth_date is None:
        return
    if dose.vaccinated_on < birth_date:
        yield F.error("date_out_of_range", "vaccinated_on", "vaccination.before_birth",
                      value=dose.vaccinated_on, birth=birth_date)  # fmt: skip
        return
    limits = vaccine(dose.vaccine)
    age = age_on(birth_date, dose.vaccinated_on)
    if limits.min_age_years is not None and age < limits.min_age_years:
        yield F.error("below_min_age", "vaccine", "vaccination.below_min_age",
                      vaccine=CodeLabel("vaccine", dose.vaccine), age=age,
                      minimum=limits.min_age_years, value=dose.vaccinated_on)  # fmt: skip
    if limits.max_age_years is not None and age > limits.max_age_years:
        yield F.warning("above_max_age", "vaccine", "vaccination.above_max_age",
                        vaccine=CodeLabel("vaccine", dose.vaccine), age=age,
                        maximum=limits.max_age_years)  # fmt: skip


def _pair_findings(before: Dose, after: Dose) -> list[Finding]:
    """Two consecutive doses: the later given after the earlier, at the later vaccine's minimum
    interval, and of the same vaccine (a warning otherwise)."""
    found: list[Finding] = []
    gap = (after.vaccinated_on - before.vaccinated_on).days
    minimum = vaccine(after.vaccine).interval_before(after.dose_no) or 1
    if gap < minimum:
        message = "vaccination.not_after_previous" if gap <= 0 else "vaccination.interval"
        found.append(F.error("interval_too_short", "vaccinated_on", message, dose=after.dose_no,
                             previous=before.dose_no, day=after.vaccinated_on,
                             previous_day=before.vaccinated_on, days=gap, minimum=minimum,
                             vaccine=CodeLabel("vaccine", after.vaccine)))  # fmt: skip
    if before.vaccine != after.vaccine:
        found.append(F.warning("mixed_vaccines", "vaccine", "vaccination.mixed",
                               dose=after.dose_no, previous=before.dose_no,
                               vaccine=CodeLabel("vaccine", after.vaccine),
                               previous_vaccine=CodeLabel("vaccine", before.vaccine)))  # fmt: skip
    return found


def _duplicate(dose: Dose, earlier: Dose, in_this_batch: bool) -> Finding:
    message = "vaccination.duplicate_in_batch" if in_this_batch else "vaccination.duplicate"
    return F.error("duplicate_dose", "dose_no", message, dose=dose.dose_no,
                   day=earlier.vaccinated_on, vaccine=CodeLabel("vaccine", earlier.vaccine))  # fmt: skip
