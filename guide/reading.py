"""How a guide line is read aloud: the text front-end's output, as pieces for the voices.

A line becomes pieces, each a stretch of the source text and what a voice says for it: tone-
numbered pinyin for Chinese (``huan1 ying2``), plain words for English (``twenty twenty-five``),
and for English words inside a Chinese line, English read by the English voice. The speech
backend speaks runs of pieces in one voice and maps the engine's word times back to the source
through the pieces' spans, so subtitles stay the curator's text.
"""

from __future__ import annotations

from collections.abc import Mapping

from guide.pieces import Piece, Run

__all__ = ["Lexicon", "Piece", "Run", "read_line", "readings_text", "runs"]

Lexicon = Mapping[str, str]
"""Word -> reading, per language (tone-numbered pinyin for zh, words for en)."""


def read_line(
    text: str,
    language: str,
    lexicon: Mapping[str, Lexicon] | None = None,
    emphasis: tuple[tuple[int, int], ...] = (),
) -> list[Piece]:
    """The pieces a voice reads for ``text`` in ``language`` (zh*, en*; other languages are
    read as they are written). ``lexicon`` maps a language to its word readings, which win
    over the front-end's; ``emphasis`` lists stressed spans of ``text``."""
    lexicon = lexicon or {}
    base = language.lower().split("-")[0]
    if base in ("zh", "cmn"):
        from guide.reading_zh import read_zh

        pieces = read_zh(text, lexicon.get("zh", {}), lexicon.get("en", {}))
    elif base == "en":
        from guide.reading_en import read_en

        pieces = read_en(text, lexicon.get("en", {}))
    else:
        pieces = [Piece(text, base, 0, len(text))] if text.strip() else []
    if emphasis:
        pieces = [
            Piece(p.spoken, p.language, p.start, p.end, True)
            if any(s < p.end and p.start < e for s, e in emphasis) and not p.is_pause
            else p
            for p in pieces
        ]
    return pieces


def runs(pieces: list[Piece]) -> list[Run]:
    """Group pieces into runs of one voice and one emphasis (punctuation joins the run
    before it)."""
    out: list[Run] = []
    for piece in pieces:
        if out and (
            piece.is_pause
            or (out[-1].language, out[-1].emphasis) == (piece.language, piece.emphasis)
        ):
            out[-1] = Run(out[-1].language, out[-1].emphasis, (*out[-1].pieces, piece))
        else:
            out.append(Run(piece.language, piece.emphasis, (piece,)))
    return out


def readings_text(pieces: list[Piece]) -> str:
    """The pieces as a curator checks them: pinyin and words, English inside ⟨ ⟩, stress in
    capitals."""
    words: list[str] = []
    for piece in pieces:
        spoken = piece.spoken.upper() if piece.emphasis else piece.spoken
        if piece.is_pause:
            if words:
                words[-1] += spoken.strip()
            continue
        words.append(f"⟨{spoken}⟩" if piece.language == "en" and _mixed(pieces) else spoken)
    return " ".join(words)


def _mixed(pieces: list[Piece]) -> bool:
    return len({p.language for p in pieces if not p.is_pause}) > 1
