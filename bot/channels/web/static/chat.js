// The resident chat page: sends each message once (a retry carries the same id), shows replies and menus.
// On a small phone the question stays in sight above its choices, which become a compact scrollable list;
// every fixed text follows the conversation's language; 1930 and 112 are tel: links.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var text = document.getElementById("text");
  var file = document.getElementById("file");
  var choices = document.getElementById("choices");
  var status = document.getElementById("status");
  var uiAll = JSON.parse(document.getElementById("ui-texts").textContent);
  var lang = document.documentElement.lang;
  var busy = false;
  var MANY = 4;  // more choices than this: a compact list instead of chips
  // links and the helpline numbers (config.yaml's, served by the page: bot/conversation/tel_links.py) as tel: links
  var LINKS = new RegExp("(https:\\/\\/[^\\s)]+|" + document.querySelector('meta[name="tel-pattern"]').content + ")");

  function ui(key) { return (uiAll[lang] || {})[key] || ""; }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var s = ""; for (var i = 0; i < 32; i++) s += Math.floor(Math.random() * 16).toString(16);
    return s;
  }

  // a case reference kept whole, left to right, inside right-to-left text (bot/conversation/tel_links.py)
  var REFS = new RegExp("(" + document.querySelector('meta[name="ref-pattern"]').content + ")");

  function isolateRefs(node, text) {
    text.split(REFS).forEach(function (part, i) {
      if (i % 2 === 1) {
        var bdi = document.createElement("bdi");
        bdi.dir = "ltr"; bdi.className = "ref"; bdi.textContent = part;
        node.appendChild(bdi);
      } else if (part) {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  function linkify(node, value) {
    value.split(LINKS).forEach(function (part, i) {
      if (i % 2 === 1) {
        var a = document.createElement("a");
        a.textContent = part;
        if (part.indexOf("https://") === 0) { a.href = part; a.rel = "noopener noreferrer"; a.target = "_blank"; }
        else { a.href = "tel:" + part; a.className = "tel"; }
        node.appendChild(a);
      } else if (part) {
        isolateRefs(node, part);
      }
    });
  }

  // Every fixed text of the page in the conversation's language (texts/channels.yaml, web_*).
  function applyLanguage(next) {
    if (!next || next === lang || !uiAll[next]) return;
    lang = next;
    document.documentElement.lang = next;
    document.title = ui("title");
    document.querySelectorAll("[data-ui]").forEach(function (el) {
      el.textContent = "";
      if (el.hasAttribute("data-tel")) linkify(el, ui(el.dataset.ui)); else el.textContent = ui(el.dataset.ui);
    });
    document.querySelectorAll("[data-ui-placeholder]").forEach(function (el) { el.placeholder = ui(el.dataset.uiPlaceholder); });
    document.querySelectorAll("[data-ui-label]").forEach(function (el) { el.setAttribute("aria-label", ui(el.dataset.uiLabel)); });
    document.querySelectorAll("[data-ui-title]").forEach(function (el) { el.title = ui(el.dataset.uiTitle); });
    log.querySelectorAll(".msg small").forEach(function (small) { small.textContent = ui(small.dataset.who); });
  }

  function show(who, value) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    var small = document.createElement("small");
    small.dataset.who = who;
    small.textContent = ui(who) || who;
    div.appendChild(small);
    var words = document.createElement("div");
    words.dir = "auto";  // an Urdu reply reads right to left, an English one left to right (the page stays as it is)
    linkify(words, value);
    div.appendChild(words);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  // After a batch of replies taller than the chat: the view starts at its urgent reply (the action line, "Act now ...
  // 1930"), else at its first, and the welcome and the next question are a scroll down; a batch ending in choices
  // keeps its question in sight above them instead (the header still says 1930). A single reply taller than the
  // chat shows from its first line.
  function keepInSight(first, last, pinned, asked) {
    if (!first || !last) return;
    var anchor = asked ? null : pinned || first;
    var bottom = last.offsetTop - log.offsetTop + last.offsetHeight;
    if (anchor && bottom - (anchor.offsetTop - log.offsetTop) > log.clientHeight) log.scrollTop = anchor.offsetTop - log.offsetTop - 4;
    else if (last.offsetHeight > log.clientHeight) log.scrollTop = last.offsetTop - log.offsetTop - 4;
    else log.scrollTop = log.scrollHeight;
  }

  function showChoices(items) {
    choices.textContent = "";
    items = items || [];
    choices.className = items.length > MANY ? "many" : "";
    items.forEach(function (label) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = label;
      b.addEventListener("click", function () {
        var m = /^(\d{1,2})\.\s/.exec(label);
        send(m ? m[1] : label, null, label);
      });
      choices.appendChild(b);
    });
  }

  // The numbered lines of a question are shown once, as its buttons, not again inside the bubble.
  function withoutChoices(value, items) {
    if (!items || !items.length) return value;
    var listed = {};
    items.forEach(function (c) { listed[c.trim()] = true; });
    return value.split("\n").filter(function (line) { return !listed[line.trim()]; }).join("\n").trim();
  }

  function showReplies(replies) {
    var last = [], first = null, pinned = null, bubble = null;
    (replies || []).forEach(function (r) {
      bubble = show(r.from || "bot", withoutChoices(r.text, r.choices));
      first = first || bubble;
      if (r.urgent && !pinned) pinned = bubble;
      last = r.choices || [];
    });
    showChoices(last);
    keepInSight(first, bubble, pinned, last.length > 0);
  }

  function request(method, url, body) {
    var headers = { "X-CSRF-Token": csrf };
    if (body && !(body instanceof FormData)) { headers["Content-Type"] = "application/json"; body = JSON.stringify(body); }
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok && res.status !== 413 && res.status !== 415) {  // refused kindly: the replies say why
            var error = new Error("HTTP " + res.status); error.status = res.status; throw error;
          }
          return data;
        });
      });
  }

  function send(value, upload, shown) {
    if (busy) return;
    busy = true;
    var id = newId();
    show("you", upload ? (value ? value + "\n" : "") + "📎 " + upload.name : (shown || value));
    showChoices([]);
    var attempt = 0;
    function go() {
      var body;
      if (upload) { body = new FormData(); body.append("text", value); body.append("id", id); body.append("file", upload); }
      else body = { text: value, id: id };
      request("POST", "chat/send", body).then(function (data) {
        status.textContent = "";
        busy = false;
        applyLanguage(data.language);
        showReplies(data.replies);
      }).catch(function (error) {
        if (error.status && error.status < 500) { status.textContent = ui("error"); busy = false; return; }
        status.textContent = ui("offline");
        attempt += 1;
        setTimeout(go, Math.min(30000, 1000 * Math.pow(2, attempt)));  // the same id: never handled twice
      });
    }
    go();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = text.value.trim();
    var upload = file.files[0] || null;
    if (!value && !upload) return;
    text.value = ""; file.value = "";
    send(value, upload);
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.submit(); }
  });
  file.addEventListener("change", function () { if (file.files[0]) form.requestSubmit ? form.requestSubmit() : null; });

  function poll() {
    if (document.hidden) return;
    request("GET", "chat/poll").then(function (data) {
      var first = null, bubble = null;
      (data.messages || []).forEach(function (m) {
        bubble = show(m.kind === "officer" ? "officer" : "bot", withoutChoices(m.text, m.choices));
        first = first || bubble;
      });
      if (data.messages && data.messages.length) { showChoices(data.messages[data.messages.length - 1].choices); keepInSight(first, bubble, null, (data.messages[data.messages.length - 1].choices || []).length > 0); }
    }).catch(function () {});
  }

  request("GET", "chat/history").then(function (data) {
    (data.messages || []).forEach(function (m) {
      show(m.from, m.text || (m.files ? "📎 " + ui("file_sent") : ""));
    });
  }).catch(function () {}).then(function () { setInterval(poll, 15000); });
})();
