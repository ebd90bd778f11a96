"""Voice announcements in the app (issue 5): the feed names each call's WAV (service), the
board fetches it (routes) and plays it (board/static/announcer.js), `qabyldau voices build`
renders the pack (cli). The speech itself is the voices/ library.

Nothing is imported here: `qabyldau` loads the cli module for every command, and the rest
loads num2words and the espeak adapter."""
