"""Build realistic Excel files for tests, in code (nothing large is committed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop_app.core.templates.spec import load_template

NEEDS_HEADERS = [
    "STT", "Mã học sinh (*)", "Họ và tên (*)", "Ngày sinh (*)", "Giới tính (*)", "Lớp (*)",
    "Dân tộc", "Số định danh cá nhân", "Diện đối tượng (*)",
    "Số giấy chứng nhận hộ nghèo/cận nghèo", "Đã có thiết bị học trực tuyến (*)",
    "Thiết bị đang mượn của trường", "Loại thiết bị đề nghị (*)",
    "Họ tên cha/mẹ/người giám hộ", "Số điện thoại", "Địa chỉ", "Ghi chú",
]  # fmt: skip
DEVICE_HEADERS = [
    "STT", "Mã đợt tài trợ", "Nguồn", "Nhà tài trợ", "Loại nhà tài trợ", "Ngày tiếp nhận",
    "Loại thiết bị", "Hãng", "Model", "Số serial/IMEI", "Tình trạng", "CPU", "RAM (GB)",
    "Bộ nhớ (GB)", "Màn hình (inch)", "Hệ điều hành", "Bảo hành (tháng)", "Phụ kiện", "Ghi chú",
]  # fmt: skip
# Every column of the handovers template, as a file made from it today has them (a file that
# lacks one gets a warning for the file: see test_import_absent_columns).
HANDOVER_HEADERS = [c.header for c in load_template("handovers").columns]


_GIVEN_SHORT = ["An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu"]


def needs_row(number: int = 1, **overrides: Any) -> dict[str, Any]:
    row = {
        "STT": number,
        "Mã học sinh (*)": f"HS{number:06d}",
        "Họ và tên (*)": f"Nguyễn Văn {_GIVEN_SHORT[(number - 1) % len(_GIVEN_SHORT)]}",
        "Ngày sinh (*)": "05/09/2010",
        "Giới tính (*)": "Nam",
        "Lớp (*)": "6A1",
        "Dân tộc": "Kinh",
        "Số định danh cá nhân": "",
        "Diện đối tượng (*)": "Hộ nghèo",
        "Số giấy chứng nhận hộ nghèo/cận nghèo": "12/GCN-UBND",
        "Đã có thiết bị học trực tuyến (*)": "Không",
        "Thiết bị đang mượn của trường": "Không",
        "Loại thiết bị đề nghị (*)": "Máy tính bảng",
        "Họ tên cha/mẹ/người giám hộ": "Nguyễn Văn Bình",
        "Số điện thoại": "0912345678",
        "Địa chỉ": "Thôn 3, xã Ea Tu",
        "Ghi chú": "",
    }
    row.update(overrides)
    return row


def device_row(number: int = 1, **overrides: Any) -> dict[str, Any]:
    row = {
        "STT": number,
        "Mã đợt tài trợ": "DOT-01",
        "Nguồn": "Nguồn khác",
        "Nhà tài trợ": "Công ty ABC",
        "Loại nhà tài trợ": "Doanh nghiệp",
        "Ngày tiếp nhận": "05/01/2022",
        "Loại thiết bị": "Máy tính bảng",
        "Hãng": "Samsung",
        "Model": "Galaxy Tab A8",
        "Số serial/IMEI": f"SN{number:08d}",
        "Tình trạng": "Mới",
        "CPU": "",
        "RAM (GB)": 3,
        "Bộ nhớ (GB)": 32,
        "Màn hình (inch)": 10.5,
        "Hệ điều hành": "Android 12",
        "Bảo hành (tháng)": 12,
        "Phụ kiện": "Sạc",
        "Ghi chú": "",
    }
    row.update(overrides)
    return row


def handover_row(number: int = 1, **overrides: Any) -> dict[str, Any]:
    row = {
        "STT": number,
        "Số serial/IMEI": f"SN{number:08d}",
        "Mã học sinh": f"HS{number:06d}",
        "Ngày bàn giao": "06/01/2022",
        "Người nhận (học sinh / cha mẹ / người giám hộ)": "Học sinh",
        "Họ tên người nhận thay": "",
        "Ghi chú": "",
    }
    row.update(overrides)
    return row


def write_sheet(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    sheet: str = "Nhu cau",
    title_rows: Sequence[Sequence[Any]] = (("DANH SÁCH HỌC SINH",), ()),
    extra_sheets: Sequence[str] = (),
) -> Path:
    """A workbook as a clerk would make it: title rows, then the header, then the rows.

    Values are written as given: a str stays text, a number stays a number, a date a date.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for title in title_rows:
        ws.append(list(title))
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    for name in extra_sheets:
        wb.create_sheet(name).append(["Hướng dẫn"])
    wb.save(path)
    return path


TODAY = date(2022, 1, 10)


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Y", "H'", "Lò", "Giàng"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Kim"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Nhung", "Phúc", "Quân",
         "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tú", "Uyên", "Vy", "Yến", "Ánh", "Đạt"]  # fmt: skip
CATEGORIES = ["Hộ nghèo", "Hộ cận nghèo", "Cha/mẹ tử vong do COVID-19", "Khó khăn khác"]
DEVICES = ["Máy tính xách tay", "Máy tính để bàn", "Máy tính bảng", "Điện thoại thông minh"]


def write_large_needs_file(
    path: Path,
    rows: int,
    today: date,
    seed: int = 7,
    sheets: int = 1,
    headers: Sequence[str] = NEEDS_HEADERS,
) -> Path:
    """A realistic needs file of ``rows`` students (THCS, grades 6–9), written streaming; with
    ``sheets`` > 1 the rows are split over that many class sheets (6A1, 6A2, ...), each with the
    same title and header, as many schools keep them. ``headers``: the columns it has, in the
    template's order (a narrower file leaves the others out)."""
    import random
    from datetime import timedelta

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    names = ["Nhu cau"] if sheets == 1 else [f"6A{n}" for n in range(1, sheets + 1)]
    per_sheet = -(-rows // len(names))
    number = 0
    for sheet_name in names:
        ws = wb.create_sheet(sheet_name)
        ws.append(["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"])
        ws.append(["DANH SÁCH HỌC SINH CÓ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN"])
        ws.append([])
        ws.append(list(headers))
        keep = [NEEDS_HEADERS.index(header) for header in headers]
        for _ in range(min(per_sheet, rows - number)):
            number += 1
            grade = rng.randint(6, 9)
            birth = today - timedelta(days=365 * (grade + 5) + rng.randint(0, 364))
            gender = rng.choice(["Nam", "Nữ"])
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            category = rng.choice(CATEGORIES)
            line = [
                number, f"{number:010d}", name, birth.strftime("%d/%m/%Y"), gender,
                f"{grade}A{rng.randint(1, 9)}", "Kinh" if rng.random() < 0.8 else "Ê-đê", "",
                category, f"{rng.randint(1, 999)}/GCN" if category != "Khó khăn khác" else "",
                "Không", rng.choice(["Có", "Không"]), rng.choice(DEVICES),
                f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}",
                f"09{rng.randint(10000000, 99999999)}", f"Thôn {rng.randint(1, 12)}, xã Ea Tu", "",
            ]  # fmt: skip
            ws.append([line[index] for index in keep])
    wb.save(path)
    return path


def fill_needs_and_devices(
    db: Any, folder: Path, count: int = 3, *, approved: bool = True, today: Any = None
) -> None:
    """``count`` students with a need (HS000001…) and ``count`` tablets (SN00000001…) received
    05/01/2022, through the real importer; needs approved as the district's review would."""
    from desktop_app.core.importing.service import ImportOptions, import_file
    from desktop_app.core.store.database import write_transaction

    options = ImportOptions(today=today or TODAY)
    needs = [
        needs_row(i, **{"Họ và tên (*)": f"Học Sinh {chr(64 + i)}"}) for i in range(1, count + 1)
    ]
    for kind, rows, sheet in (
        ("needs", needs, "Nhu cau"),
        ("devices", [device_row(i, **{"RAM (GB)": 4}) for i in range(1, count + 1)], "Thiet bi"),
    ):
        headers = NEEDS_HEADERS if kind == "needs" else DEVICE_HEADERS
        path = write_sheet(folder / f"fill-{kind}.xlsx", headers, rows, sheet=sheet)
        report = import_file(db, kind, path, options)
        assert report.exit_code == 0, report.problems
    if approved:
        with write_transaction(db):
            db.execute("UPDATE needs SET status = 'approved'")
