"""Vaccination records (CSDL 4.9): record, correct and cancel doses, and the coverage figures.

- ``checks``: a dose request checked against the school's data (the student, their birth date,
  their current doses) with the rules of ``rules.vaccinations``, and the writing of those that pass;
- ``service``: what the window and the command line call (all or none, one transaction);
- ``coverage``: coverage by class, grade and dose; students with no record; records made late.
"""
