// Starts GraphiQL against the GraphQL endpoint this page was served from (same origin,
// same path). A file of ours rather than an inline script, so the page's
// Content-Security-Policy can allow scripts from 'self' only.
(function () {
  "use strict";
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
    })
  );
})();
