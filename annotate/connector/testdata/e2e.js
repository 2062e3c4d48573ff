// Drives the FactDesk Connector extension in headless Chromium against a
// connector started by browser_test.go. Arguments: chromium, extension
// folder, connector port, pairing code, article page URL, attacker page
// URL. Prints one JSON line per step; the Go test checks the library.
"use strict";
const path = require("path");
const crypto = require("crypto");
const puppeteer = require(path.join(process.env.AXE_DIR, "node_modules", "puppeteer-core"));

const [browserPath, extDir, port, code, articleURL, attackURL] = process.argv.slice(2);

// An unpacked extension's id is the SHA-256 of its folder's path, its
// first 32 hex digits written with the letters a to p.
function extensionID(dir) {
  const hex = crypto.createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

const out = (step, v) => console.log(JSON.stringify({ step, ...v }));

(async () => {
  const browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: "new",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
  });
  try {
    const id = extensionID(extDir);
    const page = await browser.newPage();
    await page.goto(articleURL, { waitUntil: "load" });
    await page.waitForSelector("article p");
    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`, { waitUntil: "load" });
    const tabId = await popup.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u).id;
    }, articleURL);
    await popup.evaluate(async (p) => { await chrome.storage.local.set({ port: Number(p) }); }, port);
    await popup.reload({ waitUntil: "load" });
    await popup.waitForFunction(() => /not paired/i.test(document.getElementById("status").textContent));
    out("unpaired", { status: await popup.$eval("#status", (e) => e.textContent) });

    await popup.type("#code", code);
    await popup.click("#pair-form button");
    await popup.waitForFunction(() => /Connected to FactDesk/.test(document.getElementById("status").textContent), { timeout: 10000 });
    const status = async () => popup.$eval("#status", (e) => ({ text: e.textContent, cls: e.className }));
    const press = async (button, tid) => {
      await popup.evaluate((t) => { globalThis.factdeskTargetTab = t; document.getElementById("status").className = ""; }, tid);
      await popup.click(button);
      await popup.waitForFunction(() => /^(ok|error)$/.test(document.getElementById("status").className), { timeout: 20000 });
      return status();
    };
    out("paired", await status());
    out("save-page", await press("#save-page", tabId));

    // Select a passage that the page's script wrote.
    await page.evaluate(() => {
      const p = [...document.querySelectorAll("article p")].find((p) => p.textContent.includes("hire 35 drivers"));
      const t = p.firstChild;
      const at = t.data.indexOf("hire 35 drivers");
      const r = document.createRange();
      r.setStart(t, at);
      r.setEnd(t, at + "hire 35 drivers and buy 12 electric buses".length);
      const s = window.getSelection();
      s.removeAllRanges();
      s.addRange(r);
    });
    out("save-claim", await press("#save-claim", tabId));
    out("add-source", await press("#add-source", tabId));
    out("overlay", await press("#overlay", tabId));
    const marks = await page.evaluate(() => [...document.querySelectorAll("mark[data-factdesk-claim]")].map((m) => ({ text: m.textContent, style: m.getAttribute("style") })));
    out("marks", { marks });

    // A page on another loopback origin tries to drive the connector.
    const attacker = await browser.newPage();
    await attacker.goto(attackURL, { waitUntil: "load" });
    const tries = await attacker.evaluate(async (base) => {
      const body = JSON.stringify({ url: "https://evil.example/x", html: "<article><p>" + "Planted text. ".repeat(50) + "</p></article>" });
      const r = {};
      try {
        const resp = await fetch(base + "/v1/page", { method: "POST", headers: { "Content-Type": "application/json" }, body });
        r.fetch = "answered " + resp.status;
      } catch (e) { r.fetch = "blocked"; }
      try {
        const resp = await fetch(base + "/v1/page", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body });
        r.nocors = "opaque " + resp.type;
      } catch (e) { r.nocors = "blocked"; }
      r.beacon = navigator.sendBeacon(base + "/v1/page", new Blob([body], { type: "text/plain" }));
      const f = document.createElement("form");
      f.method = "POST"; f.action = base + "/v1/page"; f.enctype = "text/plain"; f.target = "sink";
      const i = document.createElement("input"); i.name = body.slice(0, -1); i.value = "}"; f.appendChild(i);
      const frame = document.createElement("iframe"); frame.name = "sink"; document.body.append(frame, f);
      f.submit();
      await new Promise((res) => setTimeout(res, 1500));
      return r;
    }, `http://127.0.0.1:${port}`);
    out("attack", tries);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
