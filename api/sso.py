"""Single sign-on: verify a JWT from the company's identity provider and say who it names.

The checks are PyJWT's (signature, ``exp``, ``nbf``, ``iat``, ``iss``, ``aud``); this module
only chooses the key and the algorithms, and maps the claims onto warmgraph's own terms.

Keys come from a JWKS (``JwtSettings.jwks``): either a file, read once when the verifier is
built (a missing or unusable file is a :class:`~graph.errors.BadInput` naming it), or an
``https://`` URL (``http://`` only on a loopback host) fetched with PyJWT's ``PyJWKClient``:
the key set is cached for ``jwks_cache_seconds``, a token naming an unknown ``kid`` makes it
fetch the set again (at most once per ``jwks_refresh_cooldown_seconds``, so tokens with made-up
key ids cannot hammer the identity provider), and each fetch gives up after
``jwks_timeout_seconds``. A failed fetch fails that request as unauthenticated and is logged
(the URL and the cause, never the token).

Only asymmetric algorithms are accepted (RS*, PS*, ES*, EdDSA), and only those that fit the
key's type, so ``alg: none`` and HS/RS key confusion (an HS256 token "signed" with the RSA
public key as the secret) are refused before any key is touched. A token must carry ``exp``,
``iss`` and ``aud``; when the key set holds more than one key it must name its key (``kid``).
Keys a token points at itself (``jku``, ``x5u``, ``jwk`` headers) are ignored: keys only ever
come from the configured set.

How claims map onto an :class:`Identity` (claim names are settings):

- ``email`` (``email_claim``): required, a non-empty string; normalised with
  :func:`graph.access.normalise_email`. This is who the caller is.
- ``role`` (``role_claim``): optional; when present, one of ``admin``, ``manager``, ``rep``,
  ``analyst`` (anything else, a list included, is refused); absent or null gives ``None``.
- ``team`` (``team_claim``): optional string; absent, null or blank gives ``None``.

Every failure is a :class:`~graph.errors.Unauthenticated` with a short message that never
repeats the token. :meth:`JwtVerifier.verify` may wait on the network (for a URL key set), so
an async caller runs it in a worker thread.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet
from jwt.exceptions import (
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAlgorithmError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidKeyError,
    InvalidSignatureError,
    MissingRequiredClaimError,
    PyJWKClientConnectionError,
    PyJWKClientError,
    PyJWTError,
)

from graph.access import Role, normalise_email
from graph.errors import BadInput, Unauthenticated, shown

log = logging.getLogger("warmgraph.api.sso")

RSA_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
EC_ALGORITHMS = frozenset({"ES256", "ES384", "ES512"})
OKP_ALGORITHMS = frozenset({"EdDSA"})
#: Everything a verifier may be configured to accept: public-key signatures only, so a
#: public key can never double as a shared secret.
ASYMMETRIC_ALGORITHMS = RSA_ALGORITHMS | EC_ALGORITHMS | OKP_ALGORITHMS
DEFAULT_ALGORITHMS: tuple[str, ...] = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
)  # fmt: skip

#: Claims a token must carry, whatever else it says.
REQUIRED_CLAIMS = ("exp", "iss", "aud")

#: Longer than any identity provider's token (a few KB even with many groups); a bigger one is
#: refused before it is parsed.
MAX_TOKEN_CHARS = 16 * 1024

_JWT_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")

_ROLE_VALUES = frozenset(role.value for role in Role)
_ROLES = ", ".join(role.value for role in Role)


def looks_like_jwt(token: str) -> bool:
    """Whether ``token`` has a JWT's shape: three base64url segments joined by dots (the last,
    the signature, may be empty, so an unsigned token is still routed here and refused).
    warmgraph's own ``wg_`` tokens never contain a dot."""
    return _JWT_SHAPE.fullmatch(token) is not None


@dataclass(frozen=True, slots=True)
class JwtSettings:
    """Where the keys are, whom to trust, and which claims say who the caller is."""

    jwks: str  # a JWKS file's path, or an https:// URL (http:// on a loopback host)
    issuer: str
    audience: str
    email_claim: str = "email"
    role_claim: str = "role"
    team_claim: str = "team"
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    leeway_seconds: float = 30  # clock skew allowed on exp, nbf and iat
    jwks_timeout_seconds: float = 5
    jwks_cache_seconds: float = 300
    jwks_refresh_cooldown_seconds: float = 30

    def __post_init__(self) -> None:
        if not self.issuer or not self.audience:
            raise BadInput("single sign-on needs both an issuer and an audience")
        refused = sorted(set(self.algorithms) - ASYMMETRIC_ALGORITHMS)
        if refused or not self.algorithms:
            raise BadInput(
                f"JWT algorithms must be among {', '.join(DEFAULT_ALGORITHMS)}"
                + (f" (not {', '.join(refused)})" if refused else "")
            )
        if self.leeway_seconds < 0 or self.jwks_timeout_seconds <= 0:
            raise BadInput("the JWT leeway must be >= 0 and the JWKS timeout > 0")
        if self.jwks_cache_seconds <= 0 or self.jwks_refresh_cooldown_seconds < 0:
            raise BadInput("the JWKS cache time must be > 0 and the refresh cooldown >= 0")


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a verified token names; the auth layer turns it into a ``Caller``."""

    email: str  # normalised
    role: Role | None = None
    team: str | None = None


class KeySource(Protocol):
    """Finds the key a token was signed with."""

    def key_for(self, kid: str | None) -> PyJWK: ...


def _fitting_algorithms(key: PyJWK) -> frozenset[str]:
    """The algorithms a key can verify: any RSA one for an RSA key (RS and PS use the same
    key), the curve's own for an EC key, EdDSA for an OKP key, none for a shared secret."""
    if key.key_type == "RSA":
        return RSA_ALGORITHMS
    if key.key_type == "EC":
        return frozenset({key.algorithm_name}) & EC_ALGORITHMS
    if key.key_type == "OKP":
        return OKP_ALGORITHMS
    return frozenset()


def _signing_keys(keys: PyJWKSet) -> list[PyJWK]:
    """The keys meant for signatures (``use`` is ``sig`` or unsaid) that a public-key algorithm
    can use; a symmetric key in the set is never a candidate."""
    return [k for k in keys.keys if k.public_key_use in ("sig", None) and _fitting_algorithms(k)]


def _pick(keys: list[PyJWK], kid: str | None) -> PyJWK | None:
    """The key a token names; a token without ``kid`` only when the set has one key."""
    if kid is None:
        if len(keys) > 1:
            raise Unauthenticated("the token does not say which signing key (kid) it used")
        return keys[0] if keys else None
    return next((k for k in keys if k.key_id == kid), None)


class FileKeys:
    """A key set read from a JWKS file once, when the verifier is built."""

    def __init__(self, path: Path) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            keys = PyJWKSet.from_dict(document) if isinstance(document, dict) else None
        except OSError as exc:
            raise BadInput(f"cannot read the JWKS file {path}: {exc.strerror or exc}") from exc
        except (ValueError, PyJWTError) as exc:  # not JSON (ValueError), or no usable key
            raise BadInput(f"the JWKS file {path} is not a usable key set: {exc}") from exc
        if keys is None:
            raise BadInput(f"the JWKS file {path} is not a JSON object with a 'keys' list")
        self.keys = _signing_keys(keys)
        if not self.keys:
            raise BadInput(f"the JWKS file {path} holds no public signing key")

    def key_for(self, kid: str | None) -> PyJWK:
        key = _pick(self.keys, kid)
        if key is None:
            raise Unauthenticated("unknown signing key")
        return key


class RemoteKeys:
    """A key set fetched from the identity provider's JWKS URL, cached, refetched on an
    unknown ``kid`` (PyJWKClient does both)."""

    def __init__(self, url: str, settings: JwtSettings) -> None:
        self.url = url
        self.client = PyJWKClient(
            url,
            cache_jwk_set=True,
            lifespan=settings.jwks_cache_seconds,
            timeout=settings.jwks_timeout_seconds,
            cooldown_duration=settings.jwks_refresh_cooldown_seconds,
        )

    def key_for(self, kid: str | None) -> PyJWK:
        try:
            if kid is not None:
                key: PyJWK | None = self.client.get_signing_key(kid)
            else:
                key = _pick(_signing_keys(self.client.get_jwk_set()), None)
        except PyJWKClientConnectionError as exc:
            log.warning("could not fetch the JWT signing keys from %s: %s", self.url, exc.__cause__)
            raise Unauthenticated("the signing keys could not be fetched; try again") from exc
        except PyJWKClientError as exc:
            # Fetched, but no key has that id even after one refetch (or the endpoint's answer
            # holds no signing key at all). The id comes from the token, so it is logged cut.
            log.info("no key in the JWKS at %s fits a token: %s", self.url, shown(str(exc)))
            raise Unauthenticated("unknown signing key") from exc
        except (PyJWTError, ValueError) as exc:  # a set with no usable key, or not JSON
            log.warning("the JWKS at %s is not usable: %s", self.url, exc)
            raise Unauthenticated("the signing keys could not be fetched; try again") from exc
        if key is None:
            raise Unauthenticated("unknown signing key")
        return key


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def key_source(settings: JwtSettings) -> KeySource:
    """The key source ``settings.jwks`` names: a URL, or else a file path."""
    where = settings.jwks
    if "://" not in where:
        return FileKeys(Path(where))
    parts = urlsplit(where)
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return RemoteKeys(where, settings)
    raise BadInput(
        f"the JWKS URL {where} must be https:// (http:// only on a loopback host), or a file path"
    )


#: PyJWT's errors, most specific first, as the caller reads them.
_MESSAGES: tuple[tuple[type[PyJWTError], str], ...] = (
    (ExpiredSignatureError, "the token has expired"),
    (ImmatureSignatureError, "the token is not valid yet"),
    (InvalidIssuedAtError, "the token's issue time (iat) is not a number"),
    (InvalidIssuerError, "the token's issuer is not accepted"),
    (InvalidAudienceError, "the token's audience is not accepted"),
    (InvalidAlgorithmError, "the token's signing algorithm is not accepted"),
    (InvalidSignatureError, "the token's signature is not valid"),
    (InvalidKeyError, "the signing key does not fit the token's algorithm"),
)


def _message(exc: PyJWTError) -> str:
    if isinstance(exc, MissingRequiredClaimError):
        return f"the token has no {exc.claim} claim"  # one of REQUIRED_CLAIMS, not token text
    for kind, message in _MESSAGES:
        if isinstance(exc, kind):
            return message
    return "the token is malformed"


class JwtVerifier:
    """Verifies identity-provider JWTs against one key set, issuer and audience."""

    def __init__(self, settings: JwtSettings, keys: KeySource | None = None) -> None:
        self.settings = settings
        self.keys = keys if keys is not None else key_source(settings)

    def verify(self, token: str) -> Identity:
        """The identity a valid token names; :class:`Unauthenticated` for anything else."""
        if len(token) > MAX_TOKEN_CHARS or not looks_like_jwt(token):
            raise Unauthenticated("the token is malformed")
        try:
            header = jwt.get_unverified_header(token)
        except PyJWTError as exc:
            raise Unauthenticated("the token is malformed") from exc
        algorithm = header.get("alg")
        # Refused before a key is looked up: ``none`` and every HS* (which would take a public
        # key for a shared secret) never reach the key source, let alone a JWKS fetch.
        if not isinstance(algorithm, str) or algorithm not in self.settings.algorithms:
            raise Unauthenticated("the token's signing algorithm is not accepted")
        kid = header.get("kid")
        key = self.keys.key_for(kid if isinstance(kid, str) else None)
        if algorithm not in _fitting_algorithms(key):
            raise Unauthenticated("the token's signing algorithm does not fit its key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                leeway=self.settings.leeway_seconds,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except PyJWTError as exc:
            raise Unauthenticated(_message(exc)) from exc
        return self.identity(claims)

    def identity(self, claims: Mapping[str, Any]) -> Identity:
        """Map verified claims onto an :class:`Identity` (see the module docstring)."""
        s = self.settings
        email = claims.get(s.email_claim)
        if not isinstance(email, str) or "@" not in email:
            raise Unauthenticated(f"the token has no {s.email_claim!r} claim with an e-mail")
        role = claims.get(s.role_claim)
        if role is not None and (not isinstance(role, str) or role not in _ROLE_VALUES):
            raise Unauthenticated(f"the token's {s.role_claim!r} claim is not one of {_ROLES}")
        team = claims.get(s.team_claim)
        if team is not None and not isinstance(team, str):
            raise Unauthenticated(f"the token's {s.team_claim!r} claim is not a string")
        return Identity(
            email=normalise_email(email),
            role=Role(role) if role is not None else None,
            team=(team.strip() or None) if team is not None else None,
        )
