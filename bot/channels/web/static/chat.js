// The resident chat page: sends each message once (a retry carries the same id), shows replies and menus.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var text = document.getElementById("text");
  var file = document.getElementById("file");
  var choices = document.getElementById("choices");
  var status = document.getElementById("status");
  var labels = log.dataset;
  var busy = false;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var s = ""; for (var i = 0; i < 32; i++) s += Math.floor(Math.random() * 16).toString(16);
    return s;
  }

  function linkify(node, value) {
    var parts = value.split(/(https:\/\/[^\s)]+)/);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var a = document.createElement("a");
        a.href = part; a.textContent = part; a.rel = "noopener noreferrer"; a.target = "_blank";
        node.appendChild(a);
      } else if (part) {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  function show(who, value) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    var small = document.createElement("small");
    small.textContent = labels[who] || who;
    div.appendChild(small);
    linkify(div, value);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function showChoices(items) {
    choices.textContent = "";
    (items || []).forEach(function (label) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = label;
      b.addEventListener("click", function () {
        var m = /^(\d{1,2})\.\s/.exec(label);
        send(m ? m[1] : label, null, label);
      });
      choices.appendChild(b);
    });
  }

  function showReplies(replies) {
    var last = [];
    (replies || []).forEach(function (r) { show(r.from || "bot", r.text); last = r.choices || []; });
    showChoices(last);
  }

  function request(method, url, body) {
    var headers = { "X-CSRF-Token": csrf };
    if (body && !(body instanceof FormData)) { headers["Content-Type"] = "application/json"; body = JSON.stringify(body); }
    return fetch(url, { method: method, headers: headers, body: body, credentials: "same-origin" })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok && res.status !== 413) throw new Error("HTTP " + res.status);
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
        showReplies(data.replies);
      }).catch(function () {
        status.textContent = labels.offline;
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
      (data.messages || []).forEach(function (m) { show(m.kind === "officer" ? "officer" : "bot", m.text); });
      if (data.messages && data.messages.length) showChoices(data.messages[data.messages.length - 1].choices);
    }).catch(function () {});
  }

  request("GET", "chat/history").then(function (data) {
    (data.messages || []).forEach(function (m) {
      show(m.from, m.text || (m.files ? "📎 " + labels.fileSent : ""));
    });
  }).catch(function () {}).then(function () { setInterval(poll, 15000); });
})();
