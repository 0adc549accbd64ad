"""Protection of the national register number: a keyed pseudonym for joining, AES-GCM encryption at rest."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class ClientIdentity:
    """Derives the client pseudonym (HMAC-SHA256 with a secret key) and encrypts the number at rest.

    The pseudonym is the only client identifier that leaves this service (in events); the key never does.
    """

    def __init__(self, pseudonym_key: str, encryption_key_b64: str) -> None:
        self._pseudonym_key = pseudonym_key.encode()
        key = base64.b64decode(encryption_key_b64)
        if len(key) != 32:
            raise ValueError("the encryption key must be 32 bytes (base64-encoded)")
        self._aead = AESGCM(key)

    def pseudonym(self, national_number_digits: str) -> str:
        return hmac.new(self._pseudonym_key, national_number_digits.encode(), hashlib.sha256).hexdigest()

    def encrypt(self, national_number_digits: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, national_number_digits.encode(), b"national-number")

    def decrypt(self, blob: bytes) -> str:
        return self._aead.decrypt(blob[:12], blob[12:], b"national-number").decode()
