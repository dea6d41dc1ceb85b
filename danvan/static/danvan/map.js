/* The map of /ban-do/: draws the units of the page's GeoJSON with Leaflet (served by the app
   from the xstatic-leaflet package), on Web Mercator with no tile layer at all, so nothing is
   asked of any other server. A unit with an outline is shaded; one without is a circle at its
   coordinates, coloured and sized by the chosen figure. The colours are the legend's (map.css).
   Without scripts the page keeps its table, which holds the same figures. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L || !window.fetch) return;

  function colour(name, property) {
    var probe = document.querySelector(".swatch." + name);
    return probe ? getComputedStyle(probe)[property || "backgroundColor"] : "#888";
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // Built from DOM nodes and text, never from HTML: names and reasons are typed by people.
  function popup(p, data) {
    var root = element("div", undefined, "map-popup");
    root.appendChild(element("h3", p.name));
    var table = element("table");
    var chosen = data.indicator ? data.indicator.name : "";
    p.figures.forEach(function (f) {
      var row = element("tr", undefined, f.name === chosen ? "chosen" : "");
      row.appendChild(element("th", f.name));
      row.appendChild(element("td", f.value + " " + f.unit));
      table.appendChild(row);
    });
    var open = 0, parts = [];
    Object.keys(data.severities).forEach(function (s) {
      if (p.incidents[s]) { open += p.incidents[s]; parts.push(data.severities[s].toLowerCase() + ": " + p.incidents[s]); }
    });
    var incidents = element("tr");
    incidents.appendChild(element("th", "Vụ việc đang mở"));
    incidents.appendChild(element("td", open ? open + " (" + parts.join(", ") + ")" : "0"));
    table.appendChild(incidents);
    root.appendChild(table);
    if (p.key_areas.length) root.appendChild(element("p", "Địa bàn trọng điểm: " + p.key_areas_text));
    var link = element("a", "Xem số liệu của đơn vị");
    link.href = p.url;
    root.appendChild(link);
    return root;
  }

  // Leaflet makes only markers reachable by keyboard; a unit is an SVG path. Each becomes a
  // button in the Tab order (largest figure first, the order they are drawn in), whose Enter
  // or Space opens the same popup as a click, with the focus moved into it; Escape closes
  // it and gives the focus back to the unit.
  function reachable(map, layer, data) {
    var path = layer.getElement && layer.getElement();
    if (!path) return;
    var p = layer.feature.properties;
    var figure = data.indicator
      ? data.indicator.name + ": " + p.value_text + (p.value === null ? "" : " " + data.indicator.unit)
      : p.value_text;
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-haspopup", "dialog");
    path.setAttribute("aria-label", p.name + ", " + figure);
    var content = layer.getPopup().getContent();
    content.setAttribute("tabindex", "-1");
    var byKeyboard = false;
    L.DomEvent.on(path, "keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      // Not Leaflet's own Enter (a keypress, which this prevents) too, nor a scroll for Space.
      L.DomEvent.preventDefault(event);
      layer.openPopup();
      byKeyboard = true;
      content.focus();
    });
    L.DomEvent.on(content, "keydown", function (event) {
      if (event.key !== "Escape") return;
      L.DomEvent.stop(event);
      map.closePopup();
    });
    // Closed by Escape or by its close button: the focus, lost with the popup, goes back to
    // the unit (not when another unit took it by opening its own popup).
    layer.on("popupclose", function () {
      var now = document.activeElement;
      if (byKeyboard && (!now || now === document.body || content.contains(now))) path.focus();
      byKeyboard = false;
    });
  }

  function draw(data) {
    box.hidden = false;
    var map = L.map(box, { attributionControl: false, zoomSnap: 0.25 });
    var largest = Number(data.largest) || 0;
    var edge = colour("shade-0", "borderTopColor");
    var keyEdge = colour("key-area", "borderTopColor");
    function style(p) {
      return {
        color: p.key_areas.length ? keyEdge : edge,
        weight: p.key_areas.length ? 3 : 1,
        dashArray: p.key_areas.length ? "5 4" : null,
        fillColor: colour("shade-" + p.shade),
        fillOpacity: 0.85,
        className: "unit unit-" + p.id
      };
    }
    // The largest circles first, underneath, so that the small ones stay visible and clickable.
    data.features.sort(function (a, b) {
      return (Number(b.properties.value) || 0) - (Number(a.properties.value) || 0);
    });
    var units = L.geoJSON(data, {
      filter: function (feature) { return feature.geometry !== null; },
      style: function (feature) { return style(feature.properties); },
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        var value = Number(p.value) || 0;
        var options = style(p);
        // The area of a circle follows the figure; a unit with no figure is a small dot.
        options.radius = p.value === null ? 4 : 5 + (largest ? 15 * Math.sqrt(value / largest) : 0);
        return L.circleMarker(latlng, options);
      },
      onEachFeature: function (feature, layer) {
        // Never taller than the map, so that the whole popup can be read (it scrolls).
        layer.bindPopup(popup(feature.properties, data), {
          maxHeight: Math.max(160, Math.round(box.clientHeight * 0.7)),
          maxWidth: Math.min(320, box.clientWidth - 40)
        });
        layer.bindTooltip(feature.properties.name + ": " + feature.properties.value_text);
      }
    }).addTo(map);
    // Open incidents: a dot in the middle of the unit, in the colour of the most severe one.
    var order = ["hot", "complicated", "ordinary"];
    var dots = L.layerGroup();
    units.eachLayer(function (layer) {
      var p = layer.feature.properties;
      var worst = order.filter(function (s) { return p.incidents[s]; })[0];
      if (!worst) return;
      var where = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
      L.circleMarker(where, {
        radius: 3.5, weight: 1, color: colour("incident-" + worst, "borderTopColor"),
        fillColor: colour("incident-" + worst), fillOpacity: 1, interactive: false,
        className: "incident incident-" + worst
      }).addTo(dots);
    });
    dots.addTo(map);
    var bounds = units.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 11 });
    else map.setView([16, 106], 5);
    // Only now, with a view, has Leaflet drawn the units' shapes.
    units.eachLayer(function (layer) { reachable(map, layer, data); });
    box.dataset.drawn = String(units.getLayers().length);
  }

  fetch(box.dataset.geojson, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(draw)
    .catch(function () {
      box.hidden = true;
      var note = element("p", "Không tải được bản đồ; số liệu vẫn có ở bảng dưới.", "error");
      box.parentNode.insertBefore(note, box);
    });
})();
