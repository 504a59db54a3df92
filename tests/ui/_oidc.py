"""A tiny OpenID Connect provider on the loopback interface, for the single sign-on browser test.

It implements just what an OIDC client (Authlib, behind Streamlit's ``st.login``) uses: the discovery
document, an authorization endpoint that signs in the identity the test set (``provider.identity``)
and redirects back at once with a code, a token endpoint that returns an RS256 ID token (issuer,
audience, nonce, expiry, the identity's claims) signed by a key generated per run, and its JWKS.
Client authentication is checked (``client_secret_basic`` or ``client_secret_post``).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID, CLIENT_SECRET = "campaign-planner", "secreto-de-prueba"


class Provider:
    """``with Provider() as idp:`` serves on ``idp.url`` until the block ends."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "prueba", "use": "sig", "alg": "RS256"})
        self.identity: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Provider:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, query: dict[str, str]) -> str:
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": query.get("nonce"), "identity": dict(self.identity)}
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form: dict[str, str], authorization: str) -> dict[str, Any] | None:
        client = (form.get("client_id"), form.get("client_secret"))
        if authorization.startswith("Basic "):
            client = tuple(base64.b64decode(authorization[6:]).decode().split(":", 1))  # type: ignore[assignment]
        grant = self.codes.pop(form.get("code", ""), None)
        if client != (CLIENT_ID, CLIENT_SECRET) or grant is None:
            return None
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": grant["nonce"],
                  "sub": grant["identity"]["email"], **grant["identity"]}  # fmt: skip
        id_token = jwt.encode({"alg": "RS256", "kid": "prueba"}, claims, self.key)
        return {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300,
                "id_token": id_token}  # fmt: skip


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet test output
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            if parts.path == "/.well-known/openid-configuration":
                self._json(200, provider.metadata())
            elif parts.path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            elif parts.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                self.send_response(302)
                self.send_header("Location", provider.authorize(query))
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            answer = provider.token(form, self.headers.get("Authorization") or "")
            self._json(200, answer) if answer else self._json(400, {"error": "invalid_grant"})

    return Handler
