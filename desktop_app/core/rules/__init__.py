"""The programme's rules, once: plain functions over typed values that every screen, report, the
importer and the command line ask, so that no two of them can answer a question differently.

- ``programme``: categories and their priority, school levels and classes, survey rounds,
  deadlines, age;
- ``holdings``: who holds each device now, where each student stands (replacement due, supported
  once), from the handover and return events;
- ``needs``: the current need of a student and how its status moves with reviews and handovers;
- ``eligibility``: who may receive a device now (and why not);
- ``identifiers``: citizen ID, IMEI and mobile number checks;
- ``receivers``: who may receive a device for a student (from the code list);
- ``figures``: the school's figures (dashboard, ``songmay info``) from the rules above.
"""
