// Runs axe-core on each HTML file given, in headless Chromium driven by
// puppeteer-core, and prints one JSON line per file: its violations with
// their impact, rule, help and how many nodes.
// Usage: AXE_DIR=dir-with-node_modules node axe.js CHROMIUM FILE...
const path = require('path');
const req = require('module').createRequire(path.join(process.env.AXE_DIR, 'node_modules') + '/');
const puppeteer = req('puppeteer-core');
const fs = require('fs');
const axeSource = fs.readFileSync(req.resolve('axe-core/axe.min.js'), 'utf8');

(async () => {
  const [chromium, ...files] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    for (const file of files) {
      const page = await browser.newPage();
      // The report's Content-Security-Policy forbids scripts, axe's too.
      await page.setBypassCSP(true);
      await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const res = await page.evaluate(async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
          first: v.nodes[0] ? v.nodes[0].html.slice(0, 160) + ' ' + (v.nodes[0].failureSummary || '').slice(0, 200) : '' }));
      });
      console.log(JSON.stringify({ file, violations: res }));
      await page.close();
    }
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
