// Optional drag and drop for the agenda builder; the buttons in each row do the same without JavaScript.
(function () {
  "use strict";
  var table = document.querySelector("table.agenda[data-order-url]");
  if (!table || !window.fetch) { return; }
  var body = table.tBodies[0];
  var dragged = null;
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr[data-item]"));
  rows.forEach(function (row) {
    row.draggable = true;
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
    });
    row.addEventListener("dragover", function (event) { event.preventDefault(); });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged || dragged === row) { return; }
      var after = event.clientY > row.getBoundingClientRect().top + row.offsetHeight / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
      send();
    });
  });

  function send() {
    var order = Array.prototype.map.call(body.querySelectorAll("tr[data-item]"), function (row) {
      return row.getAttribute("data-item");
    });
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    var data = "order=" + encodeURIComponent(order.join(",")) + "&version=" + encodeURIComponent(table.getAttribute("data-version"));
    fetch(table.getAttribute("data-order-url"), { method: "POST", headers: headers, body: data, credentials: "same-origin" })
      .then(function () { window.location.reload(); });
  }
})();
