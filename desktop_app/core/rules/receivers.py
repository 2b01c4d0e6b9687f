"""Who receives a device for a student: the student in person, or a parent or guardian who signs
the minutes for them. The roles are the code list ``receiver`` (resources/templates/codelists.json),
so a new role is a line of data; the role ``student`` is the student in person."""

from __future__ import annotations

from desktop_app.core.messages import LocalizedStr
from desktop_app.core.templates.spec import CodeList, load_codelists

STUDENT = "student"  # the role of a student who receives their device in person


def receiver_list() -> CodeList:
    return load_codelists()["receiver"]


def receiver_roles() -> tuple[str, ...]:
    """Every role, in the code list's order (the student first)."""
    return tuple(receiver_list().codes)


def receives_in_person(role: str | None) -> bool:
    """The student receives (and signs) themself: nobody else needs naming."""
    return not role or role == STUDENT


def default_relationship(role: str | None) -> str | None:
    """What the minutes say of a receiver's relationship to the student when the clerk did not
    write one ("Cha/mẹ" for a parent, "Người giám hộ" for a guardian)."""
    if not role:
        return None
    value = receiver_list().attributes.get(role, {}).get("relationship")
    return str(value) if value else None


def relationship_list() -> CodeList:
    """How a receiver may be related to the student (Bố, Mẹ, Ông, Bà…): code list
    ``relationship``."""
    return load_codelists()["relationship"]


def relationship_said(value: str | None) -> str | None:
    """A relationship as it is stored and printed: the code list's label for a value it knows
    (its code, label or another way of writing it: "mother", "mẹ", "Má" → "Mẹ"), else the words
    as written ("Bà con"); None when there is nothing."""
    words = " ".join(str(value).split()) if value is not None else ""
    if not words:
        return None
    code = relationship_list().match(words)
    return relationship_list().label(code) if code is not None else words


def is_listed_relationship(value: str | None) -> bool:
    return bool(value) and relationship_list().match(str(value)) is not None


class Relationship(LocalizedStr):
    """A role's relationship as the minutes print it ("Cha/mẹ"); ``text("en")`` says it to an
    English reader ("Parent"), so the window can show it in the interface's language."""

    english: str

    def __new__(cls, text: str, english: str = "") -> Relationship:
        self = super().__new__(cls, text)
        self.english = english
        return self

    def text(self, lang: str = "vi") -> str:
        return self.english if lang == "en" and self.english else str.__str__(self)


def relationship_label(role: str | None) -> Relationship | None:
    """``default_relationship`` as a label to show a reader of either language."""
    said = default_relationship(role)
    if said is None or not role:
        return None
    english = receiver_list().attributes.get(role, {}).get("relationship_en")
    return Relationship(said, str(english or ""))
