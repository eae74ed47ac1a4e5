"""The ledger of claimed copies: SQLite in WAL mode, shared by every kiosk of an exhibition.

A claim takes the database's write lock (``BEGIN IMMEDIATE``) before it reads the last
serial, so two kiosks, or two processes, can never hand out the same number; a sold-out
edition is refused inside the same lock. Every row carries the hash of the row before it (a
chain from a fixed start), and the chain's head is kept beside it, so ``audit`` finds a
changed, deleted, inserted or reordered row and names the first one. A damaged database is
never written to or replaced: the error names it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.collection.certificate import CollectionError, Refused, SignedCertificate, verify

__all__ = ["GENESIS", "AuditReport", "Claim", "ClaimRefused", "Ledger", "RefusalKind"]

GENESIS = "0" * 64  # the hash before the first row
RefusalKind = Literal["sold-out", "not-open", "closed", "not-collectible"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS claims (
    row INTEGER PRIMARY KEY,
    exhibit TEXT NOT NULL,
    serial INTEGER NOT NULL,
    certificate TEXT NOT NULL,
    previous TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (exhibit, serial)
);
CREATE TABLE IF NOT EXISTS head (one INTEGER PRIMARY KEY CHECK (one = 1), hash TEXT, rows INTEGER);
"""


class ClaimRefused(CollectionError):
    """A claim that cannot be granted: sold out, not yet open, closed, not collectible."""

    def __init__(self, kind: RefusalKind, message: str) -> None:
        super().__init__(message)
        self.kind: RefusalKind = kind


@dataclass(frozen=True)
class Claim:
    signed: SignedCertificate
    row: int  # its place in the ledger


@dataclass
class AuditReport:
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad: int | None = None  # the first row that fails, if any

    @property
    def ok(self) -> bool:
        return not self.problems


def chain_hash(previous: str, certificate: str) -> str:
    return hashlib.sha256(f"{previous}\n{certificate}".encode()).hexdigest()


class Ledger:
    """One exhibition's claims, in the SQLite file at ``path`` (made on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise CollectionError(
                f"{self.path}: the collection database cannot be opened ({exc})"
            ) from exc
        try:
            connection.execute("PRAGMA busy_timeout = 60000")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(_SCHEMA)
            yield connection
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise CollectionError(
                    f"{self.path}: the collection database is busy; try again"
                ) from exc
            raise CollectionError(
                f"{self.path}: the collection database is damaged ({exc}); it was left "
                "untouched: keep it, and restore the last backup to go on claiming"
            ) from exc
        finally:
            connection.close()

    def issued(self, exhibit: str) -> int:
        """How many copies of ``exhibit`` have been claimed."""
        with self._connection() as db:
            row = db.execute("SELECT COUNT(*) FROM claims WHERE exhibit = ?", (exhibit,)).fetchone()
        return int(row[0])

    def claim(self, exhibit: str, edition: int, make: Callable[[int], SignedCertificate]) -> Claim:
        """The next copy of ``exhibit``: ``make(serial)`` signs its certificate inside the
        write lock; refused (ClaimRefused) when all ``edition`` copies are gone."""
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                (last,) = db.execute(
                    "SELECT COALESCE(MAX(serial), 0) FROM claims WHERE exhibit = ?", (exhibit,)
                ).fetchone()
                if last >= edition:
                    raise ClaimRefused(
                        "sold-out", f"all {edition} copies of '{exhibit}' have been collected"
                    )
                signed = make(int(last) + 1)
                if signed.certificate.serial != last + 1 or signed.certificate.exhibit != exhibit:
                    raise CollectionError("the certificate does not match the claim")
                head = db.execute("SELECT hash, rows FROM head WHERE one = 1").fetchone()
                previous, rows = (head[0], head[1]) if head else (GENESIS, 0)
                text = signed.text()
                digest = chain_hash(previous, text)
                cursor = db.execute(
                    "INSERT INTO claims (exhibit, serial, certificate, previous, hash) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (exhibit, last + 1, text, previous, digest),
                )
                db.execute(
                    "INSERT OR REPLACE INTO head (one, hash, rows) VALUES (1, ?, ?)",
                    (digest, rows + 1),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return Claim(signed, int(cursor.lastrowid or 0))

    def certificates(self) -> list[SignedCertificate]:
        """Every claimed copy, in the order claimed."""
        with self._connection() as db:
            rows = db.execute("SELECT certificate FROM claims ORDER BY row").fetchall()
        return [SignedCertificate.from_text(text) for (text,) in rows]

    def audit(self, public_key: str, editions: dict[str, int]) -> AuditReport:
        """Re-check the chain, every signature (against the exhibition's ``public_key``)
        and every serial (within ``editions``); the report names the first bad row."""
        report = AuditReport()
        with self._connection() as db:
            rows = db.execute(
                "SELECT row, exhibit, serial, certificate, previous, hash FROM claims ORDER BY row"
            ).fetchall()
            head = db.execute("SELECT hash, rows FROM head WHERE one = 1").fetchone()
        previous = GENESIS
        for place, (row, exhibit, serial, text, stored_previous, digest) in enumerate(rows, 1):
            problem = _row_problem(text, exhibit, serial, previous, stored_previous, digest,
                                   public_key, editions)  # fmt: skip
            if problem is not None:
                report.problems.append(f"row {place} (id {row}): {problem}")
                if report.first_bad is None:
                    report.first_bad = place
            previous = digest
        report.rows = len(rows)
        expected = (previous, len(rows)) if rows else None
        stored = (head[0], head[1]) if head else None
        if stored != expected and not (stored is None and expected is None):
            report.problems.append(
                "the ledger's end does not match its head: rows were deleted from the end "
                f"or added without a claim (head says {stored[1] if stored else 0} rows, "
                f"{len(rows)} found)"
            )
            if report.first_bad is None:
                report.first_bad = len(rows) + 1
        return report


def _row_problem(
    text: str, exhibit: str, serial: int, previous: str, stored_previous: str, digest: str,
    public_key: str, editions: dict[str, int],
) -> str | None:  # fmt: skip
    if stored_previous != previous:
        return "it does not follow the row before it (a row was deleted, inserted or moved)"
    if chain_hash(previous, text) != digest:
        return "its contents do not match its hash (the row was changed)"
    try:
        signed = SignedCertificate.from_text(text)
    except CollectionError as exc:
        return str(exc)
    verdict = verify(signed, {public_key})
    if isinstance(verdict, Refused):
        return verdict.reason
    cert = signed.certificate
    if cert.exhibit != exhibit or cert.serial != serial:
        return "its certificate is for another copy than the row says"
    edition = editions.get(exhibit)
    if edition is None:
        return f"'{exhibit}' is not collectible in this exhibition"
    if serial > edition or cert.edition != edition:
        return f"serial {serial} of {cert.edition} does not fit the edition of {edition}"
    return None
