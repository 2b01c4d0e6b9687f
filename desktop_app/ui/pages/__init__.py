"""The pages of the main window's sections, one module per page (see ``main_window.PAGES``)."""
