"""The full-text part of the record-store contract: what ``Records.search`` does everywhere.

:class:`SearchContract` is mixed into
:class:`~backoffice_core.testing.records_contract.RecordsContract`, so every backend
that runs the record-store suite runs these tests too. They store :data:`NOTE` records
(a title, an optional body and a tuple of tags declared as ``text``) and check ranking,
AND semantics, prefixes, accents and case, filters, pages, the index following writes
and rollbacks, hostile queries and entity isolation, through the public port only.
Queries avoid Indonesian affixes, so stemming on PostgreSQL does not change a result.
"""

from __future__ import annotations

import abc

from pydantic import BaseModel, ConfigDict

from backoffice_core.errors import InvalidInputError
from backoffice_core.records import Kind, OneOf, Prefix, Range, Records, Where
from backoffice_core.storage import Backend

__all__ = ["NOTE", "Note", "SearchContract"]


class Note(BaseModel):
    """A sample searchable record: its text fields are a title, a body and tags."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    body: str | None = None
    tags: tuple[str, ...] = ()
    topic: str = "general"
    rank: int = 0


NOTE: Kind[Note] = Kind(
    "contract.note",
    Note,
    key=lambda n: n.id,
    indexed=("topic", "rank"),
    text=("title", "body", "tags"),
)
"""The searchable sample kind."""

HOSTILE = (
    '"',
    "*",
    "-",
    ":",
    "'",
    "NEAR",
    "NEAR(pajak kantor)",
    "pajak OR gaji",
    "NOT pajak",
    "-pajak",
    "title:pajak",
    "pajak^2",
    '"pajak',
    "pajak AND",
    "(pajak",
    "{pajak}",
    "pajak & !gaji",
    "pajak:* | gaji",
    "'); DROP TABLE rec_contract_note; --",
    "%s %(x)s ?",
    "pajak\x00kantor",
    "\\",
    "\x00",
    "****",
)
"""Queries that must reach no engine as syntax: each gives a page or InvalidInputError."""


class SearchContract(abc.ABC):
    """The ``Records.search`` contract tests (mixed into ``RecordsContract``)."""

    backend: Backend

    def notes(self, entity: str = "PT Contract") -> Records[Note]:
        """Return the note store of ``entity``."""
        return self.backend.records(NOTE, entity, actor="rina")

    def add_notes(self, *notes: Note, entity: str = "PT Contract") -> None:
        """Add ``notes`` in one transaction."""
        with self.backend.transaction():
            self.notes(entity).add(list(notes))

    def keys(self, query: str, where: Where | None = None, limit: int = 20) -> list[str]:
        """Return the keys of the first page of ``query``."""
        return [s.key for s in self.notes().search(query, where, limit=limit)]

    def test_search_ranks_the_best_match_first(self) -> None:
        """A record holding the word more often ranks above one holding it once."""
        self.add_notes(
            Note(id="a", title="kantor sewa laporan tahunan", body="pajak"),
            Note(id="b", title="pajak pajak pajak"),
            Note(id="c", title="gaji karyawan"),
        )
        assert self.keys("pajak") == ["b", "a"]

    def test_search_breaks_ties_by_key(self) -> None:
        """Records that match equally come back in key order."""
        self.add_notes(*(Note(id=k, title="sewa ruang kantor") for k in ("n3", "n1", "n2")))
        assert self.keys("sewa") == ["n1", "n2", "n3"]

    def test_every_word_must_match(self) -> None:
        """A record is found only when it holds every word of the query."""
        self.add_notes(
            Note(id="both", title="pajak kantor"),
            Note(id="one", title="pajak gudang"),
            Note(id="other", title="kantor cabang"),
        )
        assert self.keys("pajak kantor") == ["both"]
        assert self.keys("kantor pajak") == ["both"]
        assert self.keys("pajak kantor gaji") == []

    def test_a_trailing_star_matches_a_prefix(self) -> None:
        """``word*`` matches words that start with it; ``word`` alone must match whole."""
        self.add_notes(Note(id="inv", title="invoice supplier"), Note(id="x", title="inventory"))
        assert self.keys("invoi*") == ["inv"]
        assert sorted(self.keys("inv*")) == ["inv", "x"]
        assert self.keys("invoi") == []

    def test_case_and_accents_do_not_matter(self) -> None:
        """Latin words match whatever their case and accents, composed or not."""
        self.add_notes(Note(id="cafe", title="Café CRÈME", tags=("Über",)))
        for query in ("cafe creme", "CAFÉ", "cafe\u0301", "über", "UBER", "Crème*"):
            assert self.keys(query) == ["cafe"], query

    def test_every_text_field_is_searched(self) -> None:
        """Words are found in each declared field: a string, an optional one and a tuple."""
        self.add_notes(
            Note(id="t", title="surat kontrak"),
            Note(id="b", title="lain", body="surat edaran"),
            Note(id="g", title="lain", tags=("arsip", "surat")),
            Note(id="n", title="kosong", body=None),
        )
        assert sorted(self.keys("surat")) == ["b", "g", "t"]
        assert self.keys("arsip") == ["g"]

    def test_filters_combine_with_the_text(self) -> None:
        """``where`` takes find's filters and narrows the text matches."""
        self.add_notes(
            *(
                Note(id=f"k{i}", title="laporan pajak", topic=("tax", "hr")[i % 2], rank=i)
                for i in range(10)
            ),
            Note(id="z", title="laporan gaji", topic="tax"),
        )
        assert self.keys("pajak", where={"topic": "tax"}) == ["k0", "k2", "k4", "k6", "k8"]
        assert self.keys("laporan", where={"rank": Range(3, 5)}) == ["k3", "k4", "k5"]
        assert self.keys("pajak", where={"topic": OneOf("hr"), "key": Prefix("k1")}) == ["k1"]
        assert self.keys("gaji", where={"topic": "hr"}) == []

    def test_pages_follow_the_cursor(self) -> None:
        """Pages of a search chain through next_cursor, in the order of one big page."""
        self.add_notes(*(Note(id=f"p{i:02d}", title="arsip " * (1 + i % 3)) for i in range(25)))
        whole = self.keys("arsip", limit=100)
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            page = self.notes().search("arsip", limit=10, cursor=cursor)
            seen += [s.key for s in page]
            pages += 1
            cursor = page.next_cursor
            if cursor is None:
                break
        assert (pages, len(whole)) == (3, 25)
        assert seen == whole

    def test_a_foreign_or_altered_cursor_is_refused(self) -> None:
        """A cursor of another search, of find(), or altered, raises InvalidInputError."""
        self.add_notes(*(Note(id=f"c{i}", title="arsip surat") for i in range(3)))
        cursor = self.notes().search("arsip", limit=1).next_cursor
        found = self.notes().find(limit=1).next_cursor
        assert cursor is not None
        assert found is not None
        bad = [found, cursor[:-4], "x", "", "!!!", cursor.upper(), 42]
        for attempt in bad:
            try:
                self.notes().search("arsip", cursor=attempt)  # type: ignore[arg-type]
            except InvalidInputError:
                pass
            else:
                raise AssertionError(f"cursor {attempt!r} was accepted")
        for other in (("surat", None), ("arsip", {"topic": "x"})):
            try:
                self.notes().search(other[0], where=other[1], cursor=cursor)
            except InvalidInputError:
                continue
            raise AssertionError(f"a cursor of 'arsip' was accepted by {other!r}")

    def test_the_index_follows_replace(self) -> None:
        """After a replace, the new words are found and the old ones no longer."""
        self.add_notes(Note(id="r", title="draf kontrak"))
        with self.backend.transaction():
            self.notes().replace(Note(id="r", title="kontrak final"), expected_version=1)
        assert self.keys("final") == ["r"]
        assert self.keys("draf") == []
        assert self.keys("kontrak") == ["r"]

    def test_the_index_follows_replace_many(self) -> None:
        """After a replace_many, every record's new words are found and its old ones no longer."""
        self.add_notes(*(Note(id=f"m{i}", title=f"draf nomor{i}") for i in range(30)))
        with self.backend.transaction():
            self.notes().replace_many(
                [(Note(id=f"m{i}", title=f"final nomor{i}"), 1) for i in range(30)]
            )
        assert self.keys("draf") == []
        assert sorted(self.keys("final", limit=50)) == sorted(f"m{i}" for i in range(30))
        assert self.keys("final nomor7") == ["m7"]

    def test_a_rolled_back_write_is_not_found(self) -> None:
        """Words of a rolled-back add or replace are not found afterwards."""
        self.add_notes(Note(id="kept", title="anggaran"))
        try:
            with self.backend.transaction():
                self.notes().add([Note(id="gone", title="hilang")])
                self.notes().replace(Note(id="kept", title="lenyap"), expected_version=1)
                assert self.keys("hilang") == ["gone"]  # the open transaction sees its own
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
        assert self.keys("hilang") == []
        assert self.keys("lenyap") == []
        assert self.keys("anggaran") == ["kept"]

    def test_hostile_queries_are_plain_words(self) -> None:
        """Search syntax, quotes, NUL and SQL in a query are words or refused, never run."""
        self.add_notes(
            Note(id="sql", title="robert drop table students"),
            Note(id="tax", title="pajak kantor near title"),
        )
        for query in HOSTILE:
            try:
                self.notes().search(query)
            except InvalidInputError:
                continue
        assert self.keys("'); DROP TABLE rec_contract_note; --") == []
        assert self.keys("Robert'); DROP TABLE students; --") == ["sql"]
        assert self.keys("NEAR") == ["tax"]
        assert self.keys("title:pajak") == ["tax"]
        assert self.keys("pajak\x00kantor") == ["tax"]
        assert self.keys("pajak OR gaji") == []
        assert self.notes().count() == 2

    def test_queries_without_words_are_refused(self) -> None:
        """An empty, blank, wordless, too long or non-string query raises InvalidInputError."""
        self.add_notes(Note(id="a", title="arsip"))
        for query in ("", "   ", "*", '"', "-", ":", "\x00", "x" * 1001, "arsip " * 2000, None):
            try:
                self.notes().search(query)  # type: ignore[arg-type]
            except InvalidInputError:
                continue
            raise AssertionError(f"query {query!r} was accepted")
        assert self.keys("arsip " * 150) == ["a"]

    def test_bad_limits_are_refused(self) -> None:
        """A limit that is not an integer from 1 to 1000 raises InvalidInputError."""
        self.add_notes(Note(id="a", title="arsip"))
        for limit in (0, -1, 1001, True, 2.5, None):
            try:
                self.notes().search("arsip", limit=limit)  # type: ignore[arg-type]
            except InvalidInputError:
                continue
            raise AssertionError(f"limit {limit!r} was accepted")

    def test_a_kind_without_text_cannot_be_searched(self) -> None:
        """Searching a kind that declares no text fields says to declare text=(...)."""
        plain = Kind("contract.plain", Note, key=lambda n: n.id)
        message = ""
        try:
            self.backend.records(plain, "PT Contract").search("arsip")
        except InvalidInputError as exc:
            message = str(exc)
        assert "declare text=(" in message, "a kind without text was searched"

    def test_another_entity_s_records_are_never_found(self) -> None:
        """A search returns only its own entity's records, whatever the other one holds."""
        self.add_notes(Note(id="mine", title="rahasia dagang"))
        self.add_notes(
            *(Note(id=f"o{i}", title="rahasia rahasia dagang") for i in range(5)),
            entity="PT Other",
        )
        assert self.keys("rahasia") == ["mine"]
        assert self.keys("rahasia", where={"key": Prefix("o")}) == []
        assert [s.key for s in self.notes("PT Third").search("rahasia")] == []

    def test_nul_and_escapes_in_stored_text_are_indexed(self) -> None:
        """Text holding NUL, backslashes and quotes is stored, and its words are found."""
        odd = Note(id="odd", title="awal\x00akhir back\\u0000slash \"kutip\" 'satu'")
        self.add_notes(odd)
        for query in ("awal", "akhir", "u0000slash", "kutip", "satu"):
            assert self.keys(query) == ["odd"], query
        stored = self.notes().get("odd")
        assert stored is not None
        assert stored.record == odd
