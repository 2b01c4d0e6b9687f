"""What the list pages' table models share: roles as plain ints, titled columns over numbered rows,
and the look of a row the clerk should look at (light amber, a warning icon, a tooltip saying why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

# Plain ints: data() is called thousands of times per repaint and enum lookups add up.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FONT = int(Qt.ItemDataRole.FontRole)
ID = int(Qt.ItemDataRole.UserRole)  # the row's record id
FLAGGED = ID + 1  # True for a row to look at

VALID = QAbstractTableModel.CheckIndexOption.IndexIsValid
NO_PARENT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

FLAGGED_BACKGROUND = QColor("#fff3d6")  # light amber, readable under black text

_HORIZONTAL = Qt.Orientation.Horizontal
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class ListTableModel(QAbstractTableModel):
    """A read-only table of whole rows. A subclass sets ``_headers`` and ``_header_tips`` and
    counts its rows; the rows are numbered (the clerk's "STT") unless ``numbered`` is False."""

    numbered = True

    _headers: list[str]
    _header_tips: list[str]

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == _HORIZONTAL:
            if not 0 <= section < len(self._headers):
                return None
            if role == DISPLAY:
                return self._headers[section]
            if role == TOOLTIP:
                return self._header_tips[section]
            return None
        if self.numbered and role == DISPLAY and 0 <= section < self.rowCount():
            return str(section + 1)
        return None


class FlaggedRowLook:
    """The amber background of a flagged row, the warning icon in its ``mark_column``, and its
    tooltip (``why`` is asked only for the tooltip role)."""

    ROLES = frozenset({BACKGROUND, DECORATION, TOOLTIP})  # the roles it answers

    def __init__(self, mark_column: int) -> None:
        self._mark_column = mark_column
        self._icon: QIcon | None = None

    def data(self, role: int, column: int, why: Callable[[], str]) -> Any:
        if role == BACKGROUND:
            return FLAGGED_BACKGROUND
        if role == DECORATION:
            return self._warning_icon() if column == self._mark_column else None
        if role == TOOLTIP:
            return why()
        return None

    def _warning_icon(self) -> QIcon:
        if self._icon is None:
            style = QApplication.style()
            self._icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._icon
