"""Tiêm vắc-xin: the coverage page, a student's doses (a tab of the student form), the dose
dialog and the quick entry of a school vaccination day. Every question goes to
``desktop_app.core.vaccinations`` and ``core.rules.vaccinations``."""
