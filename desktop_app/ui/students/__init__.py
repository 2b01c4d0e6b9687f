"""Học sinh & nhu cầu: the student list, its lazy table model, and the add/edit form."""
