"""Authentication over HTTP: nobody without a valid token gets anything; tokens are checked
afresh on every request; roles apply through GraphQL exactly as in the service; and each
rep sees paths from themselves and their team. Runs on both stores."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app
from api.sso import JwtVerifier
from graph.access import Caller, Role
from graph.model import Person
from tests.access.conftest import build_team_world

from .conftest import GQL, assert_no_internals, bearer
from .test_sso import Key, claims, forged, rsa_key, settings, sign, write_jwks

pytestmark = pytest.mark.anyio

PATHS = '{ introductionPaths(toId: "buyer", fromTeam: true, limit: 10) { teammate people { id } } }'


@pytest.fixture
def tokens(service) -> dict[str, str]:
    return build_team_world(service)


@pytest.fixture
async def as_user(app, tokens):
    """``as_user(name)``: a GQL client carrying that user's token."""
    clients: list[httpx.AsyncClient] = []

    def make(name: str | None, token: str | None = None) -> GQL:
        headers = {}
        if name is not None or token is not None:
            headers["Authorization"] = f"Bearer {token or tokens[name]}"
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://warmgraph.test",
            headers=headers,
        )
        clients.append(client)
        return GQL(client)

    yield make
    for client in clients:
        await client.aclose()


def assert_unauthenticated(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert_no_internals(response.text)
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    return str(error["message"])


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer wg_not-a-real-token",
        "Bearer " + "x" * 5000,
        "bearer\tsomething",
    ],
)
async def test_no_valid_token_no_data(app, tokens, header):
    headers = {} if header is None else {"Authorization": header}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://warmgraph.test"
    ) as client:
        for request in (
            client.post(
                "/graphql", json={"query": '{ person(id: "buyer") { email } }'}, headers=headers
            ),
            client.get("/graphql", params={"query": "{ __typename }"}, headers=headers),
            client.post(
                "/graphql",
                json={"query": 'mutation { deletePerson(id: "buyer") { deleted } }'},
                headers=headers,
            ),
        ):
            message = assert_unauthenticated(await request)
            assert "x" * 100 not in message
        assert (await client.get("/healthz")).status_code == 200


async def test_the_anonymous_attacks_of_the_issue_now_get_nothing(app, service, tokens):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://warmgraph.test"
    ) as client:
        for query in (
            '{ searchPeople(query: "@", first: 100) { edges { node { email } } } }',
            'mutation { deletePerson(id: "buyer") { deleted } }',
            'mutation { updatePerson(id: "dnc", input: {doNotContact: false}) { id } }',
        ):
            assert_unauthenticated(await client.post("/graphql", json={"query": query}))
    stored = service.store.get_nodes(Person, ["buyer", "dnc"])
    assert set(stored) == {"buyer", "dnc"} and stored["dnc"].do_not_contact


async def test_a_revoked_token_fails_on_the_very_next_request(as_user, service):
    rep = as_user("rep")
    assert (await rep.data("{ me { email role } }"))["me"] == {
        "email": "rep@team.example",
        "role": "REP",
    }
    service.users.revoke("rep@team.example")  # as the CLI does, through the store
    response = await rep.client.post("/graphql", json={"query": "{ me { email } }"})
    assert_unauthenticated(response)


async def test_rotation_replaces_the_token(as_user, service, tokens):
    _, new = service.users.rotate("mate@team.example")
    assert_unauthenticated(
        await as_user("mate").client.post("/graphql", json={"query": "{ me { email } }"})
    )
    assert (await as_user(None, new).data("{ me { email } }"))["me"]["email"] == "mate@team.example"


async def test_me_says_who_and_what_the_caller_is(as_user):
    me = (await as_user("mgr").data("{ me { email role team teamLink person { id } } }"))["me"]
    assert me == {
        "email": "mgr@team.example",
        "role": "MANAGER",
        "team": "east",
        "teamLink": True,
        "person": {"id": "p-mgr"},
    }


async def test_each_rep_sees_paths_from_themselves_and_their_team(as_user):
    rep = (await as_user("rep").data(PATHS))["introductionPaths"]
    assert {p["teammate"] for p in rep} == {"rep@team.example", "mate@team.example"}
    west = (await as_user("west").data(PATHS))["introductionPaths"]
    assert {p["teammate"] for p in west} == {"west@team.example"}
    mine = await as_user("rep").data('{ introductionPaths(toId: "buyer") { people { id } } }')
    assert mine["introductionPaths"] == [
        {"people": [{"id": "p-rep"}, {"id": "mid"}, {"id": "buyer"}]}
    ]


@pytest.mark.parametrize(
    ("user", "document", "code"),
    [
        ("analyst", 'mutation { createCompany(input: {id: "c9", name: "C"}) { id } }', "FORBIDDEN"),
        ("rep", 'mutation { deletePerson(id: "buyer") { deleted } }', "FORBIDDEN"),
        ("rep", 'mutation { erasePerson(id: "buyer") { deleted } }', "FORBIDDEN"),
        ("rep", "{ users { email } }", "FORBIDDEN"),
        ("rep", '{ deal(id: "d-west") { name } }', "NOT_FOUND"),
        ("west", '{ introductionPaths(fromId: "p-rep", toId: "buyer") { hops } }', "NOT_FOUND"),
        (
            "mgr",
            'mutation { addUser(input: {email: "x@y.z", role: ADMIN}) { token } }',
            "FORBIDDEN",
        ),
    ],
)
async def test_roles_over_graphql(as_user, user, document, code):
    error = await as_user(user).error(document)
    assert error["extensions"] == {"code": code}


async def test_admins_manage_users_over_graphql(as_user):
    admin = as_user("admin")
    added = (
        await admin.data(
            'mutation { addUser(input: {email: "New@Team.example", role: REP, team: "east", '
            'personId: "mid"}) { token user { email role team person { id } } } }'
        )
    )["addUser"]
    assert added["user"] == {
        "email": "new@team.example",
        "role": "REP",
        "team": "east",
        "person": {"id": "mid"},
    }
    newcomer = as_user(None, added["token"])
    assert (await newcomer.data("{ me { email } }"))["me"]["email"] == "new@team.example"
    emails = {u["email"] for u in (await admin.data("{ users { email active } }"))["users"]}
    assert "new@team.example" in emails
    await admin.data('mutation { revokeUser(email: "new@team.example") { active } }')
    assert_unauthenticated(
        await newcomer.client.post("/graphql", json={"query": "{ me { email } }"})
    )
    log = (await admin.data("{ auditLog(limit: 2) { actor action target } }"))["auditLog"]
    assert log == [
        {"actor": "admin@team.example", "action": "user.revoke", "target": "user:new@team.example"},
        {"actor": "admin@team.example", "action": "user.add", "target": "user:new@team.example"},
    ]


async def test_do_not_contact_details_are_hidden_over_graphql(as_user):
    query = '{ person(id: "dnc") { email linkedin doNotContact } }'
    assert (await as_user("rep").data(query))["person"] == {
        "email": None,
        "linkedin": None,
        "doNotContact": True,
    }
    assert (await as_user("admin").data(query))["person"]["email"] == "dana@private.example"


async def test_no_auth_acts_as_the_given_caller(service, tokens):
    app = create_app(service, open_as=Caller("local@localhost", Role.ADMIN, local=True))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://warmgraph.test"
    ) as client:
        response = await client.post("/graphql", json={"query": "{ me { email role } }"})
    assert response.json() == {"data": {"me": {"email": "local@localhost", "role": "ADMIN"}}}


# -- single sign-on through the app ---------------------------------------------------------


@pytest.fixture(scope="module")
def idp_key() -> Key:
    """The identity provider's signing key, made for these tests."""
    return rsa_key("idp-1")


@pytest.fixture
def sso_app(service, tokens, tmp_path, idp_key):
    jwks = write_jwks(tmp_path / "jwks.json", idp_key.jwk())
    return create_app(service, jwt=JwtVerifier(settings(jwks)))


async def sso_post(app, token: str, query: str = "{ me { email role team person { id } } }"):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://warmgraph.test",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        return await client.post("/graphql", json={"query": query})


async def test_a_jwt_from_the_identity_provider_is_a_caller(sso_app, idp_key, tokens):
    # a stored user: the token's role and team win, the person comes from the store
    token = sign(idp_key, claims(email="Rep@Team.example", role="analyst", team="north"))
    me = (await sso_post(sso_app, token)).json()["data"]["me"]
    assert me == {
        "email": "rep@team.example",
        "role": "ANALYST",
        "team": "north",
        "person": {"id": "p-rep"},
    }
    # someone the store does not know, with a role: a caller without a person
    stranger = sign(idp_key, claims(email="new@corp.example", role="rep", team=None))
    me = (await sso_post(sso_app, stranger)).json()["data"]["me"]
    assert me == {"email": "new@corp.example", "role": "REP", "team": None, "person": None}
    # API tokens keep working next to single sign-on
    assert (await sso_post(sso_app, tokens["admin"])).status_code == 200


async def test_jwts_that_fail_a_check_get_401(sso_app, idp_key, service):
    service.users.revoke("west@team.example")
    for token in (
        forged({"alg": "none", "typ": "JWT"}, claims(), None),
        forged({"alg": "HS256", "kid": idp_key.kid}, claims(), idp_key.public_pem()),
        sign(idp_key, claims(exp=1)),
        sign(idp_key, claims(iss="https://evil.example/")),
        sign(idp_key, claims(aud="someone-else")),
        sign(idp_key, claims(email="nobody@corp.example", role=None)),  # no role, no user
        sign(idp_key, claims(email="west@team.example")),  # revoked in warmgraph
    ):
        message = assert_unauthenticated(await sso_post(sso_app, token))
        assert token not in message


async def test_guessing_tokens_is_rate_limited_per_address(service, tokens):
    app = create_app(service, rate_limit="3/minute")
    transport = httpx.ASGITransport(app=app, client=("10.9.9.9", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://warmgraph.test") as c:
        guesses = [
            await c.post("/graphql", json={"query": "{ me { email } }"}, headers=h)
            for h in [{"Authorization": f"Bearer wg_guess{i}"} for i in range(4)]
        ]
        assert [g.status_code for g in guesses] == [401, 401, 401, 429]
        assert guesses[-1].json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED"}
        assert int(guesses[-1].headers["retry-after"]) >= 1
    other = httpx.ASGITransport(app=app, client=("10.1.1.1", 4000))
    async with httpx.AsyncClient(
        transport=other, base_url="http://warmgraph.test", headers=bearer(tokens["rep"])
    ) as c:  # another address with a valid token is not held back
        assert (await c.post("/graphql", json={"query": "{ me { email } }"})).status_code == 200
