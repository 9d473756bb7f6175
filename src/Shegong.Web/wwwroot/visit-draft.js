// A visit form that survives going offline (no framework; without scripts the form posts as usual).
// - What is typed is kept in this browser (localStorage) while typing, and put back when the form is opened again.
// - A save is sent in the background; when there is no connection it is kept ("已暂存，联网后自动提交") and sent
//   when the connection returns. The form's hidden key goes with it, so a retry never logs a second visit (the
//   server answers a repeated key with the first visit).
// - A service worker (visit-sw.js) keeps a copy of this form, so that a reload without a connection still opens it.
(function () {
  var form = document.querySelector("form[data-visit-draft]");
  if (!form) return;
  var storage;
  try { storage = window.localStorage; storage.getItem("x"); } catch (e) { return; }
  var storeKey = "shegong:visit-draft:" + form.getAttribute("data-visit-draft");
  var state = form.querySelector("[data-testid=draft-state]");
  var keyInput = form.querySelector("[data-draft-key]");
  var discard = form.querySelector("[data-draft-discard]");
  var sending = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (e) { return e.name && e.name.indexOf("Input.") === 0 && e !== keyInput; });
  }
  function read() { try { return JSON.parse(storage.getItem(storeKey) || "null"); } catch (e) { return null; } }
  function write(pending) {
    var values = {};
    fields().forEach(function (e) {
      if (e.type === "radio" || e.type === "checkbox") { if (e.checked) values[e.name] = e.value; }
      else values[e.name] = e.value;
    });
    var draft = { key: keyInput.value, values: values, pending: pending, savedAt: new Date().toISOString() };
    try { storage.setItem(storeKey, JSON.stringify(draft)); } catch (e) { /* storage full: the form still posts */ }
    discard.hidden = false;
    return draft;
  }
  function show(message, kind) {
    state.textContent = form.getAttribute("data-msg-" + message) || "";
    state.className = "draft-state" + (kind ? " " + kind : "");
    state.setAttribute("data-state", message);
    state.hidden = false;
  }
  function restore(draft) {
    fields().forEach(function (e) {
      if (!(e.name in draft.values)) { if (e.type === "radio" || e.type === "checkbox") e.checked = false; return; }
      if (e.type === "radio" || e.type === "checkbox") e.checked = e.value === draft.values[e.name];
      else e.value = draft.values[e.name];
    });
    keyInput.value = draft.key; // the key of the first attempt, so that its retry is recognised
  }

  function send() {
    if (sending) return;
    sending = true;
    show("sending");
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("action") || location.pathname, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        sending = false;
        if (response.ok && response.redirected) {
          // Saved (or saved before: the server recognised the key). The person's file says so.
          storage.removeItem(storeKey);
          location.replace(response.url);
          return;
        }
        // The server answered with the form again (a message under a field) or an error: post it the ordinary way,
        // so that its messages show as without scripts. The draft stays until a save succeeds.
        write(false);
        form.submit();
      })
      .catch(function () {
        sending = false;
        write(true);
        show("queued", "queued");
      });
  }

  var draft = read();
  var answered = form.querySelector(".field-error") || document.querySelector(".alert[role=alert]");
  if (draft && draft.key && !answered) {
    restore(draft);
    show(draft.pending ? "queued" : "restored", draft.pending ? "queued" : "");
    discard.hidden = false;
    if (draft.pending && navigator.onLine) send();
  } else if (answered) {
    write(false); // the server's answer to a post: keep what was posted as the draft
  } else if (!navigator.onLine) {
    show("offline");
  }

  form.addEventListener("input", function () { var d = read(); write(!!(d && d.pending)); });
  form.addEventListener("change", function () { var d = read(); write(!!(d && d.pending)); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    write(true);
    if (navigator.onLine) send(); else show("queued", "queued");
  });
  discard.addEventListener("click", function () {
    storage.removeItem(storeKey);
    form.reset();
    state.hidden = true;
    discard.hidden = true;
  });
  window.addEventListener("online", function () { var d = read(); if (d && d.pending) send(); });
  window.addEventListener("offline", function () { var d = read(); if (!(d && d.pending)) show("offline"); });
  // Some networks come back without an "online" event: look again now and then while a save waits.
  setInterval(function () { var d = read(); if (d && d.pending && navigator.onLine) send(); }, 20000);

  // Keep a copy of this form for opening it without a connection (the service worker answers from it then).
  if ("serviceWorker" in navigator && window.caches) {
    navigator.serviceWorker.register("/visit-sw.js", { scope: "/persons/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { return caches.open("shegong-visit-v1"); })
      .then(function (cache) { return cache.addAll([location.pathname, "/app.css?v=3", "/forms.js?v=3", "/visit-draft.js?v=1"]); })
      .then(function () { form.setAttribute("data-offline-ready", "true"); })
      .catch(function () { form.setAttribute("data-offline-ready", "false"); });
  }
})();
