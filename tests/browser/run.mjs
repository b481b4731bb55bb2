// run.mjs - the browser test suite of dinh.
//
//   make build/san/dinh build/static/.stamp && node tests/browser/run.mjs
//   ONLY=editor node tests/browser/run.mjs     (only the tests named so)
//
// Starts the sanitizer build of dinh over a fresh demo database, drives
// Chromium (playwright-core) against it at a phone width (375 px) and a
// desktop width (1280 px), stops the server, and prints one line per test
// ("ok NAME" or "FAIL NAME: reason") and last "N passed, N failed".
// Exit code 1 when anything failed. Every step has a time-out.
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, Server, makeDemoDb } from './server.mjs';
import {
  DEVICES, NAV_TIMEOUT, STEP_TIMEOUT, clickAndLoad, formatViolations, horizontalOverflow,
  imageProblems, loadAllImages, open, runAxe, watchPage,
} from './pages.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TEST_TIMEOUT = 60_000; // per test
const RUN_TIMEOUT = 900_000; // the whole run: 5 min alone on a 2-core machine, 6 beside the HTTP suite (tests/run.sh runs them at once)
const ARTICLE_RE = /^\/tin-tuc\/[^/]+\/[^/]+-(\d+)\.html$/;
const NOT_FOUND_PATH = '/khong-co-trang-nay/';
const SKIP_TEXT = 'Bỏ qua, đến nội dung chính';
const SCREENSHOTS = path.join(ROOT, 'docs');
// ONLY=text runs only the tests whose name contains it (while working on them).
const ONLY = process.env.ONLY ?? '';

let passed = 0;
let failed = 0;
let server = null;
let browser = null;
let workDir = null;
let logins = {};

function oneLine(text) {
  return String(text).replace(/\s*\n\s*/g, ' | ').trim();
}

function report(name, error) {
  if (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${oneLine(error.message ?? error)}`);
  } else {
    passed += 1;
    console.log(`ok ${name}`);
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** Rejects after `ms` with `what timed out`. */
function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function withTimeout(promise, ms, what) {
  const d = deadline(ms, what);
  try {
    return await Promise.race([promise, d.promise]);
  } finally {
    d.cancel();
  }
}

/**
 * Runs one test. `fn` gets `newPage(device, options)`, which opens a page
 * in a new browser context; the contexts are closed afterwards, also when
 * the test times out, which ends whatever the test was still waiting for.
 */
async function runTest(name, fn) {
  if (ONLY && !name.includes(ONLY)) return;
  const contexts = [];
  const newPage = async (device, options = {}) => {
    const context = await browser.newContext({ ...DEVICES[device], ...options });
    contexts.push(context);
    context.setDefaultTimeout(STEP_TIMEOUT);
    context.setDefaultNavigationTimeout(NAV_TIMEOUT);
    return context.newPage();
  };
  let error = null;
  const d = deadline(TEST_TIMEOUT, 'test');
  try {
    await Promise.race([fn(newPage), d.promise]);
    const trouble = server.problem();
    if (trouble) throw new Error(trouble);
  } catch (e) {
    error = e;
  } finally {
    d.cancel();
    for (const context of contexts) {
      await withTimeout(context.close(), 10_000, 'closing the browser context').catch(() => {});
    }
  }
  report(name, error);
}

/** Fetches a page of the running server with Node (no browser). */
async function fetchText(urlPath) {
  const res = await fetch(server.base + urlPath, { signal: AbortSignal.timeout(10_000), redirect: 'manual' });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${urlPath} answered ${res.status}`);
  return text;
}

/**
 * Picks the pages to test from the demo content: the first category of
 * the menu, and among the articles linked from the home page the one with
 * the most images in its body (so that image loading is really tested).
 */
async function choosePages() {
  const home = await fetchText('/');
  const nav = /<nav id="menu"[\s\S]*?<\/nav>/.exec(home)?.[0] ?? '';
  const category = /href="(\/tin-tuc\/[^"/]+\/)"/.exec(nav)?.[1];
  check(category, 'no category link in nav#menu of the home page');
  const articles = [...new Set([...home.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).filter((h) => ARTICLE_RE.test(h)))];
  check(articles.length > 0, 'no article link on the home page');
  let best = articles[0];
  let bestImages = -1;
  for (const href of articles.slice(0, 20)) {
    const html = await fetchText(href);
    const body = /<div class="article-body">([\s\S]*?)<\/article>/.exec(html)?.[1] ?? '';
    const images = (body.match(/<img /g) ?? []).length;
    if (images > bestImages) {
      best = href;
      bestImages = images;
    }
  }
  const docs = await fetchText('/van-ban/');
  const doc = /href="(\/van-ban\/[^"?]+\.html)"/.exec(docs)?.[1];
  check(doc, 'no document link on /van-ban/');
  const ntm = await fetchText('/nong-thon-moi/');
  const commune = /href="(\/nong-thon-moi\/xa\/[^"]+)"/.exec(ntm)?.[1];
  check(commune, 'no commune link on /nong-thon-moi/');
  const visits = await fetchText('/nong-thon-moi/doan-cong-tac/');
  const visit = /href="(\/nong-thon-moi\/doan-cong-tac\/\d+-[^"]+)"/.exec(visits)?.[1];
  check(visit, 'no visit link on /nong-thon-moi/doan-cong-tac/');
  const courses = await fetchText('/nong-thon-moi/tap-huan/');
  const course = /href="(\/nong-thon-moi\/tap-huan\/\d+-[^"]+)"/.exec(courses)?.[1];
  check(course, 'no course link on /nong-thon-moi/tap-huan/');
  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'category', path: category, status: 200 },
    { name: 'article', path: best, status: 200 },
    { name: '404', path: NOT_FOUND_PATH, status: 404 },
    { name: 'search', path: '/tim-kiem?q=n%C3%B4ng+th%C3%B4n+m%E1%BB%9Bi', status: 200 },
    { name: 'statistics', path: '/thong-ke/', status: 200 },
    { name: 'documents', path: '/van-ban/?nam=2025', status: 200 },
    { name: 'document', path: doc, status: 200 },
    { name: 'site map', path: '/so-do-trang/', status: 200 },
    { name: 'RSS channels', path: '/kenh-rss/', status: 200 },
    { name: 'about', path: '/gioi-thieu/', status: 200 },
    { name: 'about in English', path: '/en/', status: 200 },
    { name: 'NTM dashboard', path: '/nong-thon-moi/', status: 200 },
    { name: 'NTM map', path: '/nong-thon-moi/ban-do', status: 200 },
    { name: 'NTM commune', path: commune, status: 200 },
    // indicators whose target and result are words ("Không đạt"): the widest table of the criteria
    { name: 'NTM commune 2025', path: '/nong-thon-moi/xa/18685?nam=2025', status: 200 },
    { name: 'NTM comparison', path: '/nong-thon-moi/so-sanh', status: 200 },
    { name: 'NTM training courses', path: '/nong-thon-moi/tap-huan/', status: 200 },
    { name: 'NTM training course', path: course, status: 200 },
    { name: 'NTM delegation visits', path: '/nong-thon-moi/doan-cong-tac/', status: 200 },
    { name: 'NTM delegation visit', path: visit, status: 200 },
    { name: 'NTM national summary', path: '/nong-thon-moi/ca-nuoc', status: 200 },
    { name: 'NTM quarter', path: '/nong-thon-moi/?ky=2026-Q2', status: 200 },
    { name: 'tag', path: '/tu-khoa/nong-thon-moi/', status: 200 },
  ];
}

/**
 * Checks that the static files the home page refers to are served with the
 * right type: when build/static and build/san/dinh come from different
 * builds every test would fail for that one reason, so it is said once.
 */
async function checkAssets() {
  const home = await fetchText('/');
  const refs = [...home.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((m) => m[1]);
  check(refs.length > 0, 'the home page refers to no /static/ file');
  const types = { css: 'text/css', svg: 'image/svg+xml', png: 'image/png' };
  const bad = [];
  for (const ref of new Set(refs)) {
    const res = await fetch(server.base + ref, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    const want = types[ref.split('.').pop()];
    const type = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || (want && !type.startsWith(want))) bad.push(`${ref}: ${res.status} ${type}`);
  }
  check(bad.length === 0, `static files referenced by the pages are not served (is build/static from another build than build/san/dinh? run make build/san/dinh build/static/.stamp): ${bad.join(', ')}`);
}

async function htmlClasses(page) {
  return page.evaluate(() => Array.from(document.documentElement.classList));
}

async function bodyStyle(page) {
  return page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { fontSize: parseFloat(s.fontSize), color: s.color, background: s.backgroundColor };
  });
}

/** The link of the display tools whose visible text is exactly `text`
 *  (text hidden for all but screen readers does not count). */
async function displayLink(page, text) {
  const links = page.locator('.display-tools a');
  const index = await links.evaluateAll((els, want) => els.findIndex((el) => {
    const copy = el.cloneNode(true);
    for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
    return copy.textContent.replace(/\s+/g, ' ').trim() === want;
  }), text);
  check(index >= 0, `no link "${text}" in .display-tools`);
  return links.nth(index);
}

function sizeClasses(classes) {
  return classes.filter((c) => /^cs-/.test(c));
}

// --- the tests ------------------------------------------------------------

/** 1. Layout, errors, requests and images of one page at one width. */
async function testLayout(newPage, target, device, options = {}) {
  const page = await newPage(device, options.context);
  const url = server.base + target.path;
  const problems = watchPage(page, { expectedStatus: new Map(target.status !== 200 ? [[url, target.status]] : []) });
  if (options.cookie) {
    await page.context().addCookies([{ name: 'dinh_pref', value: options.cookie, url: server.base }]);
  }
  await open(page, url, target.status);
  if (options.expectClass) {
    const classes = await htmlClasses(page);
    check(classes.includes(options.expectClass), `html has classes [${classes}], expected ${options.expectClass}`);
  }
  await loadAllImages(page);
  const overflow = await horizontalOverflow(page);
  if (overflow) problems.push(`horizontal scrolling: ${overflow}`);
  problems.push(...await imageProblems(page));
  if (device === 'phone' && !options.cookie) {
    // at the default text size a table of four columns or fewer fits its region: its last column (a commune's result, say)
    // is not left beyond the edge, where nothing says it is there
    const cut = await page.evaluate(() => [...document.querySelectorAll('.table-wrap > table')]
      .filter((t) => t.rows.length && t.rows[t.rows.length - 1].cells.length <= 4)
      .filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)
      .map((t) => `${t.caption ? t.caption.textContent.trim() : t.className}: ${t.scrollWidth}px in ${t.parentElement.clientWidth}px`));
    if (cut.length) problems.push(`tables wider than their region: ${cut.join('; ')}`);
    // a chart's labels and figures stay readable: the chart scrolls in its region rather than shrinking to the screen
    const tiny = await page.evaluate(() => [...document.querySelectorAll('.chart svg text')]
      .map((t) => ({ text: t.textContent, height: t.getBoundingClientRect().height }))
      .filter((t) => t.text.trim() && t.height < 10)
      .slice(0, 3).map((t) => `"${t.text}" ${t.height.toFixed(1)}px`));
    if (tiny.length) problems.push(`chart text too small to read: ${tiny.join(', ')}`);
  }
  check(problems.length === 0, problems.join('; '));
}

/** 2. axe-core, WCAG 2.0/2.1 A and AA: no violations. */
async function testAxe(newPage, target, device, options = {}) {
  const page = await newPage(device, options.context);
  const url = server.base + target.path;
  if (options.cookie) {
    await page.context().addCookies([{ name: 'dinh_pref', value: options.cookie, url: server.base }]);
  }
  await open(page, url, target.status);
  if (options.expectClass) {
    const classes = await htmlClasses(page);
    check(classes.includes(options.expectClass),
      `with dinh_pref=${options.cookie} html has classes [${classes}], expected ${options.expectClass}`);
  }
  await loadAllImages(page);
  const violations = await runAxe(page);
  check(violations.length === 0, `${violations.length} axe violation(s) on ${target.path}: ${formatViolations(violations)}`);
}

/** 3. Text size and contrast, with JavaScript switched off in the browser. */
async function testDisplayChoices(newPage) {
  const page = await newPage('phone', { javaScriptEnabled: false });
  const problems = watchPage(page);
  await open(page, server.base + '/');
  let classes = await htmlClasses(page);
  check(sizeClasses(classes).length === 0 && !classes.includes('hc'), `fresh visitor has html classes [${classes}]`);
  const before = await bodyStyle(page);

  // A+ : larger text, back on the same page.
  await clickAndLoad(page, await displayLink(page, 'A+'));
  check(new URL(page.url()).pathname === '/', `after A+ the browser is at ${page.url()}, expected /`);
  classes = await htmlClasses(page);
  check(classes.includes('cs-l'), `after A+ html has classes [${classes}], expected cs-l`);
  const larger = await bodyStyle(page);
  check(larger.fontSize > before.fontSize, `body font-size ${larger.fontSize}px after A+, was ${before.fontSize}px`);

  // Another page keeps the choice.
  const article = page.locator('main a[href^="/tin-tuc/"]:visible').filter({ hasNotText: /^\s*$/ }).first();
  const href = await article.getAttribute('href');
  check(href && ARTICLE_RE.test(href), `first visible link in main is ${href}, not an article`);
  await clickAndLoad(page, article);
  check(new URL(page.url()).pathname === href, `clicking the article link led to ${page.url()}`);
  classes = await htmlClasses(page);
  check(classes.includes('cs-l'), `on the article html has classes [${classes}], expected cs-l to persist`);
  check((await bodyStyle(page)).fontSize === larger.fontSize, 'body font-size changed on the article page');

  // High contrast on top of the larger text.
  await clickAndLoad(page, await displayLink(page, 'Tương phản cao'));
  check(new URL(page.url()).pathname === href, `after "Tương phản cao" the browser is at ${page.url()}, expected ${href}`);
  classes = await htmlClasses(page);
  check(classes.includes('cs-l') && classes.includes('hc'), `after "Tương phản cao" html has classes [${classes}], expected cs-l and hc`);
  const contrast = await bodyStyle(page);
  check(contrast.background === 'rgb(255, 255, 255)', `high contrast body background is ${contrast.background}, expected white`);
  check(contrast.color === 'rgb(0, 0, 0)', `high contrast body text is ${contrast.color}, expected black`);
  await displayLink(page, 'Tương phản thường'); // the way back to normal contrast

  // A : normal size again, contrast kept.
  await clickAndLoad(page, await displayLink(page, 'A'));
  check(new URL(page.url()).pathname === href, `after "A" the browser is at ${page.url()}, expected ${href}`);
  classes = await htmlClasses(page);
  check(sizeClasses(classes).length === 0, `after "A" html has size classes [${sizeClasses(classes)}], expected none`);
  check(classes.includes('hc'), `after "A" html has classes [${classes}], expected hc to be kept`);
  const normal = await bodyStyle(page);
  check(normal.fontSize === before.fontSize, `body font-size ${normal.fontSize}px after "A", expected ${before.fontSize}px`);
  check(problems.length === 0, problems.join('; '));
}

function categoryLinks(page) {
  return page.locator('nav#menu a[href^="/tin-tuc/"]');
}

async function visibility(locator) {
  const n = await locator.count();
  const out = [];
  for (let i = 0; i < n; i++) out.push(await locator.nth(i).isVisible());
  return out;
}

/** 4a. The phone menu opens with "Chuyên mục" (CSS :target) and closes again. */
async function testPhoneMenu(newPage) {
  const page = await newPage('phone', { javaScriptEnabled: false });
  const problems = watchPage(page);
  await open(page, server.base + '/');
  const links = categoryLinks(page);
  let shown = await visibility(links);
  check(shown.length > 0, 'no category links in nav#menu');
  check(shown.every((v) => !v), `${shown.filter((v) => v).length} of ${shown.length} category links are visible before the menu is opened`);
  const opener = page.locator('a.menu-link', { hasText: 'Chuyên mục' });
  check(await opener.isVisible(), '"Chuyên mục" link is not visible on the phone');
  await opener.click();
  await page.waitForURL(/#menu$/, { timeout: STEP_TIMEOUT });
  shown = await visibility(links);
  check(shown.every((v) => v), `${shown.filter((v) => !v).length} of ${shown.length} category links still hidden after "Chuyên mục" was clicked`);
  const closer = page.locator('nav#menu .menu-close a');
  check(await closer.isVisible(), 'no visible link to close the opened menu');
  await closer.click();
  await page.waitForURL((u) => u.hash === '' || u.hash === '#', { timeout: STEP_TIMEOUT });
  shown = await visibility(links);
  check(shown.every((v) => !v), 'category links still visible after "Đóng danh mục" was clicked');
  check(problems.length === 0, problems.join('; '));
}

/** 4b. On the desktop the menu is open without clicking. */
async function testDesktopMenu(newPage) {
  const page = await newPage('desktop');
  await open(page, server.base + '/');
  const shown = await visibility(categoryLinks(page));
  check(shown.length > 0, 'no category links in nav#menu');
  check(shown.every((v) => v), `${shown.filter((v) => !v).length} of ${shown.length} category links are hidden at 1280 px`);
  check(!(await page.locator('a.menu-link').isVisible()), '"Chuyên mục" link is shown at 1280 px, where the menu is always open');
}

/** 4b'. The dashboard's table "Số xã đạt từng tiêu chí" at 1280 px: its notes ("52 xã theo kết quả ghi nhận
 *  trực tiếp") read as a line or two in a column at least 12rem wide, not a tall stack of single words, the table
 *  fits its region, and the chart beside it keeps labels that can be read. */
async function testDashboardCriteriaNotes(newPage) {
  const page = await newPage('desktop');
  await open(page, server.base + '/nong-thon-moi/');
  const m = await page.evaluate(() => {
    const caption = [...document.querySelectorAll('caption')].find((c) => c.textContent.trim() === 'Số xã đạt từng tiêu chí');
    if (!caption) return null;
    const table = caption.closest('table');
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const notes = [...table.querySelectorAll('tbody tr')].map((tr) => {
      const td = tr.cells[tr.cells.length - 1];
      const line = parseFloat(getComputedStyle(td).lineHeight) || 1.5 * parseFloat(getComputedStyle(td).fontSize);
      return { text: td.textContent.trim(), width: td.getBoundingClientRect().width, rowLines: tr.getBoundingClientRect().height / line };
    }).filter((n) => n.text);
    const labels = [...table.closest('section').querySelectorAll('.chart svg text.label')]
      .map((t) => t.getBoundingClientRect().height);
    return { rem, notes, labels, scroll: table.scrollWidth, room: table.parentElement.clientWidth };
  });
  check(m, 'no table "Số xã đạt từng tiêu chí" on /nong-thon-moi/');
  check(m.notes.length > 0, 'the demo shows no note in the table "Số xã đạt từng tiêu chí"');
  const narrow = m.notes.filter((n) => n.width < 12 * m.rem - 1);
  check(narrow.length === 0, `notes narrower than 12rem: ${narrow.slice(0, 2).map((n) => `"${n.text}" ${Math.round(n.width)}px`).join(', ')}`);
  const tall = m.notes.filter((n) => n.rowLines > 3.2);
  check(tall.length === 0, `rows taller than three lines: ${tall.slice(0, 2).map((n) => `"${n.text}" ${n.rowLines.toFixed(1)} lines`).join(', ')}`);
  check(m.scroll <= m.room + 1, `the table is ${m.scroll}px wide in ${m.room}px: it scrolls at 1280 px`);
  check(m.labels.length && m.labels.every((h) => h >= 10), `the chart's labels are ${Math.min(...m.labels).toFixed(1)}px high`);
}

/** 4c. The first Tab focuses a visible skip link that leads to #noi-dung. */
async function testSkipLink(newPage, device) {
  const page = await newPage(device);
  await open(page, server.base + '/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return {
      tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'),
      box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      width: window.innerWidth, height: window.innerHeight,
      visible: s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0,
    };
  });
  check(focused.tag === 'A' && focused.text === SKIP_TEXT,
    `first Tab focused <${focused.tag.toLowerCase()}> "${focused.text.slice(0, 60)}", expected the link "${SKIP_TEXT}"`);
  check(focused.href === '#noi-dung', `skip link points to ${focused.href}`);
  const b = focused.box;
  check(focused.visible && b.right - b.left >= 1 && b.bottom - b.top >= 1 &&
    b.left >= 0 && b.top >= 0 && b.right <= focused.width && b.bottom <= focused.height,
  `focused skip link is not inside the viewport: ${JSON.stringify(b)} (viewport ${focused.width}x${focused.height})`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/#noi-dung$/, { timeout: STEP_TIMEOUT });
  const active = await page.evaluate(() => document.activeElement?.id ?? '');
  check(active === 'noi-dung', `after activating the skip link focus is on "${active}", expected #noi-dung`);
}

/** 5. Print media: no sidebar, no menu, the article title stays. */
async function testPrint(newPage, article) {
  const page = await newPage('desktop');
  await open(page, server.base + article.path);
  const sidebar = page.locator('aside.sidebar');
  const nav = page.locator('nav#menu');
  const title = page.locator('article h1');
  check(await title.count() === 1, `article page has ${await title.count()} article h1 elements`);
  check(await sidebar.isVisible() && await nav.isVisible(), 'sidebar or menu not visible on screen (so the print check would prove nothing)');
  await page.emulateMedia({ media: 'print' });
  check(!(await sidebar.isVisible()), 'aside.sidebar is visible in print');
  check(!(await nav.isVisible()), 'nav#menu is visible in print');
  check(await title.isVisible(), 'the article title is not visible in print');
}

/** 5b. The print view of an article (/in/<id>.html) is a page of its own. */
async function testPrintView(newPage, article) {
  const id = ARTICLE_RE.exec(article.path)[1];
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await open(page, server.base + article.path);
  const printLink = page.locator('.article-tools a', { hasText: 'In bài viết' });
  check(await printLink.getAttribute('href') === `/in/${id}.html`, `"In bài viết" links to ${await printLink.getAttribute('href')}`);
  // the article's own requests (the rating script's count, the icon) end before the page is left:
  // leaving while they are in flight aborts them, which is not a fault of either page
  await page.waitForLoadState('networkidle', { timeout: STEP_TIMEOUT });
  await open(page, `${server.base}/in/${id}.html`);
  await page.emulateMedia({ media: 'print' });
  await loadAllImages(page);
  check(await page.locator('article h1').isVisible(), 'the article title is not visible in the print view');
  check(await page.locator('aside, nav').count() === 0, 'the print view has a sidebar or a menu');
  problems.push(...await imageProblems(page));
  check(problems.length === 0, problems.join('; '));
}

/** 5c. The rating script on a cached article page: after a vote and a
 * reload the reader sees their own stars and the sentence the page
 * /danh-gia/ID shows, and "Lượt xem" as counted now, not as cached. */
async function testRatingRemembered(newPage, article) {
  const id = ARTICLE_RE.exec(article.path)[1];
  const reader = { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36' };
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const looked = page.waitForResponse((res) => res.url().includes(`/api/danh-gia/${id}`), { timeout: 10_000 });
  await open(page, server.base + article.path);
  await looked;
  const mine = page.locator('#danh-gia-cua-ban');
  check(!(await mine.isVisible()), 'a reader who never voted is told of a vote');
  const given = (await page.context().cookies()).map((c) => c.name);
  check(!given.includes('dinh_doc'), `reading the page gave a reader who has not voted a cookie: ${given}`);
  await page.locator('label[for="sao-4"]').click();
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.locator('#danh-gia-ket-qua', { hasText: 'Cảm ơn bạn đã đánh giá 4 sao.' }).waitFor();
  // readers (Chromium headless counts as a crawler) open the page meanwhile:
  // the cached page keeps its count, the script shows the new one
  for (let i = 0; i < 3; i++) {
    const res = await fetch(server.base + article.path, { headers: reader, signal: AbortSignal.timeout(10_000) });
    check(res.status === 200, `a reader's view answered ${res.status}`);
  }
  const cached = /<span id="luot-xem">([\d.]+)<\/span>/.exec(await fetchText(article.path))?.[1];
  check(cached, 'the article page shows no "Lượt xem"');
  await page.reload();
  const sentence = 'Bạn đã đánh giá bài viết này 4 sao. Gửi đánh giá mới sẽ thay cho đánh giá cũ.';
  await mine.waitFor({ state: 'visible' });
  check((await mine.textContent()) === sentence, `after a reload the page says "${await mine.textContent()}"`);
  check(await page.locator('#sao-4').isChecked(), 'after a reload the reader\'s 4 stars are not checked');
  const api = await (await fetch(`${server.base}/api/danh-gia/${id}`, { signal: AbortSignal.timeout(10_000) })).json();
  const shown = await page.locator('#luot-xem').textContent();
  check(shown === String(api.luot_xem).replace(/\B(?=(\d{3})+(?!\d))/g, '.') && shown !== cached,
    `"Lượt xem" shows ${shown}; the cached page ${cached}, the server counts ${api.luot_xem}`);
  await open(page, `${server.base}/danh-gia/${id}`);
  check((await page.locator('main').textContent()).includes(sentence), 'the page without script words the vote otherwise');
  check(problems.length === 0, problems.join('; '));
}

/** 6. Screenshots for the README, written only when the page is sound. */
async function testScreenshot(newPage, device, viewport, file) {
  const page = await newPage(device, { viewport, deviceScaleFactor: 1 });
  const problems = watchPage(page);
  await open(page, server.base + '/');
  await loadAllImages(page);
  const overflow = await horizontalOverflow(page);
  if (overflow) problems.push(`horizontal scrolling: ${overflow}`);
  problems.push(...await imageProblems(page));
  check(problems.length === 0, problems.join('; '));
  await page.evaluate(() => document.fonts.ready.then(() => window.scrollTo(0, 0)));
  const png = await page.screenshot({ fullPage: false, animations: 'disabled', caret: 'hide', timeout: STEP_TIMEOUT });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const out = path.join(SCREENSHOTS, file);
  fs.writeFileSync(`${out}.tmp`, png);
  fs.renameSync(`${out}.tmp`, out);
}

// --- what a citizen reading on a phone found ----------------------------------

/** A page at a given screen width: the phone (touch, 2x pixels) below 700 px,
 *  else the desktop. */
async function pageAt(newPage, width, options = {}) {
  const device = width < 700 ? 'phone' : 'desktop';
  return newPage(device, { viewport: { width, height: width < 700 ? 800 : 900 }, ...options });
}

/** Every chart (figure.chart) as the reader sees it: where its drawing is,
 *  each word's size on screen (its font size in the chart's units times
 *  the drawing's scale) and box, each bar's box. */
async function chartsSeen(page) {
  return page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((fig) => {
    const svg = fig.querySelector('svg');
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const rect = (r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    const scroller = fig.querySelector('.chart-scroll');
    const hint = fig.querySelector('.chart-hint');
    return {
      name: svg.querySelector('title')?.textContent.split(';')[0] ?? '?',
      wide: fig.classList.contains('chart-wide'),
      box: rect(box),
      scroller: scroller ? rect(scroller.getBoundingClientRect()) : null,
      hint: hint ? hint.getBoundingClientRect().height > 0 && hint.textContent.trim() : '',
      texts: [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).map((t) => ({
        text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale, ...rect(t.getBoundingClientRect()),
      })),
      bars: [...svg.querySelectorAll('rect')].map((r) => rect(r.getBoundingClientRect())).filter((r) => r.right > r.left),
    };
  }));
}

/** The charts of `path` fit the screen at `width`: every bar and word is
 *  inside the screen and the drawing, words at least `minPx` high on
 *  screen and clear of each other; a chart too wide to fit (.chart-wide)
 *  opens at its end and says that it scrolls. */
async function testChartsFit(newPage, path, width, minPx) {
  const page = await pageAt(newPage, width);
  const problems = watchPage(page);
  await open(page, server.base + path);
  const screen = await page.evaluate(() => document.documentElement.clientWidth);
  const charts = await chartsSeen(page);
  check(charts.length > 0, `no chart on ${path}`);
  const out = [];
  const inside = (r, b, slack = 0.5) => r.left >= b.left - slack && r.right <= b.right + slack;
  for (const c of charts) {
    const frame = c.wide ? c.scroller : { left: 0, right: screen };
    if (c.wide) {
      // opened at its end: the drawing's right edge is the region's right edge
      if (Math.abs(c.box.right - c.scroller.right) > 1) out.push(`${c.name}: scrolls, but does not open at its end`);
      if (!c.hint) out.push(`${c.name}: scrolls, without a visible hint`);
    } else if (!inside(c.box, frame)) {
      out.push(`${c.name}: drawn from ${Math.round(c.box.left)} to ${Math.round(c.box.right)}px on a ${screen}px screen`);
    }
    const small = c.texts.filter((t) => t.px < minPx);
    if (small.length) out.push(`${c.name}: words drawn at ${small.slice(0, 3).map((t) => `"${t.text}" ${t.px.toFixed(1)}px`).join(', ')}`);
    const cut = c.texts.filter((t) => !inside(t, c.box) || !inside(t, frame));
    if (cut.length) out.push(`${c.name}: words cut off or out of sight: ${cut.slice(0, 3).map((t) => `"${t.text}" at ${Math.round(t.left)}-${Math.round(t.right)}px`).join(', ')}`);
    const hidden = c.bars.filter((b) => !inside(b, c.box) || !inside(b, frame));
    if (hidden.length) out.push(`${c.name}: ${hidden.length} of ${c.bars.length} bars out of sight`);
    const clash = [];
    for (let i = 0; i < c.texts.length; i++) {
      for (let j = i + 1; j < c.texts.length; j++) {
        const a = c.texts[i], b = c.texts[j];
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5) {
          clash.push(`"${a.text}"/"${b.text}"`);
        }
      }
    }
    if (clash.length) out.push(`${c.name}: words drawn over each other: ${clash.slice(0, 3).join(', ')}`);
  }
  const overflow = await horizontalOverflow(page);
  if (overflow) out.push(`horizontal scrolling: ${overflow}`);
  check(out.length === 0 && problems.length === 0, [...out, ...problems].join('; '));
}

/** The rating's choices: each circle on the line of its own words, right
 *  before them, at the widths where "4 sao" used to break apart; a tap on
 *  the words "4 sao" gives 4 stars. */
async function testRatingChoices(newPage, article, width) {
  const page = await pageAt(newPage, width);
  const problems = watchPage(page);
  await open(page, server.base + article.path);
  const seen = await page.evaluate(() => [...document.querySelectorAll('#danh-gia input[type="radio"]')].map((input) => {
    const label = input.labels[0];
    const words = [...label.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(input);
    const lines = [...range.getClientRects()].filter((r) => r.width > 1);
    const box = input.getBoundingClientRect();
    return {
      value: input.value, label: label.textContent.trim(), words: words.length,
      input: { top: box.top, bottom: box.bottom, right: box.right },
      lines: lines.map((r) => ({ left: r.left, top: r.top, bottom: r.bottom })),
    };
  }));
  check(seen.length === 5, `${seen.length} rating choices`);
  const bad = [];
  for (const c of seen) {
    const line = c.lines[0];
    if (c.lines.length !== 1) { bad.push(`"${c.label}" drawn on ${c.lines.length} lines`); continue; }
    const middle = (c.input.top + c.input.bottom) / 2;
    if (middle < line.top || middle > line.bottom || line.left < c.input.right - 0.5 || line.left - c.input.right > 16) {
      bad.push(`the circle of "${c.label}" (${Math.round(c.input.right)}px, ${Math.round(middle)}px) is not just before its words (${Math.round(line.left)}px, ${Math.round(line.top)}-${Math.round(line.bottom)}px)`);
    }
  }
  check(bad.length === 0, bad.join('; '));
  await page.getByText('4 sao', { exact: true }).click();
  check(await page.locator('#sao-4').isChecked(), 'a tap on "4 sao" did not choose 4 stars');
  check(problems.length === 0, problems.join('; '));
}

/** The article's small targets: each share and tool link and each tag is
 *  24 by 24 px at least, none on another, and a tag's whole chip is its
 *  link. */
async function testArticleTargets(newPage, article) {
  const page = await pageAt(newPage, 390);
  await open(page, server.base + article.path);
  const seen = await page.evaluate(() => {
    const targets = [...document.querySelectorAll('.article-tools a, .tags a')].map((a) => {
      const r = a.getBoundingClientRect();
      return { text: a.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
    // a point just inside the left edge of each chip: does it hit the link?
    const chips = [...document.querySelectorAll('.tags li')].map((li) => {
      li.scrollIntoView({ block: 'center' }); // elementFromPoint sees the screen only
      const r = li.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + 3, (r.top + r.bottom) / 2);
      return { text: li.textContent.trim(), link: !!hit?.closest('a') };
    });
    return { targets, chips };
  });
  check(seen.targets.length >= 5 && seen.chips.length > 0, `${seen.targets.length} targets, ${seen.chips.length} tags`);
  // the phone's only way to the menu is a thumb's target (it was 99x23 px)
  const menu = await page.locator('.menu-link').boundingBox();
  check(menu && menu.height >= 44 && menu.width >= 44, `the menu button is ${menu && menu.width}x${menu && menu.height}px`);
  const bad = [];
  for (const t of seen.targets) {
    const w = t.right - t.left, h = t.bottom - t.top;
    if (w < 24 || h < 24) bad.push(`"${t.text}" is ${w.toFixed(0)}x${h.toFixed(0)}px`);
  }
  for (let i = 0; i < seen.targets.length; i++) {
    for (let j = i + 1; j < seen.targets.length; j++) {
      const a = seen.targets[i], b = seen.targets[j];
      if (Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top)) {
        bad.push(`"${a.text}" and "${b.text}" overlap`);
      }
    }
  }
  for (const c of seen.chips) if (!c.link) bad.push(`the edge of the chip "${c.text}" is not its link`);
  check(bad.length === 0, bad.join('; '));
}

/** WCAG relative luminance and contrast of two CSS rgb() colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The keyboard focus ring: on a link of the dark header and on a link of
 *  the white page, some ring the reader sees around the element (the
 *  outline, or a box-shadow reaching beyond it) has 3:1 against what is
 *  behind it. */
async function testFocusRing(newPage, width, cookie) {
  const page = await pageAt(newPage, width);
  if (cookie) await page.context().addCookies([{ name: 'dinh_pref', value: cookie, url: server.base }]);
  await open(page, server.base + '/');
  const rings = [];
  for (let i = 0; i < 60 && rings.length < 2; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.matches(':focus-visible') || el.tagName !== 'A') return null;
      const where = el.closest('.site-header') ? 'header' : el.closest('main') ? 'page' : null;
      if (!where) return null;
      let back = 'rgb(255, 255, 255)';
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (!/rgba\(.*, 0\)$|transparent/.test(c)) { back = c; break; }
      }
      const s = getComputedStyle(el);
      const width = parseFloat(s.outlineWidth), offset = parseFloat(s.outlineOffset);
      const colours = s.outlineStyle !== 'none' && width >= 2 ? [s.outlineColor] : [];
      // box-shadows "rgb(…) 0px 0px 0px 7px": one that reaches beyond the outline shows
      for (const m of s.boxShadow.matchAll(/(rgba?\([^)]*\))\s+0px\s+0px\s+0px\s+([\d.]+)px/g)) {
        if (parseFloat(m[2]) >= offset + width + 2) colours.push(m[1]);
      }
      return { where, text: el.textContent.trim().slice(0, 30), back, colours };
    });
    if (ring && !rings.some((r) => r.where === ring.where)) rings.push(ring);
  }
  check(rings.length === 2, `Tab reached focused links in ${rings.map((r) => r.where).join(', ') || 'no place'}, not in the header and the page`);
  const bad = rings.filter((r) => !r.colours.some((c) => contrast(c, r.back) >= 3))
    .map((r) => `the ring of "${r.text}" (${r.where}): ${r.colours.join(', ') || 'none'} on ${r.back}, best ${Math.max(0, ...r.colours.map((c) => contrast(c, r.back))).toFixed(2)}:1`);
  check(bad.length === 0, bad.join('; '));
}

/** A document's title in the register's list looks like the link it is. */
async function testDocumentTitlesLookLikeLinks(newPage) {
  const page = await pageAt(newPage, 390);
  await open(page, server.base + '/van-ban/');
  const seen = await page.evaluate(() => {
    const probe = document.createElement('a');
    probe.href = '/';
    document.querySelector('main').append(probe);
    const link = getComputedStyle(probe).color;
    probe.remove();
    return [...document.querySelectorAll('.doc-list h2 a')].slice(0, 3).map((a) => {
      const s = getComputedStyle(a);
      return { text: a.textContent.trim(), color: s.color, underline: s.textDecorationLine.includes('underline'), link };
    });
  });
  check(seen.length > 0, 'no document titles on /van-ban/');
  const bad = seen.filter((t) => t.color !== t.link || !t.underline);
  check(bad.length === 0, bad.map((t) => `"${t.text}" is ${t.color}${t.underline ? '' : ', not underlined'} (links are ${t.link})`).join('; '));
}

/** The print view has a working "In bài viết" button and a way back to the
 *  article, neither on paper, and the article's address as a link; without
 *  script the button does not show. */
async function testPrintViewControls(newPage, article) {
  const id = ARTICLE_RE.exec(article.path)[1];
  const page = await pageAt(newPage, 390);
  const problems = watchPage(page);
  await open(page, `${server.base}/in/${id}.html`);
  const button = page.getByRole('button', { name: 'In bài viết' });
  const back = page.getByRole('link', { name: /Trở lại bài viết/ });
  await button.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check(await back.getAttribute('href') === article.path, `"Trở lại bài viết" links to ${await back.getAttribute('href')}`);
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await button.click();
  check(await page.evaluate(() => window.printed) === 1, '"In bài viết" did not open the print dialog');
  const address = page.locator('.print-address a');
  const href = await address.getAttribute('href');
  check(href && href.endsWith(article.path) && (await address.textContent()).trim() === href,
    `the address at the bottom is not a link to the article: ${href}`);
  await page.emulateMedia({ media: 'print' });
  check(!(await button.isVisible()) && !(await back.isVisible()), 'the print view\'s controls show on paper');
  check(await address.isVisible(), 'the article\'s address is not on paper');
  await page.emulateMedia({ media: 'screen' });
  await clickAndLoad(page, back);
  check(new URL(page.url()).pathname === article.path, `"Trở lại bài viết" led to ${page.url()}`);
  check(problems.length === 0, problems.join('; '));
  const plain = await pageAt(newPage, 390, { javaScriptEnabled: false });
  await open(plain, `${server.base}/in/${id}.html`);
  check(!(await plain.getByRole('button', { name: 'In bài viết' }).isVisible()), 'without script a print button that cannot work shows');
  check(await plain.getByRole('link', { name: /Trở lại bài viết/ }).isVisible(), 'without script there is no way back');
}

/** Tab titles say each thing once: no part of "A - B - C" repeats the
 *  start of the next. */
async function testTitlesSayItOnce(newPage) {
  const page = await pageAt(newPage, 390);
  const bad = [];
  for (const path of ['/nong-thon-moi/tap-huan/', '/nong-thon-moi/doan-cong-tac/', '/nong-thon-moi/']) {
    await open(page, server.base + path);
    const title = await page.title();
    const parts = title.split(' - ');
    for (let i = 0; i + 1 < parts.length; i++) {
      if (parts[i + 1].toLowerCase().startsWith(parts[i].toLowerCase())) bad.push(`${path}: "${title}"`);
    }
  }
  check(bad.length === 0, bad.join('; '));
}

/** A- at the smallest text and A+ at the largest are no links: marked as at
 *  their limit; the other sizes' A- and A+ are links. */
async function testTextSizeLimits(newPage) {
  const bad = [];
  for (const [cookie, limit, other] of [['-1', 'A-', 'A+'], ['2', 'A+', 'A-'], ['0', null, 'A+']]) {
    const page = await pageAt(newPage, 390);
    await page.context().addCookies([{ name: 'dinh_pref', value: cookie, url: server.base }]);
    await open(page, server.base + '/');
    const tools = await page.evaluate(() => [...document.querySelectorAll('.display-tools a')].map((a) => ({
      text: a.textContent.trim(), href: a.getAttribute('href'), disabled: a.getAttribute('aria-disabled'),
    })));
    for (const t of tools.filter((x) => x.text === 'A-' || x.text === 'A+')) {
      if (t.text === limit && (t.href !== null || t.disabled !== 'true')) bad.push(`size ${cookie}: ${t.text} is a link (${t.href}) or not marked`);
      if (t.text !== limit && (!t.href || t.disabled)) bad.push(`size ${cookie}: ${t.text} is no link`);
    }
    if (!tools.some((t) => t.text === other)) bad.push(`size ${cookie}: no ${other}`);
  }
  check(bad.length === 0, bad.join('; '));
}

// --- the newsroom -------------------------------------------------------------

/** Signs in through the login form as a person would. */
async function signIn(page, login) {
  await open(page, server.base + '/quan-tri/');
  check(new URL(page.url()).pathname === '/quan-tri/dang-nhap', `/quan-tri/ did not ask for a login: ${page.url()}`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(logins[login] ?? '');
  await clickAndLoad(page, page.getByRole('button', { name: 'Đăng nhập' }));
  check(new URL(page.url()).pathname === '/quan-tri/', `the login ended at ${page.url()}`);
}

/** The seed's idle warning: 60 seconds before the session ends the bar
 *  shows a live countdown, and its button renews the session on the
 *  server. The page's clock is moved on; the server's is not. */
async function testIdleWarning(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install();
  await signIn(page, 'bientap');
  const bar = page.locator('#idle-warning');
  check(!(await bar.isVisible()), 'the idle warning shows right after the login');
  await page.clock.runFor(65_000); // 120 s idle time: 55 s left
  await bar.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const text = (await bar.innerText()).replace(/\s+/g, ' ');
  check(/Bạn đã không sử dụng trang một lúc. Bấm vào đây để duy trì trạng thái đăng nhập\. Thời gian chờ: \d+ giây/.test(text),
    `the warning reads: ${text}`);
  const first = Number(await page.locator('#idle-countdown').innerText());
  await page.clock.runFor(3_000);
  const later = Number(await page.locator('#idle-countdown').innerText());
  check(first <= 60 && later < first, `the countdown does not count down: ${first} then ${later}`);
  const renewed = page.waitForResponse((r) => r.url().endsWith('/quan-tri/gia-han'), { timeout: STEP_TIMEOUT });
  await page.getByRole('button', { name: 'Bấm vào đây để duy trì trạng thái đăng nhập' }).click();
  const res = await renewed;
  check(res.status() === 200, `renewing answered ${res.status()}`);
  check((await res.json()).con_lai === 120, 'the server did not renew the session');
  await bar.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  const left = await page.evaluate(async () => (await (await fetch('/quan-tri/phien')).json()).con_lai);
  check(left > 100, `the server gives the session ${left} s after the renewal`);
  check(problems.length === 0, problems.join('; '));
}

/** The problems watchPage() saw, but a favicon request cut short by the
 *  next navigation (the form's save follows quickly in these tests), and
 *  a library thumbnail whose loading a closing dialog cut short (on a
 *  loaded machine the dialog closes before its grid has loaded). */
function serious(problems) {
  return problems.filter((p) => !/(favicon[^ ]*|\/media\/[^ ]*\.(png|jpe?g|webp)): net::ERR_ABORTED/.test(p));
}

/** Writing an article: the draft saves itself, and text that never
 *  reached the server is offered back when the page is opened again
 *  (into the rich editor, which writes the form's field). */
async function testAutosave(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install();
  await signIn(page, 'bientap');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.locator('#bv-tieu-de').fill('Bài viết thử tự lưu');
  const editor = page.locator('#bt-noi-dung');
  await editor.click();
  await page.keyboard.insertText('Đoạn đầu tiên của bài.');
  const saved = page.waitForResponse((r) => r.request().method() === 'POST', { timeout: STEP_TIMEOUT });
  const asked = page.waitForResponse((r) => r.url().endsWith('/quan-tri/phien'), { timeout: STEP_TIMEOUT });
  await page.clock.runFor(16_000);
  const res = await saved;
  const answer = await res.json();
  check(answer.da_luu === true, `the autosave answered ${JSON.stringify(answer)}`);
  await page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/, { timeout: STEP_TIMEOUT });
  check(/Đã tự lưu bản nháp lúc/.test(await page.locator('.autosave-status').innerText()), 'no autosave line');
  // The autosave renewed the session on the server: the page's countdown
  // starts again from it, so 50 s later (54 s before the deadline the page
  // had at first) no warning shows.
  await asked;
  await page.clock.runFor(50_000);
  check(!(await page.locator('#idle-warning').isVisible()), 'the idle warning ignores the autosave that renewed the session');
  // More text, then the tab is reloaded before the next autosave.
  await editor.press('End');
  await editor.press('Enter');
  await page.keyboard.insertText('Đoạn thứ hai chưa kịp lưu.');
  await page.reload({ waitUntil: 'load' });
  const restore = page.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
  await restore.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check(!(await editor.innerText()).includes('Đoạn thứ hai'), 'the editor shows the unsaved text before it is restored');
  await restore.click();
  const body = await page.locator('#bv-noi-dung').inputValue();
  check(body.includes('<p>Đoạn thứ hai chưa kịp lưu.</p>'), `the restored body is ${body}`);
  const shown = await editor.innerText();
  check(shown.includes('Đoạn thứ hai chưa kịp lưu.'), `the editor shows after restoring: ${shown}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** Two tabs writing new articles (the same address) each keep their own
 *  unsaved text: reopening one offers back its text, not the other's. */
async function testTwoNewArticleTabs(newPage) {
  const first = await newPage('desktop');
  const problems = watchPage(first);
  await first.clock.install(); // no autosave: the text stays in the browser alone
  await signIn(first, 'bientap');
  const second = await first.context().newPage();
  await second.clock.install();
  for (const [page, text] of [[first, 'Văn bản của thẻ thứ nhất.'], [second, 'Văn bản của thẻ thứ hai.']]) {
    await open(page, server.base + '/quan-tri/bai-viet/moi');
    await page.locator('#bt-noi-dung').click();
    await page.keyboard.insertText(text);
    await page.locator('#bv-tieu-de').fill(text.replace('Văn bản', 'Tiêu đề'));
  }
  for (const [page, mine, other] of [[first, 'thứ nhất', 'thứ hai'], [second, 'thứ hai', 'thứ nhất']]) {
    await page.reload({ waitUntil: 'load' });
    const restore = page.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
    await restore.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await restore.click();
    const body = await page.locator('#bv-noi-dung').inputValue();
    check(body.includes(`Văn bản của thẻ ${mine}.`) && !body.includes(`thẻ ${other}`),
      `the tab of the ${mine} article got back ${body}`);
  }
  await second.close();
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** On a computer an office shares, text one account typed and never
 *  saved is not offered to the next account signed in on that browser. */
async function testUnsavedTextStaysWithItsAccount(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install(); // no autosave: the text stays in the browser alone
  await signIn(page, 'bientap');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.locator('#bv-tieu-de').fill('Tiêu đề riêng của biên tập viên');
  await page.locator('#bt-noi-dung').click();
  await page.keyboard.insertText('Nội dung chưa lưu của biên tập viên.');
  await page.reload({ waitUntil: 'load' });
  const restore = page.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
  await restore.waitFor({ state: 'visible', timeout: STEP_TIMEOUT }); // kept for its own account
  await clickAndLoad(page, page.getByRole('button', { name: 'Đăng xuất' }));
  await page.clock.runFor(120_000); // older than a minute: no tab of its own still writing it
  await signIn(page, 'congtacvien');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.waitForTimeout(300);
  check(!(await restore.isVisible()), 'the next account is offered the text another typed');
  const shown = await page.locator('main').innerText();
  check(!shown.includes('biên tập viên'), 'the page shows the other account\'s unsaved text');
  // a copy kept under the per-browser key of before belongs to no account
  // anyone can tell: it is removed when the form opens, not left behind
  const oldKey = 'dinh-ban-nhap:/quan-tri/bai-viet/moi#cu';
  await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ luc: 1, truong: { 'tieu-de': 'Bản cũ' } })),
    oldKey);
  await page.reload({ waitUntil: 'load' });
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dinh-ban-nhap:/')));
  check(left.length === 0, `copies under the old per-browser keys are left: ${left.join(', ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** A double click on "Lưu" of a new article saves one article, not two:
 *  quan-tri.js lets a form go once while its answer is on the way. */
async function testDoubleClickSave(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install(); // no autosave comes between the two clicks
  await signIn(page, 'bientap');
  const title = `Bấm Lưu hai lần ${Date.now()}`;
  await openEditor(page, title);
  await page.keyboard.insertText('Một đoạn văn.');
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && /\/quan-tri\/bai-viet\//.test(r.url())) posts.push(r.url()); });
  await Promise.all([
    page.waitForURL(/\/quan-tri\/bai-viet\/\d+\?thong-bao=luu/, { timeout: STEP_TIMEOUT }),
    page.getByRole('button', { name: 'Lưu', exact: true }).dblclick(),
  ]);
  check(posts.length === 1, `a double click sent ${posts.length} saves`);
  await open(page, `${server.base}/quan-tri/bai-viet/?q=${encodeURIComponent(title)}`);
  const found = await page.locator('table a', { hasText: title }).count();
  check(found === 1, `the list holds ${found} articles titled "${title}"`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** Back after saving a new article: the browser shows the article the
 *  form made (its address carries the form's key), offers no "unsaved"
 *  text, and a later new article offers none either; without JavaScript,
 *  Back then "Lưu" again saves into the same article. */
async function testBackAfterSavingNewArticle(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install(); // no autosave before "Lưu": the case the review found
  await signIn(page, 'bientap');
  const title = `Quay lại sau khi lưu ${Date.now()}`;
  await openEditor(page, title);
  await page.keyboard.insertText('Một dòng nội dung.');
  const body = await saveArticle(page);
  check(body.includes('Một dòng nội dung.'), `the saved body is ${body}`);
  const saved = new URL(page.url()).pathname;
  await page.goBack({ waitUntil: 'load' });
  const back = new URL(page.url());
  check(back.pathname === saved && back.searchParams.get('da-tao') === '1', `Back went to ${page.url()}, not ${saved}`);
  const offer = page.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
  check(await offer.count() === 0, 'Back after the save offers its text as unsaved');
  check(/đã được lưu thành bài viết dưới đây/.test(await page.locator('main').innerText()), 'the article does not say it is the form\'s');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.locator('#bt-noi-dung').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check(await offer.count() === 0, 'a new article in the same tab offers the saved text as unsaved');
  await open(page, `${server.base}/quan-tri/bai-viet/?q=${encodeURIComponent(title)}`);
  check(await page.locator('table a', { hasText: title }).count() === 1, 'the list does not hold the article once');

  // without JavaScript: Back fetches the form again and the browser puts the typed text back
  const plain = await newPage('desktop', { javaScriptEnabled: false });
  await signIn(plain, 'bientap');
  const plainTitle = `Không có JavaScript ${Date.now()}`;
  await open(plain, server.base + '/quan-tri/bai-viet/moi');
  await plain.locator('#bv-tieu-de').fill(plainTitle);
  await plain.locator('#bv-noi-dung').fill('<p>Dòng gõ không có JavaScript.</p>');
  await clickAndLoad(plain, plain.getByRole('button', { name: 'Lưu', exact: true }));
  const first = new URL(plain.url()).pathname;
  check(/^\/quan-tri\/bai-viet\/\d+$/.test(first), `saving ended at ${plain.url()}`);
  await plain.goBack({ waitUntil: 'load' });
  check(await plain.locator('#bv-tieu-de').inputValue() === plainTitle, 'the browser did not put the title back');
  await clickAndLoad(plain, plain.getByRole('button', { name: 'Lưu', exact: true }));
  check(new URL(plain.url()).pathname === first && /lan-nua=1/.test(plain.url()),
    `"Lưu" after Back went to ${plain.url()}, not ${first}`);
  await open(plain, `${server.base}/quan-tri/bai-viet/?q=${encodeURIComponent(plainTitle)}`);
  const n = await plain.locator('table a', { hasText: plainTitle }).count();
  check(n === 1, `Back then "Lưu" without JavaScript left ${n} articles`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** Every field of the form is kept in the browser and put back: the
 *  categories, the times, "Tin nổi bật", not only the text; the offer
 *  says when in the newsroom's form of a time. */
async function testUnsavedCopyKeepsEveryField(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install({ time: new Date('2026-12-06T17:48:50Z') }); // 07/12/2026 00:48 in Vietnam
  await signIn(page, 'truongban'); // "Tin nổi bật" is a publisher's choice
  await openEditor(page, 'Bài giữ mọi ô');
  await page.keyboard.insertText('Nội dung.');
  const options = await page.locator('#bv-chuyen-muc option').evaluateAll((os) => os.map((o) => o.value));
  check(options.length >= 3, `only ${options.length} categories to choose from`);
  await page.locator('#bv-chuyen-muc').selectOption(options[1]);
  const extra = page.locator(`input[name="chuyen-muc-khac"][value="${options[2]}"]`);
  await extra.check();
  await page.locator('#bv-dang').fill('2026-12-20T08:30');
  await page.locator('#bv-het-han').fill('2027-01-20T08:30');
  await page.locator('#bv-noi-bat').check();
  await page.reload({ waitUntil: 'load' });
  const restore = page.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
  await restore.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const offer = await page.getByRole('alert').filter({ has: restore }).innerText();
  check(/\(lúc 07\/12\/2026 00:48\)/.test(offer), `the offer reads: ${offer}`);
  await restore.click();
  const got = {
    title: await page.locator('#bv-tieu-de').inputValue(),
    category: await page.locator('#bv-chuyen-muc').inputValue(),
    extra: await extra.isChecked(),
    published: await page.locator('#bv-dang').inputValue(),
    expires: await page.locator('#bv-het-han').inputValue(),
    featured: await page.locator('#bv-noi-bat').isChecked(),
  };
  const want = { title: 'Bài giữ mọi ô', category: options[1], extra: true, published: '2026-12-20T08:30',
    expires: '2027-01-20T08:30', featured: true };
  check(JSON.stringify(got) === JSON.stringify(want), `restored ${JSON.stringify(got)}, typed ${JSON.stringify(want)}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** A new article typed without a title yet is not lost: the page says why
 *  it is not saved to the server, asks before leaving it, and a copy left
 *  by a closed tab is offered in the next new article's form. */
async function testNewArticleWithoutTitleIsNotLost(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install();
  await signIn(page, 'congtacvien');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  const editor = page.locator('#bt-noi-dung');
  await editor.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await editor.click();
  await page.keyboard.insertText('Đoạn viết trước khi có tiêu đề.');
  await page.clock.runFor(16000); // the autosave's turn
  const status = page.locator('.autosave-status');
  check(/cần có tiêu đề/.test(await status.innerText()), `the page says: ${await status.innerText()}`);
  // leaving asks first
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.type()); d.dismiss().catch(() => {}); });
  await page.getByRole('navigation').getByRole('link', { name: 'Bài viết', exact: true }).first().click();
  await page.waitForTimeout(500);
  check(asked.includes('beforeunload'), `leaving with unsaved text asked nothing (${asked.join(', ')})`);
  check(/\/quan-tri\/bai-viet\/moi/.test(page.url()), `the page was left for ${page.url()}`);
  // the tab is closed; a minute later another new article is begun
  await page.close({ runBeforeUnload: false });
  const context = page.context();
  await context.clock.runFor(61000);
  const next = await context.newPage();
  await open(next, server.base + '/quan-tri/bai-viet/moi');
  const restore = next.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
  await restore.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await restore.click();
  check(/Đoạn viết trước khi có tiêu đề\./.test(await next.locator('#bv-noi-dung').inputValue()),
    'the closed tab\'s text was not put back');
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** An editor is typing the summary of a draft when the chief publishes it:
 *  "Lưu" brings the form back locked (an editor does not edit a published
 *  article), saying why, and the text kept on this machine is offered to
 *  copy above it. */
async function testTextOfAnArticlePublishedUnderItsWriter(newPage) {
  const page = await newPage('desktop');
  const expected = new Map(); // the refused save's 409, once its address is known
  const problems = watchPage(page, { expectedStatus: expected });
  await signIn(page, 'bientap');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.locator('#bv-tieu-de').fill('Bài được đăng khi người viết đang gõ');
  await clickAndLoad(page, page.getByRole('button', { name: 'Lưu', exact: true }));
  const path = new URL(page.url()).pathname;
  check(/^\/quan-tri\/bai-viet\/\d+$/.test(path), `the draft is at ${page.url()}`);
  expected.set(server.base + path, 409);
  await page.locator('#bv-tom-tat').fill('Tóm tắt gõ trong lúc bài được đăng.');
  const chief = await newPage('desktop');
  await signIn(chief, 'truongban');
  await open(chief, server.base + path);
  await clickAndLoad(chief, chief.getByRole('button', { name: 'Đăng (hoặc hẹn giờ)' }));
  check(/thong-bao=dang/.test(chief.url()), `the chief's publish went to ${chief.url()}`);
  page.on('dialog', (d) => d.accept().catch(() => {}));
  await clickAndLoad(page, page.getByRole('button', { name: 'Lưu', exact: true }));
  const why = page.locator('main .notice-error[role="alert"]').first();
  check(/vừa được chuyển sang trạng thái/.test(await why.innerText()), `the page says: ${await why.innerText()}`);
  const kept = page.getByRole('textbox', { name: 'Nội dung chưa lưu' });
  await kept.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check((await kept.inputValue()).includes('Tóm tắt gõ trong lúc bài được đăng.'),
    `the text offered: ${await kept.inputValue()}`);
  check(await page.getByRole('button', { name: 'Chép nội dung' }).isVisible(), 'no button to copy it');
  check(serious(problems).length === 0, serious(problems).join('; '));
}

// --- the article editor (static/vendor/bien-tap.js) ----------------------------

/** Records Content-Security-Policy violations in the page (they also reach
 *  the console, which watchPage() watches). */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => page.evaluate(() => window.cspViolations);
}

/** Opens a new article in the editor, titled `title`; the editor has focus. */
async function openEditor(page, title) {
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  const editor = page.locator('#bt-noi-dung');
  await editor.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check(!(await page.locator('#bv-noi-dung').isVisible()), 'the textarea still shows beside the editor');
  await page.locator('#bv-tieu-de').fill(title);
  await editor.click();
  return editor;
}

/** Saves with the form's "Lưu" button; returns the body the server stored
 *  (the textarea of the article's page it comes back to). */
async function saveArticle(page) {
  // as a person would: the pictures on the form are on screen before the
  // save leaves the page (leaving earlier aborts their load)
  await loadAllImages(page);
  await clickAndLoad(page, page.getByRole('button', { name: 'Lưu', exact: true }));
  check(/\/quan-tri\/bai-viet\/\d+\?thong-bao=luu/.test(page.url()), `saving ended at ${page.url()}`);
  return page.locator('#bv-noi-dung').inputValue();
}

/** The text of a stored body, tags removed. */
function bodyText(html) {
  return html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').trim();
}

/** Vietnamese typed through an input method: Chromium receives the same
 *  composition events as from Telex/VNI in Unikey, EVKey or the system's
 *  own (each key press updates the composed syllable, the last one
 *  commits it), through the DevTools protocol. */
async function testEditorIme(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'bientap');
  const editor = await openEditor(page, 'Gõ tiếng Việt bằng bộ gõ');
  const cdp = await page.context().newCDPSession(page);
  const compose = async (steps) => {
    for (const text of steps) {
      await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    }
    await cdp.send('Input.insertText', { text: steps[steps.length - 1] });
  };
  const space = () => cdp.send('Input.insertText', { text: ' ' });
  // An input method that takes back a word already committed and composes
  // it again (macOS, EVKey's spelling fix): "Viet" becomes "Việt" in place.
  await cdp.send('Input.insertText', { text: 'Viet' });
  await cdp.send('Input.imeSetComposition', { text: 'Viet', selectionStart: 4, selectionEnd: 4,
    replacementStart: 0, replacementEnd: 4 });
  await compose(['Việt']);
  await space();
  // Telex: N a m; "đất" from d d a a s t; "người" from n g u o w i f,
  // where "ươ" replaces the "uo" already composed; V i e e j t -> "Việt".
  await compose(['N', 'Na', 'Nam']);
  await space();
  await compose(['d', 'đ', 'đa', 'đâ', 'đấ', 'đất']);
  await space();
  await compose(['n', 'ng', 'ngu', 'nguo', 'ngươ', 'ngươi', 'người']);
  await space();
  await compose(['V', 'Vi', 'Vie', 'Viê', 'Việ', 'Việt']);
  await space();
  // VNI: t o 6 i 5 -> "tôi" then "tối"; the composition is cancelled once
  // and typed again, as happens when the user presses Escape.
  await cdp.send('Input.imeSetComposition', { text: 'to', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
  await compose(['t', 'to', 'tô', 'tôi', 'tối']);
  await cdp.send('Input.insertText', { text: '.' });
  const expected = 'Việt Nam đất người Việt tối.';
  const shown = await editor.innerText();
  check(shown === expected, `the editor shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
  const field = await page.locator('#bv-noi-dung').inputValue();
  check(field === `<p>${expected}</p>`, `the form field holds ${JSON.stringify(field)}`);
  const body = await saveArticle(page);
  check(bodyText(body) === expected && body.normalize('NFC') === body,
    `the stored body is ${JSON.stringify(body)}, expected the text ${JSON.stringify(expected)} in NFC`);
  const again = await page.locator('#bt-noi-dung').innerText();
  check(again === expected, `the editor shows ${JSON.stringify(again)} after saving`);
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** A fragment as Word puts it on the clipboard (simplified from Word 2016). */
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=ProgId content=Word.Document><style><!-- p.MsoNormal {mso-style-parent:""; font-family:"Times New Roman"} --></style></head>
<body lang=VI style='tab-interval:36.0pt'>
<!--StartFragment-->
<h2 style='mso-margin-top-alt:auto'><span style='font-family:"Arial",sans-serif;color:#C00000'>Kết quả xây dựng nông thôn mới<o:p></o:p></span></h2>
<p class=MsoNormal style='text-align:justify'><b><span style='font-family:"Times New Roman",serif;color:red'>Năm 2025</span></b><span style='font-family:"Times New Roman",serif'>, toàn huyện đạt <i>nhiều</i> kết quả.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span style='font-family:"Times New Roman"'>Giao thông nông thôn<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span><!--[endif]--><span style='font-family:"Times New Roman"'>Thủy lợi<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt'>
<tr><td width=200 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'><p class=MsoNormal><b>Xã</b><o:p></o:p></p></td>
<td width=200 valign=top style='border:solid windowtext 1.0pt'><p class=MsoNormal><b>Tiêu chí đạt</b><o:p></o:p></p></td></tr>
<tr><td style='border:solid windowtext 1.0pt'><p class=MsoNormal><span style='color:#1F497D'>Thạch Hà</span><o:p></o:p></p></td>
<td style='border:solid windowtext 1.0pt'><p class=MsoNormal>19<o:p></o:p></p></td></tr>
</table>
<p class=MsoNormal><u>Ghi chú</u>: <a href="https://example.gov.vn/bao-cao"><span style='color:blue'>báo cáo</span></a><o:p></o:p></p>
<!--EndFragment-->
</body></html>`;

/** Paste from Word keeps the structure and drops Word's formatting. */
async function testEditorPaste(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'bientap');
  await openEditor(page, 'Dán từ Word');
  await page.evaluate((html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', 'Kết quả xây dựng nông thôn mới');
    const target = document.querySelector('#bt-noi-dung');
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, WORD_HTML);
  const body = await saveArticle(page);
  for (const [what, re] of [
    ['the heading', /<h2>Kết quả xây dựng nông thôn mới<\/h2>/],
    ['the bold', /<strong>Năm 2025<\/strong>, toàn huyện đạt <em>nhiều<\/em> kết quả\./],
    ['the list', /<ul>\s*<li><p>Giao thông nông thôn<\/p><\/li>\s*<li><p>Thủy lợi<\/p><\/li>\s*<\/ul>/],
    ['the table', /<table>[\s\S]*<th><p><strong>Xã<\/strong><\/p><\/th>|<table>[\s\S]*<td><p><strong>Xã<\/strong><\/p><\/td>/],
    ['a cell', /<td><p>Thạch Hà<\/p><\/td>/],
    ['the underline and link', /<u>Ghi chú<\/u>: <a href="https:\/\/example\.gov\.vn\/bao-cao" rel="noopener">báo cáo<\/a>/],
  ]) {
    check(re.test(body), `${what} is missing from the stored body: ${body}`);
  }
  for (const bad of ['class=', 'style=', 'font', 'o:p', 'Mso', 'mso-', '·', 'supportLists', '<!--']) {
    check(!body.includes(bad), `the stored body still has ${JSON.stringify(bad)}: ${body}`);
  }
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** The link button takes an address as editors type it, "www.…" without
 *  a scheme, and stores it as https://; an address the sanitiser would drop
 *  is refused with a sentence, and the text stays unlinked. */
async function testEditorLink(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await signIn(page, 'bientap');
  await openEditor(page, 'Liên kết gõ không có https');
  await page.keyboard.insertText('Xem văn bản');
  const said = [];
  let answer = '';
  page.on('dialog', async (d) => {
    said.push(`${d.type()}: ${d.message()}`);
    if (d.type() === 'prompt') await d.accept(answer);
    else await d.dismiss();
  });
  const button = page.getByRole('toolbar', { name: 'Định dạng nội dung' }).getByRole('button', { name: 'Liên kết' });
  await page.locator('#bt-noi-dung').click();
  await page.keyboard.press('ControlOrMeta+A');
  answer = 'javascript:alert(1)';
  await button.click();
  for (let i = 0; i < 50 && !said.some((m) => m.startsWith('alert:')); i++) await page.waitForTimeout(100);
  check(said.some((m) => m.startsWith('alert: Địa chỉ này không dùng được')), `the dialogs were ${JSON.stringify(said)}`);
  check(await page.locator('#bt-noi-dung a').count() === 0, 'a javascript: address made a link');
  await page.keyboard.press('ControlOrMeta+A');
  answer = 'www.example.gov.vn/van-ban/323-kh-ubnd';
  await button.click();
  const href = await page.locator('#bt-noi-dung a').getAttribute('href', { timeout: STEP_TIMEOUT });
  check(href === 'https://www.example.gov.vn/van-ban/323-kh-ubnd', `the link in the editor is ${href}`);
  const body = await saveArticle(page);
  check(/<a href="https:\/\/www\.example\.gov\.vn\/van-ban\/323-kh-ubnd"[^>]*>Xem văn bản<\/a>/.test(body),
    `the stored body has no link to the typed address: ${body}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** A table made with the toolbar is saved, and an article opened and saved
 *  again without change keeps its stored body byte for byte. */
async function testEditorTable(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'bientap');
  await openEditor(page, 'Bảng số liệu các xã');
  await page.keyboard.insertText('Số liệu theo xã:');
  const toolbar = page.getByRole('toolbar', { name: 'Định dạng nội dung' });
  await toolbar.getByRole('button', { name: 'Chèn bảng 3 × 3 có hàng tiêu đề' }).click();
  const cells = ['Xã', 'Dân số', 'Tiêu chí', 'Thạch Hà', '12 000', '19', 'Cẩm Xuyên', '9 500', '17'];
  for (const [i, text] of cells.entries()) {
    if (i) await page.keyboard.press('Tab');
    await page.keyboard.insertText(text);
  }
  await toolbar.getByRole('button', { name: 'Thêm hàng bên dưới' }).click();
  await page.keyboard.press('Tab');
  await page.keyboard.insertText('Kỳ Anh');
  await toolbar.getByRole('button', { name: 'Chữ đậm' }).click();
  check(await toolbar.getByRole('button', { name: 'Chữ đậm' }).getAttribute('aria-pressed') === 'true',
    'the bold button is not shown pressed');
  // Keyboard: the toolbar is one Tab stop, arrows move inside it.
  const body = await saveArticle(page);
  const rows = body.match(/<tr>/g)?.length ?? 0;
  check(/<table>\s*<tbody>/.test(body) && rows === 4, `the stored body has ${rows} table rows: ${body}`);
  check(/<tr><th><p>Xã<\/p><\/th><th><p>Dân số<\/p><\/th><th><p>Tiêu chí<\/p><\/th><\/tr>/.test(body),
    `the header row is not stored: ${body}`);
  check(/<tr><td><p>Cẩm Xuyên<\/p><\/td><td><p>9 500<\/p><\/td><td><p>17<\/p><\/td><\/tr>/.test(body),
    `the last filled row is not stored: ${body}`);
  check(/<td><p>Kỳ Anh<\/p><\/td>/.test(body), `the added row is not stored: ${body}`);
  check(!/style=|colgroup|colspan="1"/.test(body), `the table carries editor leftovers: ${body}`);
  // The editor shows the stored table; a change and its undo, then a save:
  // the stored body does not move by a byte.
  const table = page.locator('#bt-noi-dung table');
  check(await table.locator('tr').count() === 4, 'the editor does not show the stored table');
  await page.locator('#bt-noi-dung td').first().click();
  await page.keyboard.insertText('x');
  await toolbar.getByRole('button', { name: 'Hoàn tác' }).click();
  const again = await saveArticle(page);
  check(again === body, `saving again changed the body:\n${body}\n---\n${again}`);
  // The preview a reader would get shows the table too.
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** An image from the media library, as its JSON contract answers (the
 *  answer is given by the test, with a picture the demo really has): a
 *  click or Enter/Space only chooses a picture (shown pressed, its alt
 *  text in the box, "Chèn ảnh" enabled), Escape closes without inserting,
 *  "Chèn ảnh" inserts a figure with its caption and alignment, stored with
 *  src, size and srcset, and saved again byte for byte; a double click
 *  inserts at once. */
async function testEditorFigure(newPage, article) {
  const html = await fetchText(article.path);
  const src = /<img src="(\/media\/[^"]+)"/.exec(html)?.[1];
  check(src, `no /media/ picture on ${article.path}`);
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await page.route('**/quan-tri/thu-vien/chon?*', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({
      tep: [{ id: 7, ten: 'cau-rong.jpg', loai: 'image/jpeg', dia_chi: src, rong: 800, cao: 450,
        alt: 'Cầu Rồng về đêm', chu_thich: 'Cầu Rồng, Đà Nẵng', srcset: `${src} 400w, ${src} 800w` },
      { id: 8, ten: 'ruong-lua.jpg', loai: 'image/jpeg', dia_chi: src, rong: 800, cao: 450,
        alt: 'Ruộng lúa Thạch Hà', chu_thich: '', srcset: `${src} 400w, ${src} 800w` }],
      con_nua: false,
    }),
  }));
  await signIn(page, 'bientap');
  await openEditor(page, 'Bài có ảnh');
  await page.keyboard.insertText('Đoạn mở đầu.');
  const toolbar = page.getByRole('toolbar', { name: 'Định dạng nội dung' });
  const openDialog = async () => {
    await toolbar.getByRole('button', { name: 'Chèn ảnh từ thư viện' }).click();
    const d = page.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
    await d.getByRole('button', { name: 'Chọn ảnh Cầu Rồng về đêm' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    return d;
  };
  const pressed = async (d, name) => d.getByRole('button', { name: `Chọn ảnh ${name}` }).getAttribute('aria-pressed');
  // A click chooses; Escape closes the dialog and inserts nothing.
  let dialog = await openDialog();
  const insertButton = dialog.getByRole('button', { name: 'Chèn ảnh', exact: true });
  check(await insertButton.isDisabled(), '"Chèn ảnh" is enabled before a picture is chosen');
  await dialog.getByRole('button', { name: 'Chọn ảnh Cầu Rồng về đêm' }).click();
  check(await dialog.isVisible(), 'a click on a picture closed the dialog');
  check(await pressed(dialog, 'Cầu Rồng về đêm') === 'true', 'the clicked picture is not shown chosen');
  check(await insertButton.isEnabled(), '"Chèn ảnh" stays disabled with a picture chosen');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  check(await page.locator('#bt-noi-dung figure').count() === 0, 'Escape inserted the picture');
  // By keyboard: Space and Enter choose, one picture at a time; the alt box
  // takes the chosen one's alt text.
  dialog = await openDialog();
  const alt = dialog.getByLabel('Mô tả ảnh đã chọn (cho người không xem được ảnh)');
  await dialog.getByRole('button', { name: 'Chọn ảnh Ruộng lúa Thạch Hà' }).focus();
  await page.keyboard.press('Space');
  check(await pressed(dialog, 'Ruộng lúa Thạch Hà') === 'true', 'Space did not choose the focused picture');
  check(await alt.inputValue() === 'Ruộng lúa Thạch Hà', `the alt box holds ${await alt.inputValue()}`);
  await dialog.getByRole('button', { name: 'Chọn ảnh Cầu Rồng về đêm' }).focus();
  await page.keyboard.press('Enter');
  check(await pressed(dialog, 'Cầu Rồng về đêm') === 'true' && await pressed(dialog, 'Ruộng lúa Thạch Hà') === 'false',
    'Enter did not move the choice to the focused picture');
  check(await alt.inputValue() === 'Cầu Rồng về đêm', `the alt box holds ${await alt.inputValue()}`);
  await dialog.getByRole('button', { name: 'Chèn ảnh', exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  // Typing on goes into a paragraph under the picture, not into its caption;
  // Enter at the end of a caption ends it the same way.
  await page.keyboard.insertText('Gõ tiếp sau ảnh.');
  const caption = page.locator('#bt-noi-dung figure figcaption');
  check(await caption.innerText() === 'Cầu Rồng, Đà Nẵng',
    `what was typed after inserting the picture went into its caption: ${await caption.innerText()}`);
  await caption.click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('Đoạn sau chú thích.');
  check(await caption.innerText() === 'Cầu Rồng, Đà Nẵng',
    `Enter at the end of the caption did not leave it: ${await caption.innerText()}`);
  await caption.click();
  await toolbar.getByRole('button', { name: 'Ảnh phải (đặt ảnh bên phải)' }).click();
  const body = await saveArticle(page);
  const want = `<figure class="align-right"><img src="${src}" alt="Cầu Rồng về đêm" width="800" height="450" ` +
    `srcset="${src} 400w, ${src} 800w"><figcaption>Cầu Rồng, Đà Nẵng</figcaption></figure>`;
  check(body.includes(want), `the stored body is\n${body}\nwithout\n${want}`);
  check(/<\/figure>\s*<p>Đoạn sau chú thích\.<\/p>\s*<p>Gõ tiếp sau ảnh\.<\/p>/.test(body),
    `the paragraphs after the picture are not where they were typed:\n${body}`);
  check(await page.locator('#bt-noi-dung figure.align-right figcaption').innerText() === 'Cầu Rồng, Đà Nẵng',
    'the editor does not show the stored figure');
  const again = await saveArticle(page);
  check(again === body, `saving again changed the body:\n${body}\n---\n${again}`);
  // A double click inserts at once.
  await page.locator('#bt-noi-dung p').first().click();
  dialog = await openDialog();
  await dialog.getByRole('button', { name: 'Chọn ảnh Ruộng lúa Thạch Hà' }).dblclick();
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  check(await page.locator('#bt-noi-dung figure img[alt="Ruộng lúa Thạch Hà"]').count() === 1,
    'a double click did not insert the picture');
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** As editors work, on a phone: a picture of the real media library is
 *  chosen first, its alt text shows in the box and is changed, the caption
 *  is typed after choosing, "Chèn ảnh" (in sight while the list scrolls)
 *  inserts it; saved and published, the public article shows the figure
 *  with that caption and alt text. */
async function testEditorChooseThenCaption(newPage) {
  const page = await newPage('phone');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'truongban');
  const library = await page.evaluate(() => fetch('/quan-tri/thu-vien/chon?q=&trang=1',
    { headers: { Accept: 'application/json' } }).then((r) => r.json()));
  const picture = (library.tep ?? []).find((f) => /^image\//.test(f.loai) && f.alt);
  check(picture, `the demo library has no picture with an alt text: ${JSON.stringify(library).slice(0, 300)}`);
  await openEditor(page, 'Ảnh chọn trước, chú thích sau');
  await page.keyboard.insertText('Hội nghị sơ kết chương trình nông thôn mới.');
  await page.getByRole('toolbar', { name: 'Định dạng nội dung' }).getByRole('button', { name: 'Chèn ảnh từ thư viện' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
  const item = dialog.getByRole('button', { name: `Chọn ảnh ${picture.alt}`, exact: true }).first();
  await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const insertButton = dialog.getByRole('button', { name: 'Chèn ảnh', exact: true });
  check(await insertButton.isDisabled(), '"Chèn ảnh" is enabled before a picture is chosen');
  await item.click();
  check(await dialog.isVisible(), 'choosing a picture closed the dialog');
  check(await item.getAttribute('aria-pressed') === 'true', 'the chosen picture is not shown chosen');
  const alt = dialog.getByLabel('Mô tả ảnh đã chọn (cho người không xem được ảnh)');
  check(await alt.inputValue() === picture.alt, `the alt box holds ${JSON.stringify(await alt.inputValue())}, the library ${JSON.stringify(picture.alt)}`);
  // At 375 px: the dialog does not scroll sideways and "Chèn ảnh" is on screen.
  check(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth), 'the dialog scrolls sideways at 375 px');
  const box = await insertButton.boundingBox();
  const screen = page.viewportSize();
  check(box && box.y >= 0 && box.y + box.height <= screen.height && box.x >= 0 && box.x + box.width <= screen.width,
    `"Chèn ảnh" is off the screen: ${JSON.stringify(box)}`);
  const axe = await runAxe(page);
  check(axe.length === 0, `the image dialog with a picture chosen: ${formatViolations(axe)}`);
  const altText = 'Đại biểu dự hội nghị sơ kết tại hội trường xã';
  const captionText = 'Hội nghị sơ kết 6 tháng đầu năm, xã Cẩm Bình';
  await alt.fill(altText);
  await dialog.getByLabel('Chú thích (để trống: chú thích của ảnh)').fill(captionText);
  await insertButton.click();
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  const body = await saveArticle(page);
  check(body.includes(`alt="${altText}"`) && body.includes(`<figcaption>${captionText}</figcaption>`),
    `the stored body lacks the typed alt text or caption:\n${body}`);
  await clickAndLoad(page, page.getByRole('button', { name: 'Đăng (hoặc hẹn giờ)', exact: true }));
  check(/thong-bao=dang/.test(page.url()), `publishing ended at ${page.url()}`);
  await loadAllImages(page);
  await clickAndLoad(page, page.getByRole('link', { name: 'Xem trên trang' }));
  const figure = page.locator('main figure', { has: page.locator(`img[alt="${altText}"]`) });
  check(await figure.count() === 1, 'the public article has no figure with the typed alt text');
  const shown = (await figure.locator('figcaption').innerText()).trim();
  check(shown === captionText, `the public figure's caption is ${JSON.stringify(shown)}`);
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** A PNG of w x h pixels (a colour gradient), made here so that the
 *  upload below sends bytes nobody has stored before. */
function makePng(w, h, seed) {
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const o = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      rows[o + 1 + x * 3] = (x * 255 / w) & 255;
      rows[o + 2 + x * 3] = (y * 255 / h + seed) & 255;
      rows[o + 3 + x * 3] = (x + y + seed) & 255;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A new picture uploaded from the editor's dialog into the real media
 *  library: resized on the server, put in the article as a figure with
 *  the library's srcset, and shown on the public page once published. */
async function testEditorUpload(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'truongban');
  await openEditor(page, 'Bài có ảnh tải lên');
  await page.keyboard.insertText('Lễ ra quân làm đường giao thông nông thôn.');
  const toolbar = page.getByRole('toolbar', { name: 'Định dạng nội dung' });
  await toolbar.getByRole('button', { name: 'Chèn ảnh từ thư viện' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
  await dialog.getByLabel('Tệp ảnh (JPEG, PNG, WebP, GIF)').setInputFiles({
    name: 'ra-quan.png', mimeType: 'image/png', buffer: makePng(1300, 700, Date.now() % 200) });
  await dialog.getByLabel('Mô tả ảnh cho người không xem được ảnh').fill('Bà con ra quân làm đường');
  await dialog.getByLabel('Chú thích (để trống: chú thích của ảnh)').fill('Xã Cẩm Bình ra quân, tháng 3');
  const uploaded = page.waitForResponse((r) => r.url().endsWith('/quan-tri/thu-vien/tai-len'), { timeout: STEP_TIMEOUT });
  await dialog.getByRole('button', { name: 'Tải lên và chèn' }).click();
  const res = await uploaded;
  check(res.status() === 201 || res.status() === 200, `the upload answered ${res.status()}`);
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  const body = await saveArticle(page);
  const m = /<figure[^>]*><img src="(\/media\/[^"]+)" alt="Bà con ra quân làm đường" width="\d+" height="\d+" srcset="([^"]+)"><figcaption>Xã Cẩm Bình ra quân, tháng 3<\/figcaption><\/figure>/.exec(body);
  check(m, `the stored body has no figure of the uploaded picture:\n${body}`);
  check(/\/media\/400\/\S+ 400w/.test(m[2]) && /\/media\/800\/\S+ 800w/.test(m[2]), `the srcset is ${m[2]}`);
  const picture = await page.request.get(server.base + m[1]);
  check(picture.status() === 200 && picture.headers()['content-type'] === 'image/png', `the picture answered ${picture.status()}`);
  await loadAllImages(page); // the saved form's picture, on screen before publishing
  await clickAndLoad(page, page.getByRole('button', { name: 'Đăng (hoặc hẹn giờ)', exact: true }));
  await loadAllImages(page); // the published article's form shows the picture again
  const link = page.getByRole('link', { name: 'Xem trên trang' });
  await clickAndLoad(page, link);
  const shown = page.locator('main figure img[alt="Bà con ra quân làm đường"]');
  await shown.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check(await shown.evaluate((img) => img.complete && img.naturalWidth > 0), 'the picture does not load on the public page');
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** The image dialog's alt text and caption take what the media library
 *  takes (its own forms and checks: one limit), not a shorter one: a
 *  caption of 700 letters typed there is kept whole. */
async function testEditorDialogLimits(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await signIn(page, 'truongban');
  await open(page, server.base + '/quan-tri/thu-vien/');
  const library = {
    alt: Number(await page.locator('#tl-alt').getAttribute('maxlength')),
    caption: Number(await page.locator('#tl-cc').getAttribute('maxlength')),
  };
  check(library.alt === 1000 && library.caption === 1000, `the library's form takes ${JSON.stringify(library)}`);
  await openEditor(page, 'Chú thích dài');
  await page.getByRole('toolbar', { name: 'Định dạng nội dung' }).getByRole('button', { name: 'Chèn ảnh từ thư viện' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
  await page.waitForFunction(() => !/Đang tải/.test(document.querySelector('.bt-dialog-status')?.textContent ?? 'x'),
    null, { timeout: STEP_TIMEOUT });
  const caption = dialog.getByLabel('Chú thích (để trống: chú thích của ảnh)');
  const alt = dialog.getByLabel('Mô tả ảnh cho người không xem được ảnh');
  const dialogLimits = {
    alt: await alt.evaluate((e) => e.maxLength),
    caption: await caption.evaluate((e) => e.maxLength),
    chosenAlt: await dialog.getByLabel('Mô tả ảnh đã chọn (cho người không xem được ảnh)').evaluate((e) => e.maxLength),
  };
  check(dialogLimits.alt === library.alt && dialogLimits.caption === library.caption && dialogLimits.chosenAlt === library.alt,
    `the dialog takes ${JSON.stringify(dialogLimits)}, the library ${JSON.stringify(library)}`);
  const long = 'Lễ khánh thành đường giao thông nông thôn xã Cẩm Bình. '.repeat(13).slice(0, 700);
  await caption.click();
  await page.keyboard.insertText(long);
  await alt.click();
  await page.keyboard.insertText(long.slice(0, 400));
  const typed = [(await caption.inputValue()).length, (await alt.inputValue()).length];
  check(typed[0] === 700 && typed[1] === 400, `the dialog kept ${typed[0]} and ${typed[1]} characters of 700 and 400`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** The whole path of issue 8, as people do it: a contributor writes an
 *  article in the editor (Vietnamese through an input method, a Word
 *  fragment pasted, a table from the toolbar, a new picture uploaded),
 *  sends it for approval; the chief, in another browser, finds it among
 *  the articles waiting, publishes it; a reader sees it on the site. */
async function testNewsroomFullPath(newPage) {
  const writer = await newPage('desktop');
  const problems = watchPage(writer);
  const csp = await watchCsp(writer);
  await signIn(writer, 'congtacvien');
  const title = `Đường làng Cẩm Bình ${Date.now() % 100000}`;
  const editor = await openEditor(writer, title);
  const cdp = await writer.context().newCDPSession(writer);
  for (const text of ['B', 'Ba', 'Bà', 'Bà ', 'Bà c', 'Bà co', 'Bà con']) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  await cdp.send('Input.insertText', { text: 'Bà con' });
  await cdp.send('Input.insertText', { text: ' góp đất làm đường.' });
  await writer.keyboard.press('Enter');
  await writer.evaluate((html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    document.querySelector('#bt-noi-dung').dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, WORD_HTML);
  const toolbar = writer.getByRole('toolbar', { name: 'Định dạng nội dung' });
  await toolbar.getByRole('button', { name: 'Chèn ảnh từ thư viện' }).click();
  const dialog = writer.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
  await dialog.getByLabel('Tệp ảnh (JPEG, PNG, WebP, GIF)').setInputFiles({
    name: 'duong-lang.png', mimeType: 'image/png', buffer: makePng(900, 500, (Date.now() >> 3) % 200) });
  await dialog.getByLabel('Mô tả ảnh cho người không xem được ảnh').fill('Đường bê tông mới');
  await dialog.getByRole('button', { name: 'Tải lên và chèn' }).click();
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  await toolbar.getByRole('button', { name: 'Chèn bảng 3 × 3 có hàng tiêu đề' }).click();
  await writer.keyboard.insertText('Thôn');
  await writer.keyboard.press('Tab');
  await writer.keyboard.insertText('Số mét');
  await loadAllImages(writer);
  // a tag as long as the form allows, one word of 60 letters: it wraps on a phone
  const longTag = 'Xâydựngnôngthônmớikiểumẫu'.repeat(3).slice(0, 60);
  await writer.locator('#bv-tu-khoa').fill(`giao thông, ${longTag}`);
  await clickAndLoad(writer, writer.getByRole('button', { name: 'Gửi duyệt', exact: true }));
  check(/thong-bao=gui-duyet/.test(writer.url()), `sending for approval ended at ${writer.url()}`);
  const stored = await writer.locator('#bv-noi-dung').inputValue();
  for (const part of ['<p>Bà con góp đất làm đường.</p>', '<h2>Kết quả xây dựng nông thôn mới</h2>', '<table>',
    '<th><p>Thôn</p></th>', '<figure', 'alt="Đường bê tông mới"']) {
    check(stored.includes(part), `the body sent for approval lacks ${part}:\n${stored}`);
  }
  check(!/class=|style=|<o:p|Mso/i.test(stored.replace(/<figure class="align-[a-z]+"/g, '<figure')),
    `Word's formatting reached the body:\n${stored}`);
  check(await writer.getByRole('button', { name: 'Đăng (hoặc hẹn giờ)', exact: true }).count() === 0,
    'a contributor is offered to publish');

  const chief = await newPage('desktop');
  const chiefProblems = watchPage(chief);
  await signIn(chief, 'truongban');
  await open(chief, `${server.base}/quan-tri/bai-viet/?trang-thai=cho-duyet`);
  await clickAndLoad(chief, chief.getByRole('link', { name: title, exact: true }));
  await loadAllImages(chief); // the chief reads the article, its picture included, before publishing
  await clickAndLoad(chief, chief.getByRole('button', { name: 'Đăng (hoặc hẹn giờ)', exact: true }));
  check(/thong-bao=dang/.test(chief.url()), `publishing ended at ${chief.url()}`);
  const publicUrl = await chief.getByRole('link', { name: 'Xem trên trang' }).getAttribute('href');
  check(publicUrl, 'the published article has no public address');

  const reader = await newPage('phone');
  const readerProblems = watchPage(reader);
  await open(reader, server.base + new URL(publicUrl, server.base).pathname);
  check((await reader.locator('h1').innerText()).includes(title), 'the public page has another title');
  const main = reader.locator('main');
  check((await main.innerText()).includes('Bà con góp đất làm đường.'), 'the typed words are not on the public page');
  check(await main.locator('table th', { hasText: 'Thôn' }).count() === 1, 'the table is not on the public page');
  const img = main.locator('figure img[alt="Đường bê tông mới"]');
  await img.scrollIntoViewIfNeeded();
  await reader.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(),
    { timeout: STEP_TIMEOUT });
  check(await main.locator('ul.tags li', { hasText: longTag }).count() === 1, 'the long tag is not on the public page');
  const overflow = await horizontalOverflow(reader);
  check(!overflow, `the article with a 60-letter tag scrolls sideways at 375 px: ${overflow}`);
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  const all = [...serious(problems), ...serious(chiefProblems), ...serious(readerProblems)];
  check(all.length === 0, all.join('; '));
}

/** Text in the old TCVN3 font encoding pasted into the editor is converted
 *  by the server like any body, with the notice; and an article in the old
 *  block format keeps its text area (no editor) and its text. */
async function testEditorLegacy(newPage, article) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'truongban');
  await openEditor(page, 'Văn bản cũ');
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/html', '<p class=MsoNormal><span style="font-family:.VnTime">UBND huyÖn Th¹ch Hµ ®· tæ chøc ' +
      'héi nghÞ tæng kÕt c«ng t¸c n¨m.</span></p>');
    document.querySelector('#bt-noi-dung').dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const body = await saveArticle(page);
  check(body === '<p>UBND huyện Thạch Hà đã tổ chức hội nghị tổng kết công tác năm.</p>\n',
    `the stored body is ${JSON.stringify(body)}`);
  const notice = await page.locator('.notice-ok').innerText();
  check(/bảng mã cũ TCVN3/.test(notice), `the page says ${JSON.stringify(notice)}`);
  check(await page.locator('#bt-noi-dung').innerText() === 'UBND huyện Thạch Hà đã tổ chức hội nghị tổng kết công tác năm.',
    'the editor does not show the converted text');
  // A demo article is in the old block format: the text area stays.
  const id = ARTICLE_RE.exec(article.path)[1];
  await open(page, `${server.base}/quan-tri/bai-viet/${id}`);
  const area = page.locator('#bv-noi-dung');
  check(await area.isVisible(), 'the old-format article has no text area');
  check(await page.locator('.bt-editor').count() === 0, 'the editor opened an old-format article');
  check((await area.inputValue()).length > 0, 'the old-format article shows no text');
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** The article form's cover: "Chọn ảnh đại diện" lists the media library's
 *  pictures, one click fills the field and shows a preview, the save keeps
 *  it, "Bỏ ảnh" empties it; axe finds nothing with the list open. */
async function testCoverPicker(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'truongban');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.locator('#bv-tieu-de').fill('Bài có ảnh đại diện');
  await page.getByRole('button', { name: 'Chọn ảnh đại diện' }).click();
  const first = page.locator('.cover-choice').first();
  await first.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const axe = await runAxe(page);
  check(axe.length === 0, formatViolations(axe));
  await first.click();
  const chosen = await page.locator('#bv-anh').inputValue();
  check(/^\d+$/.test(chosen), `the cover field holds ${JSON.stringify(chosen)}`);
  check(await page.locator('.cover-preview img').isVisible(), 'no preview of the chosen picture');
  await clickAndLoad(page, page.getByRole('button', { name: 'Lưu', exact: true }));
  check(/\/quan-tri\/bai-viet\/\d+\?thong-bao=luu/.test(page.url()), `saving ended at ${page.url()}`);
  check(await page.locator('#bv-anh').inputValue() === chosen, 'the saved form lost the cover');
  check(await page.locator('.cover-preview img').isVisible(), 'the saved form shows no preview');
  await page.getByRole('button', { name: 'Bỏ ảnh' }).click();
  check(await page.locator('#bv-anh').inputValue() === '', '"Bỏ ảnh" left the field filled');
  check(await page.locator('.cover-preview').count() === 0, '"Bỏ ảnh" left the preview');
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** The editor on a phone: the toolbar wraps, nothing scrolls sideways,
 *  axe finds nothing, and a table wider than the screen scrolls inside. */
async function testEditorPhone(newPage) {
  const page = await newPage('phone');
  const problems = watchPage(page);
  await signIn(page, 'congtacvien');
  await openEditor(page, 'Viết trên điện thoại');
  await page.keyboard.insertText('Một đoạn ngắn.');
  await page.getByRole('button', { name: 'Chèn bảng 3 × 3 có hàng tiêu đề' }).click();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Thêm cột bên phải' }).click();
  check(!(await horizontalOverflow(page)), 'the article form scrolls sideways at 375 px');
  const axe = await runAxe(page);
  check(axe.length === 0, formatViolations(axe));
  check(serious(problems).length === 0, serious(problems).join('; '));
}

/** The toolbar by keyboard, the image button while the portal has no
 *  media library (a Vietnamese message, no error), and axe on the form. */
async function testEditorToolbar(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  const csp = await watchCsp(page);
  await signIn(page, 'bientap');
  await openEditor(page, 'Bàn phím và ảnh');
  await page.keyboard.insertText('Tiêu đề mục');
  const toolbar = page.getByRole('toolbar', { name: 'Định dạng nội dung' });
  await toolbar.getByRole('button', { name: 'Đoạn văn' }).focus();
  await page.keyboard.press('ArrowRight');
  check(await page.evaluate(() => document.activeElement.getAttribute('aria-label')) === 'Tiêu đề 2 (tiêu đề mục)',
    'ArrowRight does not move to the next toolbar button');
  await page.keyboard.press('Enter');
  check(await page.locator('#bt-noi-dung h2').innerText() === 'Tiêu đề mục', 'the heading button made no h2');
  await toolbar.getByRole('button', { name: 'Chèn ảnh từ thư viện' }).click();
  const dialog = page.getByRole('dialog', { name: 'Chèn ảnh từ thư viện' });
  await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const status = dialog.getByRole('status');
  await page.waitForFunction(() => !/Đang tải/.test(document.querySelector('.bt-dialog-status')?.textContent ?? 'x'),
    null, { timeout: STEP_TIMEOUT });
  const said = await status.innerText();
  const library = await page.evaluate(() => fetch('/quan-tri/thu-vien/chon?q=&trang=1').then((r) => r.status));
  if (library === 404) {
    check(/Thư viện ảnh chưa có trên cổng này/.test(said), `the dialog says ${JSON.stringify(said)} without a library`);
  } else {
    check(!/lỗi|Mất kết nối/.test(said), `the dialog says ${JSON.stringify(said)}`);
  }
  await dialog.getByRole('button', { name: 'Đóng' }).click();
  await dialog.waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  const axe = await runAxe(page);
  check(axe.length === 0, `the article form with its editor: ${formatViolations(axe)}`);
  const violations = await csp();
  check(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
  const real = serious(problems).filter((p) => !(library === 404 && p.includes('/quan-tri/thu-vien/chon')));
  check(real.length === 0, real.join('; '));
}

async function testNewsroomAxe(newPage) {
  const page = await newPage('phone');
  const problems = watchPage(page);
  await open(page, server.base + '/quan-tri/dang-nhap');
  const desk = { documents: '/quan-tri/van-ban/', 'document form': '/quan-tri/van-ban/moi', 'a document': '/quan-tri/van-ban/1',
    articles: '/quan-tri/bai-viet/?xep=ngay-dang', categories: '/quan-tri/chuyen-muc/', 'website links': '/quan-tri/lien-ket/',
    accounts: '/quan-tri/nguoi-dung/', 'audit log': '/quan-tri/nhat-ky/', settings: '/quan-tri/cai-dat/',
    'media library': '/quan-tri/thu-vien/', comments: '/quan-tri/y-kien/', 'NTM activities': '/quan-tri/nong-thon-moi/hoat-dong/' };
  for (const where of ['login', 'dashboard', ...Object.keys(desk)]) {
    if (where === 'dashboard') await signIn(page, 'quantri');
    if (desk[where]) await open(page, server.base + desk[where]);
    const violations = await runAxe(page);
    check(violations.length === 0, `${where}: ${formatViolations(violations)}`);
    const overflow = await horizontalOverflow(page);
    check(!overflow, `${where}: the page scrolls sideways at 375 px: ${overflow}`);
  }
  check(problems.length === 0, problems.join('; '));
}

/** The office plans a delegation visit on a phone without script: stops
 *  added, chosen and moved with the form's own buttons (the server answers
 *  each), saved, and the public page lists the communes in that order;
 *  axe finds nothing on the form and no page scrolls sideways. */
async function testVisitWithoutScript(newPage) {
  const page = await newPage('phone', { javaScriptEnabled: false });
  const problems = watchPage(page);
  await signIn(page, 'vanphong');
  await open(page, server.base + '/quan-tri/nong-thon-moi/hoat-dong/doan-cong-tac/moi');
  await page.getByLabel('Tiêu đề (bắt buộc)').fill('Đoàn kiểm tra thử trên điện thoại');
  await page.getByLabel('Ngày đi (bắt buộc)').fill('2027-03-04');
  await page.getByLabel('Ngày về (bắt buộc)').fill('2027-03-04');
  await page.getByLabel('Trưởng đoàn (bắt buộc)').fill('Chánh Văn phòng Điều phối');
  await page.getByLabel('Mục đích, nội dung làm việc (bắt buộc)').fill('Kiểm tra tiêu chí môi trường.');
  const first = page.getByLabel('Xã, phường (điểm 1)');
  const names = (await first.locator('option').allTextContents()).slice(1);
  await first.selectOption({ label: names[0] });
  await page.getByLabel('Giờ đến').first().fill('08:00');
  await page.getByLabel('Giờ rời đi').first().fill('09:00');
  await clickAndLoad(page, page.getByRole('button', { name: 'Thêm điểm đến' }));
  await page.getByLabel('Xã, phường (điểm 2)').selectOption({ label: names[1] });
  await page.getByLabel('Giờ đến').nth(1).fill('10:00');
  await page.getByLabel('Giờ rời đi').nth(1).fill('11:00');
  await clickAndLoad(page, page.getByRole('button', { name: 'Chuyển điểm 2 lên' }));
  const order = [await page.getByLabel('Xã, phường (điểm 1)').inputValue(), await page.getByLabel('Xã, phường (điểm 2)').inputValue()];
  check(order[0] === (await first.locator('option', { hasText: names[1] }).first().getAttribute('value')),
    `the move did not put ${names[1]} first: ${order}`);
  // the hours moved with their rows: the itinerary is in the order visited,
  // so the first stop now gets the morning's first hours
  await page.getByLabel('Giờ đến').first().fill('08:00');
  await page.getByLabel('Giờ rời đi').first().fill('09:00');
  await page.getByLabel('Giờ đến').nth(1).fill('10:00');
  await page.getByLabel('Giờ rời đi').nth(1).fill('11:00');
  await page.getByLabel('Trạng thái').selectOption('cong-bo');
  await clickAndLoad(page, page.getByRole('button', { name: 'Lưu' }).last());
  const saved = new URL(page.url()).pathname;
  const refusal = (await page.locator('.field-error').allTextContents()).join(' ');
  check(/^\/quan-tri\/nong-thon-moi\/hoat-dong\/\d+$/.test(saved), `saving ended at ${page.url()}: ${refusal}`);
  await clickAndLoad(page, page.locator('main a[href^="/nong-thon-moi/doan-cong-tac/"]').first());
  const links = await page.locator('.activity-itinerary a').evaluateAll((els) => els.map((a) => a.getAttribute('href')));
  check(JSON.stringify(links) === JSON.stringify(order.map((c) => `/nong-thon-moi/xa/${c}`)),
    `the itinerary links ${links}, not the order ${order}`);
  check(!(await horizontalOverflow(page)), 'the visit page scrolls sideways at 375 px');
  // axe runs in the page, so on a second phone with script: the new form and the saved one
  const withScript = await newPage('phone');
  const problemsWithScript = watchPage(withScript);
  await signIn(withScript, 'vanphong');
  for (const path of ['/quan-tri/nong-thon-moi/hoat-dong/doan-cong-tac/moi', saved, '/quan-tri/nong-thon-moi/hoat-dong/']) {
    await open(withScript, server.base + path);
    const violations = await runAxe(withScript);
    check(violations.length === 0, `${path}: ${formatViolations(violations)}`);
    check(!(await horizontalOverflow(withScript)), `${path} scrolls sideways at 375 px`);
  }
  const real = serious([...problems, ...problemsWithScript]);
  check(real.length === 0, real.join('; '));
}

// --- the NTM monitor's office side ----------------------------------------------

const NTM_UNIT = '18073'; // the demo reporter's first commune (Phường Thành Sen)

/** The entry screens, the office's queue and its review page: axe finds
 *  nothing and nothing scrolls sideways at 375 px (wide tables scroll in
 *  their own regions). */
async function testNtmAdminAxe(newPage) {
  const page = await newPage('phone');
  const problems = watchPage(page);
  await signIn(page, 'vanphong');
  const paths = ['/quan-tri/nong-thon-moi/', `/quan-tri/nong-thon-moi/nhap/${NTM_UNIT}/2025`,
    `/quan-tri/nong-thon-moi/nhap/${NTM_UNIT}/2026`, '/quan-tri/nong-thon-moi/van-phong/'];
  let cards = 0;
  for (const where of paths) {
    await open(page, server.base + where);
    const violations = await runAxe(page);
    check(violations.length === 0, `${where}: ${formatViolations(violations)}`);
    const overflow = await horizontalOverflow(page);
    check(!overflow, `${where}: the page scrolls sideways at 375 px: ${overflow}`);
    if (where.includes('/nhap/') && await page.locator('tr[data-chi-tieu]').count() > 0) {
      cards++;
      // each indicator is a card on a phone: its value is on the screen, no table scrolls sideways
      const wide = await page.evaluate(() => [...document.querySelectorAll('.ntm-entry-table')]
        .filter((t) => t.closest('.table-wrap').scrollWidth > t.closest('.table-wrap').clientWidth + 1).length);
      check(wide === 0, `${where}: ${wide} indicator tables scroll sideways at 375 px`);
      const value = await page.locator('tr[data-chi-tieu] td.ntm-value').first().boundingBox();
      check(value && value.x >= 0 && value.x + value.width <= 375,
        `${where}: the first value is beyond the screen: ${JSON.stringify(value)}`);
      const label = await page.locator('tr[data-chi-tieu] td.ntm-value').first()
        .evaluate((td) => getComputedStyle(td, '::before').content);
      check(label === '"Giá trị"', `${where}: the value's cell is not named on the card: ${label}`);
    }
  }
  check(cards > 0, 'no entry screen with indicators was looked at on the phone');
  const review = page.locator('a[href*="/van-phong/duyet/"]').first();
  await clickAndLoad(page, review);
  const violations = await runAxe(page);
  check(violations.length === 0, `the review page: ${formatViolations(violations)}`);
  const overflow = await horizontalOverflow(page);
  check(!overflow, `the review page scrolls sideways at 375 px: ${overflow}`);
  const real = serious(problems);
  check(real.length === 0, real.join('; '));
}

// The NTM office's management pages (src/ntm/office_pages.c), each with its
// list and forms, as the office's staff sees them on a phone.
const OFFICE_PAGES = ['tai-khoan/', 'cong-nhan/', 'ke-hoach/', 'phan-cong/', 'do-dau/', 'mo-hinh/', 'nguon-von/',
  'don-vi/', 'bo-tieu-chi/', 'bo-tieu-chi/QD318-2022', 'bao-cao/'];

async function testOfficeAxe(newPage, where) {
  const page = await newPage('phone');
  const problems = watchPage(page);
  await open(page, server.base + '/quan-tri/dang-nhap');
  await signIn(page, 'vanphong');
  await open(page, `${server.base}/quan-tri/nong-thon-moi/van-phong/${where}`);
  check(!/Không có quyền|Lỗi/.test(await page.title()), `${where}: ${await page.title()}`);
  const violations = await runAxe(page);
  check(violations.length === 0, `${where}: ${formatViolations(violations)}`);
  check(!(await horizontalOverflow(page)), `${where}: the page scrolls sideways at 375 px`);
  const real = serious(problems);
  check(real.length === 0, real.join('; '));
}

/** The public row of an indicator ("2.1") on a commune page: its value cell. */
function publicValue(html, code) {
  const m = html.match(new RegExp(`<th scope="row">${code.replace('.', '\\.')}\\. [^<]*</th><td>([^<]*)</td>`));
  return m ? m[1] : null;
}

/** The office takes back the commune's accepted 2025 report with a comment;
 *  the reporter sees it, types a wrong value (the message shows beside the
 *  field), a good one with a decimal comma, changes a yes/no value (the
 *  criterion's and the commune's states change as they type), gives the
 *  reason and submits; nothing is public until the office accepts; then
 *  the commune page and the dashboard show the new values. */
async function testNtmEntryFlow(newPage) {
  const office = await newPage('desktop');
  const problems = watchPage(office);
  await signIn(office, 'vanphong');
  await open(office, `${server.base}/quan-tri/nong-thon-moi/nhap/${NTM_UNIT}/2025`);
  await clickAndLoad(office, office.getByRole('link', { name: 'Trang duyệt báo cáo này' }));
  await office.getByLabel('Ý kiến chung (khi trả lại)').fill('Đề nghị phường cập nhật số liệu năm 2025.\nGửi lại trước ngày 15.');
  await clickAndLoad(office, office.getByRole('button', { name: 'Trả lại kèm ý kiến' }));
  check((await office.locator('.notice-ok').textContent()).includes('Đã trả lại'), 'no notice after returning');
  const publicPath = `/nong-thon-moi/xa/${NTM_UNIT}?nam=2025`;
  const hidden = await fetch(server.base + publicPath, { redirect: 'manual' });
  check(hidden.status === 404, `a returned report is public: ${hidden.status}`);

  const page = await newPage('desktop');
  const reporterProblems = watchPage(page);
  await signIn(page, 'canboxa');
  await open(page, `${server.base}/quan-tri/nong-thon-moi/nhap/${NTM_UNIT}/2025`);
  const returned = page.locator('.ntm-return-comment');
  check(await returned.isVisible(), 'the office\'s comment is not shown');
  // its two lines stay two lines
  check((await returned.innerText()).includes('năm 2025.\nGửi lại trước ngày 15.'),
    `the office's comment reads: ${JSON.stringify(await returned.innerText())}`);
  const percent = page.getByLabel('Giá trị chỉ tiêu 2.1');
  const percentId = await percent.getAttribute('id');
  await percent.fill('abc');
  const message = page.locator(`#${percentId}-loi`);
  await message.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check((await message.textContent()).includes('Tỷ lệ phải là một số'), 'no message beside a wrong value');
  check(await percent.getAttribute('aria-invalid') === 'true', 'the wrong value is not marked invalid');
  await percent.fill('78,5');
  await message.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  const criterion = page.locator('section.ntm-criterion').filter({ has: page.getByLabel('Giá trị chỉ tiêu 4.1') });
  const criterionState = criterion.locator('[data-trang-thai-tieu-chi]');
  check(await criterionState.textContent() === 'Đạt', `criterion 4 before: ${await criterionState.textContent()}`);
  await page.getByLabel('Giá trị chỉ tiêu 4.1').selectOption('0');
  check(await criterionState.textContent() === 'Không đạt', 'criterion 4 did not change as the value changed');
  check(await page.locator('[data-trang-thai-don-vi]').textContent() === 'Chưa đạt chuẩn',
    'the commune\'s state did not change as the value changed');
  // evidence: the library searched from the picker beside the field (40 files: more than one screen)
  const evidenceId = `mc-${percentId.slice(3)}`;
  await page.locator(`#${evidenceId} + button`).click();
  const picker = page.locator(`#${evidenceId} ~ .ntm-evidence-picker`);
  await picker.locator('li').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await picker.getByLabel('Tìm trong thư viện (tên, mô tả, chú thích)').fill('anh-123');
  await picker.locator('li').filter({ hasText: 'anh-101' }).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
  check(await picker.locator('li').count() === 1, `the search kept ${await picker.locator('li').count()} files`);
  await picker.getByRole('button', { name: 'anh-123.png (số 23)' }).click();
  check(await page.locator(`#${evidenceId}`).inputValue() === '23', 'the chosen file is not in the field');
  check(await picker.isHidden(), 'the picker stays open after a choice');
  await page.getByLabel('Lý do thay đổi').fill('Số liệu theo biên bản kiểm tra tháng 11.');
  // sending with a value left empty asks first, saying how many; "Huỷ" keeps the form
  const emptyBefore = await page.locator("tr[data-chi-tieu] [name^='gt-']")
    .evaluateAll((fields) => fields.filter((f) => !f.value.trim()).length);
  await percent.fill('');
  const asked = [];
  page.once('dialog', async (d) => { asked.push(d.message()); await d.dismiss(); });
  await page.getByRole('button', { name: 'Lưu và gửi Văn phòng Điều phối' }).click();
  await page.locator('.autosave-status', { hasText: 'Chưa gửi' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  check(asked.length === 1 && asked[0].startsWith(`Còn ${emptyBefore + 1} trên `),
    `sending with an empty value asked ${JSON.stringify(asked)}`);
  check(await page.getByRole('button', { name: 'Lưu và gửi Văn phòng Điều phối' }).isVisible(), 'the form went away');
  await percent.fill('78,5');
  page.on('dialog', (d) => d.accept()); // values the demo leaves empty, if any: sent all the same
  await clickAndLoad(page, page.getByRole('button', { name: 'Lưu và gửi Văn phòng Điều phối' }));
  check((await page.locator('.notice-ok').textContent()).includes('Đã lưu và gửi'), 'no notice after submitting');
  check(await page.getByText('Tệp minh chứng: 23').count() === 1, 'the submitted report does not show its evidence');
  const stillHidden = await fetch(server.base + publicPath, { redirect: 'manual' });
  check(stillHidden.status === 404, `a submitted report is public: ${stillHidden.status}`);
  const mapBefore = await fetchText('/nong-thon-moi/ban-do?nam=2025');
  check(new RegExp(`href="/nong-thon-moi/xa/${NTM_UNIT}" aria-label="[^"]*: chưa có kết quả"`).test(mapBefore),
    'the map shows the submitted report before acceptance');

  await open(office, `${server.base}/quan-tri/nong-thon-moi/van-phong/`);
  // the demo may have another report of the commune waiting (2026): take 2025's
  const row = office.locator('table.ntm-queue tr').filter({ hasText: `(${NTM_UNIT})` })
    .filter({ has: office.locator('td:nth-child(2)', { hasText: /^\s*năm 2025\s*$/i }) });
  await clickAndLoad(office, row.getByRole('link'));
  await clickAndLoad(office, office.getByRole('button', { name: 'Duyệt (công khai số liệu)' }));
  check((await office.locator('.notice-ok').textContent()).includes('Đã duyệt'), 'no notice after accepting');

  const html = await fetchText(publicPath);
  check(publicValue(html, '2.1') === '78,5%', `the public page shows 2.1 = ${publicValue(html, '2.1')}`);
  check(/Tiêu chí 4\.[^\n]*?<\/th><td>Không đạt<\/td>/.test(html), 'the public page does not show criterion 4 not met');
  const met = html.split('<tr class="ntm-criterion">').slice(1)
    .filter((row) => /^<th[^]*?<\/th><td>Đạt<\/td>/.test(row.split('</tr>')[0])).length;
  const dash = await fetchText('/nong-thon-moi/?nam=2025');
  const cell = dash.match(new RegExp(`<a href="/nong-thon-moi/xa/${NTM_UNIT}\\?nam=2025">[^<]*</a></th><td>(\\d+)`));
  check(cell && Number(cell[1]) === met, `the dashboard shows ${cell && cell[1]} criteria met, the commune page ${met}`);
  await open(page, `${server.base}/nong-thon-moi/ban-do?nam=2025`);
  const shape = page.locator(`svg a[href="/nong-thon-moi/xa/${NTM_UNIT}?nam=2025"]`);
  const label = await shape.getAttribute('aria-label');
  check(label && label.endsWith(`: ${met}/19 tiêu chí`), `the map names the commune "${label}", the commune page says ${met}/19`);
  const real = serious(problems.concat(reporterProblems));
  check(real.length === 0, real.join('; '));
}

// --- the run ----------------------------------------------------------------

async function main() {
  try {
    const made = makeDemoDb();
    workDir = made.dir;
    logins = made.logins;
    server = await Server.start({ ...made, extraArgs: ['--demo-logins', '--idle-minutes', '2'] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (e) {
    report('setup', e);
    return;
  }
  let pages;
  try {
    await withTimeout(checkAssets(), 30_000, 'checking the static files');
    pages = await withTimeout(choosePages(), 60_000, 'choosing the pages');
  } catch (e) {
    report('setup', e);
    pages = null;
  }

  if (pages) {
    const widths = [['phone', 375], ['desktop', 1280]];
    for (const target of pages) {
      for (const [device, px] of widths) {
        await runTest(`layout ${target.name} ${px}px (${target.path})`, (np) => testLayout(np, target, device));
      }
    }
    for (const target of pages) {
      await runTest(`layout ${target.name} 375px largest text`,
        (np) => testLayout(np, target, 'phone', { cookie: '2', expectClass: 'cs-xl' }));
    }
    for (const target of pages) {
      for (const [device, px] of widths) {
        await runTest(`axe ${target.name} ${px}px`, (np) => testAxe(np, target, device));
      }
    }
    await runTest('axe home 1280px high contrast', (np) => testAxe(np, pages[0], 'desktop', { cookie: '0h', expectClass: 'hc' }));
    await runTest('axe home 375px largest text', (np) => testAxe(np, pages[0], 'phone', { cookie: '2', expectClass: 'cs-xl' }));
    await runTest('text size and contrast persist (375px, no JavaScript)', testDisplayChoices);
    await runTest('phone menu opens with "Chuyên mục" (375px, no JavaScript)', testPhoneMenu);
    await runTest('desktop menu always open (1280px)', testDesktopMenu);
    await runTest('NTM dashboard: the criteria table\'s notes read as a line or two (1280px)', testDashboardCriteriaNotes);
    await runTest('skip link is the first Tab stop (375px)', (np) => testSkipLink(np, 'phone'));
    await runTest('skip link is the first Tab stop (1280px)', (np) => testSkipLink(np, 'desktop'));
    await runTest('newsroom login, idle warning and "keep me signed in" (1280px)', testIdleWarning);
    await runTest('axe newsroom login, dashboard, desks, categories, links, accounts, log, settings, library, comments (375px)', testNewsroomAxe);
    await runTest('the office plans a delegation visit without script: stops added and moved (375px)', testVisitWithoutScript);
    await runTest('axe NTM entry screens, office queue and review page (375px)', testNtmAdminAxe);
    await runTest('NTM: a reporter fills and submits, the office accepts, the public pages change (1280px)',
      testNtmEntryFlow);
    for (const where of OFFICE_PAGES) {
      await runTest(`axe NTM office ${where} (375px)`, (np) => testOfficeAxe(np, where));
    }
    await runTest('an article draft saves itself and unsaved text comes back (1280px)', testAutosave);
    await runTest('two tabs writing new articles keep their own unsaved text (1280px)', testTwoNewArticleTabs);
    await runTest('unsaved text is not offered to the next account on the same browser (1280px)',
      testUnsavedTextStaysWithItsAccount);
    await runTest('a double click on "Lưu" saves one new article, not two (1280px)', testDoubleClickSave);
    await runTest('Back after saving a new article shows it, offers nothing unsaved, makes no second (1280px)',
      testBackAfterSavingNewArticle);
    await runTest('the unsaved copy keeps every field of the article form (1280px)', testUnsavedCopyKeepsEveryField);
    await runTest('a new article without a title yet is not lost: said, asked, offered again (1280px)',
      testNewArticleWithoutTitleIsNotLost);
    await runTest('text typed while the chief publishes the article is offered to copy (1280px)',
      testTextOfAnArticlePublishedUnderItsWriter);
    await runTest('article cover chosen from the media library, kept, removed (1280px)', testCoverPicker);
    await runTest('editor: Vietnamese typed through input-method composition, saved exactly (1280px)', testEditorIme);
    await runTest('editor: paste from Word keeps headings, lists, tables, bold and drops the rest (1280px)', testEditorPaste);
    await runTest('editor: table from the toolbar saved, saved again byte-identical (1280px)', testEditorTable);
    await runTest('editor: a link typed as www.… is stored as https://, javascript: refused (1280px)', testEditorLink);
    await runTest('editor: toolbar by keyboard, image dialog without a media library (1280px)', testEditorToolbar);
    await runTest('editor: on a phone, no sideways scrolling and axe clean (375px)', testEditorPhone);
    await runTest('editor: image from the media library as a figure, saved again byte-identical (1280px)',
      (np) => testEditorFigure(np, pages[2]));
    await runTest('editor: a picture chosen, then its alt text and caption typed, shown on the public article (375px)',
      testEditorChooseThenCaption);
    await runTest('editor: a new picture uploaded from the dialog into the media library, shown once published (1280px)',
      testEditorUpload);
    await runTest('editor: the image dialog takes alt texts and captions as long as the media library does (1280px)',
      testEditorDialogLimits);
    await runTest('editor: written by a contributor, sent for approval, published by the chief, read on a phone',
      testNewsroomFullPath);
    await runTest('editor: TCVN3 paste converted on the server; old-format articles keep the text area (1280px)',
      (np) => testEditorLegacy(np, pages[2]));
    for (const width of [375, 390, 412, 430, 1280]) {
      for (const path of ['/nong-thon-moi/', '/thong-ke/']) {
        await runTest(`phone review: the charts of ${path} fit the screen, words readable (${width}px)`,
          (np) => testChartsFit(np, path, width, width < 700 ? 10 : 12));
      }
    }
    for (const width of [390, 412, 430]) {
      await runTest(`phone review: each rating circle stays with its words (${width}px)`,
        (np) => testRatingChoices(np, pages[2], width));
    }
    await runTest("phone review: share, tool and tag links are 24 px targets, a tag's whole chip (390px)",
      (np) => testArticleTargets(np, pages[2]));
    await runTest('phone review: the focus ring stands out on the header and the page (390px)', (np) => testFocusRing(np, 390));
    await runTest('phone review: the focus ring stands out on the header and the page (1280px, high contrast)',
      (np) => testFocusRing(np, 1280, '0h'));
    await runTest('phone review: document titles look like links (390px)', testDocumentTitlesLookLikeLinks);
    await runTest('phone review: the print view prints, leads back, and its controls stay off paper (390px)',
      (np) => testPrintViewControls(np, pages[2]));
    await runTest('phone review: tab titles name each thing once (390px)', testTitlesSayItOnce);
    await runTest('phone review: A- and A+ at their limits are no links (390px)', testTextSizeLimits);
    await runTest('print media hides sidebar and menu', (np) => testPrint(np, pages[2]));
    await runTest('print view page', (np) => testPrintView(np, pages[2]));
    await runTest('rating: the reader\'s vote and the views shown again after a reload (1280px)',
      (np) => testRatingRemembered(np, pages[2]));
    await runTest('screenshot docs/screenshot-home.png (1280x900)',
      (np) => testScreenshot(np, 'desktop', { width: 1280, height: 900 }, 'screenshot-home.png'));
    await runTest('screenshot docs/screenshot-phone.png (375x800)',
      (np) => testScreenshot(np, 'phone', { width: 375, height: 800 }, 'screenshot-phone.png'));
  }
}

async function shutdown() {
  if (browser) {
    await withTimeout(browser.close(), 15_000, 'closing Chromium').catch(() => {});
  }
  if (server) {
    try {
      await server.stop();
      report('dinh serve stops cleanly (exit 0, no sanitizer report)', null);
    } catch (e) {
      report('dinh serve stops cleanly (exit 0, no sanitizer report)', e);
    }
  }
  if (workDir) {
    if (failed === 0) fs.rmSync(workDir, { recursive: true, force: true });
    else console.log(`# dinh's log and database are kept in ${workDir}`);
  }
}

const watchdog = setTimeout(() => {
  report('run', new Error(`the whole run took longer than ${RUN_TIMEOUT / 1000} s`));
  server?.kill();
  browser?.process?.()?.kill('SIGKILL');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, RUN_TIMEOUT);

try {
  await main();
} catch (e) {
  report('run', e);
}
await shutdown();
clearTimeout(watchdog);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
