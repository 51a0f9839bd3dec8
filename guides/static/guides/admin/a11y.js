"use strict";
// Django admin's autocomplete widgets (select2) leave their combobox, text box and search field
// without an accessible name, and put non-<li> children in a <ul>. This names them after the field's
// <label> and fixes the list structure, for every widget, including those added later by inlines.
(function () {
  function fieldLabel(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || !select.id) return null;
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label;
  }

  function fix(container) {
    const label = fieldLabel(container);
    if (label) {
      const name = label.textContent.replace(/:\s*$/, "").trim();
      container.querySelectorAll('[role="combobox"]').forEach(function (box) {
        const rendered = box.querySelector('[id^="select2-"][id$="-container"]');
        box.setAttribute("aria-labelledby", label.id + (rendered ? " " + rendered.id : ""));
      });
      container.querySelectorAll('[role="textbox"], input.select2-search__field').forEach(function (el) {
        el.setAttribute("aria-label", name);
      });
    }
    container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      Array.prototype.forEach.call(list.children, function (child) {
        if (child.tagName !== "LI") child.setAttribute("role", "listitem");
      });
    });
  }

  function fixAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("span.select2-container").forEach(fix);
  }

  document.addEventListener("DOMContentLoaded", function () {
    fixAll(document);
    let scheduled = false;
    new MutationObserver(function () {
      if (scheduled) return;
      scheduled = true;
      window.requestAnimationFrame(function () {
        scheduled = false;
        fixAll(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
