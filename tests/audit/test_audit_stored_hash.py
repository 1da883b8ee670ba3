"""The verification's direct hash of a stored record equals the chain's definition."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.audit.chain import GENESIS, digest, entry_digest, record_hash, stored_hash
from backoffice_core.audit.models import AuditRecord

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

    @given(entry_id=st.text(max_size=60), fingerprint=st.text(max_size=70))
    def test_entry_digest_equals_digest_of_the_state(self, entry_id: str, fingerprint: str) -> None:
        """entry_digest is digest() of {"id", "fingerprint"}, for any text."""
        state = {"id": entry_id, "fingerprint": fingerprint}
        assert entry_digest(entry_id, fingerprint) == digest(state)
