"""A development server refuses JWTs signed with the key development settings used to fall back to.

Not a browser test: it needs only the ``e2e`` fixture's real server, ``runserver`` with the
development settings. The attack: take a token once issued (expired or logged out, it does
not matter), give it a new expiry and sign it again with the key anyone can read in the
repository's history.
"""

import json
import time
import urllib.error
import urllib.request
import uuid

import jwt

#: The development settings' old fallback ``SECRET_KEY``.
OLD_DEVELOPMENT_KEY = "dev-only-insecure-key-not-for-production"


def _call(e2e, path: str, *, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    """A request to the demo business's host (``demo.localhost`` needs no resolver: the Host header names it)."""
    headers = {"Content-Type": "application/json", "Host": f"{e2e.host('demo')}:{e2e.port}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{e2e.port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_token_re_signed_with_the_old_development_key_is_refused(e2e):
    status, tokens = _call(e2e, "/api/v1/auth/token/", body={"username": e2e.admin_username, "password": e2e.password})
    assert status == 200, tokens
    claims = jwt.decode(tokens["access"], options={"verify_signature": False})
    claims.update(exp=int(time.time()) + 24 * 3600, jti=uuid.uuid4().hex)
    current_tenant = "/api/v1/tenants/current/"

    status, body = _call(e2e, current_tenant, token=jwt.encode(claims, OLD_DEVELOPMENT_KEY, algorithm="HS256"))

    assert status == 401, body
    # The same claims signed with the key the server really uses are accepted: only the key refused the forgery.
    output = e2e.manage("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    real_key = output.strip().splitlines()[-1]  # after the shell's own notice of its automatic imports
    assert real_key != OLD_DEVELOPMENT_KEY
    status, body = _call(e2e, current_tenant, token=jwt.encode(claims, real_key, algorithm="HS256"))
    assert status == 200, body
    assert body["nombre"] == e2e.tenant_name
