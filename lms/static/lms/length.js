// The live length of an answer, where an assignment asks for one: the server writes the count
// for the text it shows (lms/assignments/templates/lms/assignments/work.html); this keeps it
// current while the trainee types. It counts as lms/assignments/length.py does: words between
// blanks, a run with no letter or digit not being a word; characters without the blanks.
(function () {
  "use strict";
  var SENTINEL = "1000003";  // the number the page's "many" wording was written with
  var WORD_CHARACTER = /[\p{L}\p{N}]/u;

  function count(text, unit) {
    if (unit === "characters") { return text.replace(/\s/g, "").length; }
    return text.split(/\s+/).filter(function (word) {
      return WORD_CHARACTER.test(word);
    }).length;
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-length-for]"), function (line) {
    var field = document.getElementById(line.getAttribute("data-length-for"));
    var shown = line.querySelector("[data-length-count]");
    var note = line.querySelector("[data-length-note]");
    if (!field || !shown) { return; }
    var unit = line.getAttribute("data-length-unit");
    var least = Number(line.getAttribute("data-length-least"));
    var most = Number(line.getAttribute("data-length-most"));
    function update() {
      var number = count(field.value, unit);
      shown.textContent = number === 1 ? line.getAttribute("data-length-one")
        : line.getAttribute("data-length-other").replace(SENTINEL, String(number));
      var outside = number < least || number > most;
      line.classList.toggle("length-outside", outside);
      if (note) { note.hidden = !outside; }  // said in words, not by the colour alone
    }
    field.addEventListener("input", update);
    update();  // a copy the autosave put back may differ from the server's text
  });
})();
