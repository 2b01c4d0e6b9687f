"""Realistic sample data for a fresh database, so a newcomer sees a living application at once.

Everything goes through the same ChangeSet as real work (journal, audit), marked source "demo".
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.importing.devices import below_min_spec
from desktop_app.core.naming import student_keys
from desktop_app.core.rules.programme import LEVEL_GRADES, age_on, survey_round
from desktop_app.core.rules.vaccinations import AT_SCHOOL
from desktop_app.core.school import load_school, save_school
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.text import search_key
from desktop_app.core.vaccinations.checks import DoseRequest, VaccinationChecker, write_doses

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Y", "H'", "Lò", "Giàng"]  # fmt: skip
MIDDLE = {
    "Nam": ["Văn", "Hữu", "Đức", "Minh", "Quốc"],
    "Nữ": ["Thị", "Ngọc", "Thu", "Kim", "Thanh"],
}
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Nhung", "Phúc", "Quân",
         "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tú", "Uyên", "Vy", "Yến", "Ánh", "Đạt"]  # fmt: skip
VILLAGES = ["Buôn Ea Tu", "Thôn 1", "Thôn 3", "Thôn 7", "Buôn Kô Tam", "Thôn Tân Lập"]
DONORS = [
    ("Bộ Giáo dục và Đào tạo", "state", "4.8.3.1"),
    ("Công ty Cổ phần Viễn thông Tây Nguyên", "business", "4.8.3.2"),
    ("Hội Khuyến học tỉnh Đắk Lắk", "organisation", "4.8.3.2"),
]
DEVICE_MODELS = [
    ("tablet", "Samsung", "Galaxy Tab A8", 3, 32, 10.5),
    ("laptop", "Lenovo", "IdeaPad 3", 8, 256, 15.6),
    ("smartphone", "Xiaomi", "Redmi 10", 4, 64, 6.5),
    ("tablet", "Lenovo", "Tab M8", 2, 32, 8.0),
    ("tablet", "Masstel", "Tab 7 Plus", 1, 16, 7.0),  # below the minimum specification
]


def _demo_consent(rng: random.Random, number: int, today: date, share: float) -> dict[str, object]:
    if rng.random() >= share:
        return {}
    given = today - timedelta(days=rng.randint(40, 90))
    return {"consent_date": given.isoformat(), "consent_method": "paper_form",
            "consent_ref": str(number), "consent_recorded_by": "Trần Văn Minh"}  # fmt: skip


def fill_demo_data(
    db: Database, *, students: int = 300, seed: int = 2021, consent_share: float = 0.88,
    vaccinations: bool = False,
) -> None:  # fmt: skip
    """Fill an empty database with a school, students and needs, donations and handovers, and
    (``vaccinations``: ``songmay --demo`` and the screenshot tour) their vaccine doses;
    ``consent_share`` of the students have their parents' consent recorded."""
    if db.execute("SELECT COUNT(*) FROM students").fetchone()[0]:
        raise SongMayError.of("demo.not_empty")
    rng = random.Random(seed)
    today = date.today()
    if not load_school(db).is_complete:
        save_school(db, {
            "name": "Trường THCS Ea Tu (dữ liệu mẫu)", "code": "66000701", "level": "THCS",
            "commune": "Xã Ea Tu", "district": "TP. Buôn Ma Thuột", "province": "Đắk Lắk",
            "principal": "Nguyễn Thị Hạnh", "clerk": "Trần Văn Minh",
        })  # fmt: skip
    grades = LEVEL_GRADES[load_school(db).level or "THCS"]
    changes = ChangeSet(source="demo")
    people = []
    # Most parents signed the consent form at the start of the year; a few forms are still out.
    # (A random stream of its own: the rest of the sample school stays as it always was.)
    consents = random.Random(seed + 1)
    for number in range(1, students + 1):
        grade = rng.choice(list(grades))
        gender = rng.choice(["Nam", "Nữ"])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN)}"
        class_name = f"{grade}A{rng.randint(1, 4)}"
        student = changes.insert("student", {
            "code": f"{6600070100 + number}", "full_name": name,
            **student_keys(name, class_name),
            "birth_date": (today - timedelta(days=365 * (grade + 5) + rng.randint(0, 364)))
            .isoformat(),
            "gender": gender, "class_name": class_name,
            "ethnicity": "01" if rng.random() < 0.6 else rng.choice(["12", "20", "08"]),
            "citizen_id": None, "guardian_name": f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}",
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}",
            "address": f"{rng.choice(VILLAGES)}, xã Ea Tu",
            **_demo_consent(consents, number, today, consent_share),
        })  # fmt: skip
        category = rng.choices([1, 2, 3, 4], weights=[40, 30, 5, 25])[0]
        need = changes.insert("need", {
            "student_id": student["id"], "survey_round": survey_round(today),
            "category": category,
            "poverty_cert_no": f"{rng.randint(1, 400)}/GCN-UBND"
            if category in (1, 2) and rng.random() < 0.92 else None,
            "has_device": 0, "borrowing_device": int(rng.random() < 0.2),
            "requested_device": rng.choice(["tablet", "tablet", "laptop", "smartphone"]),
            "status": rng.choices(["proposed", "approved", "returned"], weights=[30, 65, 5])[0],
            "note": None,
        })  # fmt: skip
        people.append((category, student, need))

    # Each receipt and handover is recorded on its own day (a few a day or two late), as a
    # clerk would have done, so the dashboard's deadlines have something true to show.
    recorded: list[ChangeSet] = [changes]

    def on(day: date) -> ChangeSet:
        late = timedelta(days=rng.choice([2, 3])) if rng.random() < 0.08 else timedelta(0)
        recorded.append(
            ChangeSet(source="demo", now=f"{min(day + late, today)}T09:00:00.000+00:00")
        )
        return recorded[-1]

    devices = []
    for index, (donor_name, donor_type, source) in enumerate(DONORS):
        received = today - timedelta(days=40 - 15 * index)
        changes = on(received)
        donor = changes.insert("donor", {"name": donor_name, "name_key": search_key(donor_name),
                                         "donor_type": donor_type})  # fmt: skip
        batch = changes.insert("donation_batch", {
            "code": f"DOT-{received.year}-{index + 1:02d}", "source": source,
            "donor_id": donor["id"], "received_date": received.isoformat(),
        })  # fmt: skip
        for _ in range(rng.randint(30, 50)):
            kind, brand, model, ram, storage, screen = rng.choice(DEVICE_MODELS)
            spec = {"ram_gb": ram, "storage_gb": storage, "screen_inch": screen}
            device = changes.insert("device", {
                "batch_id": batch["id"], "device_type": kind, "brand": brand, "model": model,
                "serial": f"SN{rng.randint(10**9, 10**10 - 1)}", "condition": "new",
                "cpu": None, "ram_gb": float(ram), "storage_gb": float(storage),
                "screen_inch": screen, "os": "Android 12" if kind != "laptop" else "Windows 11",
                "warranty_months": 12, "accessories": "Sạc, cáp", "note": None,
                "below_min_spec": int(bool(below_min_spec(kind, spec))),
            })  # fmt: skip
            devices.append((received, device))

    # Hand over about half the devices, by priority, as a careful clerk would have done.
    waiting = sorted((p for p in people if p[2]["status"] == "approved"), key=lambda p: p[0])
    for (received, device), (_, student, need) in zip(devices[: len(devices) // 2], waiting,
                                                      strict=False):  # fmt: skip
        handed = min(received + timedelta(days=rng.randint(1, 10)), today)
        changes = on(handed)
        changes.insert("handover", {
            "device_id": device["id"], "student_id": student["id"], "kind": "handover",
            "event_date": handed.isoformat(),
            "receiver_role": rng.choice(["student", "parent"]),
            "receiver_name": None, "handed_by": "Trần Văn Minh", "note": None,
            "late": int(changes.now[:10] > str(handed + timedelta(days=1))),
        })  # fmt: skip
        changes.update("need", need, {"status": "supplied"})
    with write_transaction(db):
        for change_set in recorded:
            change_set.apply(db.conn)
    if vaccinations:
        fill_demo_vaccinations(db, seed=seed, today=today)


def fill_demo_vaccinations(db: Database, *, seed: int = 2021, today: date | None = None) -> int:
    """The school's vaccination days, checked and written by the core like a clerk's entries:
    most students had two doses of Pfizer (the paediatric one when under 12 on the day), some
    one, a few none; each day recorded that day or the next, one dose three days late. Returns
    the number of doses."""
    rng = random.Random(seed + 2)  # a stream of its own: the rest of the sample stays the same
    today = today or date.today()
    first, second = today - timedelta(days=110), today - timedelta(days=80)
    plans: list[tuple[date, list[DoseRequest]]] = [(first, []), (second, [])]
    for code, birth in db.execute(
        "SELECT code, birth_date FROM students WHERE deleted = 0 ORDER BY code"
    ):
        doses = rng.choices([0, 1, 2], weights=[8, 12, 80])[0]
        child = age_on(date.fromisoformat(birth), first) < 12
        vaccine = "comirnaty_child" if child else "comirnaty"
        for number, (day, requests) in enumerate(plans[:doses], start=1):
            requests.append(DoseRequest(code, number, day, vaccine, AT_SCHOOL))
    written = 0
    for index, (day, requests) in enumerate(plans):
        checker = VaccinationChecker(db.conn, today=day)
        on_time = [d for d in checker.check(requests) if d.ok]
        late = on_time[-1:] if index == 1 else []  # one record entered three days late
        for when, decisions in ((day + timedelta(days=1), on_time[: len(on_time) - len(late)]),
                                (day + timedelta(days=3), late)):  # fmt: skip
            changes = ChangeSet(source="demo", now=f"{min(when, today)}T09:00:00.000+00:00")
            write_doses(decisions, changes, min(when, today))
            with write_transaction(db):
                changes.apply(db.conn)
            written += len(decisions)
    return written
