"""Digital collectibles: numbered, signed copies of exhibits that visitors keep and anyone can
verify offline (pure Python: Ed25519 keys, a hash-chained SQLite ledger, certificates compact
enough for a QR code, take-home packages). No Qt, no Panda3D: renders come from the caller."""

from app.collection.certificate import (
    Certificate,
    CollectionError,
    Genuine,
    Refused,
    SignedCertificate,
    Verdict,
    sign,
    verify,
)
from app.collection.keys import (
    default_key_path,
    generate_key,
    load_private_key,
    public_key_text,
)
from app.collection.ledger import (
    AuditReport,
    Claim,
    ClaimRefused,
    Ledger,
)

__all__ = [
    "AuditReport",
    "Certificate",
    "Claim",
    "ClaimRefused",
    "CollectionError",
    "Genuine",
    "Ledger",
    "Refused",
    "SignedCertificate",
    "Verdict",
    "default_key_path",
    "generate_key",
    "load_private_key",
    "public_key_text",
    "sign",
    "verify",
]
