"""The take-home package, ``<exhibit>-<serial>.vitrine-collectible``: a zip of the signed
certificate, the model file and its thumbnail (and the poster), which anyone can open and
verify with no network and no issuer server.

Reading is bounded (sizes, member names) so a hostile file cannot fill the disk or memory.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.collection.certificate import (
    CollectionError,
    Genuine,
    Refused,
    SignedCertificate,
    Verdict,
    verify,
)

__all__ = ["SUFFIX", "Package", "read_package", "verify_package", "write_package"]

SUFFIX = ".vitrine-collectible"
MAX_MEMBER = 512 * 1024 * 1024  # bytes of any one member
MAX_MEMBERS = 16


@dataclass(frozen=True)
class Package:
    signed: SignedCertificate
    model_name: str  # the model file's name inside
    model: bytes
    thumbnail: bytes | None
    poster: bytes | None


def write_package(
    out: Path,
    signed: SignedCertificate,
    model: Path,
    thumbnail_png: bytes | None,
    poster_png: bytes | None,
    details: dict[str, object] | None = None,
) -> Path:
    """Write the package to ``out`` (a file path ending in .vitrine-collectible);
    ``details`` (story, rights, creator, copyright) go beside the certificate, unsigned."""
    if not model.is_file():
        raise CollectionError(f"{model}: the collectible's model file is missing")
    cert = signed.certificate
    about = {
        "title": cert.title, "issuer": cert.issuer, "number": cert.number,
        "exhibit": cert.exhibit, "holder": cert.holder, "issued": cert.issued,
        "model": model.name, "model_sha256": cert.model, **(details or {}),
    }  # fmt: skip
    temp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("certificate.txt", signed.text() + "\n")
            archive.writestr("about.json", json.dumps(about, ensure_ascii=False, indent=1))
            archive.write(model, f"model/{model.name}")
            if thumbnail_png is not None:
                archive.writestr("thumbnail.png", thumbnail_png)
            if poster_png is not None:
                archive.writestr("poster.png", poster_png)
        temp.replace(out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CollectionError(f"{out}: cannot be written ({exc.strerror})") from exc
    return out


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_MEMBER:
        raise CollectionError(f"{info.filename} inside is over {MAX_MEMBER // 2**20} MB")
    data = archive.read(info)
    if len(data) > MAX_MEMBER:
        raise CollectionError(f"{info.filename} inside is over {MAX_MEMBER // 2**20} MB")
    return data


def read_package(path: Path) -> Package:
    """The package's parts; CollectionError when it is not one, or is damaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise CollectionError(f"{path.name}: not a Vitrine collectible (too many files)")
            named = {info.filename: info for info in infos}
            if "certificate.txt" not in named:
                raise CollectionError(f"{path.name}: not a Vitrine collectible (no certificate)")
            text = _member(archive, named["certificate.txt"]).decode("utf-8", "replace")
            models = [n for n in named if n.startswith("model/") and "/" not in n[6:] and n[6:]]
            if len(models) != 1:
                raise CollectionError(f"{path.name}: the package should hold one model file")
            model = _member(archive, named[models[0]])
            thumb = _member(archive, named["thumbnail.png"]) if "thumbnail.png" in named else None
            poster = _member(archive, named["poster.png"]) if "poster.png" in named else None
    except zipfile.BadZipFile as exc:
        raise CollectionError(f"{path.name}: not a Vitrine collectible (not a zip: {exc})") from exc
    except OSError as exc:
        raise CollectionError(f"{path}: cannot be read ({exc.strerror})") from exc
    return Package(SignedCertificate.from_text(text), models[0][6:], model, thumb, poster)


def verify_package(path: Path, trusted_keys: set[str] | None = None) -> Verdict:
    """The certificate's signature, and the model inside against the hash it signs."""
    try:
        package = read_package(path)
    except CollectionError as exc:
        return Refused(str(exc))
    verdict = verify(package.signed, trusted_keys)
    if isinstance(verdict, Genuine):
        digest = hashlib.sha256(package.model).hexdigest()
        if digest != package.signed.certificate.model:
            return Refused("the model inside is not the one the certificate was signed for")
    return verdict
