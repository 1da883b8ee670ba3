"""Full-text indexes on SQL: layout digests, upgrading a kind that gains text, least privilege."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlstore_helpers import application_role

from backoffice_core.errors import MigrationError
from backoffice_core.records import Kind
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.storage.sql.dialect import PostgresDialect, SQLiteDialect
from backoffice_core.storage.sql.grants import application_grants
from backoffice_core.storage.sql.record_schema import kind_digest, stored_digest
from backoffice_core.testing.records_contract import EVENT, SAMPLE
from backoffice_core.testing.search_contract import NOTE, Note

# The layouts of kinds without text, as they were before full text existed.
# ruff: noqa: E501 - a digest is one token; cutting it would hide which one changed
PINNED = {
    ("contract.sample", "sqlite"): "78417dbedd5d99de943d9a370878fd5ce545e2a268b5d0f6717a4aba2e5722e5",
    ("contract.sample", "postgresql"): "5cefed35725c47a18dd00fbe01ce2f2e7959299eba4fa2840794dffd79effedc",
    ("contract.event", "sqlite"): "413634998e5e211168b8bb818a4bba85eba0f2028a3f8b08ec837a7391835191",
    ("contract.event", "postgresql"): "10f26bf846c5698dbe8759f755e3091b9a31d809cf50e3fa1b053ffc0c2ba76b",
}  # fmt: skip

PLAIN_NOTE = Kind("contract.note", Note, key=lambda n: n.id, indexed=("topic", "rank"))
"""The note kind as it was declared before it had text fields."""


def dialects() -> list[SQLiteDialect | PostgresDialect]:
    """One dialect object of each SQL database."""
    return [SQLiteDialect(), PostgresDialect(psycopg.Error)]


def keys(backend: SQLBackend, query: str, entity: str = "PT A") -> list[str]:
    """Return the keys a search of NOTE finds."""
    return [s.key for s in backend.records(NOTE, entity).search(query, limit=100)]


class TestTextLayout:
    def test_kinds_without_text_keep_their_digest(self) -> None:
        """Full text changes nothing in the layout of a kind that declares no text."""
        for dialect in dialects():
            for kind in (SAMPLE, EVENT):
                assert kind_digest(kind, dialect) == PINNED[(kind.name, dialect.name)]

    def test_declaring_text_changes_the_digest(self) -> None:
        """A kind with text has another layout than the same kind without it."""
        for dialect in dialects():
            assert kind_digest(NOTE, dialect) != kind_digest(PLAIN_NOTE, dialect)

    def test_the_postgres_index_follows_the_server_configuration(self) -> None:
        """The text search configuration is part of the PostgreSQL layout."""
        simple, indonesian = PostgresDialect(psycopg.Error), PostgresDialect(psycopg.Error)
        indonesian.text_config = "indonesian"
        assert kind_digest(NOTE, simple) != kind_digest(NOTE, indonesian)


class TestTextUpgrade:
    def test_a_kind_that_gains_text_is_indexed_with_its_rows(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """Opening a stored kind that now declares text indexes the rows already there."""
        old = open_sql()
        with old.transaction():
            old.records(PLAIN_NOTE, "PT A").add(
                [Note(id="n1", title="kontrak sewa"), Note(id="n2", title="surat kuasa")]
            )
            old.records(PLAIN_NOTE, "PT B").add([Note(id="n1", title="kontrak lain")])
        old.close()
        new = open_sql()
        assert keys(new, "kontrak") == ["n1"]
        assert keys(new, "kontrak", entity="PT B") == ["n1"]
        with new.transaction():
            store = new.records(NOTE, "PT A")
            store.add([Note(id="n3", title="kontrak kerja")])
            store.replace(Note(id="n2", title="surat tugas"), expected_version=1)
        assert sorted(keys(new, "kontrak")) == ["n1", "n3"]
        assert (keys(new, "kuasa"), keys(new, "tugas")) == ([], ["n2"])
        with new.session("PT A") as session:
            assert stored_digest(session, NOTE) == kind_digest(NOTE, new.dialect)

    def test_the_upgrade_happens_once(self, open_sql: Callable[..., SQLBackend]) -> None:
        """A second backend opening the upgraded kind finds it current and indexes nothing twice."""
        first = open_sql()
        first.ensure_kind(PLAIN_NOTE)
        with first.transaction():
            first.records(PLAIN_NOTE, "PT A").add([Note(id="n1", title="arsip")])
        first.ensure_kind(NOTE)
        second = open_sql()
        second.ensure_kind(NOTE)
        assert keys(second, "arsip") == ["n1"]
        with second.transaction():
            second.records(NOTE, "PT A").replace(Note(id="n1", title="lain"), expected_version=1)
        assert keys(second, "arsip") == []

    def test_other_text_changes_are_refused(self, open_sql: Callable[..., SQLBackend]) -> None:
        """A kind whose text fields change after its index exists raises MigrationError."""
        backend = open_sql()
        backend.ensure_kind(NOTE)
        narrower = Kind(
            "contract.note", Note, key=lambda n: n.id, indexed=("topic", "rank"), text=("title",)
        )
        for changed in (narrower, PLAIN_NOTE):
            with pytest.raises(MigrationError, match="another layout"):
                open_sql().ensure_kind(changed)


@pytest.fixture
def least_url(postgres_url: str) -> Iterator[str]:
    """A database with NOTE's table, reached as a role holding only the library's grants.

    EXECUTE on functions is first taken from PUBLIC, so the role has only what
    ``application_grants`` gives it.
    """
    from backoffice_core.storage.sql.postgres import PostgresBackend

    with PostgresBackend(postgres_url, max_size=2) as admin:
        admin.ensure_kind(NOTE)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("REVOKE EXECUTE ON FUNCTION backoffice_text(text, text[]) FROM PUBLIC")
    with application_role(postgres_url, lambda role: application_grants(role, kinds=[NOTE])) as url:
        yield url


@pytest.mark.postgres
class TestTextUnderLeastPrivilege:
    def test_the_application_role_writes_and_searches(self, least_url: str) -> None:
        """A role with only the library's grants adds, replaces and searches text records."""
        from backoffice_core.storage.sql.postgres import PostgresBackend

        with PostgresBackend(least_url, max_size=2) as backend:
            for entity in ("PT Satu", "PT Dua"):
                with backend.transaction():
                    backend.records(NOTE, entity).add(
                        [Note(id=f"{entity}-1", title="rahasia dagang")]
                    )
            with backend.transaction():
                backend.records(NOTE, "PT Satu").replace(
                    Note(id="PT Satu-1", title="rahasia pabrik"), expected_version=1
                )
            assert keys(backend, "pabrik", entity="PT Satu") == ["PT Satu-1"]
            assert keys(backend, "rahasia", entity="PT Dua") == ["PT Dua-1"]

    def test_raw_text_queries_see_only_the_session_entity(self, least_url: str) -> None:
        """Row-level security confines raw full-text matches to the session's entity."""
        from backoffice_core.storage.sql.postgres import PostgresBackend

        with PostgresBackend(least_url, max_size=2) as backend:
            for entity in ("PT Satu", "PT Dua"):
                with backend.transaction():
                    backend.records(NOTE, entity).add([Note(id="n1", title="rahasia")])
        query = (
            "SELECT entity FROM rec_contract_note "
            "WHERE text_vector @@ to_tsquery('simple', 'rahasia')"
        )
        with psycopg.connect(least_url) as conn:
            assert conn.execute(query).fetchall() == []
            conn.execute("SELECT set_config('backoffice.entity', 'PT Dua', false)")
            assert conn.execute(query).fetchall() == [("PT Dua",)]


class TestStemming:
    def test_postgres_stems_indonesian_where_the_server_can(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """Under the indonesian configuration affixed forms of one root find each other."""
        backend = open_sql()
        with backend.transaction():
            backend.records(NOTE, "PT A").add(
                [Note(id="n1", title="Pembayaran sewa"), Note(id="n2", title="sudah dibayar")]
            )
        stems = backend.dialect.name == "postgresql" and backend.dialect.text_config == "indonesian"
        assert sorted(keys(backend, "bayar")) == (["n1", "n2"] if stems else [])
        assert sorted(keys(backend, "pembayaran")) == (["n1", "n2"] if stems else ["n1"])
