// The explorer's only way to data: POST /graphql (the public API) with the user's token.
//
// The token lives in this tab's sessionStorage: it is gone when the tab closes, is never
// put in a URL (so no log or history holds it), and never in local storage.
(function () {
  "use strict";

  var TOKEN_KEY = "warmgraph.token";

  /** An answer that carries GraphQL errors (or a failed request), readable as one line. */
  function GraphQLError(message, code, status) {
    this.name = "GraphQLError";
    this.message = message;
    this.code = code || null;
    this.status = status || 0;
  }
  GraphQLError.prototype = Object.create(Error.prototype);

  var token = {
    get: function () {
      return window.sessionStorage.getItem(TOKEN_KEY);
    },
    set: function (value) {
      window.sessionStorage.setItem(TOKEN_KEY, value);
    },
    clear: function () {
      window.sessionStorage.removeItem(TOKEN_KEY);
    },
  };

  function describe(errors) {
    return errors
      .map(function (e) {
        var code = e.extensions && e.extensions.code;
        return (e.message || "unknown error") + (code ? " (" + code + ")" : "");
      })
      .join("; ");
  }

  /** Runs a document; resolves to its data, rejects with a GraphQLError. */
  function request(query, variables) {
    var headers = {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
    };
    var bearer = token.get();
    if (bearer) headers.Authorization = "Bearer " + bearer;
    return window
      .fetch("/graphql", {
        method: "POST",
        headers: headers,
        body: JSON.stringify({ query: query, variables: variables || {} }),
        credentials: "omit",
        cache: "no-store",
      })
      .catch(function () {
        throw new GraphQLError("could not reach the server", "NETWORK");
      })
      .then(function (response) {
        return response.text().then(function (text) {
          var body = null;
          try {
            body = JSON.parse(text);
          } catch (ignored) {
            throw new GraphQLError(
              "the server answered HTTP " + response.status + " without a GraphQL body",
              null,
              response.status
            );
          }
          var errors = (body && body.errors) || [];
          if (errors.length) {
            var codes = errors.map(function (e) {
              return e.extensions && e.extensions.code;
            });
            var code = codes.indexOf("UNAUTHENTICATED") >= 0 ? "UNAUTHENTICATED" : codes[0];
            if (response.status === 401) code = "UNAUTHENTICATED";
            throw new GraphQLError(describe(errors), code, response.status);
          }
          if (!response.ok || !body || !body.data) {
            throw new GraphQLError("the server answered HTTP " + response.status, null, response.status);
          }
          return body.data;
        });
      });
  }

  var PERSON_FIELDS = "id name title doNotContact isAdvocate currentCompany { id name }";

  var EVIDENCE_FIELDS =
    "connected connectedSince origin interactionCount interactions { kind count } " +
    "lastInteractionAt fromToCount toFromCount";

  var queries = {
    me: "query Me { me { email role person { id name } } }",

    search: {
      people:
        "query SearchPeople($query: String!, $first: Int) { searchPeople(query: $query, first: $first) " +
        "{ edges { node { id name title currentCompany { name } } } } }",
      companies:
        "query SearchCompanies($query: String!, $first: Int) { searchCompanies(query: $query, first: $first) " +
        "{ edges { node { id name domain industry } } } }",
      communities:
        "query SearchCommunities($query: String!, $first: Int) { searchCommunities(query: $query, first: $first) " +
        "{ edges { node { id name kind } } } }",
    },

    egoNetwork:
      "query EgoNetwork($personId: ID, $companyId: ID, $communityId: ID, $hops: Int, $limit: Int) " +
      "{ egoNetwork(personId: $personId, companyId: $companyId, communityId: $communityId, " +
      "hops: $hops, limit: $limit) { truncated " +
      "center { __typename ... on Person { id name } ... on Company { id name } ... on Community { id name } } " +
      "people { " + PERSON_FIELDS + " } " +
      "links { a { id } b { id } strength evidence { " + EVIDENCE_FIELDS + " } } } }",

    warmPaths:
      "query WarmPaths($toId: ID, $toCompanyId: ID) " +
      "{ introductionPaths(toId: $toId, toCompanyId: $toCompanyId, limit: 3) " +
      "{ hops strength people { " + PERSON_FIELDS + " } links { from { id } to { id } strength } } }",

    company:
      "query CompanyPanel($id: ID!) { company(id: $id) { id name domain industry } " +
      "advocateDensity(companyId: $id) { reachableCount advocateCount density } " +
      "topInfluencers(companyId: $id, limit: 5) { rank score person { id name } } " +
      "deals(companyId: $id, open: true, first: 10, orderBy: LIKELIHOOD_DESC) { totalCount edges { node " +
      "{ id name stage amount likelihood { probability band drivers { feature value contribution explanation } } } } } }",

    community:
      "query CommunityPanel($id: ID!) { community(id: $id) { id name kind } " +
      "advocateDensity(communityId: $id) { reachableCount advocateCount density } " +
      "topInfluencers(communityId: $id, limit: 5) { rank score person { id name } } }",
  };

  window.WarmgraphAPI = { request: request, token: token, queries: queries, GraphQLError: GraphQLError };
})();
