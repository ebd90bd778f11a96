"""The lobby touchscreen kiosk: its routes, templates and static files (the kiosk issue)."""
