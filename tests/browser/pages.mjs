// pages.mjs - what the browser tests do to a page: watch it for console
// errors and failed requests, load every (lazy) image, measure horizontal
// overflow, and run axe-core.
import fs from 'node:fs';

export const AXE_SOURCE = fs.readFileSync(
  new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Browser context options for the two widths. */
export const DEVICES = {
  phone: { viewport: { width: 375, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false },
};

export const NAV_TIMEOUT = 15_000;
export const STEP_TIMEOUT = 10_000;

/**
 * Records what goes wrong while a page is used: console errors, uncaught
 * page errors, failed requests and HTTP responses >= 400. `expectedStatus`
 * maps a document URL to the error status it is meant to have (the 404
 * page); that response and the console line Chromium prints for it are
 * not counted.
 */
export function watchPage(page, { expectedStatus = new Map() } = {}) {
  const problems = [];
  const expectedConsole = new Set();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    const m = /^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text());
    if (m && expectedStatus.get(where) === Number(m[1])) {
      if (!expectedConsole.has(where)) {
        expectedConsole.add(where); // once per expected document
        return;
      }
    }
    problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    problems.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText ?? 'unknown error'}`);
  });
  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    const req = res.request();
    if (req.isNavigationRequest() && req.resourceType() === 'document' && expectedStatus.get(res.url()) === status) return;
    problems.push(`HTTP ${status} for ${req.resourceType()} ${res.url()}`);
  });
  return problems;
}

/** Goes to `url` and checks the status of the document. */
export async function open(page, url, status = 200) {
  const res = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
  if (!res) throw new Error(`no response for ${url}`);
  if (res.status() !== status) throw new Error(`${url} answered ${res.status()}, expected ${status}`);
  return res;
}

/** Clicks `locator` and waits until the document it leads to has loaded. */
export async function clickAndLoad(page, locator) {
  const loaded = page.waitForEvent('load', { timeout: NAV_TIMEOUT });
  loaded.catch(() => {}); // awaited below; never an unhandled rejection if the click throws first
  await locator.click({ timeout: STEP_TIMEOUT });
  await loaded;
}

/** Scrolls through the whole page, a screen at a time, waiting at each
 *  stop until the images on screen have finished (loaded or failed), so
 *  that lazy images get loaded; then checks that every image finished and
 *  scrolls back to the top. */
export async function loadAllImages(page) {
  const pending = await page.evaluate(async (limit) => {
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const frames = () => new Promise((resolve) => {
      const t = setTimeout(resolve, 100); // rAF may not run for a hidden page
      requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); resolve(); }));
    });
    const onScreen = (img) => {
      const r = img.getBoundingClientRect();
      return r.bottom >= 0 && r.top <= window.innerHeight;
    };
    const settle = async (filter, ms) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        if (Array.from(document.images).filter(filter).every((img) => img.complete)) return;
        await sleep(50);
      }
    };
    const step = Math.max(200, window.innerHeight - 50);
    const started = performance.now();
    for (let y = 0; ; y += step) {
      window.scrollTo(0, y);
      await frames();
      await settle(onScreen, 3000);
      if (y + window.innerHeight >= document.documentElement.scrollHeight || performance.now() - started > limit) break;
    }
    await settle(() => true, 3000);
    window.scrollTo(0, 0);
    await frames();
    return Array.from(document.images).filter((img) => !img.complete).map((img) => {
      const r = img.getBoundingClientRect();
      return `${img.currentSrc || img.src} (loading=${img.loading}, top ${Math.round(r.top + window.scrollY)}px)`;
    });
  }, STEP_TIMEOUT);
  if (pending.length) throw new Error(`images never finished loading: ${pending.slice(0, 5).join(', ')}`);
}

/** Images that did not load or lack an alt attribute. */
export async function imageProblems(page) {
  return page.evaluate(() => {
    const out = [];
    for (const img of document.images) {
      const src = img.getAttribute('src');
      if (!(img.naturalWidth > 0)) out.push(`image did not load: <img src="${src}">`);
      if (!img.hasAttribute('alt')) out.push(`image without an alt attribute: <img src="${src}">`);
    }
    return out;
  });
}

/** null when the page does not scroll sideways, else a description of the
 *  overflow and of the elements that stick out on the right. The width is
 *  that of the emulated screen: with isMobile Chromium widens the layout
 *  viewport (and so window.innerWidth) to fit content that is too wide, as
 *  a phone browser zooms out, so innerWidth alone would hide the overflow. */
export async function horizontalOverflow(page) {
  const screenWidth = page.viewportSize()?.width ?? Infinity;
  return page.evaluate((screen) => {
    const width = Math.min(window.innerWidth, screen);
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      for (const c of el.classList) s += `.${c}`;
      return s;
    };
    const path = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e));
      return parts.join(' > ');
    };
    // The innermost elements whose right edge is beyond the viewport.
    const wide = Array.from(document.body.querySelectorAll('*')).filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.right > width + 0.5;
    });
    const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
    const list = innermost.slice(0, 4).map((el) => `${path(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
    return `scrollWidth ${scrollWidth}px > ${width}px (innerWidth ${window.innerWidth}px, screen ${screen}px); ` +
      `sticking out: ${list.join('; ') || 'none found'}`;
  }, screenWidth);
}

/** Injects axe-core (evaluated through DevTools, so the page's CSP does not
 *  apply) and runs the WCAG 2.0/2.1 A and AA rules. Returns the violations
 *  in a short form. */
export async function runAxe(page) {
  const hasAxe = await page.evaluate('typeof window.axe === "object"');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      html: v.nodes[0]?.html?.slice(0, 160) ?? '',
      summary: v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').slice(0, 200) ?? '',
    }));
  }, AXE_TAGS);
}

export function formatViolations(violations) {
  return violations.map((v) =>
    `${v.id} (${v.impact}, ${v.count} element${v.count === 1 ? '' : 's'}): ${v.help}; ` +
    `targets: ${v.targets.join(', ')}; first: ${v.html}${v.summary ? `; ${v.summary}` : ''}`).join(' || ');
}
