"""Single sign-on JWTs: what verifies, every attack that must not, and where keys come from.

Keys are generated here with ``cryptography``; key sets are served from a file and from a real
HTTP server on 127.0.0.1 (a thread in this process) whose key set the tests change to rotate
keys or switch off to take the identity provider down.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from api.sso import Identity, JwtSettings, JwtVerifier, looks_like_jwt
from graph.access import Role
from graph.access.tokens import new_token
from graph.errors import BadInput, Unauthenticated

ISSUER = "https://idp.example.com/"
BAD_ROLE = "the token's 'role' claim is not one of admin, manager, rep, analyst"
AUDIENCE = "warmgraph"


@dataclass(frozen=True)
class Key:
    kid: str
    private: Any
    algorithm: str

    def jwk(self, **extra: Any) -> dict[str, Any]:
        codec: Any = {"RS": RSAAlgorithm, "PS": RSAAlgorithm, "ES": ECAlgorithm, "Ed": OKPAlgorithm}
        codec = codec[self.algorithm[:2]]
        return {**codec.to_jwk(self.private.public_key(), as_dict=True), "kid": self.kid, **extra}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def rsa_key(kid: str) -> Key:
    return Key(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256")


@pytest.fixture(scope="module")
def rsa_a() -> Key:
    return rsa_key("rsa-a")


@pytest.fixture(scope="module")
def rsa_b() -> Key:
    return rsa_key("rsa-b")


@pytest.fixture(scope="module")
def ec_a() -> Key:
    return Key("ec-a", ec.generate_private_key(ec.SECP256R1()), "ES256")


def claims(**changes: Any) -> dict[str, Any]:
    """Claims a valid token carries, with ``changes`` applied (``None`` removes a claim)."""
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "email": "Ann.Lee@Example.COM ",
        "role": "manager",
        "team": "EMEA",
    }
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def sign(key: Key, payload: dict[str, Any] | None = None, **header: Any) -> str:
    headers = {"kid": key.kid, **header}
    return jwt.encode(payload or claims(), key.private, algorithm=key.algorithm, headers=headers)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged(header: dict[str, Any], payload: dict[str, Any], secret: bytes | None) -> str:
    """A token built by hand: HMAC-SHA256 with ``secret``, or no signature at all."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    if secret is None:
        return signing_input + "."
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


def settings(jwks: str, **changes: Any) -> JwtSettings:
    return JwtSettings(jwks=jwks, issuer=ISSUER, audience=AUDIENCE, **changes)


def write_jwks(path: Path, *jwks: dict[str, Any]) -> str:
    path.write_text(json.dumps({"keys": list(jwks)}))
    return str(path)


@pytest.fixture
def verifier(tmp_path, rsa_a, ec_a) -> JwtVerifier:
    """A verifier trusting one RSA and one EC key, read from a JWKS file."""
    return JwtVerifier(settings(write_jwks(tmp_path / "jwks.json", rsa_a.jwk(), ec_a.jwk())))


def refused(verifier: JwtVerifier, token: str) -> str:
    """The message a refused token gets, checked never to repeat the token."""
    with pytest.raises(Unauthenticated) as caught:
        verifier.verify(token)
    message = caught.value.message
    assert not token or token not in message
    assert not any(part in message for part in token.split(".") if len(part) > 8)
    return message


# -- what verifies ---------------------------------------------------------------------------


def test_an_rs256_token_maps_email_role_and_team(verifier, rsa_a):
    identity = verifier.verify(sign(rsa_a))
    assert identity == Identity(email="ann.lee@example.com", role=Role.MANAGER, team="EMEA")


def test_an_es256_token_verifies(verifier, ec_a):
    token = sign(ec_a, claims(role="analyst", team=None))
    assert verifier.verify(token) == Identity("ann.lee@example.com", Role.ANALYST, None)


def test_ps256_is_accepted_for_an_rsa_key(verifier, rsa_a):
    token = jwt.encode(claims(), rsa_a.private, algorithm="PS256", headers={"kid": rsa_a.kid})
    assert verifier.verify(token).email == "ann.lee@example.com"


def test_an_eddsa_token_verifies(tmp_path, rsa_a):
    ed = Key("ed-a", ed25519.Ed25519PrivateKey.generate(), "EdDSA")
    both = JwtVerifier(settings(write_jwks(tmp_path / "jwks.json", rsa_a.jwk(), ed.jwk())))
    assert both.verify(sign(ed, claims(role="admin"))).role is Role.ADMIN


def test_role_and_team_are_optional(verifier, rsa_a):
    identity = verifier.verify(sign(rsa_a, claims(role=None, team=None)))
    assert identity == Identity("ann.lee@example.com", None, None)


def test_claim_names_are_settings(tmp_path, rsa_a):
    custom = JwtVerifier(
        settings(
            write_jwks(tmp_path / "jwks.json", rsa_a.jwk()),
            email_claim="upn",
            role_claim="warmgraph_role",
            team_claim="department",
        )
    )
    token = sign(rsa_a, claims(upn="bo@example.com", warmgraph_role="rep", department="Sales"))
    assert custom.verify(token) == Identity("bo@example.com", Role.REP, "Sales")


def test_clock_skew_within_the_leeway_is_tolerated(verifier, rsa_a):
    now = int(time.time())
    token = sign(rsa_a, claims(exp=now - 10, nbf=now + 10, iat=now + 10))
    assert verifier.verify(token).email == "ann.lee@example.com"


def test_a_single_key_set_needs_no_kid(tmp_path, rsa_a):
    single = JwtVerifier(settings(write_jwks(tmp_path / "jwks.json", rsa_a.jwk())))
    token = jwt.encode(claims(), rsa_a.private, algorithm="RS256")
    assert single.verify(token).email == "ann.lee@example.com"


def test_an_audience_list_containing_ours_is_accepted(verifier, rsa_a):
    token = sign(rsa_a, claims(aud=["other-app", AUDIENCE]))
    assert verifier.verify(token).email == "ann.lee@example.com"


# -- what is refused -------------------------------------------------------------------------


def test_alg_none_is_refused(verifier, rsa_a):
    token = forged({"alg": "none", "kid": rsa_a.kid, "typ": "JWT"}, claims(), None)
    assert refused(verifier, token) == "the token's signing algorithm is not accepted"


def test_hs256_signed_with_the_rsa_public_key_is_refused(verifier, rsa_a):
    """The classic key confusion: the public key (which anyone has) used as an HMAC secret."""
    for secret in (rsa_a.public_pem(), json.dumps(rsa_a.jwk()).encode()):
        token = forged({"alg": "HS256", "kid": rsa_a.kid, "typ": "JWT"}, claims(), secret)
        assert refused(verifier, token) == "the token's signing algorithm is not accepted"


def test_hs256_with_a_shared_key_in_the_set_is_refused(tmp_path, rsa_a):
    secret = b"s" * 32
    oct_key = {"kty": "oct", "kid": "shared", "k": b64(secret)}
    mixed = JwtVerifier(settings(write_jwks(tmp_path / "jwks.json", rsa_a.jwk(), oct_key)))
    token = forged({"alg": "HS256", "kid": "shared"}, claims(), secret)
    assert refused(mixed, token) == "the token's signing algorithm is not accepted"


def test_an_algorithm_that_does_not_fit_the_key_is_refused(verifier, rsa_a, ec_a):
    # an EC-signed token pointing at the RSA key's id
    token = jwt.encode(claims(), ec_a.private, algorithm="ES256", headers={"kid": rsa_a.kid})
    assert refused(verifier, token) == "the token's signing algorithm does not fit its key"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"exp": -120}, "the token has expired"),
        ({"nbf": 300}, "the token is not valid yet"),
        ({"iat": 300}, "the token is not valid yet"),
    ],
)
def test_times_outside_the_leeway_are_refused(verifier, rsa_a, changes, message):
    now = int(time.time())
    token = sign(rsa_a, claims(**{name: now + delta for name, delta in changes.items()}))
    assert refused(verifier, token) == message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"iss": "https://evil.example.com/"}, "the token's issuer is not accepted"),
        ({"aud": "another-app"}, "the token's audience is not accepted"),
        ({"aud": ["another-app", "a-third"]}, "the token's audience is not accepted"),
        ({"exp": None}, "the token has no exp claim"),
        ({"iss": None}, "the token has no iss claim"),
        ({"aud": None}, "the token has no aud claim"),
        ({"email": None}, "the token has no 'email' claim with an e-mail"),
        ({"email": ["ann@example.com"]}, "the token has no 'email' claim with an e-mail"),
        ({"email": 42}, "the token has no 'email' claim with an e-mail"),
        ({"email": "   "}, "the token has no 'email' claim with an e-mail"),
        ({"role": "superuser"}, BAD_ROLE),
        ({"role": ["admin"]}, BAD_ROLE),
        ({"team": 7}, "the token's 'team' claim is not a string"),
    ],
)  # fmt: skip
def test_wrong_or_missing_claims_are_refused(verifier, rsa_a, changes, message):
    assert refused(verifier, sign(rsa_a, claims(**changes))) == message


def test_an_unknown_kid_is_refused(verifier, rsa_b):
    assert refused(verifier, sign(rsa_b)) == "unknown signing key"


def test_a_signature_by_another_key_is_refused(verifier, rsa_a, rsa_b):
    token = jwt.encode(claims(), rsa_b.private, algorithm="RS256", headers={"kid": rsa_a.kid})
    assert refused(verifier, token) == "the token's signature is not valid"


def test_a_tampered_payload_is_refused(verifier, rsa_a):
    header, _, signature = sign(rsa_a).split(".")
    payload = b64(json.dumps(claims(role="admin")).encode())
    assert refused(verifier, f"{header}.{payload}.{signature}") == (
        "the token's signature is not valid"
    )


def test_without_kid_a_set_of_several_keys_is_refused(verifier, rsa_a):
    token = jwt.encode(claims(), rsa_a.private, algorithm="RS256")
    assert refused(verifier, token) == "the token does not say which signing key (kid) it used"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not a token",
        "wg_" + "a" * 43,
        "abc.def.ghi",
        "e30.e30.",  # {} . {} — a header without alg
        b64(b"[1,2]") + ".e30.c2ln",  # a header that is not an object
        "a.b.c.d",
        "x" * 20_000 + ".e30.e30",
    ],
)
def test_malformed_tokens_are_refused(verifier, token):
    message = refused(verifier, token)
    assert message in ("the token is malformed", "the token's signing algorithm is not accepted")


def test_a_truncated_token_is_refused(verifier, rsa_a):
    token = sign(rsa_a)
    assert refused(verifier, token[:-10]) in (
        "the token's signature is not valid",
        "the token is malformed",
    )


# -- settings and the key file ---------------------------------------------------------------


@pytest.mark.parametrize("algorithms", [("RS256", "HS256"), ("none",), ()])
def test_symmetric_or_no_algorithms_cannot_be_configured(tmp_path, algorithms):
    with pytest.raises(BadInput, match="algorithms"):
        settings("unused.json", algorithms=algorithms)


def test_a_restricted_algorithm_list_is_obeyed(tmp_path, rsa_a, ec_a):
    rsa_only = JwtVerifier(
        settings(write_jwks(tmp_path / "jwks.json", rsa_a.jwk(), ec_a.jwk()), algorithms=("RS256",))
    )
    assert rsa_only.verify(sign(rsa_a)).role is Role.MANAGER
    assert refused(rsa_only, sign(ec_a)) == "the token's signing algorithm is not accepted"


def test_a_missing_jwks_file_is_bad_input_naming_it(tmp_path):
    missing = tmp_path / "nowhere" / "jwks.json"
    with pytest.raises(BadInput, match="cannot read the JWKS file") as caught:
        JwtVerifier(settings(str(missing)))
    assert str(missing) in caught.value.message


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"keys": []}',
        '{"keys": [{"kty": "RSA", "n": "bad"}]}',
        '{"keys": [{"kty": "oct", "kid": "s", "k": "c2VjcmV0"}]}',  # a shared secret only
    ],
)
def test_an_unusable_jwks_file_is_bad_input_naming_it(tmp_path, content):
    path = tmp_path / "jwks.json"
    path.write_text(content)
    with pytest.raises(BadInput) as caught:
        JwtVerifier(settings(str(path)))
    assert str(path) in caught.value.message


@pytest.mark.parametrize(
    "url",
    ["http://idp.example.com/jwks.json", "ftp://127.0.0.1/jwks.json", "file:///etc/jwks.json"],
)
def test_a_jwks_url_must_be_https_or_loopback_http(url):
    with pytest.raises(BadInput, match="https://"):
        JwtVerifier(settings(url))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_loopback_http_is_allowed(host):
    assert JwtVerifier(settings(f"http://{host}:9/jwks.json")).settings.jwks.startswith("http")


def test_looks_like_jwt_tells_jwts_from_warmgraph_tokens(rsa_a):
    assert looks_like_jwt(sign(rsa_a))
    assert looks_like_jwt("e30.e30.")  # unsigned: still sent to the verifier, which refuses it
    assert not looks_like_jwt(new_token())
    assert not looks_like_jwt("a.b")
    assert not looks_like_jwt("a.b.c.d")
    assert not looks_like_jwt("a b.c.d")


# -- key sets over HTTP ----------------------------------------------------------------------


@dataclass
class JwksServer:
    """A JWKS endpoint on 127.0.0.1: serves ``document`` (or an error ``status``, or ``raw``
    bytes), and counts the requests it got."""

    document: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    status: int = 200
    raw: bytes | None = None  # served as is (with 200) instead of the document
    requests: int = 0
    url: str = ""


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    state = JwksServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            body = json.dumps(state.document).encode() if state.status == 200 else b"oops"
            body = state.raw if state.raw is not None else body
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_keys_come_from_the_url_and_are_cached(jwks_server, rsa_a, ec_a):
    jwks_server.document = {"keys": [rsa_a.jwk(), ec_a.jwk()]}
    remote = JwtVerifier(settings(jwks_server.url))
    assert jwks_server.requests == 0  # nothing is fetched until a token needs a key
    assert remote.verify(sign(rsa_a)).email == "ann.lee@example.com"
    assert remote.verify(sign(ec_a)).role is Role.MANAGER
    assert remote.verify(sign(rsa_a)).team == "EMEA"
    assert jwks_server.requests == 1


def test_a_rotated_key_is_fetched_when_a_token_names_it(jwks_server, rsa_a, rsa_b):
    jwks_server.document = {"keys": [rsa_a.jwk()]}
    remote = JwtVerifier(settings(jwks_server.url, jwks_refresh_cooldown_seconds=0))
    assert remote.verify(sign(rsa_a)).email == "ann.lee@example.com"
    assert refused(remote, sign(rsa_b)) == "unknown signing key"  # not published yet

    jwks_server.document = {"keys": [rsa_b.jwk()]}  # the provider rotates: a out, b in
    assert remote.verify(sign(rsa_b)).email == "ann.lee@example.com"
    # the refetch replaced the cached set, so the retired key no longer verifies anything
    assert refused(remote, sign(rsa_a)) == "unknown signing key"


def test_made_up_kids_do_not_hammer_the_identity_provider(jwks_server, rsa_a):
    jwks_server.document = {"keys": [rsa_a.jwk()]}
    remote = JwtVerifier(settings(jwks_server.url))  # the default cooldown
    assert remote.verify(sign(rsa_a)).email == "ann.lee@example.com"
    stranger = rsa_key("unused")
    for n in range(5):
        token = jwt.encode(claims(), stranger.private, algorithm="RS256", headers={"kid": f"k{n}"})
        assert refused(remote, token) == "unknown signing key"
    assert jwks_server.requests == 1


def test_a_down_identity_provider_is_unauthenticated_and_logged_without_the_token(rsa_a, caplog):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        down_url = f"http://127.0.0.1:{probe.getsockname()[1]}/jwks.json"
    token = sign(rsa_a)
    caplog.set_level(logging.INFO, logger="warmgraph.api.sso")
    down = JwtVerifier(settings(down_url))
    assert refused(down, token) == "the signing keys could not be fetched; try again"
    assert down_url in caplog.text
    assert token not in caplog.text and token.split(".")[2] not in caplog.text


@pytest.mark.parametrize(
    "answer",
    [{"status": 500}, {"document": {"keys": []}}, {"document": {"keys": "nope"}}],
    ids=["server-error", "empty-set", "not-a-set"],
)
def test_a_broken_key_endpoint_is_unauthenticated(jwks_server, rsa_a, answer, caplog):
    for name, value in answer.items():
        setattr(jwks_server, name, value)
    token = sign(rsa_a)
    caplog.set_level(logging.INFO, logger="warmgraph.api.sso")
    message = refused(JwtVerifier(settings(jwks_server.url)), token)
    assert message in ("the signing keys could not be fetched; try again", "unknown signing key")
    assert token not in caplog.text


def test_an_endpoint_answering_non_json_is_unauthenticated(jwks_server, rsa_a):
    jwks_server.raw = b"<html>sign in first</html>"
    token = sign(rsa_a)
    remote = JwtVerifier(settings(jwks_server.url))
    assert refused(remote, token) == "the signing keys could not be fetched; try again"


def test_a_provider_that_never_answers_times_out_as_unauthenticated(rsa_a):
    with socket.socket() as silent:  # accepts connections (backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/jwks.json"
        stuck = JwtVerifier(settings(url, jwks_timeout_seconds=0.5))
        assert refused(stuck, sign(rsa_a)) == "the signing keys could not be fetched; try again"


def test_keys_are_served_again_after_the_provider_recovers(jwks_server, rsa_a):
    jwks_server.status = 503
    remote = JwtVerifier(settings(jwks_server.url, jwks_refresh_cooldown_seconds=0))
    assert refused(remote, sign(rsa_a)) == "the signing keys could not be fetched; try again"
    jwks_server.status = 200
    jwks_server.document = {"keys": [rsa_a.jwk()]}
    assert remote.verify(sign(rsa_a)).email == "ann.lee@example.com"
