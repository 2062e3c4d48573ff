// The read-only overlay: highlights the desk's claims on the live page
// with their verdict colour, and shows a card (claim, verdict, rationale)
// on hover or focus. It is injected on a click of the toolbar button, runs
// in the extension's isolated world, and adds nothing the page's scripts
// can call. Claims are placed by their W3C TextQuoteSelector.
"use strict";

globalThis.factdeskOverlay = (function () {
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEXTAREA", "TEMPLATE", "SVG"]);
  let card = null; // { host, root, box }

  function clear() {
    for (const m of document.querySelectorAll("mark[data-factdesk-claim]")) {
      const parent = m.parentNode;
      while (m.firstChild) parent.insertBefore(m.firstChild, m);
      parent.removeChild(m);
      parent.normalize();
    }
  }

  // index folds the page's visible text so that every run of white space
  // is one space, as FactDesk's canonical text is, and remembers for each
  // folded character its text node and offset.
  function index() {
    const nodes = [], offsets = [];
    let text = "", space = true;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        for (let p = n.parentElement; p; p = p.parentElement) {
          if (SKIP.has(p.tagName.toUpperCase())) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const s = n.data;
      for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (/\s/.test(c)) {
          if (space) continue;
          space = true;
          text += " ";
        } else {
          space = false;
          text += c;
        }
        nodes.push(n);
        offsets.push(i);
      }
    }
    return { text, nodes, offsets };
  }

  const fold = (s) => (s || "").normalize("NFC").replace(/\s+/g, " ");

  // place finds the quote, preferring the occurrence whose context matches
  // best.
  function place(idx, sel) {
    const exact = fold(sel.exact).trim();
    if (!exact) return -1;
    const prefix = fold(sel.prefix), suffix = fold(sel.suffix);
    let best = -1, bestScore = -1;
    for (let at = idx.text.indexOf(exact); at >= 0; at = idx.text.indexOf(exact, at + 1)) {
      let score = 0;
      const before = idx.text.slice(Math.max(0, at - prefix.length), at);
      for (let k = 1; k <= Math.min(before.length, prefix.length) && before[before.length - k] === prefix[prefix.length - k]; k++) score++;
      const after = idx.text.slice(at + exact.length, at + exact.length + suffix.length);
      for (let k = 0; k < Math.min(after.length, suffix.length) && after[k] === suffix[k]; k++) score++;
      if (score > bestScore) { best = at; bestScore = score; }
    }
    return best < 0 ? -1 : { start: best, end: best + exact.length };
  }

  function wrap(idx, span, an) {
    const marks = [];
    // The text nodes the span covers, each with the part of it to wrap.
    const parts = [];
    for (let i = span.start; i < span.end; i++) {
      const n = idx.nodes[i], o = idx.offsets[i];
      const last = parts[parts.length - 1];
      if (last && last.node === n) last.end = o + 1;
      else parts.push({ node: n, start: o, end: o + 1 });
    }
    for (const p of parts) {
      let node = p.node;
      if (p.end < node.data.length) node.splitText(p.end);
      if (p.start > 0) node = node.splitText(p.start);
      const m = document.createElement("mark");
      m.dataset.factdeskClaim = String(an.number);
      m.style.cssText = `background:${an.color}40;color:inherit;border-bottom:2px solid ${an.color};padding:0;border-radius:0;`;
      m.tabIndex = 0;
      node.parentNode.insertBefore(m, node);
      m.appendChild(node);
      m.addEventListener("mouseenter", () => showCard(m, an));
      m.addEventListener("focus", () => showCard(m, an));
      m.addEventListener("mouseleave", hideCard);
      m.addEventListener("blur", hideCard);
      marks.push(m);
    }
    return marks;
  }

  function ensureCard() {
    if (card && card.host.isConnected) return card;
    const host = document.createElement("div");
    host.style.cssText = "position:fixed;z-index:2147483647;top:0;left:0;pointer-events:none;";
    // A closed shadow root keeps the page's styles out of the card, and
    // the page's scripts from reading it.
    const root = host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = `.card{display:none;position:fixed;max-width:360px;padding:10px 12px;border-radius:6px;
      background:#fff;color:#1f2328;font:13px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25);border-left:6px solid #888}
      .card.on{display:block}.head{font-weight:600;margin-bottom:4px}.verdict{font-weight:600}.why{margin-top:6px}`;
    const box = document.createElement("div");
    box.className = "card";
    box.setAttribute("role", "tooltip");
    root.append(style, box);
    document.documentElement.appendChild(host);
    card = { host, root, box };
    return card;
  }

  function showCard(mark, an) {
    const { box } = ensureCard();
    box.replaceChildren();
    const head = document.createElement("div");
    head.className = "head";
    head.textContent = `FactDesk claim ${an.number}`;
    const statement = document.createElement("div");
    const describing = an.body.find((b) => b.purpose === "describing");
    statement.textContent = describing ? describing.value : "";
    const verdict = document.createElement("div");
    verdict.className = "verdict";
    verdict.style.color = an.color;
    verdict.textContent = an.label;
    box.append(head, statement, verdict);
    const assessing = an.body.filter((b) => b.purpose === "assessing" && b.value !== an.label);
    for (const b of assessing) {
      const why = document.createElement("div");
      why.className = "why";
      why.textContent = b.value;
      box.append(why);
    }
    box.style.borderLeftColor = an.color;
    const r = mark.getBoundingClientRect();
    box.style.left = Math.max(4, Math.min(r.left, innerWidth - 370)) + "px";
    box.style.top = (r.bottom + 6 + 160 < innerHeight ? r.bottom + 6 : Math.max(4, r.top - 166)) + "px";
    box.classList.add("on");
  }

  function hideCard() {
    if (card) card.box.classList.remove("on");
  }

  return function overlay(annotations) {
    clear();
    const idx = index();
    let placed = 0, missed = 0;
    const spans = [];
    for (const an of annotations || []) {
      const sel = (an.target && an.target.selector || []).find((s) => s.type === "TextQuoteSelector");
      const span = sel ? place(idx, sel) : -1;
      if (span === -1) { missed++; continue; }
      spans.push({ span, an });
    }
    // Wrapping splits text nodes, so the spans are wrapped from the end
    // of the page back, leaving the earlier offsets valid.
    spans.sort((a, b) => b.span.start - a.span.start);
    for (const { span, an } of spans) {
      try {
        if (wrap(idx, span, an).length) placed++;
        else missed++;
      } catch (e) {
        missed++; // overlaps a claim already highlighted
      }
    }
    return { placed, missed };
  };
})();
