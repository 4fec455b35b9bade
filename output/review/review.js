// cleancrawl review: renders the embedded run lazily. Only the page list's visible slice and the
// one page being read are in the DOM, so a file of thousands of pages opens at once. Every string
// from the data goes in through textContent or an attribute, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var pages = data.pages, rules = data.rules || {}, colours = data.colours || {};
  var PER_LIST_PAGE = 100;
  var LONG_BLOCK = 600;  // characters of a removed block shown before "show all"
  var state = { rule: "", reason: "", site: "", q: "", sort: "input", current: -1, listPage: 0 };
  var filtered = [];
  var haystacks = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function family(rule) {
    var known = rules[rule];
    if (known && known.family) return known.family;
    var dot = rule.indexOf(".");
    return dot > 0 ? rule.slice(0, dot) : rule;
  }
  function colour(rule) { return colours[family(rule)] || "#888"; }
  function share(p) {
    var total = p.words_kept + p.words_removed;
    return total ? p.words_removed / total : 0;
  }
  function pageHasRule(p, rule) {
    for (var i = 0; i < p.removed.length; i++) if (p.removed[i].rule === rule) return true;
    return false;
  }
  function haystack(i) {
    if (!haystacks) haystacks = new Array(pages.length);
    if (haystacks[i] === undefined) {
      var p = pages[i], parts = [p.title || "", p.label || "", p.url || "", p.text || ""];
      for (var j = 0; j < p.removed.length; j++) parts.push(p.removed[j].text);
      haystacks[i] = parts.join("\n").toLowerCase();
    }
    return haystacks[i];
  }

  // ---- filtering and the page list --------------------------------------------------------
  function applyFilters() {
    var q = state.q.trim().toLowerCase();
    filtered = [];
    for (var i = 0; i < pages.length; i++) {
      var p = pages[i];
      if (state.rule && !pageHasRule(p, state.rule)) continue;
      if (state.reason === "(article)" && p.rejected) continue;
      if (state.reason && state.reason !== "(article)" && p.rejected !== state.reason) continue;
      if (state.site && p.site !== state.site) continue;
      if (q && haystack(i).indexOf(q) < 0) continue;
      filtered.push(i);
    }
    if (state.sort === "share") {
      filtered.sort(function (a, b) { return share(pages[b]) - share(pages[a]) || a - b; });
    } else if (state.sort === "words") {
      filtered.sort(function (a, b) { return pages[b].words_removed - pages[a].words_removed || a - b; });
    }
    $("count").textContent = filtered.length + " of " + pages.length + " pages";
    $("count").setAttribute("data-count", String(filtered.length));
    var at = filtered.indexOf(state.current);
    state.listPage = at >= 0 ? Math.floor(at / PER_LIST_PAGE) : 0;
    renderList();
    if (state.current >= 0) renderDetail();
  }

  function renderList() {
    var list = $("page-list");
    list.textContent = "";
    var pagesOfList = Math.max(1, Math.ceil(filtered.length / PER_LIST_PAGE));
    state.listPage = Math.min(state.listPage, pagesOfList - 1);
    var start = state.listPage * PER_LIST_PAGE;
    var end = Math.min(filtered.length, start + PER_LIST_PAGE);
    for (var k = start; k < end; k++) {
      var i = filtered[k], p = pages[i];
      var item = el("li", "page-item" + (i === state.current ? " current" : ""));
      item.setAttribute("data-page", String(i));
      item.appendChild(el("span", "page-name", p.title || p.label));
      var meta = el("span", "page-meta", p.site + " · " + p.words_kept + " words · " +
        Math.round(share(p) * 100) + "% removed");
      if (p.rejected) meta.appendChild(el("span", "badge rejected", p.rejected));
      if (p.compare) meta.appendChild(el("span", "badge changed", "changed"));
      item.appendChild(meta);
      list.appendChild(item);
    }
    $("list-pos").textContent = filtered.length ? (start + 1) + "–" + end : "none";
    $("list-prev").disabled = state.listPage === 0;
    $("list-next").disabled = state.listPage >= pagesOfList - 1;
    var current = list.querySelector(".current");
    if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
  }

  // ---- one page ---------------------------------------------------------------------------
  function removedNode(block) {
    var node = el("del", "removed");
    node.setAttribute("data-rule", block.rule);
    node.setAttribute("data-family", family(block.rule));
    node.style.setProperty("--rule-colour", colour(block.rule));
    var info = rules[block.rule];
    var scored = typeof block.score === "number";
    node.title = block.rule + (scored ? ", junk score " + block.score.toFixed(3) : "") +
      (info ? " — " + info.description : "") + (block.stage ? " (" + block.stage + " stage)" : "");
    node.appendChild(el("span", "rule-tag", block.rule + (scored ? " " + block.score.toFixed(3) : "")));
    if (block.text.length > LONG_BLOCK) {
      // a comment section can be thousands of words: its head, and the rest on demand
      var head = el("span", "removed-text", block.text.slice(0, LONG_BLOCK) + "…");
      var more = el("button", "more", "show all " + block.text.split(/\s+/).length + " words");
      more.type = "button";
      more.addEventListener("click", function () { head.textContent = block.text; more.remove(); });
      node.appendChild(head);
      node.appendChild(more);
    } else {
      node.appendChild(el("span", "removed-text", block.text));
    }
    if (state.rule && block.rule !== state.rule) node.hidden = true;
    return node;
  }

  function paragraphs(text) {
    var out = [], start = 0;
    while (start <= text.length) {
      var end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      if (end > start) out.push({ start: start, text: text.slice(start, end) });
      start = end + 1;
    }
    return out;
  }

  function renderText(p, box) {
    var placed = [], unplaced = [];
    p.removed.forEach(function (b, order) { (b.at === null || b.at === undefined ? unplaced : placed).push([b, order]); });
    placed.sort(function (x, y) { return x[0].at - y[0].at || x[1] - y[1]; });
    var paras = paragraphs(p.text || ""), r = 0;
    for (var i = 0; i < paras.length; i++) {
      while (r < placed.length && placed[r][0].at <= paras[i].start) box.appendChild(removedNode(placed[r++][0]));
      box.appendChild(el("p", "kept", paras[i].text));
    }
    while (r < placed.length) box.appendChild(removedNode(placed[r++][0]));
    if (!paras.length) box.appendChild(el("p", "note", p.rejected ? "No text kept: rejected as " + p.rejected + "." : "No text kept."));
    if (unplaced.length) {
      var section = el("section", "unplaced");
      section.appendChild(el("h3", null, "Removed, position unknown"));
      unplaced.forEach(function (pair) { section.appendChild(removedNode(pair[0])); });
      box.appendChild(section);
    }
    var hidden = box.querySelectorAll(".removed[hidden]").length;
    if (hidden) box.insertBefore(el("p", "note", "Showing only the blocks of " + state.rule + "; " + hidden +
      " removed by other rules are hidden."), box.firstChild);
  }

  function renderCompare(c, box) {
    var section = el("section", "compare");
    var head = el("div", "compare-head");
    head.appendChild(el("h3", null, "Comparison"));
    section.appendChild(head);
    var grid = el("div", "compare-grid");
    var a = el("div", "side side-a"), b = el("div", "side side-b");
    a.appendChild(el("h4", null, c.label_a || "A"));
    b.appendChild(el("h4", null, c.label_b || "B"));
    var textA = el("div", "side-text"), textB = el("div", "side-text");
    (c.ops || []).forEach(function (op) {
      var kind = op[0], text = String(op[1]);
      if (kind === "=") { textA.appendChild(el("span", "same", text)); textB.appendChild(el("span", "same", text)); }
      else if (kind === "-") textA.appendChild(el("del", "lost", text));
      else if (kind === "+") textB.appendChild(el("ins", "gained", text));
    });
    a.appendChild(textA); b.appendChild(textB);
    grid.appendChild(a); grid.appendChild(b);
    section.appendChild(grid);
    box.appendChild(section);
    // A change may sit far down a long page: a button walks through them, one click each.
    var changes = section.querySelectorAll("del.lost, ins.gained");
    head.appendChild(el("span", "note", changes.length + (changes.length === 1 ? " change" : " changes")));
    if (!changes.length) return;
    var next = el("button", "next-change", "next change \u2193");
    next.type = "button";
    var at = -1;
    next.addEventListener("click", function () {
      if (at >= 0) changes[at].classList.remove("current-change");
      at = (at + 1) % changes.length;
      changes[at].classList.add("current-change");
      changes[at].scrollIntoView({block: "center"});
    });
    head.appendChild(next);
  }

  function metaRow(dl, name, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", null, name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
    dl.appendChild(dd);
  }

  function renderDetail() {
    var p = pages[state.current], box = $("detail");
    box.textContent = "";
    $("overview").hidden = true;
    box.hidden = false;
    var head = el("header", "page-head");
    head.appendChild(el("h2", null, p.title || p.label));
    var pos = filtered.indexOf(state.current);
    head.appendChild(el("p", "where", (pos >= 0 ? "page " + (pos + 1) + " of " + filtered.length + " shown" :
      "not in the filtered list") + " · j/k or arrows to move, Esc for the overview"));
    box.appendChild(head);
    var layout = el("div", "page-layout");
    var body = el("article", "page-text");
    body.id = "page-text";
    if (p.compare) renderCompare(p.compare, body);
    renderText(p, body);
    var side = el("aside", "page-meta-box"), dl = el("dl");
    var link = null;
    if (p.href) { link = el("a", "saved-link", p.label); link.href = p.href; link.rel = "noopener"; }
    metaRow(dl, "page", link || p.label);
    metaRow(dl, "url", p.url);
    metaRow(dl, "site", p.site);
    metaRow(dl, "rejected", p.rejected);
    metaRow(dl, "title", p.title);
    metaRow(dl, "authors", p.authors);
    metaRow(dl, "published", p.published);
    metaRow(dl, "language", p.language);
    metaRow(dl, "words kept", p.words_kept);
    metaRow(dl, "words removed", p.words_removed + " (" + Math.round(share(p) * 100) + "%)");
    side.appendChild(dl);
    if (p.images && p.images.length) {
      side.appendChild(el("h3", null, "Images (" + p.images.length + ")"));
      var ul = el("ul", "images");
      p.images.forEach(function (img) {
        var li = el("li");
        li.appendChild(el("span", "image-src", img.src));
        if (img.alt) li.appendChild(el("span", "image-alt", "alt: " + img.alt));
        if (img.caption) li.appendChild(el("span", "image-caption", img.caption));
        if (img.credit) li.appendChild(el("span", "image-credit", "credit: " + img.credit));
        ul.appendChild(li);
      });
      side.appendChild(ul);
    }
    layout.appendChild(body);
    layout.appendChild(side);
    box.appendChild(layout);
    box.scrollTop = 0;
  }

  function openPage(i) {
    if (i < 0 || i >= pages.length) return;
    state.current = i;
    var at = filtered.indexOf(i);
    if (at >= 0) state.listPage = Math.floor(at / PER_LIST_PAGE);
    renderList();
    renderDetail();
    if (history.replaceState) history.replaceState(null, "", "#page-" + i);
  }

  function showOverview() {
    state.current = -1;
    $("detail").hidden = true;
    $("detail").textContent = "";
    $("overview").hidden = false;
    renderList();
    if (history.replaceState) history.replaceState(null, "", "#");
  }

  function move(step) {
    if (!filtered.length) return;
    var at = filtered.indexOf(state.current);
    var next = at < 0 ? (step > 0 ? 0 : filtered.length - 1) : Math.min(filtered.length - 1, Math.max(0, at + step));
    openPage(filtered[next]);
  }

  // ---- controls ---------------------------------------------------------------------------
  function fillSelect(select, values, label) {
    values.forEach(function (v) {
      var option = el("option", null, label ? label(v) : v);
      option.value = v;
      select.appendChild(option);
    });
  }

  function setFilter(name, value) {
    state[name] = value;
    var control = $("f-" + name);
    if (control) control.value = value;
    applyFilters();
  }

  function setup() {
    var ruleCount = {}, reasons = {}, sites = {};
    pages.forEach(function (p) {
      p.removed.forEach(function (b) { ruleCount[b.rule] = (ruleCount[b.rule] || 0) + 1; });
      if (p.rejected) reasons[p.rejected] = (reasons[p.rejected] || 0) + 1;
      sites[p.site] = (sites[p.site] || 0) + 1;
    });
    fillSelect($("f-rule"), Object.keys(ruleCount).sort(), function (r) { return r + " (" + ruleCount[r] + ")"; });
    fillSelect($("f-reason"), ["(article)"].concat(Object.keys(reasons).sort()), function (r) {
      return r === "(article)" ? "articles only" : r + " (" + reasons[r] + ")";
    });
    fillSelect($("f-site"), Object.keys(sites).sort(), function (s) { return s + " (" + sites[s] + ")"; });
    ["rule", "reason", "site", "sort"].forEach(function (name) {
      $("f-" + name).addEventListener("change", function (e) {
        setFilter(name, e.target.value);
        e.target.blur();  // so that j/k and the arrows move between pages again, not the choice
      });
    });
    var timer = null;
    $("f-q").addEventListener("input", function (e) {
      clearTimeout(timer);
      timer = setTimeout(function () { setFilter("q", e.target.value); }, pages.length > 1000 ? 200 : 60);
    });
    $("f-q").addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      clearTimeout(timer);
      setFilter("q", e.target.value);
      e.target.blur();
      if (filtered.length) openPage(filtered[0]);
    });
    $("f-clear").addEventListener("click", function () {
      ["rule", "reason", "site", "q"].forEach(function (name) { state[name] = ""; $("f-" + name).value = ""; });
      applyFilters();
    });
    $("list-prev").addEventListener("click", function () { state.listPage--; renderList(); });
    $("list-next").addEventListener("click", function () { state.listPage++; renderList(); });
    $("to-overview").addEventListener("click", showOverview);
    document.addEventListener("click", function (e) {
      var target = e.target.closest ? e.target.closest("[data-page],[data-filter-rule],[data-filter-reason],[data-filter-site]") : null;
      if (!target) return;
      if (target.hasAttribute("data-page")) { e.preventDefault(); openPage(Number(target.getAttribute("data-page"))); }
      else if (target.hasAttribute("data-filter-rule")) { e.preventDefault(); setFilter("rule", target.getAttribute("data-filter-rule")); }
      else if (target.hasAttribute("data-filter-reason")) { e.preventDefault(); setFilter("reason", target.getAttribute("data-filter-reason")); }
      else if (target.hasAttribute("data-filter-site")) { e.preventDefault(); setFilter("site", target.getAttribute("data-filter-site")); }
    });
    document.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) {
        if (e.key === "Escape" && tag === "INPUT") e.target.blur();
        return;
      }
      if (e.key === "j" || e.key === "ArrowDown" || e.key === "ArrowRight") { e.preventDefault(); move(1); }
      else if (e.key === "k" || e.key === "ArrowUp" || e.key === "ArrowLeft") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") showOverview();
      else if (e.key === "/") { e.preventDefault(); $("f-q").focus(); }
    });
    applyFilters();
    var m = /^#page-(\d+)$/.exec(location.hash);
    if (m) openPage(Number(m[1]));
    document.body.setAttribute("data-ready", "1");
  }

  setup();
})();
