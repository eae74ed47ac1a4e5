"""A collectible's certificate: who issued which copy of what, signed with the issuer's
Ed25519 key, carrying that key, compact enough for a QR code.

Its text form is ``VTC1.<payload>.<signature>`` (both base64url): the payload is the fields
as JSON with sorted keys and no spaces, so the same certificate always has the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.errors import VitrineError

__all__ = [
    "PREFIX",
    "Certificate",
    "CollectionError",
    "Genuine",
    "Refused",
    "SignedCertificate",
    "Verdict",
    "sign",
    "verify",
]

PREFIX = "VTC1"
MAX_TEXT = 2000  # characters: far above any real certificate, far below a QR code's limit


class CollectionError(VitrineError):
    """A collectible, its key, ledger or package cannot be used (the message says why)."""


@dataclass(frozen=True)
class Certificate:
    """One copy: ``serial`` of ``edition`` of an exhibit, with the hash of its model file
    and, if the visitor typed one, a name (nothing else personal)."""

    issuer: str
    key: str  # the issuer's public key, base64
    exhibit: str
    title: str
    model: str  # SHA-256 of the model file, hex
    serial: int
    edition: int
    issued: int  # Unix time, seconds
    holder: str = ""

    def payload(self) -> bytes:
        fields = {k: v for k, v in asdict(self).items() if v != "" or k != "holder"}
        return json.dumps(fields, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode("utf-8")  # fmt: skip

    @property
    def number(self) -> str:
        """The serial as printed: "No. 017/500"."""
        width = len(str(self.edition))
        return f"No. {self.serial:0{max(width, 3)}d}/{self.edition}"


@dataclass(frozen=True)
class SignedCertificate:
    certificate: Certificate
    signature: bytes

    def text(self) -> str:
        return ".".join([PREFIX, _b64(self.certificate.payload()), _b64(self.signature)])

    @classmethod
    def from_text(cls, text: str) -> SignedCertificate:
        """Parse the text form (from a file or a QR code); CollectionError says what is wrong."""
        text = text.strip()
        if len(text) > MAX_TEXT:
            raise CollectionError("not a Vitrine certificate (far too long)")
        parts = text.split(".")
        if len(parts) != 3 or parts[0] != PREFIX:
            raise CollectionError("not a Vitrine certificate (it does not start with VTC1)")
        try:
            fields = json.loads(_unb64(parts[1]).decode("utf-8"))
            signature = _unb64(parts[2])
            certificate = Certificate(**fields)
        except (ValueError, TypeError, UnicodeDecodeError, binascii.Error) as exc:
            raise CollectionError(f"the certificate is damaged ({exc})") from exc
        if not isinstance(certificate.serial, int) or not isinstance(certificate.edition, int):
            raise CollectionError("the certificate is damaged (serial and edition are numbers)")
        return cls(certificate, signature)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(certificate: Certificate, private: Ed25519PrivateKey) -> SignedCertificate:
    return SignedCertificate(certificate, private.sign(certificate.payload()))


@dataclass(frozen=True)
class Genuine:
    certificate: Certificate
    trusted: bool  # its issuer key is one the verifier was told to trust


@dataclass(frozen=True)
class Refused:
    reason: str


Verdict = Genuine | Refused


def verify(signed: SignedCertificate, trusted_keys: set[str] | None = None) -> Verdict:
    """Check the signature against the issuer key the certificate carries and, when
    ``trusted_keys`` is given, that the key is one of them."""
    cert = signed.certificate
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(cert.key, validate=True))
    except (ValueError, UnsupportedAlgorithm, binascii.Error):
        return Refused("its issuer key is not an Ed25519 public key")
    try:
        public.verify(signed.signature, cert.payload())
    except InvalidSignature:
        return Refused("the signature does not match: the certificate was changed or forged")
    if not 1 <= cert.serial <= cert.edition:
        return Refused(f"serial {cert.serial} is outside its edition of {cert.edition}")
    if trusted_keys is not None and cert.key not in trusted_keys:
        return Refused(f"signed by an issuer not in the trusted list (key {cert.key[:12]}...)")
    return Genuine(cert, trusted_keys is not None)
