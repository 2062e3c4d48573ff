// The toolbar popup of the FactDesk Connector. It talks to FactDesk on
// this computer only (127.0.0.1), with the token it got by pairing, and
// reads the page only when a button is pressed (activeTab).
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const DEFAULT_PORT = 23129;
const LOOPBACK = "http://127.0.0.1/*";

const $ = (id) => document.getElementById(id);

// UserError is a failure to show as it is, with what to do next.
class UserError extends Error {
  constructor(message, kind) {
    super(message);
    this.kind = kind || "";
  }
}

async function settings() {
  const s = await api.storage.local.get(["token", "port"]);
  return { token: s.token || "", port: Number(s.port) || DEFAULT_PORT };
}

function show(message, kind) {
  const st = $("status");
  st.textContent = message;
  st.className = kind || "";
}

// call posts body to FactDesk and returns its answer, or throws a
// UserError that says plainly what is wrong.
async function call(path, body) {
  const { token, port } = await settings();
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  let resp;
  try {
    resp = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: "POST", headers, body: JSON.stringify(body || {}),
      credentials: "omit", cache: "no-store", redirect: "error",
    });
  } catch (e) {
    throw new UserError(`FactDesk is not running: nothing answers on 127.0.0.1:${port}. Open FactDesk, or run "factdesk serve".`, "down");
  }
  let data = {};
  try { data = await resp.json(); } catch (e) { /* not FactDesk */ }
  if (resp.status === 401) {
    throw new UserError("This browser is not paired with FactDesk. Enter the pairing code FactDesk shows.", "unpaired");
  }
  if (!resp.ok) {
    throw new UserError(data.error || `FactDesk answered ${resp.status}.`, "refused");
  }
  return data;
}

// loopbackAllowed asks for the host permission where the browser grants it
// at run time (Firefox). It must be the first thing a click does.
async function loopbackAllowed() {
  if (!api.permissions) return true;
  try {
    return await api.permissions.request({ origins: [LOOPBACK] });
  } catch (e) {
    return true; // already granted at install (Chromium)
  }
}

async function activeTab() {
  // The end-to-end test opens this popup as a tab and names the page's tab.
  const [tab] = globalThis.factdeskTargetTab
    ? [await api.tabs.get(globalThis.factdeskTargetTab)]
    : await api.tabs.query({ active: true, currentWindow: true });
  if (!tab || !/^https?:/.test(tab.url || "")) {
    throw new UserError("Open a web page first: FactDesk saves http and https pages.");
  }
  return tab;
}

// capture runs in the page: the DOM as rendered, and the selection with
// some text on either side of it.
function capture() {
  const out = { url: location.href, title: document.title, html: "<!DOCTYPE html>" + document.documentElement.outerHTML, selection: null };
  const sel = window.getSelection();
  if (sel && sel.rangeCount > 0 && !sel.isCollapsed && document.body) {
    const range = sel.getRangeAt(0);
    const before = document.createRange();
    before.setStart(document.body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(document.body, document.body.childNodes.length);
    out.selection = { exact: sel.toString(), prefix: before.toString().slice(-64), suffix: after.toString().slice(0, 64) };
  }
  return out;
}

async function capturePage(tab) {
  const [res] = await api.scripting.executeScript({ target: { tabId: tab.id }, func: capture });
  if (!res || !res.result) throw new UserError("Could not read this page.");
  return res.result;
}

function busy(on) {
  for (const b of document.querySelectorAll("#actions button")) b.disabled = on;
}

async function act(fn) {
  if (!(await loopbackAllowed())) {
    show("FactDesk needs your permission to reach 127.0.0.1 on this computer.", "error");
    return;
  }
  busy(true);
  try {
    await fn();
  } catch (e) {
    show(e.message || String(e), "error");
    if (e.kind === "unpaired") showPairing();
  } finally {
    busy(false);
  }
}

async function savePage() {
  const tab = await activeTab();
  show("Saving the page…");
  const page = await capturePage(tab);
  const r = await call("/v1/page", page);
  show(r.existing ? `Already in FactDesk: “${r.title}”.` : `Saved to FactDesk: “${r.title}” (${r.characters} characters).`, "ok");
}

async function saveClaim() {
  const tab = await activeTab();
  const page = await capturePage(tab);
  if (!page.selection || !page.selection.exact.trim()) {
    throw new UserError("Select the passage on the page first, then save it as a claim.");
  }
  show("Saving the claim…");
  const r = await call("/v1/claim", { url: page.url, title: page.title, html: page.html, ...page.selection });
  show(`Claim ${r.number} saved${r.page_saved ? " with the page" : ""}: “${r.quote.slice(0, 80)}”.`, "ok");
}

async function addSource() {
  const tab = await activeTab();
  show("Adding the page as a source…");
  const page = await capturePage(tab);
  const r = await call("/v1/source", page);
  show(`Added as a source of the selected claim: “${r.title}”.`, "ok");
}

async function showOverlay() {
  const tab = await activeTab();
  const r = await call("/v1/overlay", { url: tab.url });
  if (!r.article) {
    show("This page is not in the FactDesk library.", "");
    return;
  }
  await api.scripting.executeScript({ target: { tabId: tab.id }, files: ["overlay.js"] });
  const [res] = await api.scripting.executeScript({
    target: { tabId: tab.id },
    func: (data) => globalThis.factdeskOverlay(data),
    args: [r.annotations],
  });
  const placed = res && res.result ? res.result : { placed: 0, missed: r.annotations.length };
  let msg = `${placed.placed} claim${placed.placed === 1 ? "" : "s"} highlighted`;
  if (placed.missed) msg += `; ${placed.missed} not found on the page as it is now`;
  show(msg + ".", "ok");
}

function showPairing() {
  $("pairing").hidden = false;
  $("actions").hidden = true;
  $("code").focus();
}

async function pair(ev) {
  ev.preventDefault();
  if (!(await loopbackAllowed())) return;
  const code = $("code").value.trim();
  try {
    const ua = navigator.userAgent.includes("Firefox") ? "Firefox" : "Chromium";
    const r = await call("/v1/pair", { code, name: ua });
    await api.storage.local.set({ token: r.token });
    $("code").value = "";
    $("pairing").hidden = true;
    await refresh();
  } catch (e) {
    show(e.message, "error");
  }
}

async function refresh() {
  const { token, port } = await settings();
  $("port").value = port;
  if (!token) {
    show("Not paired with FactDesk yet.", "");
    showPairing();
    return;
  }
  try {
    const r = await call("/v1/ping");
    show(r.library ? `Connected to FactDesk ${r.version}.` : "FactDesk is running, but no library is open.", r.library ? "ok" : "error");
    $("actions").hidden = !r.library;
  } catch (e) {
    show(e.message, "error");
    if (e.kind === "unpaired") showPairing();
  }
}

$("save-page").addEventListener("click", () => act(savePage));
$("save-claim").addEventListener("click", () => act(saveClaim));
$("add-source").addEventListener("click", () => act(addSource));
$("overlay").addEventListener("click", () => act(showOverlay));
$("pair-form").addEventListener("submit", pair);
$("port-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const port = Number($("port").value);
  if (port >= 1 && port <= 65535) await api.storage.local.set({ port });
  await refresh();
});
$("unpair").addEventListener("click", async () => {
  await api.storage.local.remove("token");
  await refresh();
});
refresh();
