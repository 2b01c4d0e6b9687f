"""The receipt minutes (biên bản tiếp nhận) of one donation batch: the donor, the date, and
every device of the batch with its serial, condition and specification."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.locale import fmt_date
from desktop_app.core.minutes.template import MinutesDocument, load_minutes_template
from desktop_app.core.minutes.values import (
    SHORT_BLANK,
    common_values,
    device_values,
    escaped,
    fetch,
    find_batch,
    parse_date,
    text,
)
from desktop_app.core.school import load_school
from desktop_app.core.templates.spec import load_codelists


def receipt_minutes(
    db: Database, batch_code: str, template_dir: Path | None = None
) -> MinutesDocument:
    """The minutes of the school receiving one donation batch: the donor, the date, and every
    device of the batch with its serial, condition and specification."""
    template = load_minutes_template("receipt", template_dir)
    batch = find_batch(db, text(batch_code, ""))
    devices = fetch(
        db,
        "SELECT * FROM devices WHERE batch_id = ? AND deleted = 0"
        " ORDER BY device_type, brand, model, serial",
        (batch["id"],),
    )
    if not devices:
        raise SongMayError.of("minutes.batch_empty", code="no_devices", batch=batch["code"])
    school = load_school(db)
    codelists = load_codelists()
    conditions = codelists["condition"]
    received = parse_date(batch["received_date"])
    title = f"Biên bản tiếp nhận thiết bị – đợt {text(batch['code'])}"
    values = escaped({
        **common_values(school, received, SHORT_BLANK),
        "title": title,
        "batch_code": batch["code"],
        "donor_name": batch["donor_name"],
        "donor_type": codelists["donor_type"].label(batch["donor_type"] or "")
        if batch["donor_type"] else None,
        "source_label": codelists["source"].label(batch["source"]),
        "received_date": fmt_date(received) if received else batch["received_date"],
        "device_count": f"{len(devices):02d}",
        "batch_note": batch["note"],
    })  # fmt: skip
    rows = [
        device_values(
            device,
            number,
            condition=conditions.label(device["condition"]),
            accessories=device["accessories"],
        )
        for number, device in enumerate(devices, start=1)
    ]
    html = template.render(values, {"devices": rows})
    return MinutesDocument(unicodedata.normalize("NFC", title), html)
