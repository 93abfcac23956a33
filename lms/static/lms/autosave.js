// The one autosave of every long form: assignment answers, grant applications and reports,
// admissions applications, alumni reports. Without JavaScript the form's own buttons save.
//
// A form takes part through data- attributes (see lms/templates/lms/macros/autosave.html):
//   data-autosave-key      where this browser keeps a copy of the unsaved text; it names the
//                          person and the record, so no one else signing in here meets it
//   data-autosave-fields   the names of the long fields whose text is kept
//   data-autosave-url      where a draft is saved in the background, if the record has one
//   data-autosave-posted   the page answers a post, so its fields hold what was sent, which
//                          the server may not have kept
// and inside it an element [data-autosave-status] whose data- attributes carry the page's
// translated words, and [data-autosave-discard] holding the button that drops a kept copy.
// Elsewhere on a page, [data-autosave-clear=KEY] says the server now holds that record for
// good (handed in, submitted), and [data-autosave-clear-sent=KEY] says a successful post from
// the form of KEY leads here, so its copy can go if it was sent.
//
// A copy is kept from the first key press until a page shows the server has its text. It is
// put back when the page opens with the server's text still the one the copy began from (or
// one it sent without hearing back): then the copy is the newer text.
(function () {
  "use strict";
  // A copy waits this long after the last key press before it is sent to the server, but is
  // sent at the latest this long after the first unsent change, so steady typing saves too.
  var QUIET_MS = 3000;
  var LONGEST_MS = 20000;
  // Leaving a changed field saves soon; not at once, since leaving it may be a press of one
  // of the form's buttons, whose own post then goes alone.
  var ON_LEAVE_MS = 600;

  var storage = null;
  try { storage = window.localStorage; } catch (e) { /* storage off: the server saves alone */ }

  function read(key) {
    try { return JSON.parse(storage.getItem(key)); } catch (e) { return null; }
  }
  function write(key, copy) {
    try { storage.setItem(key, JSON.stringify(copy)); } catch (e) { /* full or off */ }
  }
  function remove(key) {
    try { storage.removeItem(key); } catch (e) { /* off */ }
  }
  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }
  // What a browser posts and what the server hands back may differ in line ends and in the
  // blanks around the text; neither is a change the person made.
  function normal(text) {
    return String(text === undefined || text === null ? "" : text).replace(/\r\n?/g, "\n").trim();
  }

  each("[data-autosave-clear]", function (element) {
    remove(element.getAttribute("data-autosave-clear"));
  });
  each("[data-autosave-clear-sent]", function (element) {
    var key = element.getAttribute("data-autosave-clear-sent");
    var copy = read(key);
    if (copy && copy.sent) { remove(key); }
  });
  each("form[data-autosave-key]", keepTextOf);

  function keepTextOf(form) {
    var key = form.getAttribute("data-autosave-key");
    var url = form.getAttribute("data-autosave-url");
    var fields = (form.getAttribute("data-autosave-fields") || "").split(/\s+/)
      .map(function (name) { return name && form.elements.namedItem(name); })
      .filter(function (field) { return field && field.tagName === "TEXTAREA"; });
    if (!fields.length) { return; }
    var status = form.querySelector("[data-autosave-status]");
    var words = status ? status.dataset : {};
    var discardRow = form.querySelector("[data-autosave-discard]");
    // The text as the page came, and whether that is the server's: a page answering a post
    // shows what was sent, which the server may have refused.
    var serverText = textNow();
    var serverHas = !form.hasAttribute("data-autosave-posted");
    var copy = storage ? read(key) : null;
    // The server's text a copy began from (null: not known). While the server still has it,
    // the copy is the newer text; once it has other text, that came later, from elsewhere.
    var baseText = serverHas ? serverText : (copy && copy.base) || null;
    // A draft sent whose answer never came: the server may have it.
    var unsure = null;
    var changed = false;
    var saving = false;
    var sending = false;
    var firstChange = 0;
    var timer = null;

    function textNow() {
      var text = {};
      fields.forEach(function (field) { text[field.name] = field.value; });
      return text;
    }
    function same(one, other) {
      return !!one && !!other && fields.every(function (field) {
        return normal(one[field.name]) === normal(other[field.name]);
      });
    }
    function say(message) {
      if (status && message) { status.textContent = message; }
    }
    function offerDiscard(shown) {
      if (discardRow) { discardRow.hidden = !shown; }
    }
    function keep(sent) {
      var text = textNow();
      if (serverHas && same(text, serverText)) { remove(key); return; }
      write(key, { text: text, base: baseText, unsure: unsure, sent: !!sent });
    }

    if (copy && copy.text) {
      if (same(copy.text, serverText)) {
        if (serverHas) { remove(key); }
      } else if (!copy.base || same(copy.base, serverText) || same(copy.unsure, serverText)) {
        fields.forEach(function (field) {
          if (typeof copy.text[field.name] === "string") { field.value = copy.text[field.name]; }
        });
        unsure = copy.unsure || null;
        say(words.restored);
        offerDiscard(true);
      } else {
        remove(key);
      }
    }

    if (discardRow) {
      discardRow.querySelector("button").addEventListener("click", function () {
        fields.forEach(function (field) { field.value = serverText[field.name]; });
        remove(key);
        changed = false;
        if (timer) { window.clearTimeout(timer); timer = null; }
        offerDiscard(false);
        say(words.discarded);
        fields[0].focus();
      });
    }

    function showFigures(body) {
      each("[data-autosave-show]", function (element) {
        var value = body[element.getAttribute("data-autosave-show")];
        if (value) { element.textContent = value; }
      });
    }

    function save() {
      timer = null;
      if (!changed || sending) { return; }
      if (saving) { schedule(1000); return; }
      saving = true;
      changed = false;
      firstChange = 0;
      var sent = textNow();
      // Everything the form would post, but no button's action (this is always a draft) and
      // no file: files go with the form's own buttons.
      var data = new FormData(form);
      var fileFields = [];
      data.forEach(function (value, name) {
        if (typeof value !== "string") { fileFields.push(name); }
      });
      fileFields.forEach(function (name) { data.delete(name); });
      say(words.saving);
      window.fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          // A sign-in page or a server error page is no answer to a save.
          return response.json().then(
            function (body) { return { ok: response.ok, body: body }; },
            function () { return { ok: false, body: null }; });
        })
        .then(function (result) {
          var body = result.body || {};
          if (result.ok && body.saved) {
            serverText = baseText = sent;
            serverHas = true;
            unsure = null;
            say(words.saved + " " + body.saved_at);
            showFigures(body);
            if (same(textNow(), sent)) {
              remove(key);
              offerDiscard(false);
            } else {
              keep(false);  // typed while the draft was on its way
            }
          } else {
            // A refusal the server explains (saved: false) kept nothing; any other answer may
            // have come after the draft was saved.
            if (result.body === null) { unsure = sent; }
            changed = true;
            keep(false);
            say(body.error || words.failed);
          }
        })
        .catch(function () {
          unsure = sent;
          changed = true;
          keep(false);
          say(words.failed);
        })
        .then(function () { saving = false; });
    }

    function schedule(delay) {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, delay);
    }

    function onChange(event) {
      if (fields.indexOf(event.target) >= 0 && storage) { keep(false); }
      if (!url || sending) { return; }
      changed = true;
      if (!firstChange) { firstChange = Date.now(); }
      schedule(Math.max(0, Math.min(QUIET_MS, firstChange + LONGEST_MS - Date.now())));
    }

    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    form.addEventListener("focusout", function () {
      if (url && changed && !sending) { schedule(ON_LEAVE_MS); }
    });
    form.addEventListener("submit", function (event) {
      // The buttons post the form themselves; a background save must not race them.
      sending = true;
      if (timer) { window.clearTimeout(timer); timer = null; }
      // The copy stays until a page shows the server has the text, since the post may yet
      // fail; it is marked sent unless the button saves nothing (a preview) or posts
      // elsewhere (removing a file).
      var button = event.submitter;
      if (button && (button.value === "preview" || button.hasAttribute("formaction"))) { return; }
      if (read(key)) { keep(true); }
    });
    // Back from a post that failed, the browser may show this page as it was left.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { sending = false; }
    });
  }
})();
