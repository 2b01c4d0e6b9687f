"""Tổng quan: the dashboard of figures, late records and overdue devices."""
