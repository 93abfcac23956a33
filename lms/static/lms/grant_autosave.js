// Progressive enhancement for the grant application form: saves the draft in the background
// some seconds after the applicant changes something, and when they leave a changed field,
// and says so in the page's status line. Without JavaScript, "Save draft" does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-grant-autosave-url]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  if (!status) { return; }
  var url = form.getAttribute("data-grant-autosave-url");
  // The words come translated from the page.
  var words = status.dataset;
  var INTERVAL = 20000;
  var changed = false;
  var saving = false;
  var sending = false;
  var timer = null;

  function show(id, text) {
    var element = document.getElementById(id);
    if (element && text) { element.textContent = text; }
  }

  function save() {
    timer = null;
    if (!changed || sending) { return; }
    if (saving) { schedule(); return; }
    saving = true;
    changed = false;
    status.textContent = words.saving;
    // Everything the form would post, but not a button's action: this is always a draft.
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok && result.body.saved) {
          status.textContent = words.saved + " " + result.body.saved_at;
          show("grant-lines-total", result.body.lines_total);
          show("grant-requested", result.body.requested);
        } else {
          changed = true;
          status.textContent = (result.body && result.body.error) || words.failed;
        }
      })
      .catch(function () {
        changed = true;
        status.textContent = words.failed;
      })
      .then(function () { saving = false; });
  }

  function schedule() {
    if (!timer) { timer = window.setTimeout(save, INTERVAL); }
  }

  function onChange() {
    changed = true;
    schedule();
  }

  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  // Leaving a changed field saves soon: not at once, since leaving it may be a press of
  // one of the buttons, whose own post then goes alone.
  form.addEventListener("focusout", function () {
    if (!changed) { return; }
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, 600);
  });
  // The buttons post the whole form themselves; a background save must not race them.
  form.addEventListener("submit", function () {
    sending = true;
    if (timer) { window.clearTimeout(timer); timer = null; }
  });
})();
