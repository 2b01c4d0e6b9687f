"""Tiếp nhận thiết bị: donation batches and devices, their table models and the device form."""
