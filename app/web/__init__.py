"""Server-rendered screens: Jinja2 templates whose htmx fragments are blocks of the same page."""
