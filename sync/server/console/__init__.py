"""The district console: the web pages district and province staff use to review schools' needs,
lock a round ("chốt duyệt"), follow deadlines, follow the schools' vaccination coverage (school
health) and print consolidated reports (``/console/``).

Layout:
- ``model``: the plain values every part shares (a viewer, a board row, a report document).
- ``scope``: who may see which school (a district its schools, a province every district's).
- ``board``: the figures of each school, kept in ``school_board`` and refreshed in the
  transaction that changes them (an applied submission, a decision, a lock);
  ``vaccination_board`` counts a school's doses by grade for it with the desktop's rules.
- ``review``: a school's needs with each student's history; decisions and "chốt duyệt".
- ``deadlines`` and ``figures``: what is late, and the consolidated reports' numbers.
- ``reports``, ``report_excel``, ``report_pdf``: a report as a document, then as files.
- ``sessions`` and ``routes``: logins, cookies, CSRF, and the pages (Jinja2 templates).
"""
