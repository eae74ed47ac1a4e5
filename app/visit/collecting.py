"""What a visitor collects during one visit: whether an exhibit can be collected here, the
claim itself, the copies taken so far, and writing one out to take home (poster and
``.vitrine-collectible``). Cleared for the next visitor on a kiosk."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image

from app.collection import (
    Claim,
    CollectionError,
    Ledger,
    SignedCertificate,
    default_key_path,
    load_private_key,
)
from app.collection.issuing import claim_copy, collectible_model, default_ledger_path, details
from app.collection.package import SUFFIX, write_package
from app.collection.poster import make_poster
from app.scene import SceneDocument

__all__ = ["Collectable", "NotCollectable", "VisitCollection"]


@dataclass(frozen=True)
class Collectable:
    left: int  # copies still to be had
    edition: int


@dataclass(frozen=True)
class NotCollectable:
    reason: str
    kind: str = "other"  # not-collectible, no-key, not-here, sold-out, other


@dataclass
class VisitCollection:
    """The visit's collectibles; the issuer's key is unlocked with the kiosk's
    ``VITRINE_ISSUER_PASSPHRASE`` or by staff once (``unlock``)."""

    document: SceneDocument
    taken: list[Claim] = field(default_factory=list)
    renders: dict[int, Image.Image] = field(default_factory=dict)  # by ledger row
    _key: Ed25519PrivateKey | None = None
    _locked_because: str = ""

    def __post_init__(self) -> None:
        passphrase = os.environ.get("VITRINE_ISSUER_PASSPHRASE")
        if passphrase and self.key_path.is_file():
            self.unlock(passphrase)

    @property
    def key_path(self) -> Path:
        return default_key_path(self.document.path)

    @property
    def ledger(self) -> Ledger:
        return Ledger(default_ledger_path(self.document.path))

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    def unlock(self, passphrase: str) -> None:
        """Unlock the issuer's key (CollectionError says why not)."""
        try:
            self._key = load_private_key(self.key_path, passphrase)
        except CollectionError as exc:
            self._locked_because = str(exc)
            raise

    def status(self, exhibit_id: str) -> Collectable | NotCollectable:
        """Whether a visitor can collect this exhibit here, now."""
        scene = self.document.scene
        try:
            block = scene.exhibit(exhibit_id).collectible
        except KeyError:
            return NotCollectable("no such exhibit", "not-collectible")
        if block is None:
            return NotCollectable("not collectible", "not-collectible")
        if scene.collection is None or scene.collection.public_key is None:
            return NotCollectable("the exhibition has no issuer key yet", "no-key")
        if not self.key_path.is_file():
            return NotCollectable("this computer does not hold the issuer's key", "not-here")
        try:
            left = block.edition - self.ledger.issued(exhibit_id)
        except CollectionError as exc:
            return NotCollectable(str(exc))
        if left <= 0:
            return NotCollectable(f"all {block.edition} copies have been collected", "sold-out")
        return Collectable(left, block.edition)

    def collect(
        self, exhibit_id: str, holder: str = "", render: Image.Image | None = None
    ) -> Claim:
        """The next copy, for this visitor (ClaimRefused / CollectionError say why not)."""
        if self._key is None:
            raise CollectionError(self._locked_because or "the issuer's key is locked")
        scene = self.document.scene
        claim = claim_copy(
            scene, self.document.base_dir, exhibit_id, self._key, self.ledger, holder
        )
        self.taken.append(claim)
        if render is not None:
            self.renders[claim.row] = render
        return claim

    def clear(self) -> None:
        """Nothing collected: the next visitor starts afresh (their copies stay in the ledger)."""
        self.taken.clear()
        self.renders.clear()

    def poster_png(self, claim: Claim, font: Path | None = None) -> bytes:
        poster = make_poster(claim.signed, self.renders.get(claim.row), font)
        stream = io.BytesIO()
        poster.save(stream, "PNG")
        return stream.getvalue()

    def take_home(self, claim: Claim, folder: Path, font: Path | None = None) -> list[Path]:
        """Write the poster and the package into ``folder`` (a USB stick)."""
        signed: SignedCertificate = claim.signed
        cert = signed.certificate
        exhibit = self.document.scene.exhibit(cert.exhibit)
        stem = f"{cert.exhibit}-{cert.serial:0{max(3, len(str(cert.edition)))}d}"
        poster = folder / f"{stem}-poster.png"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            png = self.poster_png(claim, font)
            poster.write_bytes(png)
        except OSError as exc:
            raise CollectionError(f"{folder}: cannot be written ({exc.strerror})") from exc
        model = collectible_model(exhibit, self.document.base_dir)
        package = write_package(folder / f"{stem}{SUFFIX}", signed, model, None, png,
                                details(self.document.scene, exhibit))  # fmt: skip
        return [poster, package]
