"""Claiming a copy of an exhibit from a scene: its collectible block, its release window,
the issuer's key checked against the scene's, the model file's hash, the ledger's next
serial, the signed certificate."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.collection.certificate import Certificate, CollectionError, sign
from app.collection.keys import public_key_text
from app.collection.ledger import Claim, ClaimRefused, Ledger
from app.scene import Exhibit, Scene, resolve_asset

__all__ = [
    "MAX_HOLDER",
    "claim_copy",
    "collectible_model",
    "default_ledger_path",
    "details",
    "editions",
    "file_digest",
    "issuer_name",
]

MAX_HOLDER = 40  # characters of the name a visitor may type


def default_ledger_path(scene_path: Path) -> Path:
    """``$VITRINE_COLLECTION_DB``, else a database per exhibition in the user's data folder
    (kiosks that share one point the variable at a shared file)."""
    override = os.environ.get("VITRINE_COLLECTION_DB")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    resolved = scene_path.resolve()
    tag = hashlib.blake2b(str(resolved).encode("utf-8"), digest_size=4).hexdigest()
    stem = resolved.name.split(".")[0]
    return Path(user_data_dir("vitrine", appauthor=False)) / "collections" / f"{stem}-{tag}.sqlite"


def editions(scene: Scene) -> dict[str, int]:
    return {e.id: e.collectible.edition for e in scene.exhibits if e.collectible is not None}


def issuer_name(scene: Scene) -> str:
    collection = scene.collection
    if collection is not None and collection.issuer:
        return collection.issuer
    return scene.title[scene.default_language]


def collectible_model(exhibit: Exhibit, base_dir: Path) -> Path:
    """The model file a collectible of ``exhibit`` carries."""
    block = exhibit.collectible
    reference = block.model if block is not None and block.model else exhibit.model
    return resolve_asset(reference, base_dir)


RIGHTS = {
    "en": "The holder may view, display and keep this copy for personal use; it may not be "
    "resold. The copyright stays with its holder.",
    "zh": "持有者可为个人欣赏而查看、展示和保存本藏品；不得转售。著作权归权利人所有。",
}


def details(scene: Scene, exhibit: Exhibit) -> dict[str, object]:
    """What a package tells beside its certificate: story, rights, creator, copyright."""
    block = exhibit.collectible
    collection = scene.collection
    rights = block.rights if block and block.rights else {
        lang: RIGHTS.get(lang, RIGHTS["en"]) for lang in scene.languages
    }  # fmt: skip
    return {
        "story": dict(block.story if block and block.story else exhibit.info.text),
        "rights": dict(rights),
        "creator": collection.creator if collection else None,
        "copyright": collection.copyright if collection else None,
    }


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise CollectionError(f"{path}: cannot be read ({exc.strerror})") from exc
    return digest.hexdigest()


def _check_window(exhibit: Exhibit, now: datetime) -> None:
    block = exhibit.collectible
    assert block is not None
    if block.opens is not None and now < block.opens:
        raise ClaimRefused("not-open", f"'{exhibit.id}' can be collected from "
                           f"{block.opens:%Y-%m-%d %H:%M}")  # fmt: skip
    if block.closes is not None and now >= block.closes:
        raise ClaimRefused("closed", f"'{exhibit.id}' could be collected until "
                           f"{block.closes:%Y-%m-%d %H:%M}")  # fmt: skip


def claim_copy(
    scene: Scene,
    base_dir: Path,
    exhibit_id: str,
    key: Ed25519PrivateKey,
    ledger: Ledger,
    holder: str = "",
    now: float | None = None,
) -> Claim:
    """The next numbered copy of an exhibit, signed and written to the ledger; refused
    (ClaimRefused) when it is not collectible, outside its window or sold out."""
    try:
        exhibit = scene.exhibit(exhibit_id)
    except KeyError:
        raise ClaimRefused(
            "not-collectible", f"no exhibit '{exhibit_id}' in this exhibition"
        ) from None
    block = exhibit.collectible
    if block is None:
        raise ClaimRefused("not-collectible", f"'{exhibit_id}' has no collectible block")
    public = scene.collection.public_key if scene.collection else None
    if public is None:
        raise CollectionError(
            "the scene has no collection.public_key: run 'vitrine collection keygen'"
        )
    if public_key_text(key) != public:
        raise CollectionError("this issuer key does not belong to the exhibition (its public "
                              "key is not the scene's collection.public_key)")  # fmt: skip
    moment = time.time() if now is None else now
    _check_window(exhibit, datetime.fromtimestamp(moment))
    holder = " ".join(holder.split())[:MAX_HOLDER]
    title = (block.title or exhibit.info.title).get(scene.default_language, exhibit.id)
    model = file_digest(collectible_model(exhibit, base_dir))

    def make(serial: int):  # type: ignore[no-untyped-def]
        certificate = Certificate(issuer_name(scene), public, exhibit.id, title, model,
                                  serial, block.edition, int(moment), holder)  # fmt: skip
        return sign(certificate, key)

    return ledger.claim(exhibit.id, block.edition, make)
