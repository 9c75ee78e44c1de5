// The safety plan editor with JavaScript: rows are removed at once (the form still posts each removed
// row's "remove" checkbox, as it does without JavaScript). Adding rows is htmx's (see _rows_footer.html).
(function () {
  "use strict";
  var status = document.querySelector("[data-editor-status]");

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-remove-row]"), function (button) {
      button.hidden = false;
      button.parentNode.querySelector("[data-remove-check]").hidden = true;
    });
    // A row just added takes the focus, unless the focus moved on while it was on its way: someone who
    // clicked into another field and typed keeps typing there (htmx's own autofocus would take it).
    var field = root.querySelector("[data-focus-when-added]");
    if (field) {
      field.removeAttribute("data-focus-when-added");
      var active = document.activeElement;
      if (!active || active === document.body || active.name === "add_row") { field.focus(); }
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) { return; }
    var row = button.closest("[data-row]");
    button.parentNode.querySelector("[data-remove-check] input[type=checkbox]").checked = true;
    row.hidden = true;
    // Focus goes to the section's add button: the row the focus was in is gone.
    var section = row.closest(".rows");
    var add = section && section.querySelector(":scope > .rows__footer button[name=add_row]");
    if (add) { add.focus(); }
    if (status) { status.textContent = status.getAttribute("data-removed").replace("{row}", row.querySelector(":scope > legend").textContent); }
  });

  if (window.htmx) { window.htmx.onLoad(enhance); } else { enhance(document); }
})();
