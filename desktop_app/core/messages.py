"""The clerk-facing text of every problem, in Vietnamese first and English second.

Keyed by message id (a problem code, or ``code.detail`` where one code has several causes).
Placeholders are filled with ``str.format``; a missing translation falls back to Vietnamese.
"""

from __future__ import annotations

from typing import Any

_VI: dict[str, str] = {
    # --- the file as a whole ---
    "file.missing": "Không tìm thấy tệp {file}. Hãy kiểm tra lại đường dẫn.",
    "file.empty": "Tệp trống (0 byte). Hãy chọn đúng tệp Excel đã lưu.",
    "file.too_large": (
        "Tệp quá lớn ({actual_mb} MB, tối đa {limit_mb} MB). Hãy xóa các trang tính, hình ảnh "
        "không cần thiết hoặc chia nhỏ danh sách rồi nhập lại."
    ),
    "file.not_a_spreadsheet": (
        "Tệp không phải là bảng tính Excel (.xlsx, .xls) hoặc .ods, dù có phần mở rộng như vậy. "
        "Hãy mở tệp bằng Excel và chọn Lưu thành (Save As) dạng Excel Workbook (.xlsx)."
    ),
    "file.encrypted": (
        "Tệp đang được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, bỏ mật khẩu "
        "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu và nhập lại."
    ),
    "file.corrupt": (
        "Tệp bị hỏng hoặc chưa tải về đầy đủ nên không đọc được. Hãy tải/chép lại tệp, hoặc mở "
        "bằng Excel và lưu thành tệp mới."
    ),
    "file.inflated_too_large": (
        "Nội dung tệp sau khi giải nén quá lớn (trên {limit_mb} MB) nên ứng dụng từ chối đọc để "
        "bảo vệ máy tính. Hãy kiểm tra lại nguồn gốc tệp."
    ),
    "file.too_many_rows": (
        "Trang tính {sheet} có quá nhiều dòng ({actual} dòng, tối đa {limit}). Hãy xóa các dòng "
        "thừa ở cuối trang tính hoặc chia nhỏ danh sách."
    ),
    "file.too_many_columns": (
        "Trang tính {sheet} có quá nhiều cột ({actual} cột, tối đa {limit}). Hãy xóa các cột thừa."
    ),
    "file.too_many_cells": (
        "Trang tính {sheet} có vùng dữ liệu quá lớn. Hãy xóa các ô có dữ liệu nằm ở rất xa bảng "
        "(bấm Ctrl+End trong Excel để tìm) rồi lưu lại."
    ),
    # {detail} (the reader's error type) is for the log, not for the clerk's eyes
    "file.unreadable": (
        "Không đọc được nội dung tệp (tệp hỏng hoặc được lưu bởi phần mềm khác). Hãy mở tệp bằng "
        "Excel và lưu thành tệp .xlsx mới rồi nhập lại."
    ),
    "template_unknown": (
        'Không tìm thấy dòng tiêu đề của mẫu "{template}" trong tệp (cần có các cột: '
        "{required}). Hãy dùng đúng mẫu do ứng dụng tạo, hoặc kiểm tra lại tên các cột."
    ),
    "column_missing": (
        'Thiếu cột bắt buộc "{column_name}" trong trang tính {sheet}. Hãy thêm cột này vào dòng '
        "tiêu đề (dòng {header_row})."
    ),
    "unknown_column": ('Cột "{header}" (cột {letter}) không thuộc mẫu nên được bỏ qua khi nhập.'),
    "formula_no_value": (
        "Ô có công thức {formula_hint}nhưng chưa có giá trị đã tính (tệp do phần mềm khác tạo). "
        "Hãy mở tệp bằng Excel, bấm Lưu rồi nhập lại, hoặc thay công thức bằng giá trị."
    ),
    # --- cells ---
    "required": 'Ô bắt buộc đang trống. Hãy nhập "{column_name}".',
    "required.poverty_cert": (
        "Học sinh diện {category} nên có số giấy chứng nhận hộ nghèo/cận nghèo; hãy bổ sung khi có."
    ),
    "required.receiver_name": (
        'Người nhận là {role} nên phải ghi họ tên người nhận thay ở cột "{column_name}".'
    ),
    "invalid_date": (
        '"{value}" không phải là ngày hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2012.'
    ),
    "invalid_date.impossible": (
        'Ngày "{value}" không tồn tại (tháng {month} không có ngày {day}). Hãy sửa lại ngày.'
    ),
    "date_out_of_range.future": "Ngày {value} ở tương lai (sau hôm nay {today}). Hãy sửa lại ngày.",
    "date_out_of_range.age": (
        "Ngày sinh {value} cho tuổi {age} vào ngày khảo sát {as_of}; học sinh phải từ {low} đến "
        "{high} tuổi. Hãy kiểm tra lại năm sinh."
    ),
    "date_out_of_range.too_old": "Ngày {value} quá xa trong quá khứ. Hãy kiểm tra lại năm.",
    "date_out_of_range.before_receipt": (
        "Ngày bàn giao {value} trước ngày tiếp nhận thiết bị {receipt}. Hãy kiểm tra lại ngày."
    ),
    "invalid_choice": '"{value}" không có trong danh mục. Hãy chọn một trong: {allowed}.',
    "invalid_choice.long": (
        '"{value}" không có trong danh mục {list_title}. Hãy chọn theo trang "Danh muc" của '
        "tệp mẫu (ví dụ: {examples}, ...)."
    ),
    "invalid_format.code": (
        'Mã "{value}" không hợp lệ: chỉ gồm chữ số và chữ cái không dấu (không dấu cách), '
        "tối đa {max_length} ký tự."
    ),
    "invalid_format.name": (
        'Họ tên "{value}" không hợp lệ: cần 2–100 ký tự, chỉ gồm chữ cái, dấu cách, \' và -.'
    ),
    "invalid_format.class_name": (
        'Tên lớp "{value}" không hợp lệ: phải bắt đầu bằng khối 1–12, ví dụ 6A1 hoặc 10 Toán.'
    ),
    "invalid_format.citizen_id": (
        'Số định danh cá nhân "{value}" phải gồm đúng 12 chữ số. Hãy định dạng cột là Văn bản '
        "(Text) để giữ số 0 ở đầu."
    ),
    "invalid_format.citizen_province": (
        'Số định danh cá nhân "{value}": 3 chữ số đầu ({province}) không phải mã tỉnh/thành hợp lệ.'
    ),
    "invalid_format.phone": (
        'Số điện thoại "{value}" không hợp lệ: cần số di động 10 chữ số bắt đầu bằng 03, 05, 07, '
        "08 hoặc 09 (hoặc dạng +84)."
    ),
    "invalid_format.imei": (
        'IMEI "{value}" sai chữ số kiểm tra (Luhn). Hãy đối chiếu lại với số in trên máy/hộp.'
    ),
    "invalid_format.serial": (
        'Số serial/IMEI "{value}" không hợp lệ: chỉ gồm chữ, số, dấu - / . và tối đa {max_length} '
        "ký tự."
    ),
    "invalid_format.number": '"{value}" phải là một số{range_text}.',
    "invalid_format.integer": '"{value}" phải là số nguyên{range_text}.',
    "invalid_format.too_long": "Nội dung dài {length} ký tự, tối đa {max_length}. Hãy rút gọn.",
    "duplicate_in_file.student_code": (
        'Mã học sinh "{value}" đã có ở dòng {first_row}. Mỗi học sinh chỉ ghi một lần; hãy xóa '
        "hoặc sửa dòng trùng."
    ),
    "duplicate_in_file.serial": (
        'Số serial/IMEI "{value}" đã có ở dòng {first_row}. Mỗi thiết bị chỉ ghi một lần; hãy '
        "kiểm tra lại số máy."
    ),
    "duplicate_in_file.handover_student": (
        "Học sinh {value} đã có dòng bàn giao ở dòng {first_row}. Mỗi học sinh chỉ nhận một thiết "
        "bị."
    ),
    "duplicate_in_db.update": (
        "Học sinh mã {value} đã có trong dữ liệu; khi nhập, thông tin sẽ được cập nhật theo tệp "
        "({fields})."
    ),
    "duplicate_in_db.update_device": (
        "Thiết bị {value} đã có trong dữ liệu; khi nhập, thông tin sẽ được cập nhật theo tệp "
        "({fields})."
    ),
    "duplicate_in_db.other_batch": (
        "Số serial/IMEI {value} đã được ghi nhận trong đợt tài trợ {batch}. Một thiết bị chỉ được "
        "tiếp nhận một lần; hãy kiểm tra lại số máy."
    ),
    "duplicate_in_db.device_handed": (
        "Thiết bị {value} đã được bàn giao cho học sinh {student} ngày {date}. Một thiết bị chỉ "
        "giao cho một học sinh; nếu thu hồi, hãy ghi nhận thu hồi trước."
    ),
    "duplicate_in_db.batch_changed": (
        "Thiết bị {value} đã thuộc đợt tài trợ {batch}; không thể chuyển sang đợt khác khi nhập."
    ),
    "not_found.device": (
        "Không có thiết bị số serial/IMEI {value} trong dữ liệu. Hãy nhập danh sách tiếp nhận "
        "thiết bị trước."
    ),
    "not_found.student": (
        "Không có học sinh mã {value} trong danh sách nhu cầu. Hãy nhập danh sách nhu cầu trước."
    ),
    "possible_duplicate": (
        "Có thể trùng học sinh: cùng họ tên và ngày sinh với học sinh mã {other} đã có trong dữ "
        "liệu. Hãy kiểm tra đây có phải là một người không."
    ),
    "possible_duplicate.in_file": (
        "Có thể trùng học sinh: cùng họ tên và ngày sinh với mã {other} ở dòng {other_row}. Hãy "
        "kiểm tra đây có phải là một người không."
    ),
    "has_device": (
        "Học sinh đã có thiết bị học trực tuyến nên không thuộc diện báo cáo nhu cầu. Nếu em chỉ "
        'mượn thiết bị của trường, ghi "Không" ở cột này và "Có" ở cột mượn thiết bị.'
    ),
    "has_device.handover": (
        "Nhu cầu của học sinh {value} ghi đã có thiết bị riêng nên không được nhận thiết bị."
    ),
    "already_supported": (
        "Học sinh {value} đã được nhận thiết bị ngày {date}. Mỗi học sinh chỉ được hỗ trợ một lần."
    ),
    "device_unavailable": (
        "Thiết bị {value} đã được trả lại ngày {date} ({reason}) nên không bàn giao lại được. "
        "Hãy chọn thiết bị khác."
    ),
    "need_returned": (
        "Nhu cầu của học sinh {value} bị Phòng GD&ĐT trả lại ({comment}). Hãy sửa nhu cầu và gửi "
        "duyệt lại trước khi bàn giao."
    ),
    "need_not_approved.warn": (
        "Nhu cầu của học sinh {value} chưa được Phòng GD&ĐT duyệt; vẫn ghi nhận bàn giao, hãy "
        "báo Phòng duyệt bổ sung."
    ),
    "need_not_approved.block": (
        "Nhu cầu của học sinh {value} chưa được Phòng GD&ĐT duyệt. Trường đã chọn chỉ bàn giao "
        "khi nhu cầu đã được duyệt (Cài đặt → Hồ sơ trường)."
    ),
    "inconsistent.citizen_gender": (
        "Chữ số thứ 4 của số định danh ({digit}) là của giới tính {id_gender}, nhưng cột Giới tính "
        "ghi {gender}. Hãy kiểm tra lại một trong hai."
    ),
    "inconsistent.citizen_century": (
        "Chữ số thứ 4 của số định danh ({digit}) ứng với người sinh ở thế kỷ khác với năm sinh "
        "{year}. Hãy kiểm tra lại."
    ),
    "inconsistent.citizen_birth_year": (
        "Chữ số 5–6 của số định danh ({digits}) phải là 2 số cuối của năm sinh {year}. "
        "Hãy kiểm tra lại."
    ),
    "inconsistent.grade_level": (
        "Lớp {value} thuộc khối {grade}, không thuộc cấp {level} của trường (khối {grades}). "
        "Hãy kiểm tra tên lớp hoặc cấp học trong hồ sơ trường."
    ),
    "inconsistent.batch": (
        'Đợt tài trợ {batch} có {field_label} khác nhau: "{value}" ở dòng này và "{first}" ở '
        "dòng {first_row}. Các dòng cùng một đợt phải giống nhau."
    ),
    "inconsistent.batch_db": (
        'Đợt tài trợ {batch} đã có trong dữ liệu với {field_label} "{first}", khác "{value}" ở '
        "dòng này."
    ),
    "legacy_encoding": (
        'Chữ được gõ bằng bảng mã cũ {encoding} ("{value}"), có lẽ là "{suggestion}". Hãy chuyển '
        "sang Unicode (Unikey: Công cụ → Chuyển mã) rồi nhập lại."
    ),
    "below_min_spec": ("Cấu hình thấp hơn mức tối thiểu tham khảo cho {device}: {details}."),
    "leading_zeros_restored": (
        'Excel đã lưu "{value}" dưới dạng số nên mất số 0 ở đầu; đã khôi phục thành "{restored}". '
        "Hãy định dạng cột là Văn bản (Text) để tránh lỗi này."
    ),
    "import.blocked": (
        "Tệp có {errors} lỗi nên chưa nhập dòng nào. Hãy sửa các lỗi rồi nhập lại, hoặc chọn chỉ "
        "nhập các dòng hợp lệ."
    ),
}

_EN: dict[str, str] = {
    "file.missing": "File {file} not found. Check the path.",
    "file.empty": "The file is empty (0 bytes). Choose the saved Excel file.",
    "file.too_large": "The file is too large ({actual_mb} MB, limit {limit_mb} MB).",
    "file.not_a_spreadsheet": (
        "The file is not an Excel (.xlsx, .xls) or .ods workbook. Open it in Excel and Save As "
        ".xlsx."
    ),
    "file.encrypted": "The file is password-protected. Remove the password in Excel, then retry.",
    "file.corrupt": "The file is damaged or incomplete. Copy it again or re-save it in Excel.",
    "file.inflated_too_large": (
        "The file's content inflates beyond {limit_mb} MB; refused to protect this computer."
    ),
    "file.too_many_rows": "Sheet {sheet} has too many rows ({actual}, limit {limit}).",
    "file.too_many_columns": "Sheet {sheet} has too many columns ({actual}, limit {limit}).",
    "file.too_many_cells": "Sheet {sheet} has a used range that is too large; delete stray cells.",
    "file.unreadable": (
        "The file's content cannot be read (damaged, or saved by other software). Re-save it as "
        ".xlsx in Excel and import it again."
    ),
    "template_unknown": (
        'No header row of template "{template}" found (required columns: {required}).'
    ),
    "column_missing": 'Required column "{column_name}" is missing in sheet {sheet} (row {header_row}).',
    "unknown_column": 'Column "{header}" ({letter}) is not in the template and is ignored.',
    "formula_no_value": (
        "The cell has a formula {formula_hint}without a calculated value. Open and save the file "
        "in Excel, or replace the formula by its value."
    ),
    "required": 'This required cell is empty: fill in "{column_name}".',
    "required.poverty_cert": "Category {category} should have a poverty certificate number.",
    "required.receiver_name": 'The receiver is {role}: fill in "{column_name}".',
    "invalid_date": '"{value}" is not a valid date. Use day/month/year, e.g. 05/09/2012.',
    "invalid_date.impossible": 'Date "{value}" does not exist (month {month} has no day {day}).',
    "date_out_of_range.future": "Date {value} is in the future (today is {today}).",
    "date_out_of_range.age": (
        "Birth date {value} gives age {age} on {as_of}; students must be {low}–{high}."
    ),
    "date_out_of_range.too_old": "Date {value} is implausibly far in the past.",
    "date_out_of_range.before_receipt": (
        "Handover date {value} is before the device's receipt date {receipt}."
    ),
    "invalid_choice": '"{value}" is not in the code list. Allowed: {allowed}.',
    "invalid_choice.long": (
        '"{value}" is not in the code list {list_title}; see the "Danh muc" sheet of the '
        "template (e.g. {examples}, ...)."
    ),
    "invalid_format.code": 'Code "{value}" must be 1–{max_length} letters or digits.',
    "invalid_format.name": 'Name "{value}" must be 2–100 letters, spaces, \' or -.',
    "invalid_format.class_name": 'Class "{value}" must start with a grade 1–12, e.g. 6A1.',
    "invalid_format.citizen_id": 'Citizen ID "{value}" must be exactly 12 digits.',
    "invalid_format.citizen_province": (
        'Citizen ID "{value}": {province} is not a valid province code.'
    ),
    "invalid_format.phone": 'Phone "{value}" is not a Vietnamese mobile number.',
    "invalid_format.imei": 'IMEI "{value}" fails the Luhn check digit.',
    "invalid_format.serial": 'Serial/IMEI "{value}" is malformed (max {max_length} characters).',
    "invalid_format.number": '"{value}" must be a number{range_text}.',
    "invalid_format.integer": '"{value}" must be a whole number{range_text}.',
    "invalid_format.too_long": "Text is {length} characters long; the limit is {max_length}.",
    "duplicate_in_file.student_code": 'Student code "{value}" already appears in row {first_row}.',
    "duplicate_in_file.serial": 'Serial/IMEI "{value}" already appears in row {first_row}.',
    "duplicate_in_file.handover_student": (
        "Student {value} already has a handover in row {first_row}; one device per student."
    ),
    "duplicate_in_db.update": "Student {value} already exists; it will be updated ({fields}).",
    "duplicate_in_db.update_device": "Device {value} already exists; it will be updated ({fields}).",
    "duplicate_in_db.other_batch": "Serial/IMEI {value} was already received in batch {batch}.",
    "duplicate_in_db.device_handed": (
        "Device {value} was already handed to student {student} on {date}."
    ),
    "duplicate_in_db.batch_changed": "Device {value} already belongs to batch {batch}.",
    "not_found.device": "No device with serial/IMEI {value}. Import the devices first.",
    "not_found.student": "No student {value} in the needs list. Import the needs first.",
    "possible_duplicate": "Possible duplicate: same name and birth date as stored student {other}.",
    "possible_duplicate.in_file": (
        "Possible duplicate: same name and birth date as {other} in row {other_row}."
    ),
    "has_device": "The student already has a device and cannot be reported as in need.",
    "has_device.handover": "Student {value}'s need says they have their own device.",
    "already_supported": "Student {value} already received a device on {date}.",
    "device_unavailable": (
        "Device {value} was returned on {date} ({reason}) and cannot be handed over again. "
        "Choose another device."
    ),
    "need_returned": (
        "The district returned student {value}'s need ({comment}). Correct it and send it for "
        "review again before the handover."
    ),
    "need_not_approved.warn": (
        "Student {value}'s need is not yet approved by the district; the handover is recorded, "
        "ask the district to approve it."
    ),
    "need_not_approved.block": (
        "Student {value}'s need is not yet approved by the district, and the school hands over "
        "only approved needs (Settings → School profile)."
    ),
    "inconsistent.citizen_gender": (
        "Citizen ID digit 4 ({digit}) means {id_gender}, but Gender says {gender}."
    ),
    "inconsistent.citizen_century": (
        "Citizen ID digit 4 ({digit}) gives another century than birth year {year}."
    ),
    "inconsistent.citizen_birth_year": (
        "Citizen ID digits 5–6 ({digits}) must be the last two digits of {year}."
    ),
    "inconsistent.grade_level": (
        "Class {value} is grade {grade}, outside the school's level {level} ({grades})."
    ),
    "inconsistent.batch": (
        'Batch {batch} has different {field_label}: "{value}" here, "{first}" in row {first_row}.'
    ),
    "inconsistent.batch_db": (
        'Batch {batch} is stored with {field_label} "{first}", not "{value}".'
    ),
    "legacy_encoding": (
        'Text typed in the legacy {encoding} encoding ("{value}"), probably "{suggestion}". '
        "Convert it to Unicode."
    ),
    "below_min_spec": "Configuration below the reference minimum for {device}: {details}.",
    "leading_zeros_restored": '"{value}" lost its leading zeros in Excel; restored as "{restored}".',
    "import.blocked": "The file has {errors} errors; nothing was imported.",
}

CATALOGS = {"vi": _VI, "en": _EN}


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def render(message_id: str, lang: str, params: dict[str, Any]) -> str:
    catalog = CATALOGS.get(lang, _VI)
    template = catalog.get(message_id) or _VI.get(message_id) or message_id
    return template.format_map(_Defaults(params))
