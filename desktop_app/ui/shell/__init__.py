"""The frame around the features: start-up (app), the main window and its sections, the
interface languages, the overview placeholder, and the screenshot tool."""
