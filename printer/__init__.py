"""Ticket layout (Pillow) and ESC/POS output behind an interface, with a fake (the printing issue)."""
