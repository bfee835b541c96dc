/* newsfuse web UI: the map of a story and the upload form's progress.
   Everything that comes from articles is put into the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  function textBlock(lines, className) {
    var div = document.createElement("div");
    div.className = className;
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = String(line);
      div.appendChild(p);
    });
    return div;
  }

  function initMap() {
    var el = document.getElementById("map");
    var dataEl = document.getElementById("map-data");
    if (!el || !dataEl || typeof L === "undefined") return;
    var data = JSON.parse(dataEl.textContent);
    var map = L.map(el, { worldCopyJump: true, zoomSnap: 0.5, minZoom: 1, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Country outlines: Natural Earth");
    map.createPane("countries");
    map.getPane("countries").style.zIndex = 250;
    fetch(el.dataset.world || "/static/world.geojson")
      .then(function (r) { return r.json(); })
      .then(function (world) {
        L.geoJSON(world, {
          pane: "countries",
          interactive: false,
          style: { color: "#8796a8", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1 }
        }).addTo(map);
        el.dataset.basemap = "loaded";
      })
      .catch(function () { el.dataset.basemap = "failed"; });
    var markers = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        var isEvent = feature.properties.kind === "event";
        return L.circleMarker(latlng, {
          radius: isEvent ? 9 : 6,
          color: isEvent ? "#8e1f14" : "#083f77",
          weight: 1.5,
          fillColor: isEvent ? "#c0392b" : "#0b5cad",
          fillOpacity: isEvent ? 0.55 : 0.8,
          className: "nf-marker nf-marker-" + (isEvent ? "event" : "place")
        });
      },
      onEachFeature: function (feature, layer) {
        layer.bindPopup(textBlock(feature.properties.lines || [feature.properties.name], "map-popup"));
        var tip = document.createElement("span");
        tip.textContent = feature.properties.name;
        layer.bindTooltip(tip);
      }
    }).addTo(map);
    var focus = L.latLngBounds([]);
    markers.eachLayer(function (layer) {
      if (layer.feature.properties.focus) focus.extend(layer.getLatLng());
    });
    var bounds = focus.isValid() ? focus : markers.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.4), { maxZoom: 7 });
    } else {
      map.setView([20, 0], 2);
    }
    el.dataset.markers = String(markers.getLayers().length);
  }

  function initIngest() {
    var form = document.getElementById("ingest-form");
    if (!form || !window.FormData || !window.XMLHttpRequest) return;
    var box = document.getElementById("progress");
    var bar = document.getElementById("progress-bar");
    var text = document.getElementById("progress-text");
    var problems = document.getElementById("progress-problems");
    var stories = document.getElementById("progress-stories");
    var button = form.querySelector("button[type=submit]");

    function show(percent, message) {
      box.hidden = false;
      bar.value = percent;
      text.textContent = message;
    }

    function fill(list, items, render) {
      while (list.firstChild) list.removeChild(list.firstChild);
      items.forEach(function (item) { list.appendChild(render(item)); });
    }

    function finish(job) {
      button.disabled = false;
      fill(problems, job.problems || [], function (p) {
        var li = document.createElement("li");
        li.textContent = p.item + ": " + p.cause;
        return li;
      });
      fill(stories, job.stories || [], function (s) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "/stories/" + encodeURIComponent(s.id);
        a.textContent = s.title;
        li.appendChild(a);
        return li;
      });
    }

    function poll(url) {
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (job.error) { show(0, job.error.message); button.disabled = false; return; }
          show(job.percent, job.message);
          form.dataset.state = job.state;
          if (job.state === "done" || job.state === "failed") { finish(job); return; }
          window.setTimeout(function () { poll(url); }, 500);
        })
        .catch(function () { window.setTimeout(function () { poll(url); }, 1500); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      var files = form.querySelector("input[type=file]").files;
      var content = (data.get("content") || "").trim();
      if (!files.length && !content) {
        show(0, "Choose a file or paste an article first.");
        return;
      }
      var total = 0;
      for (var i = 0; i < files.length; i++) total += files[i].size;
      var max = Number(form.dataset.maxBytes || 0);
      if (max && total + content.length > max) {
        show(0, "That is more than the upload limit of " + Math.round(max / 1048576) + " MB.");
        return;
      }
      button.disabled = true;
      fill(problems, [], null);
      fill(stories, [], null);
      show(0, "Uploading…");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/ingest");
      xhr.setRequestHeader("Accept", "application/json");
      var token = data.get("token");
      if (token) xhr.setRequestHeader("Authorization", "Bearer " + token);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) show(Math.round((e.loaded / e.total) * 10), "Uploading…");
      };
      xhr.onload = function () {
        var body;
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
        if (xhr.status >= 400 || !body) {
          show(0, body && body.error ? body.error.message : "Upload failed (HTTP " + xhr.status + ").");
          button.disabled = false;
          return;
        }
        show(body.percent, body.message);
        poll("/api/jobs/" + encodeURIComponent(body.id));
      };
      xhr.onerror = function () { show(0, "The server could not be reached."); button.disabled = false; };
      xhr.send(data);
    });
  }

  function focusCited() {
    var mark = document.getElementById("cited");
    if (mark) {
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMap();
    initIngest();
    focusCited();
  });
})();
