"""The centre's rules: pure Python, no framework, no I/O. Every clock reading is passed in."""
