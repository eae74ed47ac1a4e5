"""The exhibition as data: the pydantic model of a ``*.vitrine.yaml`` scene, format 1.

Coordinates are metres in a Z-up world: x runs across the hall, y into it, z up. The hall's
floor centre is the origin; the entrance is at the front wall (negative y).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.scene.fields import (
    Angle,
    AssetRef,
    AvatarRef,
    Color,
    Identifier,
    LangCode,
    Length,
    LocalText,
    Vec2,
    Vec3,
)

__all__ = [
    "EXPRESSIONS",
    "FORMAT_VERSION",
    "GESTURES",
    "CameraPose",
    "Collectible",
    "Collection",
    "Exhibit",
    "ExpressionName",
    "FaqEntry",
    "GestureName",
    "Guide",
    "Hall",
    "Hotspot",
    "Info",
    "Kiosk",
    "Lod",
    "Plinth",
    "Scene",
    "Stop",
    "Surface",
    "Theme",
    "Tour",
    "expression_named",
    "gesture_named",
]

FORMAT_VERSION = 1
MAX_EXHIBITS = 2000
"""Exhibits one hall may hold (a larger collection is several halls)."""

LightingPreset = Literal["gallery", "daylight", "warm", "spotlight"]
GestureName = Literal["none", "point", "present", "wave", "nod"]
"""The one gesture vocabulary: scene files, script cues, director events and the avatar."""
GESTURES: tuple[GestureName, ...] = get_args(GestureName)

ExpressionName = Literal["neutral", "happy", "thinking", "surprised"]
"""The guide's faces: cues ``[smile]``, ``[think]``, ``[surprised]``, ``[neutral]``."""
EXPRESSIONS: tuple[ExpressionName, ...] = get_args(ExpressionName)


def expression_named(name: str) -> ExpressionName:
    """``name`` as one of the guide's faces (ValueError if it is none of them)."""
    if name not in EXPRESSIONS:
        raise ValueError(f"'{name}' is not one of {', '.join(EXPRESSIONS)}")
    return name  # narrowed to the vocabulary by the check above


def gesture_named(name: str) -> GestureName:
    """``name`` as a gesture of the vocabulary (ValueError if it is none of them)."""
    if name not in GESTURES:
        raise ValueError(f"'{name}' is not one of {', '.join(GESTURES)}")
    return name  # narrowed to the vocabulary by the check above


Units = Literal["m", "cm", "mm", "in"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, allow_inf_nan=False)


class Surface(_Model):
    """The look of a floor or wall: a colour and an optional tiling texture."""

    color: Color = "#d9d4cc"
    texture: AssetRef | None = None
    tile: float = Field(2.0, gt=0, description="metres covered by one repeat of the texture")


class Hall(_Model):
    """The room the exhibits stand in."""

    size: Vec3 = Field((20.0, 14.0, 4.5), description="width (x), depth (y), height (z) in metres")
    floor: Surface = Surface(color="#b9a58b")
    walls: Surface = Surface(color="#f1ede6")
    lighting: LightingPreset = "gallery"
    environment: AssetRef | None = Field(
        None,
        description="an equirectangular HDR image (.hdr, .exr) that lights and is reflected "
        "by the exhibits (default: Vitrine's neutral studio)",
    )
    exposure: float = Field(1.0, gt=0.05, le=20, description="brightness before tone mapping")
    tone_mapping: Literal["neutral", "aces"] = Field(
        "neutral", description="Khronos PBR Neutral (true product colours) or ACES (filmic)"
    )
    quality: Literal["auto", "low", "medium", "high"] = Field(
        "auto",
        description="rendering tier: low (baked light only), medium or high (live shadows "
        "of the exhibits and the guide); auto chooses from the graphics card",
    )

    @field_validator("size")
    @classmethod
    def _size_is_walkable(cls, size: tuple[float, float, float]) -> tuple[float, float, float]:
        width, depth, height = size
        if min(width, depth) < 3 or height < 2.2:
            raise ValueError("a hall must be at least 3 x 3 m and 2.2 m high")
        if max(width, depth) > 500 or height > 50:
            raise ValueError("a hall over 500 m across or 50 m high; check the units")
        return size


class Plinth(_Model):
    """The stand under an exhibit."""

    height: float = Field(0.9, ge=0, le=3)
    size: tuple[Length, Length] = Field((0.8, 0.8), description="width and depth in metres")
    color: Color = "#f4f2ee"
    label: bool = True


class Hotspot(_Model):
    """A point of interest on a model: position in metres from the model's base centre."""

    id: Identifier
    position: Vec3
    title: LocalText
    text: LocalText


class Info(_Model):
    """The card shown for an exhibit."""

    title: LocalText
    text: LocalText


class Lod(_Model):
    """Levels of detail: the share of faces kept at each level, and where to switch."""

    levels: list[float] = Field([1.0, 0.25, 0.05], min_length=1, max_length=6)
    distances: list[float] | None = Field(
        None, description="switch distances in metres, one fewer than levels"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Lod:
        if any(not 0 < level <= 1 for level in self.levels):
            raise ValueError("every level is a share of faces between 0 and 1, e.g. 0.25")
        if any(a <= b for a, b in zip(self.levels, self.levels[1:])):
            raise ValueError("levels must go from most to fewest faces, e.g. [1, 0.25, 0.05]")
        if self.distances is not None:
            if len(self.distances) != len(self.levels) - 1:
                raise ValueError(
                    f"{len(self.levels)} levels need {len(self.levels) - 1} switch distances, "
                    f"got {len(self.distances)}"
                )
            if any(a >= b for a, b in zip(self.distances, self.distances[1:])):
                raise ValueError("switch distances must grow, e.g. [4, 12]")
        return self


class FaqEntry(_Model):
    """A question visitors ask, in the ways they ask it, and the guide's answer."""

    q: dict[LangCode, list[str]] = Field(
        description="per language, one or more ways of asking (a single string is one way)"
    )
    a: LocalText
    gesture: GestureName | None = None
    look: Identifier | None = Field(
        None, description="a hotspot of the exhibit to look at (for a hall entry: an exhibit)"
    )

    @field_validator("q", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _asked_and_answered(self) -> FaqEntry:
        for language, ways in self.q.items():
            if not ways or not all(w.strip() for w in ways):
                raise ValueError(f"q.{language}: give at least one question, none of them empty")
        missing = sorted(set(self.q) - set(self.a))
        if missing:
            raise ValueError(f"a: no answer in {', '.join(missing)} for the questions asked in it")
        return self


class Theme(_Model):
    """How the visitor's window looks: light, dark or high contrast, an accent colour and
    a typeface (installed on the machine; default: Noto Sans, Chinese included)."""

    mode: Literal["light", "dark", "contrast"] = "light"
    accent: Color = "#a8532c"
    font: str | None = Field(None, max_length=80, description="a font family name")


class Collectible(_Model):
    """An exhibit a visitor can collect: a limited edition of numbered, signed copies."""

    edition: int = Field(ge=1, le=1_000_000, description="how many copies there are")
    title: LocalText | None = Field(None, description="default: the exhibit's title")
    story: LocalText | None = Field(None, description="default: the exhibit's text")
    rights: LocalText | None = Field(
        None, description="what the holder may do with it (default: view and keep, not resell)"
    )
    opens: datetime | None = Field(None, description="when claiming opens (local time)")
    closes: datetime | None = Field(None, description="when claiming closes (local time)")
    model: AssetRef | None = Field(None, description="default: the exhibit's model")
    thumbnail: AssetRef | None = Field(None, description="default: a render of the model")

    @field_validator("opens", "closes", mode="before")
    @classmethod
    def _date_is_midnight(cls, value: object) -> object:
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime(value.year, value.month, value.day)
        return value

    @model_validator(mode="after")
    def _window_in_order(self) -> Collectible:
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValueError("the collectible closes before it opens")
        return self


class Collection(_Model):
    """Who issues the exhibition's collectibles, and the key their certificates are checked
    with (``vitrine collection keygen`` writes it)."""

    issuer: str | None = Field(None, description="default: the exhibition's title")
    creator: str | None = None
    copyright: str | None = Field(None, description="who holds the copyright")
    public_key: str | None = Field(
        None, description="the issuer's Ed25519 public key (base64), from 'collection keygen'"
    )

    @field_validator("public_key")
    @classmethod
    def _key_is_ed25519(cls, value: str | None) -> str | None:
        if value is None:
            return value
        import base64
        import binascii

        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ValueError("not an Ed25519 public key (32 bytes in base64); "
                             "make one with 'vitrine collection keygen'")  # fmt: skip
        return value


class Exhibit(_Model):
    """One product model on its plinth."""

    id: Identifier
    model: AssetRef
    position: Vec2 = Field(description="x, y on the floor in metres")
    heading: Angle = 0.0
    pitch: Angle = 0.0
    roll: Angle = 0.0
    scale: float | None = Field(None, ge=1e-4, le=1000)
    fit: float | None = Field(None, ge=0.01, le=20, description="largest dimension in metres")
    units: Units | None = None
    up: Literal["y", "z"] | None = None
    plinth: Plinth | None = Plinth()
    turntable: float = Field(0.0, ge=-360, le=360, description="degrees per second")
    info: Info
    more: LocalText | None = Field(None, description="what the guide says when asked about it")
    hotspots: list[Hotspot] = []
    faq: list[FaqEntry] = Field([], description="questions visitors ask about it")
    lod: Lod | None = None
    collectible: Collectible | None = Field(
        None, description="visitors may collect numbered, signed copies of it"
    )
    environment: AssetRef | None = Field(
        None,
        description="an equirectangular HDR image (.hdr, .exr) lighting this exhibit alone "
        "(default: the hall's reflection, and the studio in its close-up)",
    )

    @model_validator(mode="after")
    def _one_size_rule(self) -> Exhibit:
        if self.scale is not None and self.fit is not None:
            raise ValueError("give either 'scale' or 'fit', not both")
        return self


class VoiceSettings(_Model):
    """A voice for one language and how it sounds."""

    voice: str | None = Field(None, description="eSpeak NG voice, e.g. en-us+f3 or en-us+m3")
    pitch: int = Field(50, ge=0, le=100, description="base pitch; 50 is the voice's own")
    range: int = Field(50, ge=0, le=100, description="pitch range; higher is livelier")


class Guide(_Model):
    """The digital-human guide: who it is, how it sounds, what it says outside the tour."""

    name: LocalText
    avatar: AvatarRef = Field(
        "builtin",
        description="'builtin' (Vitrine's guide Mia), 'builtin-female', 'builtin-male' (Leo) "
        "or a glTF/GLB/VRM file",
    )
    voices: dict[LangCode, str | VoiceSettings] = {}
    lexicon: dict[LangCode, dict[str, str]] = Field(
        {},
        description="readings per language that win over the front-end's: zh word -> "
        "tone-numbered pinyin (可调: ke3 tiao2), en word -> words to say",
    )
    rate: float = Field(1.0, ge=0.5, le=2.0, description="speaking speed, 1 is normal")
    volume: float = Field(1.0, ge=0, le=1)
    greeting: LocalText | None = None
    farewell: LocalText | None = None
    idle: list[LocalText] = []
    synonyms: dict[LangCode, dict[str, list[str]]] = Field(
        {},
        description="per language, a word and the words visitors use for it (battery: "
        "[charge, runtime]), so questions find answers worded differently",
    )


class CameraPose(_Model):
    """Where the visitor's eye is and what it looks at."""

    position: Vec3
    look_at: Vec3

    @model_validator(mode="after")
    def _looks_somewhere(self) -> CameraPose:
        if max(abs(a - b) for a, b in zip(self.position, self.look_at, strict=True)) < 1e-3:
            raise ValueError("the camera would look at the point it stands on")
        return self


class Stop(_Model):
    """One stop of the guided tour."""

    exhibit: Identifier | None = None
    camera: CameraPose | None = None
    say: LocalText
    gesture: GestureName = "present"  # an open hand toward the exhibit
    pause: float = Field(2.0, ge=0, le=120, description="seconds to wait after speaking")

    @model_validator(mode="after")
    def _has_target(self) -> Stop:
        if self.exhibit is None and self.camera is None:
            raise ValueError("a stop needs an 'exhibit' or a 'camera' pose")
        return self


class Tour(_Model):
    """The ordered guided tour."""

    auto_advance: bool = True
    stops: list[Stop] = Field(min_length=1)


class Kiosk(_Model):
    """Settings for unattended kiosks."""

    enabled: bool = False
    idle_timeout: float = Field(90.0, ge=10, le=3600, description="seconds without input")
    attract: bool = True
    screen: int = Field(0, ge=0, le=16)
    admin_pin: str | None = Field(
        None,
        pattern=r"^pbkdf2-sha256\$\d+\$[0-9a-f]{16,}\$[0-9a-f]{64}$",
        description="salted hash made by 'vitrine pin'",
    )

    @field_validator("admin_pin")
    @classmethod
    def _usable_pin_hash(cls, value: str | None) -> str | None:
        from app.scene.pin import check_pin_hash

        problem = check_pin_hash(value) if value is not None else None
        if problem is not None:
            raise ValueError(problem)
        return value


class Scene(_Model):
    """One exhibition."""

    format: Literal[1]
    title: LocalText
    languages: list[LangCode] = Field(min_length=1)
    units: Units = "m"
    hall: Hall = Hall()
    exhibits: list[Exhibit] = Field([], max_length=MAX_EXHIBITS)
    guide: Guide | None = None
    tour: Tour | None = None
    kiosk: Kiosk = Kiosk()
    faq: list[FaqEntry] = Field([], description="questions about the hall as a whole")
    collection: Collection | None = None
    theme: Theme = Theme()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def exhibit(self, exhibit_id: str) -> Exhibit:
        """The exhibit with this id (KeyError if none)."""
        for item in self.exhibits:
            if item.id == exhibit_id:
                return item
        raise KeyError(exhibit_id)
