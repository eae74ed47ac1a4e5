"""The visitor's own settings for one visit: speech pace and volume, captions, contrast and
motion. A kiosk forgets them when it goes idle, so the next visitor starts from the defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["CAPTION_SIZES", "PACES", "CaptionPlace", "CaptionSize", "VisitorPreferences"]

CaptionSize = Literal["small", "medium", "large"]
CaptionPlace = Literal["bottom", "top"]
CAPTION_SIZES: dict[CaptionSize, int] = {"small": 16, "medium": 20, "large": 28}  # pixels
PACES = (0.75, 0.9, 1.0, 1.15, 1.3)  # slower .. faster, times the scene's rate


@dataclass(frozen=True)
class VisitorPreferences:
    pace: float = 1.0
    volume: float | None = None  # None: the kiosk's (or the machine's) volume
    captions: bool = True
    caption_size: CaptionSize = "medium"
    caption_place: CaptionPlace = "bottom"
    high_contrast: bool = False
    reduced_motion: bool = False  # cuts instead of camera glides and fades

    def __post_init__(self) -> None:
        if not PACES[0] <= self.pace <= PACES[-1]:
            raise ValueError(f"pace must be within {PACES[0]}..{PACES[-1]}, got {self.pace}")
        if self.volume is not None and not 0.0 <= self.volume <= 1.0:
            raise ValueError(f"volume must be within 0..1, got {self.volume}")
        if self.caption_size not in CAPTION_SIZES:
            raise ValueError(f"caption size must be one of {sorted(CAPTION_SIZES)}")
        if self.caption_place not in ("bottom", "top"):
            raise ValueError("captions go at the bottom or the top")
