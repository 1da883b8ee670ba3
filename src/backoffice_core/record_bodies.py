"""How a record is written down: its canonical JSON body and the digests of writes.

Stored bodies are compared byte for byte (an identical replay is skipped, the audit
chain digests every record written), so :func:`body_json` always gives the same text
for the same record; :func:`batch_state` is the audit state of one write call.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from backoffice_core.records import Kind

__all__ = ["batch_state", "body_digest", "body_json"]


def _canonical_json(data: Any) -> str:
    """The reference form of a stored body: what :func:`body_json` must always equal."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _body_encoder() -> Callable[[Any], str]:
    """Return the fastest encoder that writes exactly :func:`_canonical_json`'s text.

    ``json.dumps`` builds an encoder object (and the C encoder under it) on every call,
    which costs as much as encoding a small record; one C encoder with the same
    settings, built once, gives the same text. It is checked against ``json.dumps`` on
    a sample here, and any interpreter whose C encoder is missing or differs keeps a
    reused ``JSONEncoder`` (same text, a little slower).
    """
    settings = json.JSONEncoder(
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
    )
    fallback: Callable[[Any], str] = settings.encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return fallback
    try:
        c_encode = make(
            None,  # no circularity markers: a model dump holds no cycles
            settings.default,
            json.encoder.encode_basestring,  # ensure_ascii=False
            None,  # indent
            settings.key_separator,
            settings.item_separator,
            settings.sort_keys,
            settings.skipkeys,
            settings.allow_nan,
        )

        def encode(data: Any) -> str:
            return "".join(c_encode(data, 0))

        sample = {"z": [1, 2.5, None, True], "a": {"é": '\u2028"x"\n', "b": "-0.10"}, "m": ""}
        if encode(sample) != _canonical_json(sample) or encode("s") != _canonical_json("s"):
            return fallback  # pragma: no cover - a C encoder with other rules
    except (TypeError, ValueError):  # pragma: no cover - another signature
        return fallback
    return encode


_encode_body = _body_encoder()


def body_json(record: BaseModel) -> str:
    """Return the canonical JSON a record is stored as (sorted keys, compact, UTF-8 text).

    The text is exactly ``json.dumps(record.model_dump(mode="json"), sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)``: stored bodies are compared byte for
    byte (idempotent replays, audit digests), so the form never changes.
    """
    return _encode_body(record.model_dump(mode="json"))


def body_digest(key: str, version: int, body: str) -> str:
    """Return the SHA-256 of one stored record (key, version and body)."""
    return hashlib.sha256(f"{key}\t{version}\t{body}".encode()).hexdigest()


def batch_state(kind: Kind[Any], written: Iterable[tuple[str, int, str]]) -> dict[str, Any]:
    """Return the audit state of one write call: a digest over every record it wrote.

    Args:
        kind: The kind written.
        written: ``(key, version, body)`` of each record, in the order written.
    """
    outer = hashlib.sha256()
    count = 0
    for key, version, body in written:
        outer.update(body_digest(key, version, body).encode())
        count += 1
    return {"kind": kind.name, "count": count, "digest": outer.hexdigest()}
