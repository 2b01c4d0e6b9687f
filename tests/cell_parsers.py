"""One template column's parser, as the importer builds it, for tests of single cells."""

from __future__ import annotations

from typing import Any

import pytest
from builders import TODAY

from desktop_app.core.templates.cells import CellContext, ColumnParsers, Invalid
from desktop_app.core.templates.spec import load_codelists, load_template

CTX = CellContext(today=TODAY, as_of=TODAY)


def parser(kind: str, field_name: str, ctx: CellContext = CTX) -> Any:
    return ColumnParsers(load_codelists(), ctx).for_column(load_template(kind).column(field_name))


def failure(parse: Any, raw: Any) -> Invalid:
    """The problem ``parse`` finds in ``raw`` (the test fails when it finds none)."""
    with pytest.raises(Invalid) as caught:
        parse(raw)
    return caught.value
