// The SPARQL page with JavaScript: YASGUI (served by scra from node_modules) replaces the plain form.
// Nothing is fetched from another host: no prefix.cc / LOV autocompletion, the endpoint is this server.
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  if (!holder || typeof window.Yasgui !== "function") { return; }  // the plain form keeps working
  var form = document.getElementById("sparql-form");
  var textarea = document.getElementById("query");
  var examples = JSON.parse(document.getElementById("sparql-examples").textContent);
  var prefixes = JSON.parse(document.getElementById("sparql-prefixes").textContent);
  var initial = textarea.value;
  var yasgui = new window.Yasgui(holder, {
    requestConfig: { endpoint: holder.getAttribute("data-endpoint"), method: "POST",
                     acceptHeaderSelect: "application/sparql-results+json" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: holder.getAttribute("data-endpoint") }]; } },
    persistenceId: null,
    yasqe: { value: initial, autocompleters: ["variables"], resizeable: true, editorHeight: "300px" },
    yasr: { prefixes: {} }
  });
  // Accessibility fixes on YASGUI's own widgets: names for its text fields, a focusable scroll region,
  // and only tabs inside its tab list (the "+" button moves next to it).
  function tidy() {
    Array.prototype.forEach.call(holder.querySelectorAll("input:not([aria-label]), textarea:not([aria-label])"),
      function (field) { field.setAttribute("aria-label", field.closest(".CodeMirror") ? "SPARQL query" : "SPARQL endpoint or tab name"); });
    Array.prototype.forEach.call(holder.querySelectorAll(".CodeMirror-scroll"), function (el) { el.setAttribute("tabindex", "0"); });
    Array.prototype.forEach.call(holder.querySelectorAll(".tabsList > div > .addTab"), function (button) {
      var box = button.parentNode, list = box.parentNode;
      list.parentNode.insertBefore(box, list.nextSibling);
    });
  }
  tidy();
  yasgui.on("tabChange", function () { window.setTimeout(tidy, 0); });
  yasgui.on("tabAdd", function () { window.setTimeout(tidy, 0); });
  holder.hidden = false;
  form.hidden = true;
  var tab = yasgui.getTab();
  if (tab) { tab.setQuery(initial); }
  // the named queries as examples: each opens in a new tab
  var list = document.querySelectorAll("#examples a[data-name]");
  Array.prototype.forEach.call(list, function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var example = examples.filter(function (e) { return e.name === link.getAttribute("data-name"); })[0];
      var added = yasgui.addTab(true, { name: example.name });
      var current = yasgui.getTab(added) || yasgui.getTab();
      current.setQuery(example.text);
    });
  });
  window.scraYasgui = yasgui;
  window.scraPrefixes = prefixes;
})();
