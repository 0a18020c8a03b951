// Runs the GraphQL Foundation's GraphQL-over-HTTP audit suite (graphql-http's auditServer)
// against a running server and prints the results as one JSON object on stdout:
//
//   {"counts": {"ok": 61, "notice": 0, "warn": 0, "error": 0},
//    "results": [{"id", "name", "status", "reason"?, "response"?: {"status", "contentType", "body"}}]}
//
// Usage: WARMGRAPH_TOKEN=... node audit.mjs http://127.0.0.1:8000/graphql
//
// The audits send no credentials; WARMGRAPH_TOKEN (when set) is added to every request as
// "Authorization: Bearer ..." through the fetchFn the audit takes. It travels in the
// environment rather than on the command line, where other users could read it.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL (WARMGRAPH_TOKEN in the environment adds a bearer token)');
  process.exit(2);
}
if (typeof fetch !== 'function') {
  console.error('the audit needs Node.js 18 or newer (global fetch)');
  process.exit(2);
}
const token = process.env.WARMGRAPH_TOKEN;

/** global fetch, with the bearer token added unless the audit set its own Authorization. */
function fetchWithToken(input, init = {}) {
  const headers = new Headers(init.headers);
  if (token && !headers.has('authorization')) {
    headers.set('authorization', `Bearer ${token}`);
  }
  return fetch(input, { ...init, headers });
}

const results = await auditServer({ url, fetchFn: fetchWithToken });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const report = [];
for (const result of results) {
  counts[result.status] += 1;
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    entry.reason = result.reason;
    const response = result.response;
    let body = '';
    try {
      body = (await response.text()).slice(0, 500);
    } catch {
      body = '(body already read)';
    }
    entry.response = {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    };
  }
  report.push(entry);
}
console.log(JSON.stringify({ counts, results: report }, null, 1));
