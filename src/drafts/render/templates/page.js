
// Conveniences only: the page reads the same with script off.
(function () {
  "use strict";
  var table = document.querySelector("table.grid");
  if (!table || !table.querySelector("tr.term-row:not(.changed-row)") || !table.querySelector("tr.changed-row")) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "grid-toggle";
  button.setAttribute("aria-pressed", "false");
  button.textContent = "Show only the terms that changed";
  button.addEventListener("click", function () {
    var only = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", only ? "true" : "false");
    button.textContent = only ? "Show every term" : "Show only the terms that changed";
    table.classList.toggle("only-changed", only);
  });
  var scroller = table.parentNode;
  scroller.parentNode.insertBefore(button, scroller);
})();
