"""The verification's direct hash of a stored record equals the chain's definition."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.audit.chain import GENESIS, record_hash, stored_hash
from backoffice_core.audit.models import AuditRecord
from backoffice_core.record_bodies import canonical_text

texts = st.text(max_size=40)
instants = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
)


class TestStoredHash:
    @given(
        seq=st.integers(min_value=1, max_value=2**62),
        entity=texts,
        actor=texts,
        at=instants,
        action=texts,
        subject=texts,
        digest=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    )
    def test_equals_record_hash_of_the_fields(
        self, seq: int, entity: str, actor: str, at: datetime, action: str, subject: str,
        digest: str,
    ) -> None:  # fmt: skip
        """stored_hash(r) is record_hash over every field but the hash, for any text."""
        record = AuditRecord(
            seq=seq, entity=entity, actor=actor, at=at, action=action, subject=subject,
            digest=digest, prev_hash=GENESIS, hash=GENESIS,
        )  # fmt: skip
        assert stored_hash(record) == record_hash(record.model_dump(exclude={"hash"}))

    def test_canonical_text_is_the_sorted_compact_form(self) -> None:
        """The shared encoder writes what json.dumps writes with the canonical settings."""
        data = {"b": [1, None, 2.5], "a": 'é\u2028"x\n', "c": {"z": True, "y": ""}}
        expected = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert (
            canonical_text(data)
            == expected
            == '{"a":"é\u2028\\"x\\n","b":[1,null,2.5],"c":{"y":"","z":true}}'
        )
