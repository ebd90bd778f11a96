"""The waiting-hall display board: its routes, templates and static files."""
