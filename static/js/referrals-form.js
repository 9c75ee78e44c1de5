// The handover form: "Persoon toevoegen" adds an empty person row in the page, keeping everything typed.
// Without JavaScript the same button posts the form, which comes back as typed with one row more.
(function () {
  "use strict";
  var button = document.querySelector("[data-add-person]");
  var rows = document.querySelector("[data-person-rows]");
  var template = document.querySelector("template[data-person-template]");
  if (!button || !rows || !template) { return; }
  var total = document.querySelector('input[name="persons-TOTAL_FORMS"]');

  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    button.setAttribute("formaction", "#person-" + (index + 2));
    var first = row.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  });
})();
