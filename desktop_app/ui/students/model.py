"""The student table as a lazy model: 200,000 students cost a count and a screen of ids.

The model holds a ``StudentSearch`` (how many students match, counted from the search index) and
reads its ordered ids a chunk at a time as the view goes down the table; it fetches the rows a
page at a time when the view asks for them, keeping only the last few pages (Anki's browser table
keeps ids and loads rows on demand in the same way). A keystroke in the search box therefore
costs one count and the first chunk of ids, whatever the size of the school. The order is the service's Vietnamese class-list order (given
name first). Clicking a header does not sort: another order would mean loading every row, or
an ``ORDER BY`` the service does not offer yet.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from sqlite_utils import Database

from desktop_app.core.students import (
    NEED_STATUSES,
    StudentFilter,
    StudentRow,
    StudentSearch,
    fetch_students,
)
from desktop_app.core.templates.spec import load_template
from desktop_app.ui.common.need_look import ReturnedRowLook
from desktop_app.ui.common.table_model import (
    DISPLAY,
    FLAGGED,
    ID,
    NO_PARENT,
    TOOLTIP,
    FlaggedRowLook,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import code_label, day, label_shown, shown

PAGE_SIZE = 50  # rows fetched in one query: a screen or two (~1 ms; their texts ~2 ms)
MAX_PAGES = 32  # pages kept: a few screens either side of the one shown
FIRST_IDS = 100  # ids read at a keystroke: the first screens
ID_CHUNK = 1000  # then at least this many at a time, and as many as are held (the reads double)
# A search with more matches than FIRST_IDS is counted once the typing pauses this long: the count
# of a common name (73,000 "nguyen" of 200,000 students: 7 ms) is not paid at every keystroke.
COUNT_DELAY_MS = 150

_Entry = tuple[StudentRow, tuple[str, ...]]  # a row and its display texts
_ROLES = frozenset({DISPLAY, ID, FLAGGED, *FlaggedRowLook.ROLES, *ReturnedRowLook.ROLES})


class StudentTableModel(ListTableModel):
    """Students matching a ``StudentFilter``, one row each, loaded page by page."""

    counted = Signal()  # the number of rows is known (after a reset, or once counted)
    count_delay_ms = COUNT_DELAY_MS

    CODE, NAME, BIRTH_DATE, GENDER, CLASS, CATEGORY, DEVICE, STATUS, CONSENT = range(9)
    StudentIdRole = ID
    ProblemRole = FLAGGED

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._page_size = page_size
        self._max_pages = max_pages
        self._filter = StudentFilter()
        self._order: tuple[str, bool] = ("name", False)  # the class-list order
        self._search: StudentSearch | None = None  # None: nothing queried yet
        self._rows = 0  # the search's count, or its first ids while it is being counted
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self.finish_count)
        self._ids: list[str] = []  # the first ids of the search, read so far
        self._pages: OrderedDict[int, list[_Entry | None]] = OrderedDict()
        self._last: tuple[int, list[_Entry | None]] | None = None  # the page read last
        spec = load_template("needs")
        self._headers = [
            self.tr("Mã HS"),
            self.tr("Họ và tên"),
            self.tr("Ngày sinh"),
            self.tr("Giới tính"),
            self.tr("Lớp"),
            self.tr("Diện"),
            self.tr("Thiết bị đề nghị"),
            self.tr("Trạng thái"),
            self.tr("Đồng ý CMHS"),
        ]
        # The full header of the ministry template, for the clerk who wonders what "Diện" means.
        fields = ["student_code", "full_name", "birth_date", "gender", "class_name", "category",
                  "requested_device"]  # fmt: skip
        self._header_tips = [spec.column(f).header for f in fields] + [
            self.tr("Trạng thái nhu cầu: đề xuất → Phòng GD&ĐT duyệt → đã cấp thiết bị"),
            self.tr(
                "Cha mẹ/người giám hộ đã đồng ý cho nhà trường xử lý dữ liệu cá nhân của em chưa"
            ),
        ]
        self._columns = len(self._headers)
        self._flag_look = FlaggedRowLook(mark_column=self.CODE)
        # A need the district returned has a look of its own, not the generic amber warning.
        self._returned_look = ReturnedRowLook(mark_column=self.CODE, status_column=self.STATUS)

    # --- what the page uses ----------------------------------------------------------------------

    def filter(self) -> StudentFilter:
        return self._filter

    def set_filter(self, flt: StudentFilter) -> None:
        """Re-query for ``flt``: the first ids (the rows are fetched when shown) and, when it is
        cheap, the count. A search with more matches than the first ids shows those first; its
        count follows when the typing pauses (``counting()``, ``count_delay_ms``), the rows below
        are added then (``counted`` is emitted)."""
        order, descending = self._order
        # the queries run before the reset: a failed query changes nothing
        search = StudentSearch(self._db, flt, order=order, descending=descending)
        ids = search.ids(0, FIRST_IDS)
        if len(ids) < FIRST_IDS:  # all of them: counted already
            search.known_count(len(ids))
        rows = search.count if search.cheap_count else len(ids)
        self._count_timer.stop()
        self.beginResetModel()
        self._filter = flt
        self._search = search
        self._rows = rows
        self._ids = ids
        self._pages.clear()
        self._last = None
        self.endResetModel()
        if not search.counted:
            self._count_timer.start(self.count_delay_ms)
        self.counted.emit()

    def counting(self) -> bool:
        """Whether the rows shown are the first ones only, the count still to come."""
        return self._search is not None and not self._search.counted

    @Slot()
    def finish_count(self) -> None:
        """Count the matches now (the typing paused, or a row further down is wanted) and add the
        rows below the first ones."""
        self._count_timer.stop()
        search = self._search
        if search is None or search.counted:
            return
        count = search.count
        if count > self._rows:
            self.beginInsertRows(NO_PARENT, self._rows, count - 1)
            self._rows = count
            self.endInsertRows()
        elif count < self._rows:  # students deleted since the first ids were read
            self.beginRemoveRows(NO_PARENT, count, self._rows - 1)
            self._rows = count
            del self._ids[count:]
            self._pages.clear()
            self._last = None
            self.endRemoveRows()
        self.counted.emit()

    # The columns' sort keys in the core (SQLite orders 50,000 students; nothing is loaded here).
    SORT_BY = (
        "code", "name", "birth_date", "gender", "class", "category", "device", "status", "consent",
    )  # fmt: skip

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORT_BY):
            return
        self._order = (self.SORT_BY[column], order == Qt.SortOrder.DescendingOrder)
        self.set_filter(self._filter)

    @Slot()
    def refresh(self) -> None:
        """Query again with the same filter: the data changed (a save, a delete, an import)."""
        self.set_filter(self._filter)

    def student_id(self, row: int) -> str:
        self._read_ids(row + 1)
        return self._ids[row]

    def row_of(self, student_id: str) -> int | None:
        """The student's row (None: not shown). Looks in the ids read so far, then reads the
        rest (one query, only when the student is further down than the table was read)."""
        for everything in (False, True):
            if everything:
                self.finish_count()
            self._read_ids(self.rowCount() if everything else 0)
            try:
                return self._ids.index(student_id)
            except ValueError:
                continue
        return None

    def read_id_count(self) -> int:
        """How many ids are held now (the view read the table down to there)."""
        return len(self._ids)

    def student(self, row: int) -> StudentRow | None:
        """The row's data (None when the student was deleted since the ids were read)."""
        entry = self._entry(row)
        return entry[0] if entry else None

    def loaded_row_count(self) -> int:
        """How many rows are held in memory now (bounded by page size × pages kept)."""
        return sum(len(page) for page in self._pages.values())

    @property
    def max_loaded_rows(self) -> int:
        return self._page_size * self._max_pages

    # --- QAbstractTableModel ---------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self._columns

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Called for every role of every cell on screen at each repaint: the cheap tests first,
        # the row and column against the counts (``checkIndex`` costs a call into Qt).
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self._rows and 0 <= column < self._columns):
            return None
        if role == ID:
            return self.student_id(row)
        return self._value(self._entry(row), column, role)

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:
        """Every role a cell is painted with, in one call (the view's delegate asks seven roles
        per cell: one call into Python instead of seven; ``data`` answers any other caller)."""
        row, column = index.row(), index.column()
        valid = 0 <= row < self._rows and 0 <= column < self._columns
        entry = self._entry(row) if valid else None
        if isinstance(roleDataSpan, QModelRoleData):  # one role, from Python
            roleDataSpan = QModelRoleDataSpan(roleDataSpan)
        for role_data in roleDataSpan:
            role = role_data.role()
            if not valid or role not in _ROLES:
                role_data.clearData()
            elif role == ID:
                role_data.setData(self.student_id(row))
            else:
                role_data.setData(self._value(entry, column, role))

    # Qt's own flags (enabled, selectable, no children): no call into Python per painted cell.
    flags = QAbstractTableModel.flags  # type: ignore[assignment]

    def _value(self, entry: _Entry | None, column: int, role: int) -> Any:
        """A cell's value for ``role`` (not ID), from its row's ``entry``."""
        if entry is None:
            if role == TOOLTIP:
                return self.tr("Học sinh này vừa bị xóa. Nhấn F5 để tải lại danh sách.")
            return None
        student, texts = entry
        if role == DISPLAY:
            return texts[column]
        if role == FLAGGED:
            return student.has_problem
        if not student.has_problem:
            return None
        # the core says which problem, in the clerk's words
        look = self._returned_look if student.returned else self._flag_look
        return look.data(role, column, lambda: shown(student.problem))

    # --- internals -------------------------------------------------------------------------------

    def _read_ids(self, needed: int) -> None:
        """Read ids until ``needed`` are held. Each read takes at least as many as are held, so
        going down 200,000 rows costs a few reads, not one per screen."""
        have = len(self._ids)
        if needed <= have or self._search is None:
            return
        wanted = min(self.rowCount() - have, max(needed - have, have, ID_CHUNK))
        ids = self._search.ids(have, wanted)
        # Fewer than counted: students were deleted since the count (by another window or an
        # import); their rows show as deleted until the next refresh, as a deleted row does.
        self._ids += ids + [""] * (wanted - len(ids))

    def _entry(self, row: int) -> _Entry | None:
        number = row // self._page_size
        if self._last is not None and self._last[0] == number:
            return self._last[1][row % self._page_size]
        page = self._pages.get(number)
        if page is None:
            page = self._load(number)
        else:
            self._pages.move_to_end(number)
        self._last = (number, page)
        return page[row % self._page_size]

    def _load(self, number: int) -> list[_Entry | None]:
        self._read_ids((number + 1) * self._page_size)
        ids = self._ids[number * self._page_size : (number + 1) * self._page_size]
        found = {s.id: s for s in fetch_students(self._db, ids)}
        page = [(s, self._texts(s)) if (s := found.get(i)) else None for i in ids]
        self._pages[number] = page
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)
        return page

    def _texts(self, s: StudentRow) -> tuple[str, ...]:
        """The row's display texts, made once when its page is loaded, not at every repaint."""
        return tuple(self._text(s, column) for column in range(len(self._headers)))

    def _text(self, s: StudentRow, column: int) -> str:
        if column == self.CODE:
            return s.code
        if column == self.NAME:
            return s.full_name
        if column == self.BIRTH_DATE:
            return day(s.birth_date)
        if column == self.GENDER:
            return label_shown("gender", s.gender)
        if column == self.CLASS:
            return s.class_name
        if column == self.CATEGORY:
            return code_label("category", str(s.category)) if s.category is not None else ""
        if column == self.DEVICE:
            return (
                code_label("device_type_student", s.requested_device) if s.requested_device else ""
            )
        if column == self.STATUS:
            return shown(NEED_STATUSES.get(s.status, s.status)) if s.status else ""
        if column == self.CONSENT:
            return self.tr("Đã đồng ý") if s.has_consent else self.tr("Chưa có")
        return ""
