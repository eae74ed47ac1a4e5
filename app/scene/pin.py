"""Admin PINs for kiosks, stored only as salted PBKDF2-SHA256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_pin", "verify_pin"]

_ITERATIONS = 200_000


def hash_pin(pin: str, *, iterations: int = _ITERATIONS, salt: bytes | None = None) -> str:
    """``pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`` for the scene's ``kiosk.admin_pin``."""
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2-sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, iterations, salt_hex, digest_hex = stored.split("$")
        if scheme != "pbkdf2-sha256":
            return False
        digest = hashlib.pbkdf2_hmac(
            "sha256", pin.encode(), bytes.fromhex(salt_hex), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)
