"""Báo cáo: the 4.8.2 summary and receipts by donor, on screen and exported."""
