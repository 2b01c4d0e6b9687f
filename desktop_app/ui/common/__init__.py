"""What every feature of the window shares: long work off the GUI thread (jobs), the one error
dialog, small widgets, table-model and list-page patterns, forms made from a template."""
