// Where the keyboard's focus goes when a page opens after a form was sent, and what a screen
// reader hears of it. Loaded by every page (lms/templates/lms/base.html); without JavaScript the
// page still reads in the right order, since a refused form's summary and the flashes come first
// in <main>.
//
// - A refused form: its error summary takes the focus, so it is read out and the links to the
//   fields are the next Tab stops (an alert already in the page at load is not reliably read).
// - A form that worked: the focus goes back where the person was, so nobody tabs through the
//   whole page again: to the element the address's #fragment names, if the server sent one (the
//   next step), else to the button pressed if the page still has it, else to the message itself.
//   The message is then said through an empty live region, filled once the page is shown: a
//   status region that already holds its text at load is not announced.
(function () {
  "use strict";
  var PRESSED_KEY = "kakehashi-pressed";
  // A record of a button pressed longer ago than this belongs to some other visit.
  var FRESH_MS = 60000;
  // Screen readers miss a live region filled in the same moment the page appears.
  var ANNOUNCE_DELAY_MS = 250;

  var storage = null;
  try { storage = window.sessionStorage; } catch (e) { /* off: focus goes to the message */ }

  function normal(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  // Where a button posts; without an action of its own the form's, which without one is the
  // page's address (less any fragment, which is never sent).
  function actionOf(form, button) {
    var action = button && button.hasAttribute("formaction") ? button.formAction : form.action;
    return String(action).split("#")[0];
  }

  // The button (or the form, for Enter in a field) a post was sent with, told apart from the
  // page's other buttons by where its form posts and by its name, value and words.
  document.addEventListener("submit", function (event) {
    if (!storage || event.defaultPrevented) { return; }
    var form = event.target;
    var button = event.submitter || null;
    var pressed = {
      at: Date.now(),
      action: actionOf(form, button),
      id: (button && button.id) || "",
      name: (button && button.name) || "",
      value: (button && button.value) || "",
      text: button ? normal(button.textContent) : ""
    };
    try { storage.setItem(PRESSED_KEY, JSON.stringify(pressed)); } catch (e) { /* full */ }
  });

  function pressedButton() {
    if (!storage) { return null; }
    var pressed = null;
    try {
      pressed = JSON.parse(storage.getItem(PRESSED_KEY));
      storage.removeItem(PRESSED_KEY);
    } catch (e) { return null; }
    if (!pressed || !(Date.now() - pressed.at < FRESH_MS)) { return null; }
    if (pressed.id) {
      var byId = document.getElementById(pressed.id);
      if (byId) { return byId; }
    }
    var found = null;
    Array.prototype.some.call(document.querySelectorAll("main form"), function (form) {
      Array.prototype.some.call(form.querySelectorAll("button[type=submit], button:not([type])"),
        function (button) {
          if (actionOf(form, button) === pressed.action &&
              button.name === pressed.name && button.value === pressed.value &&
              normal(button.textContent) === pressed.text) {
            found = button;
          }
          return found;
        });
      return found;
    });
    return found;
  }

  function focusOn(element) {
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function announce(text) {
    var region = document.querySelector("[data-announcer]");
    if (!region || !text) { return; }
    window.setTimeout(function () { region.textContent = text; }, ANNOUNCE_DELAY_MS);
  }

  var summary = document.querySelector("main .error-summary");
  var flashes = document.querySelector("main .flashes");
  var button = pressedButton();
  if (summary) {
    summary.focus();
    return;
  }
  if (!flashes) {
    // A post that led to a page with nothing to say (a language chosen): back to its button.
    if (button) { button.focus(); }
    return;
  }
  var target = window.location.hash.length > 1 &&
    document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (target || button) {
    focusOn(target || button);
    announce(normal(flashes.textContent));
  } else {
    focusOn(flashes);
  }
})();
