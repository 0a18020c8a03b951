// Starts GraphiQL against the GraphQL endpoint this page was served from (same origin,
// same path). A file of ours rather than an inline script, so the page's
// Content-Security-Policy can allow scripts from 'self' only.
//
// `warmgraph demo` opens this page as /graphql#token=...: the fragment never leaves the
// browser (it is not sent to the server, so it is in no log), and it is removed from the
// address bar at once; the token only fills in the Authorization header of the Headers tab.
(function () {
  "use strict";
  var headers;
  var match = /^#token=([A-Za-z0-9_\-.~]+)$/.exec(window.location.hash);
  if (match) {
    headers = JSON.stringify({ Authorization: "Bearer " + match[1] }, null, 2);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultHeaders: headers,
      shouldPersistHeaders: false,
    })
  );
})();
