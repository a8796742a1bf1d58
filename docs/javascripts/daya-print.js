/* The print page of the whole handbook (print_page.html, en/print_page.html), loaded only there
   by overrides/main.html after paged.js (from the npm registry's `pagedjs` package, copied at
   setup like Mermaid).

   1. The table of contents print-site copies from the sidebar becomes one flat list, a line per
      part and page, with links to the pages' anchors.
   2. Served over http(s), paged.js lays the book out in A4 pages in the browser, which lets the
      table of contents show the page each entry starts on (CSS target-counter(), which
      Chromium's own printing does not support). The browser's Print command then prints
      those pages as they are. From file:// paged.js cannot read the stylesheets, so the page
      stays as it is: it prints with page numbers in its footers, but none in the contents.

   3. Mermaid diagrams are drawn here, into the page itself, before paged.js copies it: the
      theme draws them inside shadow roots, which a copy leaves behind (empty boxes in print).

   <html data-daya-print> says how far it got: paging, ready (with data-daya-pages), or
   unpaged (from file://, or after paged.js failed: the page is then loaded again as it was).
   Labels come from #daya-print-labels, in the page's language. */
(function () {
  "use strict";

  var root = document.documentElement;
  var UNPAGED = "daya-print-unpaged";
  var labels = {};
  try {
    labels = JSON.parse(document.getElementById("daya-print-labels").textContent) || {};
  } catch (error) {
    labels = {};
  }

  function flatContents() {
    var nav = document.querySelector("#print-page-toc nav");
    var list = nav && nav.querySelector("ul");
    if (!list) return;
    var flat = document.createElement("ul");
    flat.className = "daya-toc";
    (function walk(ul, level) {
      Array.prototype.forEach.call(ul.children, function (item) {
        var link = item.querySelector(":scope > a");
        if (!link) return;
        var line = document.createElement("li");
        line.className = level === 1 ? "daya-toc__part" : "daya-toc__page";
        var anchor = document.createElement("a");
        anchor.setAttribute("href", link.getAttribute("href"));
        var title = document.createElement("span");
        title.className = "daya-toc__title";
        title.textContent = link.textContent.trim();
        anchor.appendChild(title);
        line.appendChild(anchor);
        flat.appendChild(line);
        var children = item.querySelector(":scope > nav > ul");
        if (children) walk(children, level + 1);
      });
    })(list, 1);
    list.replaceWith(flat);
  }

  // Taken from the theme before it draws them (it would put each in a shadow root).
  var diagrams = Array.prototype.map.call(
    document.querySelectorAll("#print-site-page pre.mermaid"),
    function (block) {
      block.classList.remove("mermaid");
      block.classList.add("daya-print-diagram");
      return { block: block, source: block.textContent };
    }
  );

  function drawDiagrams() {
    var mermaid = window.mermaid;
    if (!mermaid || !diagrams.length) return Promise.resolve();
    mermaid.initialize({ startOnLoad: false, theme: "default", securityLevel: "strict" });
    return diagrams.reduce(function (done, diagram, n) {
      return done.then(function () {
        return mermaid.render("daya-print-diagram-" + n, diagram.source).then(
          function (drawn) {
            var figure = document.createElement("div");
            figure.className = "daya-print-diagram";
            figure.innerHTML = drawn.svg;
            diagram.block.replaceWith(figure);
          },
          function (error) {
            console.error("daya-print: a diagram could not be drawn", error);
          }
        );
      });
    }, Promise.resolve());
  }

  function status(state, text) {
    root.setAttribute("data-daya-print", state);
    var line = document.querySelector(".daya-print-status");
    if (!line) {
      line = document.createElement("p");
      line.className = "daya-print-status";
      line.setAttribute("role", "status");
      document.body.insertBefore(line, document.body.firstChild);
    }
    line.setAttribute("data-state", state);
    line.textContent = text || "";
  }

  function hideStatusInPrint() {
    var style = document.createElement("style");
    style.setAttribute("media", "print");
    style.setAttribute("data-pagedjs-ignore", "");
    style.textContent = ".daya-print-status { display: none !important; }";
    document.head.appendChild(style);
  }

  function paginate() {
    drawDiagrams().then(layOut);
  }

  function layOut() {
    var book = document.getElementById("print-site-page");
    var Paged = window.PagedModule || window.Paged; // the name paged.min.js / paged.js give it
    if (!book || !Paged) {
      status("unpaged", labels.unpaged);
      return;
    }
    var started = performance.now();
    status("paging", labels.preparing);
    document.querySelectorAll("#print-page-toc .daya-toc a").forEach(function (anchor) {
      var dots = document.createElement("span");
      dots.className = "daya-toc__dots";
      anchor.appendChild(dots);
    });
    var content = document.createElement("div");
    content.className = "md-typeset";
    content.appendChild(book);
    var pages = document.createElement("div");
    pages.className = "daya-print-pages";
    // The theme's page stays, hidden: Material's scripts keep finding their elements.
    var line = document.querySelector(".daya-print-status");
    var theme = document.createElement("div");
    theme.hidden = true;
    theme.append.apply(theme, Array.prototype.slice.call(document.body.childNodes));
    document.body.replaceChildren(line, pages, theme);
    // Printed pages are light, whatever the screen's palette.
    document.body.setAttribute("data-md-color-scheme", "default");
    var previewer = new Paged.Previewer();
    var count = 0;
    // A sheet is hidden once laid out, until the book is ready (print-preview.css). Shown, every
    // sheet before it was laid out again with each new sheet: a book of 750 sheets took twice
    // as long, and longer the more sheets it had.
    previewer.chunker.on("renderedPage", function (page) {
      page.element.classList.add("daya-print-done");
    });
    previewer.on("page", function () {
      count += 1;
      if (count % 10 === 0) status("paging", labels.preparing + " " + count);
    });
    var sheets = previewer.removeStyles();
    hideStatusInPrint();
    // paged.js 0.4.3 watches each laid-out page for a change of size and lays it out again,
    // which goes wrong (TypeError in findEndToken, a list printed twice, a heading left alone
    // on its page); nothing on these pages changes size after layout, so it watches nothing.
    var Observer = window.ResizeObserver;
    window.ResizeObserver = function () {
      return { observe: function () {}, unobserve: function () {}, disconnect: function () {} };
    };
    previewer
      .preview(content, sheets, pages)
      .finally(function () {
        window.ResizeObserver = Observer;
      })
      .then(function (flow) {
        root.setAttribute("data-daya-pages", String(flow.total));
        root.setAttribute(
          "data-daya-print-ms",
          String(Math.round(performance.now() - started))
        );
        status("ready", (labels.ready || "").replace("{pages}", String(flow.total)));
      })
      .catch(function (error) {
        // The page's styles are gone by now: show it again as print-site made it.
        console.error("daya-print:", error);
        sessionStorage.setItem(UNPAGED, "1");
        location.reload();
      });
  }

  function start() {
    flatContents();
    var failed = sessionStorage.getItem(UNPAGED);
    sessionStorage.removeItem(UNPAGED);
    if (!failed && (location.protocol === "http:" || location.protocol === "https:")) {
      if (document.readyState === "complete") paginate();
      else window.addEventListener("load", paginate);
    } else {
      status("unpaged", labels.unpaged);
      hideStatusInPrint();
    }
  }

  // print-site builds the table of contents on DOMContentLoaded, with a listener added
  // before this script ran; this one comes after it.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
