// The drawing: an ego network as a Cytoscape.js graph, and warm paths highlighted on it.
//
// Nodes are people (by their GraphQL id) plus, when the centre is a company or community, one
// node for it (id "center") joined by dashed lines to its people in the drawing. Colour says
// the kind (advocate green, do-not-contact red, others blue) and the shape repeats it for
// readers who do not tell the colours apart; edge width grows with the tie's strength.
(function () {
  "use strict";

  var CENTER = "center";
  var MAX_FIT_ZOOM = 1.4;

  var STYLE = [
    {
      selector: "node",
      style: {
        "background-color": "#3b6fb6",
        label: "data(label)",
        "font-size": 11,
        "min-zoomed-font-size": 7,
        color: "#1d2733",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-outline-color": "#ffffff",
        "text-outline-width": 2,
        width: 18,
        height: 18,
      },
    },
    { selector: "node.advocate", style: { "background-color": "#2e8b57", shape: "diamond", width: 22, height: 22 } },
    { selector: "node.dnc", style: { "background-color": "#c0392b", shape: "octagon" } },
    {
      selector: "node.center",
      style: { "border-width": 4, "border-color": "#1d2733", width: 30, height: 30, "font-weight": "bold", "font-size": 13 },
    },
    { selector: "node.company", style: { shape: "round-rectangle", "background-color": "#6c4f9c" } },
    { selector: "node.community", style: { shape: "hexagon", "background-color": "#6c4f9c" } },
    {
      selector: "edge",
      style: {
        width: "mapData(strength, 0, 1, 1, 9)",
        "line-color": "#8a9bb0",
        opacity: 0.75,
        "curve-style": "haystack",
      },
    },
    { selector: "edge.seed", style: { width: 1, "line-style": "dashed", "line-color": "#6c4f9c", opacity: 0.5 } },
    { selector: ".faded", style: { opacity: 0.15 } },
    { selector: "node.path", style: { "border-width": 4, "border-color": "#f39c12", opacity: 1 } },
    { selector: "edge.path", style: { "line-color": "#f39c12", opacity: 1, "z-index": 10 } },
    { selector: "node:selected", style: { "overlay-color": "#f39c12", "overlay-opacity": 0.25, "overlay-padding": 6 } },
  ];

  function personClasses(p) {
    var classes = [];
    if (p.isAdvocate) classes.push("advocate");
    if (p.doNotContact) classes.push("dnc");
    return classes.join(" ");
  }

  function personNode(p, extra) {
    return {
      group: "nodes",
      data: { id: p.id, label: p.name, kind: "Person", person: p },
      classes: personClasses(p) + (extra ? " " + extra : ""),
    };
  }

  function edgeId(a, b) {
    return a < b ? a + "|" + b : b + "|" + a;
  }

  function linkEdge(aId, bId, strength, link, extra) {
    return {
      group: "edges",
      data: { id: edgeId(aId, bId), source: aId, target: bId, strength: strength, link: link || null },
      classes: extra || "",
    };
  }

  /** The people the centre stands on: itself, a company's current employees, or (for a
   *  community, whose members the ego network does not name) nobody. */
  function seedsOf(network) {
    var center = network.center;
    if (center.__typename === "Person") return [center.id];
    if (center.__typename === "Company") {
      return network.people
        .filter(function (p) {
          return p.currentCompany && p.currentCompany.id === center.id;
        })
        .map(function (p) {
          return p.id;
        });
    }
    return [];
  }

  function Drawing(container) {
    this.cy = window.cytoscape({
      container: container,
      style: STYLE,
      elements: [],
      minZoom: 0.1,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
    });
    this.network = null;
    this.highlighted = [];
  }

  /** Replaces the drawing with ``network`` (an egoNetwork answer); returns its elements. */
  Drawing.prototype.show = function (network) {
    var cy = this.cy;
    this.network = network;
    this.highlighted = [];
    var center = network.center;
    var elements = network.people.map(function (p) {
      return personNode(p, p.id === center.id ? "center" : "");
    });
    network.links.forEach(function (link) {
      elements.push(linkEdge(link.a.id, link.b.id, link.strength, link));
    });
    var seeds = seedsOf(network);
    if (center.__typename !== "Person") {
      elements.push({
        group: "nodes",
        data: { id: CENTER, label: center.name, kind: center.__typename, entity: center },
        classes: "center " + center.__typename.toLowerCase(),
      });
      seeds.forEach(function (id) {
        elements.push(linkEdge(CENTER, id, 0, null, "seed"));
      });
    }
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elements);
    });
    this.layout();
  };

  /** Rings around the centre by distance (hops) from it; a community's people by degree. */
  Drawing.prototype.layout = function () {
    var cy = this.cy;
    var level = {};
    var root = this.network && this.network.center.__typename === "Person" ? this.network.center.id : CENTER;
    var start = cy.getElementById(root);
    if (start.nonempty()) {
      cy.elements().bfs({
        roots: start,
        visit: function (v, e, u, i, depth) {
          level[v.id()] = depth;
        },
      });
    }
    cy.layout({
      name: "concentric",
      animate: false,
      fit: true,
      padding: 30,
      minNodeSpacing: 36,
      concentric: function (node) {
        var depth = level[node.id()];
        return depth === undefined ? -node.degree() : 100 - depth;
      },
      levelWidth: function () {
        return 1;
      },
    }).run();
    // a few people would otherwise fill the canvas with giant circles
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center();
    }
  };

  Drawing.prototype.people = function () {
    return this.cy.nodes('[kind = "Person"]');
  };

  /** The network's link between two people, if it is drawn. */
  Drawing.prototype.linkBetween = function (aId, bId) {
    var edge = this.cy.getElementById(edgeId(aId, bId));
    return edge.nonempty() ? edge.data("link") : null;
  };

  /** Highlights every person and link of ``paths`` (introductionPaths), adding the ones
   *  not drawn yet; returns the ids of the highlighted people. */
  Drawing.prototype.highlight = function (paths) {
    var cy = this.cy;
    var ids = {};
    var added = false;
    cy.batch(function () {
      cy.elements().removeClass("path").addClass("faded");
      paths.forEach(function (path) {
        path.people.forEach(function (p) {
          ids[p.id] = true;
          if (cy.getElementById(p.id).empty()) {
            cy.add(personNode(p, "added"));
            added = true;
          }
          cy.getElementById(p.id).removeClass("faded").addClass("path");
        });
        path.links.forEach(function (link) {
          var id = edgeId(link.from.id, link.to.id);
          if (cy.getElementById(id).empty()) {
            cy.add(linkEdge(link.from.id, link.to.id, link.strength, null, "added"));
            added = true;
          }
          cy.getElementById(id).removeClass("faded").addClass("path");
        });
      });
    });
    if (added) this.layout();
    this.highlighted = Object.keys(ids).sort();
    return this.highlighted;
  };

  Drawing.prototype.clearHighlight = function () {
    this.cy.elements().removeClass("path faded");
    this.highlighted = [];
  };

  window.WarmgraphDrawing = { Drawing: Drawing, CENTER: CENTER };
})();
