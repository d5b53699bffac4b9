/*! Peerdesk help widget loader — https://github.com/peerdesk (plain ES2017, no dependencies) */
(function () {
  "use strict";
  var PREFIX = "Peerdesk: ";
  var READY_TIMEOUT_MS = 5000;
  var DEFAULT_COLOR = "#0a66c2";
  var LANG_KEYS = ["launcher", "close", "search", "ask", "popular", "noresults", "open", "back"];
  var LOADER_TEXT = { launcher: "Need help?", close: "Close help" };

  if (window.Peerdesk) return void console.warn(PREFIX + "the widget script is on this page twice; using the first one.");
  var script = document.currentScript || document.querySelector('script[src*="/widget.js"],script[src*="/widget."]');
  if (!script || !script.src) return void console.warn(PREFIX + "cannot find its own <script> tag; the widget is off.");
  var community = new URL(script.src).origin;
  var data = script.dataset;

  function warn(name, value, fallback, why) {
    console.warn(PREFIX + "data-" + name + '="' + value + '" ' + (why || "is not valid") + "; using " + (fallback ? '"' + fallback + '"' : "the default") + ".");
  }

  // Bad input never breaks the host page: each option falls back to its default with a warning.
  function option(name, value, valid, fallback) {
    if (value === undefined) return fallback;
    if (valid(value)) return value;
    warn(name, value, fallback);
    return fallback;
  }

  var isText = function (v) { return v.trim().length > 0 && v.length <= 80; };
  var config = {
    category: option("category", data.category, function (v) { return /^[a-z0-9][a-z0-9-]{0,59}$/.test(v); }, ""),
    title: option("title", data.title, isText, ""),
    color: option("color", data.color, function (v) { return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v); }, DEFAULT_COLOR),
    position: option("position", data.position, function (v) { return v === "right" || v === "left"; }, "right"),
    launcher: option("launcher", data.launcher, function (v) { return v === "button" || v === "none"; }, "button"),
    lang: option("lang", data.lang, function (v) { return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(v); }, ""),
    text: {},
  };
  Object.keys(data).forEach(function (key) {
    var match = /^lang([A-Z][a-z]*)$/.exec(key);
    if (!match) return;
    var name = match[1].toLowerCase();
    if (LANG_KEYS.indexOf(name) < 0) return void console.warn(PREFIX + "data-lang-" + name + " is not a known string; ignored. Known: " + LANG_KEYS.join(", ") + ".");
    var value = option("lang-" + name, data[key], isText, "");
    if (value) config.text[name] = value;
  });
  var text = function (name) { return config.text[name] || (name === "launcher" && config.title) || LOADER_TEXT[name]; };

  function expandColor(hex) {
    return hex.length === 4 ? "#" + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3] : hex;
  }
  // Dark text on light accents keeps the launcher label readable (WCAG relative luminance).
  function textColorOn(hex) {
    var rgb = [1, 3, 5].map(function (i) {
      var c = parseInt(expandColor(hex).slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.19 ? "#111" : "#fff";
  }

  function embedUrl(query) {
    var params = new URLSearchParams({ o: location.origin });
    if (query) params.set("q", query);
    if (config.category) params.set("c", config.category);
    if (config.title) params.set("t", config.title);
    if (config.color !== DEFAULT_COLOR) params.set("k", expandColor(config.color));
    if (config.lang) params.set("hl", config.lang);
    Object.keys(config.text).forEach(function (name) { params.set("l_" + name, config.text[name]); });
    return community + "/embed?" + params;
  }

  var side = config.position;
  var css =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".launcher{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;display:flex;align-items:center;gap:8px;" +
    "padding:12px 18px;border:0;border-radius:999px;font:600 15px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;" +
    "background:" + config.color + ";color:" + textColorOn(config.color) + ";box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer}" +
    ".launcher:focus-visible{outline:3px solid #111;outline-offset:3px;box-shadow:0 0 0 6px #fff}" +
    ".launcher svg{width:20px;height:20px;fill:currentColor}" +
    ".panel{position:fixed;bottom:84px;" + side + ":20px;z-index:2147483001;width:380px;height:min(620px,calc(100vh - 110px));" +
    "background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden}" +
    ".panel[hidden]{display:none}" +
    ".panel p{margin:0;padding:24px;font:15px/1.4 system-ui,sans-serif;color:#333}" +
    "iframe{position:absolute;inset:0;width:100%;height:100%;border:0;visibility:hidden}" +
    ".ready iframe{visibility:visible}.ready p{display:none}" +
    "@media (max-width:480px),(max-height:500px){.panel{inset:0;width:auto;height:auto;border-radius:0}}";

  var host, launcher, panel, frame, readyTimer, frameReady = false, returnFocus = null, pending = [];

  function post(message) {
    if (frameReady) frame.contentWindow.postMessage(Object.assign({ peerdesk: 1 }, message), community);
    else pending.push(message);
  }

  function isOpen() { return !!panel && !panel.hidden; }

  function setExpanded(open) {
    if (launcher) launcher.setAttribute("aria-expanded", String(open));
  }

  function open(options) {
    var query = options && typeof options.query === "string" ? options.query.slice(0, 200) : undefined;
    if (!host) return void pending.push({ type: "open", query: query });
    if (!isOpen()) returnFocus = host.shadowRoot.activeElement || document.activeElement;
    // A first open with a query renders its results in the frame's first page: one request, not two.
    var fresh = !frame;
    if (fresh) createFrame(query);
    panel.hidden = false;
    setExpanded(true);
    post({ type: "open", query: fresh ? undefined : query });
    if (frameReady) frame.focus();
  }

  function close() {
    if (!isOpen()) return;
    panel.hidden = true;
    setExpanded(false);
    var target = returnFocus && returnFocus.isConnected !== false && returnFocus !== document.body ? returnFocus : launcher;
    returnFocus = null;
    if (target && target.focus) target.focus();
  }

  function createFrame(query) {
    frame = document.createElement("iframe");
    frame.title = text("launcher") + " — help from the community";
    frame.src = embedUrl(query);
    panel.appendChild(frame);
    // A frame refused by frame-ancestors (or an unreachable community) never says "ready".
    readyTimer = setTimeout(function () {
      console.warn(PREFIX + "the community refused to load here — is this origin in the widget's allowed origins? (" + location.origin + " → " + community + ")");
      host.remove();
      delete window.Peerdesk;
    }, READY_TIMEOUT_MS);
  }

  function onMessage(event) {
    if (!frame || event.origin !== community || event.source !== frame.contentWindow) return;
    var message = event.data;
    if (!message || typeof message !== "object" || message.peerdesk !== 1 || typeof message.type !== "string") return;
    if (message.type === "ready") {
      // Only the community knows its categories: the frame says when data-category named none (once is enough).
      if (message.unknownCategory === true && config.category) {
        warn("category", config.category, "", "names no category of this community");
        config.category = "";
      }
      clearTimeout(readyTimer);
      frameReady = true;
      panel.classList.add("ready");
      post({ type: "hello" });
      var queued = pending;
      pending = [];
      queued.forEach(post);
      if (isOpen()) frame.focus();
    } else if (message.type === "close") {
      close();
    }
  }

  function mount() {
    host = document.createElement("peerdesk-widget");
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = css;
    root.appendChild(style);
    panel = document.createElement("div");
    panel.className = "panel";
    panel.id = "peerdesk-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", text("launcher"));
    var loading = document.createElement("p");
    loading.textContent = "…";
    panel.appendChild(loading);
    root.appendChild(panel);
    if (config.launcher === "button") {
      launcher = document.createElement("button");
      launcher.type = "button";
      launcher.className = "launcher";
      launcher.setAttribute("aria-expanded", "false");
      launcher.setAttribute("aria-controls", "peerdesk-panel");
      launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a10 10 0 0 0-8.7 15l-1.2 4.4a.5.5 0 0 0 .6.6L7 20.8A10 10 0 1 0 12 2zm1 15h-2v-2h2zm1.6-6.4-.9.9c-.6.6-.7 1-.7 2H11v-.4c0-1 .4-1.7 1-2.3l1.2-1.2a1.3 1.3 0 1 0-2.2-1H9a3.3 3.3 0 1 1 5.6 2z"/></svg>';
      launcher.appendChild(document.createTextNode(text("launcher")));
      launcher.addEventListener("click", function () { isOpen() ? close() : open(); });
      root.appendChild(launcher);
    }
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) close();
    });
    window.addEventListener("message", onMessage);
    document.body.appendChild(host);
    var queued = pending;
    pending = [];
    queued.forEach(function (message) { open({ query: message.query }); });
  }

  function off(why) {
    console.warn(PREFIX + why + "; the widget is off.");
    pending = [];
    delete window.Peerdesk;
  }

  function start() {
    // Waiting for the body keeps the loader from ever blocking the host page's first render.
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount);
    window.dispatchEvent(new Event("peerdesk:ready"));
  }

  window.Peerdesk = { open: open, close: close, version: 1 };
  // Ask before drawing anything: on an origin the community does not allow, a launcher would open to nothing.
  fetch(community + "/api/v1/widget-origin", { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (answer) {
      if (answer && answer.allowed === true) start();
      else off(location.origin + " is not in the widget's allowed origins at " + community + " (Admin › Widget)");
    }, function () { off("cannot reach the community at " + community); });
})();
