// tm serve: the search page with JavaScript on. Searches go to the JSON API and the results are drawn in
// place (the same markup the server draws without JavaScript); keyboard: / search, j k move, c copy,
// Alt+L lookup, Alt+C concordance. Text is only ever put in the page as text (never as HTML).
"use strict";
(function () {
  document.documentElement.classList.add("js");
  const $ = (selector) => document.querySelector(selector);
  const form = $("#search");
  const results = $("#results");
  if (!form || !results) return;
  const q = $("#q");
  let pending = null;
  let timer = null;
  let last = null; // the API query last sent: the same one is not sent again

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== "") node.setAttribute(key, value);
    }
    for (const child of children || []) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function fmt(n) {
    return String(Math.round(n * 10) / 10);
  }

  function item(label, bandName, sourcePieces, sourceLang, target, targetLang, meta, notes) {
    const texts = el("div", { class: "texts" }, [
      el("p", { class: "source", lang: sourceLang }, sourcePieces),
      el("p", { class: "target", lang: targetLang }, [target || ""]),
      el("p", { class: "meta" }, [meta.filter(Boolean).join(" · ")]),
      ...(notes || []).map(([cls, text]) => el("p", { class: cls }, [text])),
    ]);
    const children = label ? [el("span", { class: "score " + bandName }, [label]), texts] : [texts];
    return el("li", { class: "hit", tabindex: "0" }, children);
  }

  function matchItem(m) {
    const pieces = m.diff.map(([text, changed]) => (changed ? el("mark", { class: "diff" }, [text]) : text));
    const penalties = Object.entries(m.penalties).map(([name, points]) => name + " \u2212" + fmt(points));
    const label = fmt(m.score) + "%" + (m.context ? " context: " + m.context : "");
    const status = m.status !== "confirmed" ? ["unconfirmed"] : [];
    // what tm lookup says under a match: the TM's own target when numbers were carried, and why not
    const notes = [];
    if (m.adapted) {
      const changed = m.changes.map((c) => c.old + " -> " + c.new).join("; ");
      notes.push(["tm-target", "TM target: " + m.tm_target + "  (changed: " + changed + ")"]);
    }
    for (const reason of m.not_carried) notes.push(["warn", "number not carried: " + reason]);
    return item(label, "band-" + m.band, pieces, m.source_lang, m.target, m.target_lang,
      [...penalties, ...status, m.origin, (m.date || "").slice(0, 10)], notes);
  }

  function hitItem(h) {
    const pieces = [];
    let pos = 0;
    for (const [start, end] of h.spans) {
      pieces.push(h.source.slice(pos, start), el("mark", { class: "term" }, [h.source.slice(start, end)]));
      pos = end;
    }
    pieces.push(h.source.slice(pos));
    return item("", "term", pieces, h.source_lang, h.target, h.target_lang, [h.origin, (h.date || "").slice(0, 10)]);
  }

  function show(nodes, mode, params) {
    results.replaceChildren(...nodes);
    results.dataset.mode = mode;
    results.dataset.rendered = "js";
    const error = $("p.error");
    if (error) error.remove();
    history.replaceState(null, "", "/?" + params.toString());
  }

  function failure(message) {
    last = null; // a failed search may be tried again
    results.replaceChildren(el("p", { class: "error", role: "alert" }, [message]));
    results.dataset.rendered = "js";
  }

  // Indices in JavaScript strings are UTF-16 units; the API's spans count code points.
  function codePointSpans(text, spans) {
    const offsets = [0];
    for (const ch of text) offsets.push(offsets[offsets.length - 1] + ch.length);
    return spans.map(([s, e]) => [offsets[s], offsets[e]]);
  }

  // Term hits in the query (from tm's termbase): the query with the terms marked, and their translations.
  function termNodes(text, terms, lang) {
    if (!terms.length) return [];
    const sorted = [...terms].sort((a, b) => a.start - b.start || b.end - a.end);
    const chars = Array.from(text);
    const pieces = [];
    let pos = 0;
    for (const hit of sorted) {
      if (hit.start < pos) continue;
      pieces.push(chars.slice(pos, hit.start).join(""));
      pieces.push(el("mark", { class: "termhit", title: hit.targets.join(" / ") }, [chars.slice(hit.start, hit.end).join("")]));
      pos = hit.end;
    }
    pieces.push(chars.slice(pos).join(""));
    const listing = terms.map((h) => h.source + " \u2192 " + (h.targets.join(" / ") || "?")).join("; ");
    return [el("p", { class: "query", lang: lang }, pieces), el("p", { class: "terms" }, ["Terms: " + listing])];
  }

  async function search() {
    const data = new FormData(form);
    const mode = data.get("mode") || "lookup";
    const text = (data.get("q") || "").trim();
    const params = new URLSearchParams(data);
    if (!text) return;
    const api = new URLSearchParams();
    if (mode === "lookup") {
      api.set("text", data.get("q"));
      api.set("src", data.get("src"));
      api.set("tgt", data.get("tgt"));
      api.set("min_score", data.get("min") || "70");
      api.set("limit", "20");
    } else {
      api.set("term", data.get("q"));
      api.set("lang", data.get("src"));
      api.set("tgt", data.get("tgt"));
      api.set("limit", "20");
    }
    const query = mode + "?" + api.toString();
    if (query === last) return;
    last = query;
    if (pending) pending.abort();
    pending = new AbortController();
    let response;
    try {
      response = await fetch("/api/" + query, {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      });
    } catch (err) {
      if (err.name !== "AbortError") failure("The server did not answer.");
      return;
    }
    const body = await response.json().catch(() => ({ error: "The server's answer was not JSON." }));
    if (!response.ok) return failure(body.error || "Error " + response.status);
    const src = data.get("src");
    const tgt = data.get("tgt");
    let nodes;
    if (mode === "lookup") {
      const items = body.matches.map(matchItem);
      const terms = termNodes(body.query, body.terms || [], src);
      nodes = items.length
        ? [el("p", { class: "summary" }, [items.length + (items.length === 1 ? " match" : " matches") + " \u00b7 " + src + " \u2192 " + tgt]),
          el("ol", { class: "hits" }, items)]
        : [el("p", { class: "empty" }, ["No match at or above " + (data.get("min") || "70") + "% for this text."])];
      nodes = [...terms, ...nodes];
    } else {
      const items = body.hits.map((h) => hitItem({ ...h, spans: codePointSpans(h.source, h.spans) }));
      nodes = items.length
        ? [el("p", { class: "summary" }, [items.length + (items.length === 1 ? " unit" : " units") + " \u00b7 " + src + " \u2192 " + tgt]),
          el("ol", { class: "hits" }, items)]
        : [el("p", { class: "empty" }, ["No unit holds this term."])];
    }
    show(nodes, mode, params);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  q.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  form.addEventListener("change", (event) => {
    if (event.target !== q) search();
  });
  q.addEventListener("keydown", () => {
    const src = $("#src");
    q.lang = src ? src.value : "";
  });
  const swap = $("#swap");
  if (swap) {
    swap.addEventListener("click", () => {
      const src = $("#src");
      const tgt = $("#tgt");
      [src.value, tgt.value] = [tgt.value, src.value];
      search();
    });
  }

  function hits() {
    return Array.from(results.querySelectorAll("li.hit"));
  }

  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
    if (event.altKey && (event.key === "l" || event.key === "c")) {
      $(event.key === "l" ? "#mode-lookup" : "#mode-concordance").checked = true;
      event.preventDefault();
      search();
      return;
    }
    if (event.key === "Escape" && typing) {
      document.activeElement.blur();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const list = hits();
    const at = list.indexOf(document.activeElement);
    if (event.key === "/") {
      event.preventDefault();
      q.focus();
      q.select();
    } else if ((event.key === "j" || event.key === "ArrowDown") && list.length) {
      event.preventDefault();
      list[Math.min(list.length - 1, at + 1)].focus();
    } else if ((event.key === "k" || event.key === "ArrowUp") && list.length) {
      event.preventDefault();
      if (at <= 0) q.focus();
      else list[at - 1].focus();
    } else if (event.key === "c" && at >= 0) {
      const target = list[at].querySelector(".target");
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.textContent).then(() => list[at].classList.add("copied"), () => {});
      }
    }
  });
})();
