"""Time-ordered identifiers.

Records get UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then a counter and
random bits, so that ids created later sort later and storage indexes stay sequential.
Within one millisecond the counter keeps ids of this process strictly increasing.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["new_id"]

_lock = threading.Lock()
_last_ms = 0
_counter = 0
# Random bytes are read from the OS a page at a time (one system call per 512 ids
# instead of one per id); a forked child starts with none of its parent's.
_RANDOM_PAGE = 4096
_random = b""
_taken = 0


def _forget_random() -> None:
    global _random, _taken
    _random, _taken = b"", 0


if hasattr(os, "register_at_fork"):  # pragma: no branch - every POSIX Python has it
    os.register_at_fork(after_in_child=_forget_random)


def new_id() -> str:
    """Return a new UUIDv7 as a 36-character lower-case string.

    Ids from one process are strictly increasing, even within one millisecond.
    """
    global _last_ms, _counter, _random, _taken
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
        if _taken + 8 > len(_random):
            _random, _taken = os.urandom(_RANDOM_PAGE), 0
        rand = int.from_bytes(_random[_taken : _taken + 8], "big") & ((1 << 62) - 1)
        _taken += 8
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
