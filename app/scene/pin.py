"""Admin PINs for kiosks, stored only as salted PBKDF2-SHA256 hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["MAX_ITERATIONS", "MIN_ITERATIONS", "check_pin_hash", "hash_pin", "verify_pin"]

_ITERATIONS = 200_000
MIN_ITERATIONS = 1_000
"""Fewer rounds than this make a PIN hash quick to brute-force."""
MAX_ITERATIONS = 5_000_000
"""More than this makes every PIN check hang the kiosk for seconds."""


def check_pin_hash(stored: str) -> str | None:
    """What is wrong with a stored PIN hash, or None when it is usable."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2-sha256":
        return "not a PIN hash; make one with 'vitrine pin' and paste it here"
    if not parts[1].isascii() or not parts[1].isdigit() or len(parts[1]) > 18:
        return "the hash's round count is not a number; make a new one with 'vitrine pin'"
    rounds = int(parts[1])
    if not MIN_ITERATIONS <= rounds <= MAX_ITERATIONS:
        return (
            f"the hash uses {rounds:,} rounds; between {MIN_ITERATIONS:,} and "
            f"{MAX_ITERATIONS:,} are accepted (make a new one with 'vitrine pin')"
        )
    return None


def hash_pin(pin: str, *, iterations: int = _ITERATIONS, salt: bytes | None = None) -> str:
    """``pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`` for the scene's ``kiosk.admin_pin``."""
    if not (pin.isascii() and pin.isdigit()) or not 4 <= len(pin) <= 12:
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2-sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash (constant-time comparison)."""
    if check_pin_hash(stored) is not None:
        return False
    try:
        _, iterations, salt_hex, digest_hex = stored.split("$")
        digest = hashlib.pbkdf2_hmac(
            "sha256", pin.encode(), bytes.fromhex(salt_hex), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)
