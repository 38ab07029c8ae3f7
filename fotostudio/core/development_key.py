"""The development ``SECRET_KEY``: random, generated on the first run, kept in a git-ignored file.

A fixed key in the code would let anyone who can reach a development instance sign
their own session cookies and JWTs (any user, any expiry). The key is created once
with ``secrets`` and written with mode 0600 to ``.dev-secret-key`` in the checkout,
so sessions and tokens survive restarts; ``SECRET_KEY`` from the environment wins.
Production never comes here: it refuses to start without ``SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

#: Bytes of randomness (the key is their URL-safe text: 68 characters).
KEY_BYTES = 51


def development_secret_key(path: Path) -> str:
    """The key kept in ``path``, created there (mode 0600) if the file does not exist yet."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    key = secrets.token_urlsafe(KEY_BYTES)
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key


def _read_key(path: Path) -> str:
    # Another process starting at the same moment may have created the file and not yet written it.
    for _attempt in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise ImproperlyConfigured(f"{path} is empty: delete it and a new development key is generated.")
