"""Write board/static/chime.wav: the two-note "ding-dong" the board plays before each call.

    python scripts/make_chime.py

Generated rather than downloaded so its licence is ours and it can be remade. Same format as
the announcements (22,050 Hz mono 16-bit), so the board's one audio element never switches
format; two notes of a falling major third with a bell-like overtone and a soft attack (a
hard start clicks on hall loudspeakers), well under a second so a burst of calls is not slowed.
"""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

RATE = 22_050
OUT = Path(__file__).resolve().parents[1] / "board" / "static" / "chime.wav"
NOTES = ((0.00, 880.0), (0.30, 698.46))  # (start in s, Hz): A5 then F5
LENGTH = 0.95  # s
DECAY = 4.5  # 1/s: each note fades by ~e^-2 over its ring
ATTACK = 0.006  # s


def sample(t: float) -> float:
    value = 0.0
    for start, hertz in NOTES:
        dt = t - start
        if dt < 0:
            continue
        envelope = min(1.0, dt / ATTACK) * math.exp(-DECAY * dt)
        tone = math.sin(2 * math.pi * hertz * dt) + 0.35 * math.sin(2 * math.pi * 2.76 * hertz * dt)
        value += envelope * tone
    return value


def main() -> None:
    count = int(RATE * LENGTH)
    raw = [sample(i / RATE) for i in range(count)]
    fade = int(RATE * 0.05)  # end at exactly zero: no click when the element stops
    for i in range(fade):
        raw[count - fade + i] *= 1 - i / fade
    peak = max(abs(v) for v in raw)
    samples = array("h", (round(v / peak * 0.6 * 32767) for v in raw))
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    print(f"{OUT}: {LENGTH:.2f} s, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
