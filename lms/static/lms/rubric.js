/* The rubric's running total on the grading page, kept up to date as the grader chooses levels.
   Only a guide: the server adds the scores up again when the grade is saved, and shows the
   total of a refused form itself, so the page works the same without this script. */
(function () {
  "use strict";
  document.querySelectorAll("[data-rubric]").forEach(function (rubric) {
    var output = rubric.querySelector("[data-rubric-total]");
    if (!output) {
      return;
    }
    function update() {
      var chosen = rubric.querySelectorAll("input[type=radio]:checked");
      var total = 0;
      chosen.forEach(function (input) {
        total += Number(input.value);
      });
      output.textContent = chosen.length ? String(total) : "\u2014";
    }
    rubric.addEventListener("change", update);
    update();
  });
})();
