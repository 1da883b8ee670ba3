"""Time-ordered identifiers.

Records get UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then a counter and
random bits, so that ids created later sort later and storage indexes stay sequential.
Within one millisecond the counter keeps ids of this process strictly increasing.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

__all__ = ["new_id"]

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_id() -> str:
    """Return a new UUIDv7 as a 36-character lower-case string.

    Ids from one process are strictly increasing, even within one millisecond.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x1FF
        else:
            # Clock did not advance (or went back): keep ordering with the counter.
            _counter += 1
            if _counter > 0xFFF:
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return str(uuid.UUID(int=value))
