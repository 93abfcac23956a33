// Progressive enhancement for the answer form: saves the draft while the trainee types and
// says when it saved or failed. Without JavaScript the "Save draft" button does the same.
// The text is also kept in this browser until the server has it, so nothing typed is lost
// to a dropped connection.
(function () {
  "use strict";
  // Attempts the server now holds as handed in need no copy in this (perhaps shared) browser.
  try {
    Array.prototype.forEach.call(document.querySelectorAll("[data-handed-in-draft]"), function (el) {
      window.localStorage.removeItem(el.getAttribute("data-handed-in-draft"));
    });
  } catch (e) { /* storage off */ }
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var text = form.querySelector("textarea[name=text]");
  var status = form.querySelector(".autosave-status");
  var attempt = form.querySelector("input[name=attempt]");
  if (!text || !status || !attempt) { return; }
  var backupKey = "kakehashi-draft:" + form.dataset.autosaveUrl + ":" + attempt.value;
  // The words come translated from the page.
  var words = status.dataset;
  var timer = null;
  var saving = false;

  function backup() {
    try { window.localStorage.setItem(backupKey, text.value); } catch (e) { /* storage full or off */ }
  }
  function clearBackup(savedText) {
    try {
      if (window.localStorage.getItem(backupKey) === savedText) { window.localStorage.removeItem(backupKey); }
    } catch (e) { /* ignore */ }
  }
  function save() {
    if (saving) { timer = window.setTimeout(save, 1000); return; }
    saving = true;
    var sent = text.value;
    var data = new FormData();
    data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    data.append("attempt", attempt.value);
    data.append("text", sent);
    status.textContent = words.saving;
    fetch(form.dataset.autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
      .then(function (result) {
        if (result.ok && result.body.saved) {
          status.textContent = words.saved + " " + result.body.saved_at;
          clearBackup(sent);
        } else {
          status.textContent = (result.body && result.body.error) || words.failed;
        }
      })
      .catch(function () { status.textContent = words.failed; })
      .then(function () { saving = false; });
  }
  try {
    var kept = window.localStorage.getItem(backupKey);
    if (kept !== null && kept !== text.value && kept.length > 0) {
      text.value = kept;
      status.textContent = words.restored;
    }
  } catch (e) { /* ignore */ }
  text.addEventListener("input", function () {
    backup();
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, 3000);
  });
})();
