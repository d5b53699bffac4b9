/*! Peerdesk help widget, inside the frame: talks to the loader, searches as you type, counts use. */
(function () {
  "use strict";
  var claimed = new URLSearchParams(location.search).get("o") || "";
  // Never "*": a message only goes to the exact origin the loader said it runs on.
  var host = /^https?:\/\/[^/?#@\s]+$/.test(claimed) ? claimed : "";
  var framed = window.parent !== window && !!host;
  var confirmed = "";
  var queued = [];

  function toParent(type, extra) {
    if (framed) window.parent.postMessage(Object.assign({ peerdesk: 1, type: type }, extra), host);
  }

  // Counts only once the browser has vouched for the host origin (the loader's "hello").
  function count(event) {
    if (!confirmed) return void queued.push(event);
    fetch("/embed/events", {
      method: "POST",
      body: new URLSearchParams({ origin: confirmed, event: event }),
      credentials: "omit",
      keepalive: true,
    }).catch(function () {});
  }

  var form = document.getElementById("embed-search");
  var input = document.getElementById("embed-q");
  var results = document.getElementById("embed-results");
  var status = document.getElementById("embed-status");
  var ask = document.querySelector("[data-embed-ask]");
  var close = document.querySelector("[data-embed-close]");

  function setAskTitle(query) {
    if (!ask) return;
    var url = new URL(ask.href);
    if (query) url.searchParams.set("title", query);
    else url.searchParams.delete("title");
    ask.href = url.href;
  }

  var searchTimer, countTimer, inflight, lastCounted = "";
  function search(raw) {
    var query = raw.trim();
    var params = new URLSearchParams(new FormData(form));
    params.set("q", query);
    var url = form.action.split("?")[0] + "?" + params;
    history.replaceState(null, "", url);
    setAskTitle(query);
    if (inflight) inflight.abort();
    inflight = new AbortController();
    fetch(url, { signal: inflight.signal, credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("embed-results");
        var freshStatus = page.getElementById("embed-status");
        if (fresh) results.innerHTML = fresh.innerHTML;
        if (freshStatus && status) status.textContent = freshStatus.textContent;
      })
      .catch(function () {});
    clearTimeout(countTimer);
    // A search counts once the person stops typing, not once per keystroke.
    if (query && query !== lastCounted) {
      countTimer = setTimeout(function () { lastCounted = query; count("search"); }, 1000);
    }
  }

  function runQuery(query) {
    if (!input) {
      var url = new URL(location.href);
      url.pathname = "/embed";
      url.searchParams.set("q", query);
      return void location.assign(url.href);
    }
    input.value = query;
    search(query);
  }

  if (form && input && results) {
    input.addEventListener("input", function () {
      // The ask link follows every keystroke, so a quick click never asks with stale words.
      setAskTitle(input.value.trim());
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () { search(input.value); }, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(input.value);
    });
  }

  if (ask) ask.addEventListener("click", function () { count("ask"); });
  if (document.querySelector('[data-embed-event="view"]')) count("view");

  if (close) {
    close.addEventListener("click", function () { toParent("close"); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && framed) {
      event.preventDefault();
      toParent("close");
    }
  });

  window.addEventListener("message", function (event) {
    if (!framed || event.source !== window.parent || event.origin !== host) return;
    var message = event.data;
    if (!message || typeof message !== "object" || message.peerdesk !== 1 || typeof message.type !== "string") return;
    if (message.type === "hello") {
      confirmed = event.origin;
      if (close) close.hidden = false;
      var pending = queued;
      queued = [];
      pending.forEach(count);
    } else if (message.type === "open") {
      count("open");
      if (typeof message.query === "string" && message.query.trim()) runQuery(message.query.slice(0, 200));
      var start = input || document.querySelector("[data-embed-start]");
      if (start) start.focus();
    }
  });

  // Listeners are in place: typing now searches as you type (tests wait for this mark).
  document.documentElement.setAttribute("data-embed-ready", "");
  // The page dropped a data-category that names no category; the loader warns the brand once.
  toParent("ready", document.querySelector("[data-embed-unknown-category]") ? { unknownCategory: true } : undefined);
})();
