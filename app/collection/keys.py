"""The issuer's Ed25519 key pair: the private key passphrase-protected in a file outside the
exhibition folder, the public key (base64) in the scene."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.collection.certificate import CollectionError

__all__ = [
    "default_key_path",
    "generate_key",
    "load_private_key",
    "public_key_from_text",
    "public_key_text",
]

MIN_PASSPHRASE = 8


def generate_key(passphrase: str) -> tuple[bytes, str]:
    """A new key pair: the private key as passphrase-encrypted PKCS#8 PEM, the public key as
    base64 of its 32 raw bytes."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise CollectionError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    return pem, public_key_text(private)


def public_key_text(private: Ed25519PrivateKey) -> str:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(raw).decode("ascii")


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise CollectionError(f"not an Ed25519 public key: {text[:16]}...") from exc


def load_private_key(path: Path, passphrase: str) -> Ed25519PrivateKey:
    """The issuer's private key from ``path`` (a clear error for a wrong passphrase)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CollectionError(f"{path}: the issuer's key cannot be read ({exc.strerror})") from exc
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise CollectionError(f"{path}: wrong passphrase, or not an issuer key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CollectionError(f"{path}: not an Ed25519 key")
    return key


def default_key_path(scene_path: Path) -> Path:
    """Where ``collection keygen`` keeps an exhibition's private key: in the user's config
    folder, never in the exhibition folder (which gets copied to kiosks and shared)."""
    from platformdirs import user_config_dir

    resolved = scene_path.resolve()
    tag = hashlib.blake2b(str(resolved).encode("utf-8"), digest_size=4).hexdigest()
    stem = resolved.name.split(".")[0]
    return Path(user_config_dir("vitrine", appauthor=False)) / "issuers" / f"{stem}-{tag}.pem"
