"""The school profile (one row): needed by class checks, reports and minutes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import Msg
from desktop_app.core.rules.eligibility import APPROVAL_POLICIES

# The programme's rules, the journal and the text module are loaded by what changes the profile:
# reading it (``songmay info``) needs none of them (issue 19).

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class SchoolProfile:
    name: str | None = None
    code: str | None = None
    level: str | None = None
    commune: str | None = None
    district: str | None = None
    province: str | None = None
    principal: str | None = None
    clerk: str | None = None
    # Printed above the school's name in minutes and reports, e.g. "PHÒNG GD&ĐT HUYỆN MƯỜNG NHÉ";
    # when empty it is made from the district or province (see ``parent_agency_line``).
    parent_agency: str | None = None
    # Whether a need must be approved by the district before its device is handed over:
    # "warn" (the handover is allowed, with a warning) or "block" (refused until approved).
    approval_policy: str = "warn"
    # Who signs the handover minutes for the school when a handover names nobody: "principal"
    # (Hiệu trưởng) or "clerk" (the clerk in charge).
    handover_giver: str = "principal"

    @property
    def is_complete(self) -> bool:
        return bool(self.name and self.code and self.level)

    @property
    def level_warning(self) -> Msg | None:
        """What to tell the clerk when the name and the level disagree (a warning, not a
        refusal: the clerk may know better)."""
        return level_warning(self.name, self.level)


PROFILE_FIELDS = tuple(f.name for f in fields(SchoolProfile))
HANDOVER_GIVERS = ("principal", "clerk")
GIVER_POSITIONS = {"principal": "Hiệu trưởng", "clerk": "Cán bộ phụ trách"}


def school_signer(school: SchoolProfile) -> tuple[str, str] | None:
    """Who signs the handover minutes for the school when a handover names nobody, as (role,
    name): the principal, or the clerk where the profile says so (either one when the other is
    not named); None when neither is named."""
    from desktop_app.core.text import clean_text

    order = ("clerk", "principal") if school.handover_giver == "clerk" else ("principal", "clerk")
    for role in order:
        name = clean_text(getattr(school, role) or "")
        if name:
            return role, name
    return None


def default_giver(school: SchoolProfile) -> tuple[str | None, str | None]:
    """``school_signer``'s name and position, as the minutes print them."""
    signer = school_signer(school)
    return (signer[1], GIVER_POSITIONS[signer[0]]) if signer else (None, None)


def level_warning(name: str | None, level: str | None) -> Msg | None:
    """The profile's name↔level check, for a form that is still being typed."""
    from desktop_app.core.rules.programme import level_name_mismatch

    return level_name_mismatch(name, level)


def parent_agency_line(school: SchoolProfile) -> str:
    """The agency a school answers to: the district office for primary and lower secondary
    schools, the province department for upper secondary ones (Decree 30/2020 header)."""
    if school.parent_agency:
        return school.parent_agency.upper()
    if school.level in ("THPT", "LC") and school.province:
        return f"SỞ GD&ĐT {school.province}".upper()
    if school.district:
        return f"PHÒNG GD&ĐT {school.district}".upper()
    return ""


def load_school(db: Database) -> SchoolProfile:
    row = db.execute(
        f"SELECT {', '.join(PROFILE_FIELDS)} FROM school_profile WHERE id = 1"
    ).fetchone()
    return SchoolProfile(*row) if row else SchoolProfile()


def save_school(
    db: Database, changes: dict[str, Any], *, actor: str | None = None
) -> SchoolProfile:
    """Set some fields of the profile; recorded (audit + outbox) like every other change."""
    from desktop_app.core.rules.programme import LEVEL_GRADES
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import write_transaction
    from desktop_app.core.text import clean_text

    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown school fields: {sorted(unknown)}")
    cleaned = {k: clean_text(v) if isinstance(v, str) else v for k, v in changes.items()}
    level = cleaned.get("level")
    if level is not None:
        level = level.upper()
        if level not in LEVEL_GRADES:
            raise SongMayError(
                f'Cấp học "{level}" không hợp lệ. Chọn một trong: TH, THCS, THPT, LC (liên cấp).',
                code="invalid_choice",
            )
        cleaned["level"] = level
    policy = cleaned.get("approval_policy")
    if "approval_policy" in cleaned and policy not in APPROVAL_POLICIES:
        raise SongMayError(
            f'Cách xử lý nhu cầu chưa duyệt "{policy}" không hợp lệ. Chọn "warn" (cảnh báo)'
            ' hoặc "block" (không cho bàn giao).',
            code="invalid_choice",
        )
    giver = cleaned.get("handover_giver")
    if "handover_giver" in cleaned and giver not in HANDOVER_GIVERS:
        raise SongMayError.of("school.handover_giver_invalid", code="invalid_choice",
                              value=giver or "")  # fmt: skip
    change_set = ChangeSet(source="school") if actor is None else ChangeSet(actor, "school")
    with write_transaction(db):
        old = db.execute("SELECT * FROM school_profile WHERE id = 1").fetchone()
        if old is None:
            defaults = asdict(SchoolProfile())
            change_set.insert("school", {"id": 1, **{f: cleaned.get(f, defaults[f])
                                                     for f in PROFILE_FIELDS}})  # fmt: skip
        else:
            columns = [d[0] for d in db.execute("SELECT * FROM school_profile LIMIT 0").description]
            change_set.update("school", dict(zip(columns, old, strict=True)), cleaned)
        change_set.apply(db.conn)
    return load_school(db)
