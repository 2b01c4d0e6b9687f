"""xlsx package resolution: which zip members are the workbook, its rels and its sheets.

Package resolution mirrors python-calamine 0.9.1, checked with forged packages: the
workbook is <folder>/workbook.xml where <folder> is that of the officeDocument target in
_rels/.rels (not necessarily xl/), its rels are <folder>/_rels/workbook.xml.rels, and a
sheet target is joined to <folder> *literally* ("../" is not resolved, a backslash is
kept, "/x" starts at the package root), whatever the relationship's Type says.  We scan
every plausible spelling that exists, and refuse packages offering two workbooks.

``scan._inspect_xlsx`` applies these helpers while it reads the package."""

from __future__ import annotations

import posixpath
import zipfile
from xml.etree import ElementTree

from desktop_app.core.excel.safety._common import _corrupt


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parse_small_xml(data: bytes, member: str) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no entity games; Excel never writes one
        raise _corrupt("doctype", member)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise _corrupt("bad_xml", member) from exc


def _relationships(data: bytes, member: str) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of the internal relationships in a .rels part."""
    found = []
    for el in _parse_small_xml(data, member).iter():
        if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
            rid, target = el.get("Id"), el.get("Target")
            if rid is not None and target:
                found.append((rid, el.get("Type", ""), target))
    return found


def _spellings(base: str, target: str) -> list[str]:
    """Member names a relationship target may denote: calamine's literal join first."""
    literal = target[1:] if target.startswith("/") else f"{base}/{target}" if base else target
    names = [literal]
    for variant in (literal.replace("\\", "/"), target.lstrip("/")):
        for name in (variant, posixpath.normpath(variant)):
            if name not in names:
                names.append(name)
    return names


def _existing(members: dict[str, zipfile.ZipInfo], base: str, target: str) -> list[str]:
    return [name for name in _spellings(base, target) if name in members]


def _only_one(members: dict[str, zipfile.ZipInfo], names: list[str], wanted: str) -> str:
    """The single existing member among ``names`` (and their normalised spellings)."""
    found = {n for name in names for n in (name, posixpath.normpath(name)) if n in members}
    if not found:
        raise _corrupt("missing_part", wanted[:200])
    if len(found) > 1:
        raise _corrupt("ambiguous_container")
    return found.pop()
