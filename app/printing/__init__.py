"""Printing tickets from the application: which printer serves a kiosk or a desk, the print
spooler (a durable `print_job` queue worked after commit by background threads), what a
printed ticket says, and the staff's view of the printers (the kiosk issue).

The drawing and the ESC/POS bytes are the `printer` library's; this package decides what
is printed, where, when and how often.
"""
