"""Handover and receipt minutes (biên bản) as data: HTML filled from the database into a template
file that a school may edit without touching code.

- ``template``: the bundled templates ``resources/minutes/{handover,receipt}.html`` (or a school's
  own copy in ``user_template_dir()``), their ``${name}`` fields and the repeated ``devices``
  block, refused with the file, line and field named when they cannot be used;
- ``values``: what fills them (header, place and date in words, a device's row);
- ``handover``: one set of minutes per student who received a device;
- ``receipt``: the minutes of a donation batch received.

No Qt here: ``desktop_app.printing`` lays the HTML out on paper.
"""

from desktop_app.core.minutes.handover import handover_minutes
from desktop_app.core.minutes.receipt import receipt_minutes
from desktop_app.core.minutes.template import (
    BLOCKS,
    DEVICE_FIELDS,
    FIELDS,
    KINDS,
    MinutesDocument,
    MinutesTemplate,
    MinutesTemplateError,
    load_minutes_template,
    template_path,
    user_template_dir,
)
from desktop_app.core.minutes.values import BLANK, SHORT_BLANK, date_words, device_spec, place_name

__all__ = [
    "BLANK",
    "BLOCKS",
    "DEVICE_FIELDS",
    "FIELDS",
    "KINDS",
    "SHORT_BLANK",
    "MinutesDocument",
    "MinutesTemplate",
    "MinutesTemplateError",
    "date_words",
    "device_spec",
    "handover_minutes",
    "load_minutes_template",
    "place_name",
    "receipt_minutes",
    "template_path",
    "user_template_dir",
]
