"""For tests and benchmarks, never for the centre: a TCP printer emulator on 127.0.0.1 that
records jobs and answers status requests (emulator), a decoder of the ESC/POS bytes a printer
received back into images (decode), and sample tickets in three languages (samples)."""
