"""The referee: every screen, report and command gives the figures the programme's rules give.

A random school history is played through the public core API only (forms, imported files, the
handover and return functions, the district's decisions, the school's policy); a simple oracle
(tests/figures_oracle.py) is told what the application accepted, and after every step each
consumer of the rules is compared with it: the dashboard, the allocation proposal, the 4.8.2
report, the donor report, the devices screen. The command line (``songmay allocate --json``,
``songmay info --json``) is compared when a step asks it and at the end of each history.

A failure prints the history (what was done, what the application accepted or refused), the
oracle's view of each device and student, and every figure that disagrees. Knobs:
ORACLE_EXAMPLES (default 500) for a quick local run, ORACLE_SKIP (see ``skipped``) to look past a
disagreement that is already known.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from builders import (
    DEVICE_HEADERS,
    HANDOVER_HEADERS,
    NEEDS_HEADERS,
    device_row,
    handover_row,
    needs_row,
    write_sheet,
)
from figures_oracle import Batch, Device, NeedValues, Oracle
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlite_utils import Database

from desktop_app import cli
from desktop_app.core.allocation import propose_for
from desktop_app.core.dashboard import dashboard_summary
from desktop_app.core.devices import delete_device, list_batches, list_devices, save_device
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.handovers import record_handovers, record_return
from desktop_app.core.importing.service import ImportOptions, import_file
from desktop_app.core.reports import needs_summary, receipts_by_donor
from desktop_app.core.reviews import apply_decisions
from desktop_app.core.rules.programme import survey_round
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
from desktop_app.core.students import delete_student, list_students, save_student

EXAMPLES = int(os.environ.get("ORACLE_EXAMPLES", "500"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=15,
    deadline=None,
    database=None,  # nothing written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # The explain phase replays a failure many more times to point at lines of code (here, the
    # oracle's): minutes of extra run time for nothing a reader needs.
    phases=[phase for phase in Phase if phase is not Phase.explain],
)

# The school's clock: the first survey round, then (once per history) the next half-year.
CLOCK = (date(2021, 12, 15), date(2022, 3, 15))
MAX_STUDENTS = MAX_DEVICES = 8

# Donation batches: two from the same donor; DOT-03 and DOT-04 are received in 2022, so saving
# one of their devices before the clock moves is refused (a receipt date in the future).
BATCHES = (
    Batch("DOT-01", "4.8.3.2", "Công ty ABC", date(2021, 11, 20)),
    Batch("DOT-02", "4.8.3.1", "Bộ GD&ĐT", date(2021, 12, 10)),
    Batch("DOT-03", "4.8.3.2", "Công ty ABC", date(2022, 1, 5)),
    Batch("DOT-04", "4.8.3.2", "Bà Lê Thị Mai", date(2022, 3, 1)),
)
SOURCE_LABELS = {"4.8.3.1": "Bộ GDĐT phân bổ", "4.8.3.2": "Nguồn khác"}
DONOR_TYPES = {"Công ty ABC": "Doanh nghiệp", "Bộ GD&ĐT": "Cơ quan nhà nước",
               "Bà Lê Thị Mai": "Cá nhân"}  # fmt: skip
CATEGORY_LABELS = {1: "Hộ nghèo", 2: "Hộ cận nghèo", 3: "Cha/mẹ tử vong do COVID-19",
                   4: "Khó khăn khác"}  # fmt: skip
DEVICE_LABELS = {"laptop": "Máy tính xách tay", "desktop": "Máy tính để bàn",
                 "tablet": "Máy tính bảng", "smartphone": "Điện thoại thông minh",
                 "sim": "SIM - gói cước"}  # fmt: skip
# Configuration per device type: (meets the minimum specification, falls below it).
SPECS: dict[str, tuple[dict[str, str], dict[str, str] | None]] = {
    "laptop": ({"ram_gb": "8", "storage_gb": "256", "screen_inch": "14"},
               {"ram_gb": "2", "storage_gb": "256", "screen_inch": "14"}),
    "desktop": ({"ram_gb": "8", "storage_gb": "256"}, None),  # no minimum for desktops
    "tablet": ({"ram_gb": "4", "storage_gb": "64", "screen_inch": "10.5"},
               {"ram_gb": "1", "storage_gb": "64", "screen_inch": "10.5"}),
    "smartphone": ({"ram_gb": "4", "storage_gb": "64", "screen_inch": "6.5"},
                   {"ram_gb": "1", "storage_gb": "64", "screen_inch": "6.5"}),
    "sim": ({}, None),
}  # fmt: skip
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hữu Chí", "Phạm Minh Dũng", "Hoàng Thu Giang",
         "Vũ Ngọc Hà", "Đặng Quốc Hải", "Bùi Thị Hạnh")  # fmt: skip
CLASSES = ("6A1", "7A2", "8A1", "9A3")
REASONS = ("faulty", "moved", "ineligible", "lost", "other")  # why a device comes back


# --- what the generator draws ------------------------------------------------------------------


@dataclass(frozen=True)
class NeedSpec:
    """A student's class and need as the clerk types them."""

    category: int
    device: str
    class_name: str
    own_device: bool  # "Đã có thiết bị: Có" — the application refuses it

    def values(self) -> NeedValues:
        cert = "12/GCN" if self.category in (1, 2) else None
        return NeedValues(self.category, self.device, self.own_device, cert)

    def __str__(self) -> str:
        own = ", has own device" if self.own_device else ""
        return f"{self.class_name}, category {self.category}, {self.device}{own}"


rarely = st.integers(0, 9).map(lambda n: n == 9)
need_specs = st.builds(
    NeedSpec,
    category=st.sampled_from((1, 2, 3, 4)),
    device=st.sampled_from(("tablet", "laptop", "smartphone", "desktop")),
    class_name=st.sampled_from(CLASSES),
    own_device=rarely,
)


@dataclass(frozen=True)
class DeviceSpec:
    device_type: str
    batch: int  # index into BATCHES
    below_min_spec: bool  # only where the type has a minimum specification

    def __str__(self) -> str:
        below = ", below min spec" if self.below_min_spec and SPECS[self.device_type][1] else ""
        return f"{self.device_type}{below}, batch {BATCHES[self.batch].code}"


device_specs = st.builds(
    DeviceSpec,
    device_type=st.sampled_from(("tablet", "laptop", "smartphone", "desktop", "sim")),
    batch=st.sampled_from((0, 0, 1, 1, 2, 3)),  # index into BATCHES; 2 and 3 come in 2022
    below_min_spec=st.integers(0, 3).map(lambda n: n == 3),
)
T = TypeVar("T")
picks = st.integers(0, 15)  # which student or device, modulo the ones that make sense
offsets = st.sampled_from((0, 0, 1, 2, 5, 30))  # days after the earliest plausible date


def _pick(items: list[T], index: int) -> T:
    assert items, "a rule's precondition lets it run only when there is something to pick"
    return items[index % len(items)]


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _errors(result: FormResult) -> str:
    return "; ".join(f"{field}: {messages[0][:90]}" for field, messages in result.errors.items())


@dataclass
class Person:
    code: str
    name: str
    id: str | None  # the application's id, for editing and deleting with the form


# --- the machine -------------------------------------------------------------------------------


class SchoolHistory(RuleBasedStateMachine):
    """One school: each rule is something a clerk (or the district) does; the oracle is told
    what the application accepted."""

    command: tuple[str, ...] = ()  # what each test asks the command line
    template: Path  # a migrated school file, set by each test (see ``on``)

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="oracle-", dir=self.template.parent))
        self.path = self.folder / "school.sqlite3"
        shutil.copyfile(self.template, self.path)  # migrated once, copied per history
        self.db: Database = open_database(self.path)
        # Durability across power cuts is not under test here; fsync per step would be most
        # of the run time. Every query and rule runs exactly as in the application.
        self.db.execute("PRAGMA synchronous=OFF")
        self.oracle = Oracle()
        self.phase = 0
        self.people: list[Person] = []  # every student ever enrolled, in order
        self.device_ids: dict[str, str] = {}  # serial -> the application's id
        self.history: list[str] = []
        self.steps = 0
        self.last_seen: dict[str, Any] | None = None
        self.accepted = False  # anything accepted since the figures were last compared
        self.cursor = 0
        self.files = 0

    @property
    def today(self) -> date:
        return CLOCK[self.phase]

    @property
    def round(self) -> str:
        return survey_round(self.today)

    def teardown(self) -> None:
        try:
            # Hypothesis calls this from a `finally`: when a step or a check has failed, that
            # failure is on its way out and must not be replaced by another one.
            if sys.exc_info()[0] is None:
                self.check_command_line()
        finally:
            self.db.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def check_command_line(self) -> None:
        """Run ``songmay --db FILE <command>`` and compare its JSON with the oracle."""
        self.history.append(f"     [{self.today}] songmay {' '.join(self.command)}")
        self.compare_command_line(run_cli(self.path, *self.command))

    def compare_command_line(self, output: dict[str, Any]) -> None:
        """Overridden by each test."""

    @rule()
    def ask_the_command_line(self) -> None:
        """Someone runs the command on the school's file. It is also run at the end of each
        history; as a step, a failure shrinks to the shortest history."""
        self.check_command_line()

    # --- the history, told ---------------------------------------------------------------------

    def _told(self, what: str, accepted: bool, why: str = "") -> None:
        self.steps += 1
        self.accepted = self.accepted or accepted
        outcome = "accepted" if accepted else f"REFUSED ({why})" if why else "REFUSED"
        self.history.append(f"{self.steps:>3}. [{self.today}] {what} → {outcome}")

    def story(self) -> str:
        return "\n".join(["History:", *self.history, "Oracle's view:", self.oracle.describe()])

    # --- students and needs ----------------------------------------------------------------------

    def _student_form(self, person: Person, spec: NeedSpec) -> dict[str, str]:
        return {
            "student_code": person.code, "full_name": person.name, "birth_date": "05/09/2010",
            "gender": "Nam", "class_name": spec.class_name, "ethnicity": "Kinh",
            "category": CATEGORY_LABELS[spec.category],
            "poverty_cert_no": "12/GCN" if spec.category in (1, 2) else "",
            "has_device": "Có" if spec.own_device else "Không",
            "requested_device": DEVICE_LABELS[spec.device], "guardian_name": "Nguyễn Văn Bình",
            "phone": "0912345678", "address": "Thôn 3, xã Ea Tu",
        }  # fmt: skip

    def _new_person(self) -> Person:
        number = len(self.people) + 1  # codes are never reused, even after a deletion
        return Person(f"HS{number:06d}", NAMES[number - 1], None)

    def _enrol(self, spec: NeedSpec) -> None:
        person = self._new_person()
        result = save_student(self.db, self._student_form(person, spec), today=self.today)
        self._told(f"form: new student {person.code} ({spec})", result.ok, _errors(result))
        if result.ok:
            person.id = result.record_id
            self.people.append(person)
            self.oracle.surveyed(person.code, spec.class_name, spec.values(), self.round)

    def _live_people(self) -> list[Person]:
        return [p for p in self.people if self.oracle.students[p.code].live]

    def _someone(self, pick: int, anyone: bool) -> Person:
        """A live student, or (rarely) anyone ever enrolled, deleted ones included."""
        return _pick((not anyone and self._live_people()) or self.people, pick)

    @initialize(students=st.lists(need_specs, min_size=1, max_size=4),
                devices=st.lists(device_specs, min_size=1, max_size=4),
                handovers=st.integers(0, 3), offset=offsets,
                back=st.none() | st.sampled_from(REASONS))  # fmt: skip
    def open_school(self, students: list[NeedSpec], devices: list[DeviceSpec], handovers: int,
                    offset: int, back: str | None) -> None:  # fmt: skip
        """The first students and devices, typed in by the clerk, the first handovers (each
        of the first devices to each of the first students) and, often, the first of them back
        (so that returned devices and replacements are common in the histories)."""
        for spec in students:
            self._enrol(spec)
        for device in devices:
            self._receive(device)
        pairs = list(zip(self._available(), self._never_supported(), strict=False))[:handovers]
        if pairs:
            self._hand_over(pairs, offset)
        held = self.oracle.live_devices("held")
        if back and held:
            self._take_back(held[0].serial, back, note=True, offset=offset)

    @precondition(lambda self: len(self.people) < MAX_STUDENTS)
    @rule(spec=need_specs)
    def enrol_by_form(self, spec: NeedSpec) -> None:
        self._enrol(spec)

    def _deleted_people(self) -> list[Person]:
        return [p for p in self.people if not self.oracle.students[p.code].live]

    @precondition(lambda self: self._deleted_people())
    @rule(pick=picks, spec=need_specs)
    def enrol_again_by_form(self, pick: int, spec: NeedSpec) -> None:
        """A student deleted by mistake is typed in again, with the same code."""
        person = _pick(self._deleted_people(), pick)
        result = save_student(self.db, self._student_form(person, spec), today=self.today)
        self._told(f"form: student {person.code} again ({spec})", result.ok, _errors(result))
        if result.ok:
            person.id = result.record_id
            self.oracle.surveyed(person.code, spec.class_name, spec.values(), self.round)

    @precondition(lambda self: self.people)
    @rule(pick=picks, spec=need_specs, anyone=rarely)
    def edit_by_form(self, pick: int, spec: NeedSpec, anyone: bool) -> None:
        person = self._someone(pick, anyone)
        what = f"form: edit {person.code} ({spec})"
        try:
            result = save_student(self.db, self._student_form(person, spec),
                                  student_id=person.id, today=self.today)  # fmt: skip
        except SongMayError as refused:  # the student was deleted
            self._told(what, False, refused.message)
            return
        self._told(what, result.ok, _errors(result))
        if result.ok:
            self.oracle.surveyed(person.code, spec.class_name, spec.values(), self.round)

    @precondition(lambda self: self.people)
    @rule(rows=st.lists(st.tuples(picks, need_specs, rarely), min_size=1, max_size=3))
    def import_needs_file(self, rows: list[tuple[int, NeedSpec, bool]]) -> None:
        """The needs file again: some live students (updates), maybe a new one, maybe a
        deleted one added again, in any order."""
        others = self._live_people() + self._deleted_people()
        lines: list[tuple[Person, NeedSpec]] = []
        new: list[Person] = []
        for pick, spec, is_new in rows:
            if (is_new or not others) and len(self.people) + len(new) < MAX_STUDENTS:
                number = len(self.people) + len(new) + 1
                person = Person(f"HS{number:06d}", NAMES[number - 1], None)
                new.append(person)
            elif others:
                person = others.pop(pick % len(others))
            else:
                continue
            lines.append((person, spec))
        self.files += 1
        path = write_sheet(self.folder / f"needs-{self.files}.xlsx", NEEDS_HEADERS, [
            needs_row(number, **self._needs_cells(person, spec))
            for number, (person, spec) in enumerate(lines, start=1)
        ])  # fmt: skip
        report = import_file(self.db, "needs", path, ImportOptions(today=self.today))
        accepted = report.exit_code == 0 and report.rows_imported == len(lines)
        why = "; ".join(p.message()[:90] for p in report.errors)
        listed = ", ".join(f"{person.code} ({spec})" for person, spec in lines)
        self._told(f"import needs file: {listed}", accepted, why)
        if not accepted:
            return
        self.people += new
        ids = {row.code: row.id for row in list_students(self.db)}  # ids of the new students
        for person, _spec in lines:
            person.id = ids[person.code]
        for person, spec in lines:
            self.oracle.surveyed(person.code, spec.class_name, spec.values(), self.round)

    def _needs_cells(self, person: Person, spec: NeedSpec) -> dict[str, Any]:
        form = self._student_form(person, spec)
        return {
            "Mã học sinh (*)": person.code, "Họ và tên (*)": person.name,
            "Lớp (*)": spec.class_name, "Diện đối tượng (*)": form["category"],
            "Số giấy chứng nhận hộ nghèo/cận nghèo": form["poverty_cert_no"],
            "Đã có thiết bị học trực tuyến (*)": form["has_device"],
            "Loại thiết bị đề nghị (*)": form["requested_device"],
        }  # fmt: skip

    @precondition(lambda self: self.phase == 0)
    @rule()
    def next_survey_round(self) -> None:
        """Three months on, a new half-year: a new survey round, later batches can be recorded."""
        self.phase = 1
        self._told(f"the clock moves on to {self.today} (survey round {self.round})", True)

    @precondition(lambda self: self.people)
    @rule(pick=picks, decision=st.sampled_from(("approved", "returned")), anyone=rarely,
          unknown=rarely)  # fmt: skip
    def district_decides(self, pick: int, decision: str, anyone: bool, unknown: bool) -> None:
        code = "KHONGCO" if unknown else self._someone(pick, anyone).code
        self.cursor += 1
        comment = "Đã kiểm tra" if decision == "approved" else "Thiếu giấy chứng nhận"
        apply_decisions(self.db, [{"cursor": self.cursor, "student_code": code,
                                   "decision": decision, "comment": comment,
                                   "reviewer": "pgd.chuyenvien"}], self.cursor)  # fmt: skip
        self._told(f"district: {decision} the need of {code}", True)
        if code in self.oracle.students:
            self.oracle.decided(code, decision)

    @rule(policy=st.sampled_from(("warn", "block")))
    def change_policy(self, policy: str) -> None:
        save_school(self.db, {"approval_policy": policy})
        self._told(f"school policy for unapproved needs: {policy}", True)
        self.oracle.policy = policy

    # --- devices -----------------------------------------------------------------------------------

    def _device_form(self, serial: str, spec: DeviceSpec) -> dict[str, str]:
        batch = BATCHES[spec.batch]
        good, poor = SPECS[spec.device_type]
        return {
            "batch_code": batch.code, "source": SOURCE_LABELS[batch.source],
            "donor_name": batch.donor, "donor_type": DONOR_TYPES[batch.donor],
            "received_date": _dmy(batch.received), "device_type": DEVICE_LABELS[spec.device_type],
            "brand": "Samsung", "model": "M1", "serial": serial, "condition": "Mới",
            **(poor if spec.below_min_spec and poor else good),
        }  # fmt: skip

    def _receive(self, spec: DeviceSpec, serial: str | None = None) -> None:
        serial = serial or f"SN{len(self.device_ids) + 1:04d}"
        result = save_device(self.db, self._device_form(serial, spec), today=self.today)
        self._told(f"form: receive device {serial} ({spec})", result.ok, _errors(result))
        if not result.ok:
            return
        assert result.record_id is not None
        self.device_ids[serial] = result.record_id
        below = spec.below_min_spec and SPECS[spec.device_type][1] is not None
        self.oracle.device_received(Device(serial, BATCHES[spec.batch], spec.device_type, below))

    @precondition(lambda self: len(self.device_ids) < MAX_DEVICES)
    @rule(spec=device_specs)
    def receive_device(self, spec: DeviceSpec) -> None:
        self._receive(spec)

    @precondition(lambda self: any(not d.live for d in self.oracle.devices.values()))
    @rule(pick=picks, spec=device_specs)
    def receive_deleted_device_again(self, pick: int, spec: DeviceSpec) -> None:
        """A device deleted by mistake is typed in again, with the same serial."""
        gone = sorted(d.serial for d in self.oracle.devices.values() if not d.live)
        self._receive(spec, _pick(gone, pick))

    @precondition(lambda self: self.people or self.device_ids)
    @rule(student=st.booleans(), pick=picks, anyone=rarely)
    def delete_a_record(self, student: bool, pick: int, anyone: bool) -> None:
        """Delete a student (refused once they received a device) or a device (refused once it
        was handed over)."""
        if bool(self.people) and (student or not self.device_ids):
            person = self._someone(pick, anyone)
            student_id = person.id
            assert student_id is not None
            self._delete(f"student {person.code}", lambda: delete_student(self.db, student_id),
                         lambda: self.oracle.student_deleted(person.code))  # fmt: skip
        else:
            live = [d.serial for d in self.oracle.live_devices()]
            serial = _pick((not anyone and live) or sorted(self.device_ids), pick)
            self._delete(f"device {serial}",
                         lambda: delete_device(self.db, self.device_ids[serial]),
                         lambda: self.oracle.device_deleted(serial))  # fmt: skip

    def _delete(self, what: str, delete: Callable[[], None], told: Callable[[], None]) -> None:
        try:
            delete()
        except SongMayError as refused:
            self._told(f"delete {what}", False, refused.message[:90])
            return
        self._told(f"delete {what}", True)
        told()

    # --- handovers and returns -------------------------------------------------------------------

    def _plausible_day(self, serial: str, code: str | None, offset: int) -> date:
        """``offset`` days after the receipt and the device's and the student's latest events
        (but not after today)."""
        floor = [self.oracle.devices[serial].batch.received]
        floor += [e.day for e in self.oracle.device_events(serial)]
        floor += [e.day for e in self.oracle.student_events(code)] if code else []
        return min(max(floor) + timedelta(days=offset), self.today)

    def _hand_over(self, pairs: list[tuple[str, str]], offset: int, early: bool = False) -> None:
        """One form per (serial, student code), recorded together: all or nothing. ``early``:
        the day before the device's or the student's latest event, or before the batch was
        received (always refused: a backdated event would reorder the history)."""
        forms, told = [], []
        for serial, code in pairs:
            day = self._plausible_day(serial, code, offset)
            if early:
                past = [e.day for e in self.oracle.device_events(serial)]
                past += [e.day for e in self.oracle.student_events(code)]
                day = max(past) if past else self.oracle.devices[serial].batch.received
                day -= timedelta(days=1)
            forms.append({"serial": serial, "student_code": code, "handover_date": _dmy(day),
                          "receiver_role": "Học sinh"})  # fmt: skip
            told.append((serial, code, day))
        results = record_handovers(self.db, forms, today=self.today)
        accepted = all(r.ok for r in results)
        why = " | ".join(_errors(r) for r in results if not r.ok)
        listed = ", ".join(f"{serial} → {code} on {day}" for serial, code, day in told)
        self._told(f"hand over {listed}", accepted, why)
        # The rules never let history be reordered: the oracle would follow a backdated event
        # as the application does, so the refusal itself is what is checked.
        assert not (accepted and early), f"a backdated handover was recorded\n{self.story()}"
        if accepted:
            for serial, code, day in told:
                self.oracle.handed_over(serial, code, day)

    def _available(self, returned: bool = False) -> list[str]:
        """Available devices (``returned``: only those that came back from a student)."""
        return [d.serial for d in self.oracle.live_devices("available")
                if not returned or self.oracle.device_events(d.serial)]  # fmt: skip

    def _never_supported(self) -> list[str]:
        return [p.code for p in self._live_people() if not self.oracle.student_events(p.code)]

    def _not_supported(self) -> list[str]:
        """Never supported, or due a replacement."""
        return [p.code for p in self._live_people() if not self.oracle.supported(p.code)]

    def _replacement_due(self) -> list[str]:
        return [p.code for p in self._live_people() if self.oracle.replacement_due(p.code)]

    @precondition(lambda self: self._available() and self._not_supported())
    @rule(pairs=st.lists(st.tuples(picks, picks), min_size=1, max_size=2), anyone=rarely,
          offset=offsets, early=rarely)  # fmt: skip
    def hand_over(self, pairs: list[tuple[int, int]], anyone: bool, offset: int,
                  early: bool) -> None:  # fmt: skip
        """Available devices to students not supported yet (or due a replacement); rarely any
        device to anyone (the application refuses what the rules forbid, and a refusal must
        change nothing)."""
        devices = (not anyone and self._available()) or sorted(self.device_ids)
        students = (not anyone and self._not_supported()) or [p.code for p in self.people]
        chosen = []
        for device_pick, student_pick in pairs:
            if devices and students:
                serial = devices.pop(device_pick % len(devices)) if not anyone else \
                    _pick(devices, device_pick)  # fmt: skip
                chosen.append((serial, _pick(students, student_pick)))
        self._hand_over(chosen, offset, early)

    @precondition(lambda self: self._replacement_due() and self._available())
    @rule(student=picks, device=picks, offset=offsets)
    def replace_faulty_device(self, student: int, device: int, offset: int) -> None:
        """A student whose device came back faulty gets another one."""
        self._hand_over([(_pick(self._available(), device),
                          _pick(self._replacement_due(), student))], offset)  # fmt: skip

    @precondition(lambda self: self._available(returned=True) and self._never_supported())
    @rule(student=picks, device=picks, offset=offsets, early=rarely)
    def hand_on_returned_device(self, student: int, device: int, offset: int,
                                early: bool) -> None:  # fmt: skip
        """A device that came back (the student moved, no longer eligible, other) goes to
        another student; rarely dated before it came back (refused)."""
        self._hand_over([(_pick(self._available(returned=True), device),
                          _pick(self._never_supported(), student))], offset, early)  # fmt: skip

    @precondition(lambda self: self.oracle.live_devices("held"))
    @rule(pick=picks, anyone=rarely, reason=st.sampled_from(REASONS), note=st.booleans(),
          offset=offsets)  # fmt: skip
    def take_back(self, pick: int, anyone: bool, reason: str, note: bool, offset: int) -> None:
        """A device comes back, for any reason ("other" needs a note); rarely one nobody holds."""
        held = [d.serial for d in self.oracle.live_devices("held")]
        self._take_back(_pick(sorted(self.device_ids) if anyone else held, pick), reason, note,
                        offset)  # fmt: skip

    def _take_back(self, serial: str, reason: str, note: bool, offset: int) -> bool:
        day = self._plausible_day(serial, self.oracle.holder(serial), offset)
        text = "Học sinh nghỉ học" if note else None
        result = record_return(self.db, serial=serial, event_date=_dmy(day), reason=reason,
                               note=text, today=self.today)  # fmt: skip
        what = f"return {serial} on {day}, reason {reason}{' with a note' if note else ''}"
        self._told(what, result.ok, _errors(result))
        if result.ok:
            self.oracle.returned(serial, day, reason)
        return result.ok

    @precondition(lambda self: self.oracle.live_devices("held") and self._available())
    @rule(pick=picks, device=picks, offset=offsets)
    def swap_faulty_device(self, pick: int, device: int, offset: int) -> None:
        """A device breaks: it comes back faulty, and its student gets an available one."""
        serial = _pick([d.serial for d in self.oracle.live_devices("held")], pick)
        code = self.oracle.holder(serial)
        assert code is not None
        if self._take_back(serial, "faulty", False, offset):
            self._hand_over([(_pick(self._available(), device), code)], offset)

    # --- what every consumer says ----------------------------------------------------------------

    def observe(self) -> dict[str, Any]:
        """Every figure the application shows, read through its public functions."""
        summary = dashboard_summary(self.db, today=self.today)
        proposal = propose_for(self.db)
        return {
            "dashboard.devices_available": summary.devices_available,
            "dashboard.students_waiting": summary.students_waiting,
            "dashboard.handed_over": summary.handed_over,
            "dashboard.needs_by_category": dict(summary.needs_by_category),
            "allocator.available_devices": sorted([line.device.serial for line in proposal.lines]
                                                  + [u.device.serial for u in proposal.unused]),
            "allocator.waiting_students": sorted([line.candidate.code for line in proposal.lines]
                                                 + [s.candidate.code for s in proposal.waiting]),
            "allocator.excluded_students": sorted(s.candidate.code for s in proposal.excluded),
            "report_4_8_2.counts": dict(needs_summary(self.db).counts),
            "donor_report": {(r.source, r.donor): (r.batches, r.devices, r.handed_over)
                             for r in receipts_by_donor(self.db)},
            "devices_screen.handed_over": {d.serial: d.handed_over for d in list_devices(self.db)},
            "devices_screen.below_min_spec": {d.serial: d.below_min_spec
                                              for d in list_devices(self.db)},
            "batches_screen": {b.code: (b.devices, b.handed_over) for b in list_batches(self.db)},
        }  # fmt: skip

    def expected(self) -> dict[str, Any]:
        """The same figures, from the oracle."""
        o = self.oracle
        figures, waiting = o.figures(), o.waiting()
        return {
            "dashboard.devices_available": figures["devices_available"],
            "dashboard.students_waiting": figures["students_waiting"],
            "dashboard.handed_over": figures["handed_over"],
            "dashboard.needs_by_category": o.needs_by_category(),
            "allocator.available_devices": sorted(d.serial for d in o.live_devices("available")),
            "allocator.waiting_students": sorted(waiting),
            "allocator.excluded_students": sorted(s.code for s in o.with_need()
                                                  if s.code not in waiting),
            "report_4_8_2.counts": dict(o.needs_report()),
            "donor_report": o.donor_report(),
            "devices_screen.handed_over": {d.serial: o.device_state(d.serial) == "held"
                                           for d in o.live_devices()},
            "devices_screen.below_min_spec": {d.serial: d.below_min_spec
                                              for d in o.live_devices()},
            "batches_screen": o.batch_screen(),
        }  # fmt: skip

    def verdict(
        self, seen: dict[str, Any], want: dict[str, Any], title: str, *, want_is: str = "oracle"
    ) -> str:
        """What disagrees, with the whole story; empty when every compared figure agrees."""
        wrong = [name for name in want if not skipped(name) and seen[name] != want[name]]
        if not wrong:
            return ""
        lines = [f"  {name}: shows {seen[name]!r}, {want_is} {want[name]!r}" for name in wrong]
        return "\n".join(["", title, *lines, self.story()])


# Comparisons to leave out while a known disagreement is being fixed, to see what else drifts:
# ORACLE_SKIP=dashboard.students_waiting (one figure) or ORACLE_SKIP=dashboard (a whole consumer).
SKIPPED = frozenset(filter(None, os.environ.get("ORACLE_SKIP", "").split(",")))


def skipped(name: str) -> bool:
    return name in SKIPPED or name.split(".", maxsplit=1)[0] in SKIPPED


class EveryConsumer(SchoolHistory):
    """The dashboard, the allocator, the reports and the devices screen after every step;
    ``songmay allocate --json`` when asked and at the end of the history."""

    command = ("allocate", "--json")

    @invariant()
    def every_consumer_agrees_with_the_oracle(self) -> None:
        seen = self.observe()
        if not self.accepted and self.last_seen is not None:
            changed = self.verdict(
                seen, self.last_seen, "Nothing was accepted, yet figures changed:", want_is="before"
            )
            if changed:
                raise AssertionError(changed)
        wrong = self.verdict(seen, self.expected(), "Figures that disagree with the oracle:")
        if wrong:
            raise AssertionError(wrong)
        self.last_seen, self.accepted = seen, False

    def compare_command_line(self, proposal: dict[str, Any]) -> None:
        seen = {
            "allocate_json.available_devices": sorted(
                [line["serial"] for line in proposal["lines"]]
                + [u["serial"] for u in proposal["unused"]]
            ),
            "allocate_json.waiting_students": sorted(
                [line["student_code"] for line in proposal["lines"]]
                + [s["student_code"] for s in proposal["waiting"]]
            ),
        }
        want = {
            "allocate_json.available_devices": sorted(
                d.serial for d in self.oracle.live_devices("available")
            ),
            "allocate_json.waiting_students": sorted(self.oracle.waiting()),
        }
        wrong = self.verdict(seen, want, "`songmay allocate --json` disagrees with the oracle:")
        if wrong:
            raise AssertionError(wrong)


INFO_FIGURES = ("devices_available", "devices_faulty", "devices_lost", "students_waiting",
                "replacements_due", "needs_returned")  # fmt: skip


class CommandLineFigures(SchoolHistory):
    """The ``figures`` object of ``songmay info --json``, when asked and at the end of the
    history."""

    command = ("info", "--json")

    def compare_command_line(self, info: dict[str, Any]) -> None:
        figures = info.get("figures")
        if not isinstance(figures, dict) and not skipped("info_json.figures"):
            raise AssertionError(
                f"`songmay info --json` has no `figures` object (only {sorted(info)}).\n"
                f"The oracle's figures: {self.oracle.figures()}\n{self.story()}"
            )
        oracle = self.oracle.figures()
        seen = {f"info_json.{name}": (figures or {}).get(name) for name in INFO_FIGURES}
        want = {f"info_json.{name}": oracle[name] for name in INFO_FIGURES}
        wrong = self.verdict(seen, want, "`songmay info --json` figures disagree with the oracle:")
        if wrong:
            raise AssertionError(wrong)


def run_cli(path: Path, *command: str) -> dict[str, Any]:
    """``songmay --db PATH <command>`` in this process; its standard output as JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["--db", str(path), *command])
    assert code == 0, f"songmay {' '.join(command)} exited with {code}"
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """One freshly migrated school file (THCS), copied for each history."""
    folder = Path(tempfile.mkdtemp(prefix="oracle-template-"))
    path = folder / "template.sqlite3"
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    db.close()
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def on(template: Path, machine: type[SchoolHistory]) -> type[SchoolHistory]:
    """The machine, starting each history from a copy of ``template``."""
    return type(machine.__name__, (machine,), {"template": template})


def test_every_consumer_agrees_with_the_oracle(template: Path) -> None:
    """Dashboard, allocator, 4.8.2, donors, devices screen (every step), `allocate --json`."""
    run_state_machine_as_test(on(template, EveryConsumer), settings=SETTINGS)


def test_info_json_figures_agree_with_the_oracle(template: Path) -> None:
    """`songmay info --json` carries the figures, and they are the oracle's."""
    run_state_machine_as_test(on(template, CommandLineFigures), settings=SETTINGS)


# --- the measured case, as a plain regression test ---------------------------------------------


def test_dashboard_counts_what_the_allocator_counts_in_the_allocation_tests_school(
    db: Database, tmp_path: Path
) -> None:
    """Six students and four tablets; students 1–3 each got one, then 1's came back faulty,
    2's because they moved, 3's was lost; the district approved 4–6. Available: the moved
    tablet and the unused one (2, not 4); waiting: the replacement due and 4–6 (4, not 3)."""
    today = date(2022, 1, 10)
    options = ImportOptions(today=today)
    categories = ["Hộ nghèo", "Hộ nghèo", "Hộ nghèo", "Hộ cận nghèo", "Khó khăn khác",
                  "Hộ cận nghèo"]  # fmt: skip
    files = {
        "needs": (NEEDS_HEADERS, [
            needs_row(i, **{"Diện đối tượng (*)": category,
                            "Số giấy chứng nhận hộ nghèo/cận nghèo":
                            "12/GCN" if category != "Khó khăn khác" else ""})
            for i, category in enumerate(categories, start=1)
        ]),
        "devices": (DEVICE_HEADERS, [device_row(i, **{"RAM (GB)": 4}) for i in range(1, 5)]),
        "handovers": (HANDOVER_HEADERS, [handover_row(i) for i in range(1, 4)]),
    }  # fmt: skip
    for kind, (headers, rows) in files.items():
        report = import_file(db, kind, write_sheet(tmp_path / f"{kind}.xlsx", headers, rows),
                             options)  # fmt: skip
        assert report.exit_code == 0, [p.message() for p in report.errors]
    for serial, day, reason in [("SN00000001", "08/01/2022", "faulty"),
                                ("SN00000002", "08/01/2022", "moved"),
                                ("SN00000003", "09/01/2022", "lost")]:  # fmt: skip
        assert record_return(db, serial=serial, event_date=day, reason=reason, today=today).ok
    apply_decisions(db, [{"cursor": i, "student_code": f"HS{i:06d}", "decision": "approved"}
                         for i in (4, 5, 6)])  # fmt: skip

    proposal = propose_for(db)
    allocator_available = sorted([line.device.serial for line in proposal.lines]
                                 + [u.device.serial for u in proposal.unused])  # fmt: skip
    allocator_waiting = sorted([line.candidate.code for line in proposal.lines]
                               + [s.candidate.code for s in proposal.waiting])  # fmt: skip
    assert allocator_available == ["SN00000002", "SN00000004"]
    assert allocator_waiting == ["HS000001", "HS000004", "HS000005", "HS000006"]
    summary = dashboard_summary(db, today=today)
    assert (summary.devices_available, summary.students_waiting) == (2, 4), (
        "the dashboard counts the faulty and the lost tablet as available, and leaves out the "
        "student due a replacement"
    )
