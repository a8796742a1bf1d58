/* Daya's behaviour on top of Material for MkDocs, run after every page load (document$):
   - diagrams get an "open full size" button (labels come from the page, in its language);
   - tables and diagrams that scroll sideways can be reached and scrolled with the keyboard;
   - on the Indonesian site, words found through their root (latih → pelatihan) are marked in
     search results and on the page a result opens, as Material marks words that begin with
     what was typed. The roots come from search/stems.js, written at build time. */
(function () {
  "use strict";

  function diagrams() {
    document.querySelectorAll(".daya-diagram").forEach(function (box) {
      if (box.querySelector(":scope > .daya-diagram-open")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "daya-diagram-open";
      button.textContent = box.dataset.open;
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () { toggle(box, button); });
      box.appendChild(button);
      // Material replaces the diagram's source with the drawing when Mermaid is done.
      new MutationObserver(scrollRegions).observe(box, { childList: true });
    });
  }

  function toggle(box, button) {
    var open = !box.classList.contains("daya-diagram--open");
    box.classList.toggle("daya-diagram--open", open);
    button.textContent = open ? box.dataset.close : box.dataset.open;
    button.setAttribute("aria-expanded", String(open));
    document.body.style.overflow = open ? "hidden" : "";
    button.focus();
  }

  document.addEventListener("keydown", function (event) {
    var box = document.querySelector(".daya-diagram--open");
    if (event.key === "Escape" && box) toggle(box, box.querySelector(".daya-diagram-open"));
  });

  function scrollRegions() {
    document.querySelectorAll(".md-typeset__scrollwrap, .daya-diagram div.mermaid").forEach(function (el) {
      if (el.hasAttribute("tabindex")) return;
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      var heading = previousHeading(el);
      if (heading) el.setAttribute("aria-label", heading.textContent.replace(/¶$/, "").trim());
    });
  }

  function previousHeading(el) {
    var node = el.closest(".daya-diagram") || el;
    while ((node = node.previousElementSibling)) {
      if (/^H[1-6]$/.test(node.tagName)) return node;
    }
    return null;
  }

  // --- Indonesian root words ---------------------------------------------------------------

  var forms = null;

  function siteRoot() {
    var config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(config.base.replace(/\/?$/, "/"), location.href);
  }

  function loadForms(then) {
    if (forms) return then();
    var script = document.createElement("script");
    script.src = new URL("search/stems.js", siteRoot()).href;
    script.onload = function () { forms = window.__daya_stems || {}; then(); };
    document.head.appendChild(script);
  }

  function derivedWords(query) {
    var words = [];
    query.toLowerCase().split(/[^a-z]+/).forEach(function (term) {
      if (term.length < 3) return;
      Object.keys(forms).forEach(function (root) {
        if (root.indexOf(term) === 0) words = words.concat(forms[root]);
      });
    });
    return words;
  }

  function mark(container, words) {
    if (!words.length) return;
    var pattern = new RegExp("(^|[^a-zA-Z])(" + words.join("|") + ")(?![a-zA-Z])", "i");
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, null);
    var texts = [];
    while (walker.nextNode()) {
      var parent = walker.currentNode.parentNode;
      if (!parent.closest("mark, script, style, code, pre")) texts.push(walker.currentNode);
    }
    texts.forEach(function (node) {
      var match;
      while (node && (match = pattern.exec(node.nodeValue))) {
        var start = match.index + match[1].length;
        var word = node.splitText(start);
        node = word.splitText(match[2].length);
        var highlight = document.createElement("mark");
        word.parentNode.replaceChild(highlight, word);
        highlight.appendChild(word);
      }
    });
  }

  function searchResults() {
    if (document.documentElement.lang !== "id") return;
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector("input.md-search__input");
    if (!list || !input || list.dataset.dayaStems) return;
    list.dataset.dayaStems = "1";
    new MutationObserver(function () {
      var query = input.value;
      if (query.trim().length < 3) return;
      loadForms(function () {
        list.querySelectorAll(".md-search-result__article:not([data-daya-marked])").forEach(function (article) {
          article.dataset.dayaMarked = "1";
          mark(article, derivedWords(query));
        });
      });
    }).observe(list, { childList: true, subtree: true });
  }

  function highlightOnPage() {
    var query = new URL(location.href).searchParams.get("h");
    var article = document.querySelector("article.md-content__inner");
    if (document.documentElement.lang !== "id" || !query || !article) return;
    loadForms(function () { mark(article, derivedWords(query)); });
  }

  // --- Filters over a page's tables ---------------------------------------------------------
  // A form.daya-filter (hidden until this runs, so a page without scripts shows no dead
  // controls) filters the rows holding a .daya-filter-item: each <select> keeps the rows whose
  // item lists its value in the attribute data-<select name> (space-separated); the words box
  // keeps rows holding every word typed. A table left empty hides with its heading.

  function filters() {
    document.querySelectorAll("form.daya-filter").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("input", function () { applyFilter(form); });
      form.addEventListener("change", function () { applyFilter(form); });
      applyFilter(form);
    });
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function applyFilter(form) {
    var article = form.closest("article") || document;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var box = form.querySelector("input[name=words]");
    var words = fold(box ? box.value : "").split(/\s+/).filter(Boolean);
    var shown = 0;
    var tables = new Set();
    article.querySelectorAll(".daya-filter-item").forEach(function (item) {
      var row = item.closest("tr");
      if (!row) return;
      var text = fold(row.textContent);
      var keep = selects.every(function (select) {
        var values = (item.getAttribute("data-" + select.name) || "").split(" ");
        return !select.value || values.indexOf(select.value) !== -1;
      }) && words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !keep;
      if (keep) shown += 1;
      tables.add(row.closest("table"));
    });
    tables.forEach(function (table) {
      var empty = !table.querySelector("tbody tr:not([hidden])");
      var block = table.closest(".md-typeset__scrollwrap") || table;
      block.hidden = empty;
      var heading = block.previousElementSibling;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = empty;
    });
    var total = form.dataset.total;
    var count = form.querySelector(".daya-filter-count");
    if (count) {
      count.textContent = shown ? form.dataset.count.replace("{shown}", shown).replace("{total}", total)
        : form.dataset.none;
    }
  }

  function ready() {
    filters();
    diagrams();
    scrollRegions();
    searchResults();
    highlightOnPage();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () {
      ready();
      // Material wraps tables and draws diagrams after the page loads.
      setTimeout(scrollRegions, 500);
    });
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
