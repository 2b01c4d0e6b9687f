"""Bàn giao: the allocation proposal, recording handovers, minutes, returns and history."""
