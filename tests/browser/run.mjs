// run.mjs - the browser test suite of dinh.
//
//   make build/san/dinh build/static/.stamp && node tests/browser/run.mjs
//
// Starts the sanitizer build of dinh over a fresh demo database, drives
// Chromium (playwright-core) against it at a phone width (375 px) and a
// desktop width (1280 px), stops the server, and prints one line per test
// ("ok NAME" or "FAIL NAME: reason") and last "N passed, N failed".
// Exit code 1 when anything failed. Every step has a time-out.
import fs from 'node:fs';
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
const RUN_TIMEOUT = 170_000; // the whole run
const ARTICLE_RE = /^\/tin-tuc\/[^/]+\/[^/]+-(\d+)\.html$/;
const NOT_FOUND_PATH = '/khong-co-trang-nay/';
const SKIP_TEXT = 'Bỏ qua, đến nội dung chính';
const SCREENSHOTS = path.join(ROOT, 'docs');

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
  await open(page, `${server.base}/in/${id}.html`);
  await page.emulateMedia({ media: 'print' });
  await loadAllImages(page);
  check(await page.locator('article h1').isVisible(), 'the article title is not visible in the print view');
  check(await page.locator('aside, nav').count() === 0, 'the print view has a sidebar or a menu');
  problems.push(...await imageProblems(page));
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
  check(/Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập\. Thời gian chờ: \d+ giây/.test(text),
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

/** Writing an article: the draft saves itself, and text that never
 *  reached the server is offered back when the page is opened again. */
async function testAutosave(newPage) {
  const page = await newPage('desktop');
  const problems = watchPage(page);
  await page.clock.install();
  await signIn(page, 'bientap');
  await open(page, server.base + '/quan-tri/bai-viet/moi');
  await page.locator('#bv-tieu-de').fill('Bài viết thử tự lưu');
  await page.locator('#bv-noi-dung').fill('<p>Đoạn đầu tiên của bài.</p>');
  const saved = page.waitForResponse((r) => r.request().method() === 'POST', { timeout: STEP_TIMEOUT });
  await page.clock.runFor(16_000);
  const res = await saved;
  const answer = await res.json();
  check(answer.da_luu === true, `the autosave answered ${JSON.stringify(answer)}`);
  await page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/, { timeout: STEP_TIMEOUT });
  check(/Đã tự lưu bản nháp lúc/.test(await page.locator('.autosave-status').innerText()), 'no autosave line');
  // More text, then the tab is reloaded before the next autosave.
  await page.locator('#bv-noi-dung').fill('<p>Đoạn đầu tiên của bài.</p><p>Đoạn thứ hai chưa kịp lưu.</p>');
  await page.reload({ waitUntil: 'load' });
  const restore = page.getByRole('button', { name: 'Khôi phục nội dung chưa lưu' });
  await restore.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await restore.click();
  const body = await page.locator('#bv-noi-dung').inputValue();
  check(body.includes('Đoạn thứ hai chưa kịp lưu.'), `the restored body is ${body}`);
  check(problems.length === 0, problems.join('; '));
}

async function testNewsroomAxe(newPage) {
  const page = await newPage('phone');
  const problems = watchPage(page);
  await open(page, server.base + '/quan-tri/dang-nhap');
  const desk = { documents: '/quan-tri/van-ban/', 'document form': '/quan-tri/van-ban/moi', 'a document': '/quan-tri/van-ban/1' };
  for (const where of ['login', 'dashboard', ...Object.keys(desk)]) {
    if (where === 'dashboard') await signIn(page, 'quantri');
    if (desk[where]) await open(page, server.base + desk[where]);
    const violations = await runAxe(page);
    check(violations.length === 0, `${where}: ${formatViolations(violations)}`);
    check(!(await horizontalOverflow(page)), `${where}: the page scrolls sideways at 375 px`);
  }
  check(problems.length === 0, problems.join('; '));
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
    await runTest('skip link is the first Tab stop (375px)', (np) => testSkipLink(np, 'phone'));
    await runTest('skip link is the first Tab stop (1280px)', (np) => testSkipLink(np, 'desktop'));
    await runTest('newsroom login, idle warning and "keep me signed in" (1280px)', testIdleWarning);
    await runTest('axe newsroom login, dashboard and documents desk (375px)', testNewsroomAxe);
    await runTest('an article draft saves itself and unsaved text comes back (1280px)', testAutosave);
    await runTest('print media hides sidebar and menu', (np) => testPrint(np, pages[2]));
    await runTest('print view page', (np) => testPrintView(np, pages[2]));
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
  browser?.process()?.kill('SIGKILL');
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
