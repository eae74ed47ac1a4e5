"""Local visit analytics in a small SQLite file: sessions, stops reached, exhibits opened and
how long they were looked at. Nothing leaves the machine."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import VitrineError

__all__ = ["Analytics", "AnalyticsUnreadable", "Summary", "summarise"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY, started REAL NOT NULL, ended REAL, language TEXT);
CREATE TABLE IF NOT EXISTS events (
    session INTEGER NOT NULL REFERENCES sessions(id), at REAL NOT NULL, kind TEXT NOT NULL,
    value TEXT, seconds REAL);
CREATE INDEX IF NOT EXISTS events_session ON events(session);
"""


class Analytics:
    """Records one kiosk's visits (one writer; every call commits)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.clock = clock
        self.moved_aside: Path | None = None
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError as exc:  # corrupt or not a database: keep it, start anew
            self.moved_aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            path.replace(self.moved_aside)
            log.error(
                "visit analytics %s cannot be read (%s); moved it to %s and started a new one",
                path,
                exc,
                self.moved_aside.name,
            )
            self.db = self._open(path)
        self.session: int | None = None
        self._opened: tuple[str, float] | None = None

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path))
        try:
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM sessions").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def start_session(self, language: str) -> int:
        self.end_session()
        cursor = self.db.execute(
            "INSERT INTO sessions(started, language) VALUES (?, ?)", (self.clock(), language)
        )
        self.db.commit()
        self.session = int(cursor.lastrowid or 0)
        return self.session

    def end_session(self) -> None:
        if self.session is None:
            return
        self.exhibit_closed()
        self.db.execute("UPDATE sessions SET ended = ? WHERE id = ?", (self.clock(), self.session))
        self.db.commit()
        self.session = None

    def _event(self, kind: str, value: str | None, seconds: float | None = None) -> None:
        if self.session is None:
            return
        self.db.execute(
            "INSERT INTO events(session, at, kind, value, seconds) VALUES (?,?,?,?,?)",
            (self.session, self.clock(), kind, value, seconds),
        )
        self.db.commit()

    def stop_reached(self, stop: int) -> None:
        self._event("stop", str(stop + 1))

    def exhibit_opened(self, exhibit: str) -> None:
        self.exhibit_closed()
        self._opened = (exhibit, self.clock())
        self._event("open", exhibit)

    def question_asked(self, question: str, answered: bool) -> None:
        """What a visitor asked (its text only: no audio, nothing about who asked)."""
        self._event("answered" if answered else "unanswered", " ".join(question.split())[:200])

    def exhibit_closed(self) -> None:
        if self._opened is not None:
            exhibit, since = self._opened
            self._opened = None
            self._event("dwell", exhibit, self.clock() - since)

    def close(self) -> None:
        self.end_session()
        self.db.close()


@dataclass
class Summary:
    sessions: int
    mean_minutes: float
    languages: dict[str, int]
    stops: dict[str, int]
    opens: dict[str, int]
    dwell_seconds: dict[str, float]
    answered: int = 0
    unanswered: dict[str, int] | None = None  # question -> times asked, most asked first

    def lines(self) -> list[str]:
        out = [
            f"visitor sessions: {self.sessions}",
            f"average visit: {self.mean_minutes:.1f} min",
            "languages: " + (", ".join(f"{k} {v}" for k, v in self.languages.items()) or "-"),
        ]
        out.append(
            "tour stops reached: "
            + (", ".join(f"stop {k}: {v}" for k, v in self.stops.items()) or "-")
        )
        out.append("exhibits opened (times, total seconds looked at):")
        for exhibit, count in sorted(self.opens.items(), key=lambda kv: -kv[1]):
            out.append(f"  {exhibit}: {count}, {self.dwell_seconds.get(exhibit, 0.0):.0f} s")
        unanswered = self.unanswered or {}
        asked = self.answered + sum(unanswered.values())
        out.append(f"questions asked: {asked}, answered: {self.answered}")
        if unanswered:
            out.append("questions the guide could not answer (add faq entries for them):")
            out += [f"  {count} x {question}" for question, count in list(unanswered.items())[:10]]
        return out


class AnalyticsUnreadable(VitrineError):
    """An analytics file is not a readable visits database."""


def summarise(path: Path) -> Summary:
    """Totals from an analytics file (AnalyticsUnreadable when it is corrupt)."""
    try:
        return _summarise(path)
    except sqlite3.DatabaseError as exc:
        raise AnalyticsUnreadable(
            f"{path}: not a readable visits file ({exc}); the kiosk "
            "moves such a file aside and starts a new one"
        ) from None


def _summarise(path: Path) -> Summary:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        sessions, mean = db.execute(
            "SELECT COUNT(*), AVG(ended - started) FROM sessions WHERE ended IS NOT NULL"
        ).fetchone()
        languages = dict(db.execute("SELECT language, COUNT(*) FROM sessions GROUP BY language"))
        stops = dict(
            db.execute(
                "SELECT value, COUNT(*) FROM events WHERE kind = 'stop' "
                "GROUP BY value ORDER BY CAST(value AS INTEGER)"
            )
        )
        opens = dict(
            db.execute("SELECT value, COUNT(*) FROM events WHERE kind = 'open' GROUP BY value")
        )
        dwell = dict(
            db.execute("SELECT value, SUM(seconds) FROM events WHERE kind = 'dwell' GROUP BY value")
        )
        answered = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'answered'").fetchone()[0]
        unanswered = dict(
            db.execute(
                "SELECT lower(value), COUNT(*) AS n FROM events WHERE kind = 'unanswered' "
                "GROUP BY lower(value) ORDER BY n DESC, lower(value)"
            )
        )
    finally:
        db.close()
    return Summary(int(sessions or 0), float(mean or 0.0) / 60, languages, stops, opens, dwell,
                   int(answered or 0), unanswered)  # fmt: skip
