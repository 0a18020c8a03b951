// The explorer's screens: sign-in, search, the ego network and the side panel.
//
// Every piece of data comes from /graphql (explorer-api.js). Errors are shown as GraphQL
// gives them (message and code); UNAUTHENTICATED sends the user back to the sign-in box.
// Everything the mouse can do on the drawing, the keyboard can do through the lists: arrow
// keys move within a list, Enter chooses.
(function () {
  "use strict";

  var API = window.WarmgraphAPI;
  var q = API.queries;
  var $ = function (id) {
    return document.getElementById(id);
  };

  var state = { me: null, drawing: null, network: null, lastPaths: null };

  // ---- small DOM helpers (text only: nothing from the API is ever parsed as HTML) ----

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "onclick") node.addEventListener("click", attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(node, children) {
    node.replaceChildren.apply(node, children.filter(Boolean));
  }

  function percent(x) {
    return (100 * x).toFixed(x < 0.1 ? 1 : 0) + "%";
  }

  function fixed(x) {
    return Number(x).toFixed(2);
  }

  // ---- errors and signing in ----

  function showError(error) {
    var box = $("error");
    box.textContent = error ? error.message : "";
    box.hidden = !error;
  }

  function failed(error) {
    if (error && error.code === "UNAUTHENTICATED") {
      signOut("Signed out: " + error.message);
      return;
    }
    showError(error);
  }

  function signOut(message) {
    API.token.clear();
    state.me = null;
    $("app-view").hidden = true;
    $("who").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in-view").hidden = false;
    showError(message ? { message: message } : null);
    $("token").value = "";
    $("token").focus();
  }

  function signedIn(me) {
    state.me = me;
    showError(null);
    $("sign-in-view").hidden = true;
    $("app-view").hidden = false;
    $("sign-out").hidden = false;
    var who = $("who");
    who.textContent =
      me.email + " · " + me.role.toLowerCase() + (me.person ? " · " + me.person.name : " · no person in the graph");
    who.hidden = false;
    if (!state.drawing) {
      state.drawing = new window.WarmgraphDrawing.Drawing($("graph"));
      state.drawing.cy.on("tap", "node", function (event) {
        choose(event.target.id());
      });
    }
    $("search-query").focus();
  }

  function start() {
    if (!API.token.get()) {
      signOut(null);
      return;
    }
    API.request(q.me).then(function (data) {
      signedIn(data.me);
    }, failed);
  }

  $("sign-in").addEventListener("submit", function (event) {
    event.preventDefault();
    var value = $("token").value.trim();
    if (!value) return;
    API.token.set(value);
    $("token").value = "";
    API.request(q.me).then(function (data) {
      signedIn(data.me);
    }, function (error) {
      if (error.code === "UNAUTHENTICATED") signOut("That token was not accepted: " + error.message);
      else failed(error);
    });
  });

  $("sign-out").addEventListener("click", function () {
    signOut(null);
  });

  // ---- keyboard navigation within a list of buttons ----

  function arrowKeys(list) {
    list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End") return;
      var buttons = Array.prototype.slice.call(list.querySelectorAll("button"));
      if (!buttons.length) return;
      var at = buttons.indexOf(document.activeElement);
      var next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
      buttons[Math.max(0, Math.min(buttons.length - 1, next))].focus();
      event.preventDefault();
    });
  }
  arrowKeys($("results"));
  arrowKeys($("node-list"));
  $("search-query").addEventListener("keydown", function (event) {
    var first = $("results").querySelector("button");
    if (event.key === "ArrowDown" && first) {
      first.focus();
      event.preventDefault();
    }
  });

  // ---- search ----

  var KIND_OF = { people: "Person", companies: "Company", communities: "Community" };
  var FIELD_OF = { people: "searchPeople", companies: "searchCompanies", communities: "searchCommunities" };

  function resultLine(kind, node) {
    if (kind === "people") {
      var company = node.currentCompany ? node.currentCompany.name : null;
      return [node.title, company].filter(Boolean).join(", ");
    }
    if (kind === "companies") return [node.domain, node.industry].filter(Boolean).join(" · ");
    return node.kind ? node.kind.toLowerCase() : "";
  }

  $("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var kind = $("search-kind").value;
    var text = $("search-query").value.trim();
    API.request(q.search[kind], { query: text, first: 20 }).then(function (data) {
      showError(null);
      var nodes = data[FIELD_OF[kind]].edges.map(function (edge) {
        return edge.node;
      });
      fill(
        $("results"),
        nodes.map(function (node) {
          var button = el("button", { type: "button", "data-id": node.id, onclick: function () {
            explore(KIND_OF[kind], node.id);
          } }, [el("span", { class: "name", text: node.name }), el("span", { class: "muted", text: resultLine(kind, node) })]);
          return el("li", {}, [button]);
        })
      );
      $("status").textContent = nodes.length
        ? nodes.length + " found: choose one (arrow keys, Enter) to see its network."
        : "Nothing found for “" + text + "”.";
    }, failed);
  });

  // ---- the ego network ----

  function explore(kind, id) {
    var variables = {
      personId: kind === "Person" ? id : null,
      companyId: kind === "Company" ? id : null,
      communityId: kind === "Community" ? id : null,
      hops: Number($("hops").value),
      limit: $("limit").value.trim() === "" ? 50 : Number($("limit").value),
    };
    $("status").textContent = "Loading the network…";
    var started = window.performance.now();
    API.request(q.egoNetwork, variables).then(function (data) {
      var fetched = window.performance.now();
      showError(null);
      var network = data.egoNetwork;
      state.network = network;
      state.drawing.show(network);
      var drawn = window.performance.now();
      var status = $("status");
      status.textContent =
        network.people.length + " people, " + network.links.length + " links" +
        (network.truncated ? " (capped: the strongest ties kept)" : "") + " around " + network.center.name + ".";
      status.dataset.center = network.center.id;
      status.dataset.people = String(network.people.length);
      status.dataset.links = String(network.links.length);
      status.dataset.fetchMs = String(Math.round(fetched - started));
      status.dataset.drawMs = String(Math.round(drawn - fetched));
      listPeople(network);
      if (network.center.__typename === "Person") showPerson(network.center.id);
      else showEntity(network.center);
    }, function (error) {
      $("status").textContent = "The network could not be loaded.";
      failed(error);
    });
  }

  function listPeople(network) {
    var centerId = network.center.id;
    var strength = {};
    network.links.forEach(function (link) {
      if (link.a.id === centerId) strength[link.b.id] = link.strength;
      if (link.b.id === centerId) strength[link.a.id] = link.strength;
    });
    var people = network.people.slice().sort(function (x, y) {
      if (x.id === centerId) return -1;
      if (y.id === centerId) return 1;
      return (strength[y.id] || 0) - (strength[x.id] || 0) || x.name.localeCompare(y.name);
    });
    var items = people.map(function (p) {
      var notes = [];
      if (p.id === centerId) notes.push("centre");
      if (p.isAdvocate) notes.push("advocate");
      if (p.doNotContact) notes.push("do not contact");
      return el("li", {}, [el("button", { type: "button", "data-id": p.id, onclick: function () {
        choose(p.id);
      } }, [el("span", { class: "name", text: p.name }), el("span", { class: "muted", text: notes.join(", ") })])]);
    });
    if (network.center.__typename !== "Person") {
      items.unshift(el("li", {}, [el("button", { type: "button", "data-id": window.WarmgraphDrawing.CENTER, onclick: function () {
        choose(window.WarmgraphDrawing.CENTER);
      } }, [el("span", { class: "name", text: network.center.name }), el("span", { class: "muted", text: "centre" })])]));
    }
    fill($("node-list"), items);
  }

  /** A node was chosen (clicked, or from the list): select it and show its panel. */
  function choose(id) {
    var cy = state.drawing.cy;
    cy.elements().unselect();
    var node = cy.getElementById(id);
    node.select();
    if (id === window.WarmgraphDrawing.CENTER) showEntity(state.network.center);
    else showPerson(id);
  }

  // ---- the side panel ----

  function evidenceList(link, fromId) {
    var e = link.evidence;
    var rows = [["Tie strength", fixed(link.strength)]];
    rows.push(["Connected", e.connected ? "yes" + (e.connectedSince ? ", since " + e.connectedSince : "") + (e.origin ? " (" + e.origin.toLowerCase() + ")" : "") : "no"]);
    rows.push(["Interactions", String(e.interactionCount)]);
    (e.interactions || []).forEach(function (c) {
      rows.push(["  " + c.kind.toLowerCase(), String(c.count)]);
    });
    if (e.lastInteractionAt) rows.push(["Last interaction", e.lastInteractionAt.slice(0, 10)]);
    var aToB = link.a.id === fromId ? e.fromToCount : e.toFromCount;
    var bToA = link.a.id === fromId ? e.toFromCount : e.fromToCount;
    rows.push(["From the centre", String(aToB)], ["To the centre", String(bToA)]);
    return el("dl", { class: "evidence", "data-testid": "evidence" }, rows.reduce(function (out, row) {
      out.push(el("dt", { text: row[0] }), el("dd", { text: row[1] }));
      return out;
    }, []));
  }

  function pathsButton(label, variables) {
    return el("button", { type: "button", id: "warm-paths", onclick: function () {
      warmPaths(variables);
    } }, [label]);
  }

  function showPerson(id) {
    var network = state.network;
    var person = state.drawing.cy.getElementById(id).data("person");
    if (!person) return;
    var center = network.center;
    var parts = [el("h2", { text: person.name })];
    var facts = [person.title, person.currentCompany ? person.currentCompany.name : null].filter(Boolean).join(" · ");
    if (facts) parts.push(el("p", { text: facts }));
    var badges = [];
    if (person.isAdvocate) badges.push(el("span", { class: "badge advocate", text: "advocate" }));
    if (person.doNotContact) badges.push(el("span", { class: "badge dnc", text: "do not contact" }));
    if (badges.length) parts.push(el("p", {}, badges));
    if (id === center.id) {
      parts.push(el("p", { class: "muted", text: "The centre of this network." }));
    } else if (center.__typename === "Person") {
      var link = state.drawing.linkBetween(center.id, id);
      parts.push(el("h3", { text: "Evidence of the tie to " + center.name }));
      parts.push(link ? evidenceList(link, center.id) : el("p", { class: "muted", text: "No direct tie to " + center.name + ": linked through others in the drawing." }));
    } else {
      var strongest = network.links.filter(function (l) {
        return l.a.id === id || l.b.id === id;
      })[0];
      if (strongest) {
        var other = strongest.a.id === id ? strongest.b : strongest.a;
        var otherNode = state.drawing.cy.getElementById(other.id).data("person");
        parts.push(el("h3", { text: "Strongest tie in the drawing: " + (otherNode ? otherNode.name : other.id) }));
        parts.push(evidenceList(strongest, other.id));
      }
    }
    if (state.me && state.me.person && state.me.person.id !== id) {
      parts.push(pathsButton("Show warm paths from me to here", { toId: id, toCompanyId: null }));
    }
    if (id !== center.id) {
      parts.push(el("button", { type: "button", class: "secondary", onclick: function () {
        explore("Person", id);
      } }, ["Centre the network on " + person.name]));
    }
    parts.push(el("div", { id: "paths" }));
    fill($("panel"), parts);
  }

  function showEntity(center) {
    var isCompany = center.__typename === "Company";
    var parts = [el("h2", { text: center.name }), el("p", { class: "muted", text: isCompany ? "Company" : "Community" })];
    var details = el("div", { id: "entity-details" }, [el("p", { class: "muted", text: "Loading…" })]);
    parts.push(details);
    if (isCompany && state.me && state.me.person) {
      parts.push(pathsButton("Show warm paths from me to here", { toId: null, toCompanyId: center.id }));
    }
    parts.push(el("div", { id: "paths" }));
    fill($("panel"), parts);
    API.request(isCompany ? q.company : q.community, { id: center.id }).then(function (data) {
      fill(details, entityDetails(data, isCompany));
    }, failed);
  }

  function entityDetails(data, isCompany) {
    var d = data.advocateDensity;
    var out = [
      el("h3", { text: "Advocate density (2 hops)" }),
      el("p", { "data-testid": "density", text: percent(d.density) + " — " + d.advocateCount + " advocates among " + d.reachableCount + " people within reach" }),
      el("h3", { text: "Top influencers" }),
    ];
    out.push(el("ol", { class: "plain", "data-testid": "influencers" }, data.topInfluencers.map(function (s) {
      return el("li", {}, [
        el("button", { type: "button", class: "link", onclick: function () {
          explore("Person", s.person.id);
        } }, [s.person.name]),
        el("span", { class: "muted", text: " score " + fixed(s.score) }),
      ]);
    })));
    if (isCompany) {
      var deals = data.deals;
      out.push(el("h3", { text: "Open deals (" + deals.totalCount + ")" }));
      if (!deals.edges.length) out.push(el("p", { class: "muted", text: "No open deals you may see." }));
      out.push(el("ul", { class: "plain deals", "data-testid": "deals" }, deals.edges.map(function (edge) {
        var deal = edge.node;
        var likelihood = deal.likelihood;
        return el("li", {}, [
          el("p", {}, [el("strong", { text: deal.name }), " · " + deal.stage.toLowerCase().replace(/_/g, " ") +
            (deal.amount != null ? " · " + Number(deal.amount).toLocaleString("en") : "")]),
          el("p", { class: "likelihood", text: "Likelihood " + percent(likelihood.probability) + " (" + likelihood.band.toLowerCase() + ")" }),
          el("ul", { class: "drivers" }, likelihood.drivers.map(function (driver) {
            return el("li", { text: (driver.contribution >= 0 ? "▲ " : "▼ ") + driver.explanation });
          })),
        ]);
      })));
    }
    return out;
  }

  // ---- warm paths ----

  function warmPaths(variables) {
    var box = $("paths");
    API.request(q.warmPaths, variables).then(function (data) {
      showError(null);
      var paths = data.introductionPaths;
      state.lastPaths = paths;
      var highlighted = state.drawing.highlight(paths);
      $("status").dataset.highlighted = String(highlighted.length);
      if (!paths.length) {
        fill(box, [el("p", { text: "No warm path from you within 3 hops." })]);
        return;
      }
      fill(box, [
        el("h3", { text: "Warm paths from me" }),
        el("ol", { class: "plain", "data-testid": "paths" }, paths.map(function (path) {
          return el("li", { text: path.people.map(function (p) {
            return p.name;
          }).join(" → ") + " (strength " + fixed(path.strength) + ")" });
        })),
        el("button", { type: "button", class: "secondary", onclick: function () {
          state.drawing.clearHighlight();
          fill(box, []);
        } }, ["Clear the highlight"]),
      ]);
    }, failed);
  }

  // For the browser tests and the curious: the drawing and what is highlighted.
  window.warmgraphExplorer = {
    cy: function () {
      return state.drawing && state.drawing.cy;
    },
    highlighted: function () {
      return state.drawing ? state.drawing.highlighted.slice() : [];
    },
  };

  start();
})();
