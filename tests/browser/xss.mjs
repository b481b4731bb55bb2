// xss.mjs - the XSS corpus of xss-corpus.mjs (over 300 payloads) put where
// attackers put it - article titles, summaries, bodies, authors, sources,
// readers' names and comments, pictures' file names, descriptions and
// captions, the NTM office's training courses and delegation visits - and
// every page that shows it opened in
// Chromium with the Content-Security-Policy switched OFF (bypassCSP), so
// that the escaping and the sanitiser alone must hold: no dialog, no
// request that leaves the site, and no dangerous markup in the DOM (event
// handler attributes, javascript:/data: URLs, scripts other than ours,
// frames, base, refresh, foreign style sheets). Event handlers that need a
// person (mouse over, focus) are given one: the mouse crosses the page and
// Tab walks it.
//
//   make build/san/dinh build/static/.stamp && node tests/browser/xss.mjs
//
// Prints "ok NAME" / "FAIL NAME: why" per page and last "N passed, N failed".
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { BASE_URL, Server, makeDemoDb } from './server.mjs';
import { PAYLOADS } from './xss-corpus.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUN_TIMEOUT = 600_000; // 2.7 min alone; longer beside the HTTP suite

let passed = 0;
let failed = 0;

function report(name, error) {
  if (error) {
    failed++;
    console.log(`FAIL ${name}: ${String(error.message ?? error).replace(/\s+/g, ' ').slice(0, 2000)}`);
  } else {
    passed++;
    console.log(`ok ${name}`);
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

/** One person's HTTP conversation with dinh: cookies kept, forms with their token. */
class Client {
  constructor(base, address = '127.0.0.1') {
    this.base = base;
    this.address = address;
    this.cookies = new Map();
  }

  async request(method, path, form) {
    const headers = { 'X-Forwarded-For': this.address };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers.Origin = BASE_URL;
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(this.base + path, { method, headers, body, redirect: 'manual',
      signal: AbortSignal.timeout(30_000) });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (attrs.some((a) => /max-age=0/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  }

  get(path) { return this.request('GET', path); }
  post(path, form) { return this.request('POST', path, form); }

  async token(path) {
    const r = await this.get(path);
    check(r.status === 200, `GET ${path} answered ${r.status}`);
    const m = /name="csrf" value="([^"]+)"/.exec(r.text);
    check(m, `no form token on ${path}`);
    return { token: m[1], page: r.text };
  }

  async login(login, password) {
    const { token } = await this.token('/quan-tri/dang-nhap');
    const r = await this.post('/quan-tri/dang-nhap', { csrf: token, ten: login, 'mat-khau': password });
    check(r.status === 303 && this.cookies.has('dinh_phien'), `login of ${login} answered ${r.status}`);
    return this;
  }
}

function chunks(list, maxBytes, sep = ' ') {
  const out = [];
  let cur = [];
  for (const p of list) {
    const next = [...cur, p].join(sep);
    if (cur.length && Buffer.byteLength(next) > maxBytes) {
      out.push(cur);
      cur = [p];
    } else {
      cur.push(p);
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** A w x h PNG of one colour: valid bytes the library decodes. */
function makePng(w, h) {
  const rows = Buffer.alloc((w * 3 + 1) * h, 0x5a);
  for (let y = 0; y < h; y++) rows[y * (w * 3 + 1)] = 0;
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

const NUMBERS = { một: 1, hai: 2, ba: 3, bốn: 4, năm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9 };

/** Puts the corpus into the site: articles published by the chief,
 *  comments from readers (half approved). Returns what to visit. */
async function seed(server, logins) {
  const chief = await new Client(server.base).login('truongban', logins.truongban);
  const { page: form } = await chief.token('/quan-tri/bai-viet/moi');
  const category = /<select id="bv-chuyen-muc" name="chuyen-muc">\s*<option value="(\d+)"/.exec(form)[1];
  // Control characters (other than tab and line breaks) are taken out of
  // form values before anything else reads them ("jav\u0001ascript:" then
  // meets the sanitiser as "javascript:"): those payloads are stored too.
  const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
  for (const p of PAYLOADS.filter((x) => controls.test(x))) {
    const { token } = await chief.token('/quan-tri/bai-viet/moi');
    const r = await chief.post('/quan-tri/bai-viet/moi', { csrf: token, viec: 'luu', 'chuyen-muc': category,
      'tieu-de': `Thử ${p}`, 'noi-dung': `<p>${p}</p>` });
    check(r.status === 303, `a payload with a control character answered ${r.status}`);
  }
  const stored = PAYLOADS;
  const titles = chunks(stored, 480);
  const articles = [];
  for (let i = 0; i < titles.length; i++) {
    const { token } = await chief.token('/quan-tri/bai-viet/moi');
    const bodyPart = stored.slice((i * 40) % stored.length, (i * 40) % stored.length + 40);
    const r = await chief.post('/quan-tri/bai-viet/moi', {
      csrf: token, viec: 'dang', 'chuyen-muc': category,
      'tieu-de': titles[i].join(' '),
      'tom-tat': stored.slice(i * 7 % stored.length, i * 7 % stored.length + 7).join(' '),
      'noi-dung': bodyPart.map((p) => `<p>${p}</p>`).join('\n') + bodyPart.join('\n'),
      'tac-gia': stored[i % stored.length].slice(0, 200),
      nguon: stored[(i + 1) % stored.length].slice(0, 200),
    });
    check(r.status === 303, `publishing article ${i} answered ${r.status}: ${r.text.slice(0, 300)}`);
    const edit = r.location.split('?')[0];
    const page = (await chief.get(edit)).text;
    const pub = /<a href="([^"]+)">Xem trên trang<\/a>/.exec(page);
    check(pub, `article ${edit} has no public address`);
    articles.push({ edit, id: Number(edit.split('/').pop()), path: pub[1].replace(BASE_URL, '') });
  }
  // Pictures with hostile file names, descriptions and captions, in the
  // media library and in an article's body as figures.
  const figures = [];
  for (let i = 0; i < 12; i++) {
    const p = stored[(i * 13) % stored.length].replace(/\s+/g, ' ').slice(0, 150);
    const { token } = await chief.token('/quan-tri/thu-vien/');
    const form = new FormData();
    form.append('csrf', token);
    form.append('alt', p);
    form.append('chu_thich', p);
    // Different bytes each time: the library keeps one entry per content.
    const img = makePng(8 + i, 8);
    form.append('tep', new Blob([img], { type: 'image/png' }), `${p}.png`);
    const res = await fetch(server.base + '/quan-tri/thu-vien/tai-len', {
      method: 'POST', body: form, redirect: 'manual', signal: AbortSignal.timeout(30_000),
      headers: { Accept: 'application/json', Origin: BASE_URL,
        Cookie: [...chief.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const answer = await res.json().catch(() => ({}));
    check(res.status === 201 && answer.tep, `uploading picture ${i} answered ${res.status}: ${JSON.stringify(answer)}`);
    figures.push(`<figure><img src="${answer.tep.dia_chi}" alt="${p.replace(/"/g, '&quot;')}"><figcaption>${p}</figcaption></figure>`);
  }
  {
    const { token } = await chief.token('/quan-tri/bai-viet/moi');
    const r = await chief.post('/quan-tri/bai-viet/moi', { csrf: token, viec: 'dang', 'chuyen-muc': category,
      'tieu-de': 'Ảnh có chú thích lạ', 'noi-dung': figures.join('\n') });
    check(r.status === 303, `publishing the article of pictures answered ${r.status}`);
    const edit = r.location.split('?')[0];
    const pub = /<a href="([^"]+)">Xem trên trang<\/a>/.exec((await chief.get(edit)).text);
    articles.push({ edit, id: Number(edit.split('/').pop()), path: pub[1].replace(BASE_URL, '') });
  }
  // One more save of the first article, so that it has versions to compare.
  {
    const { token } = await chief.token(articles[0].edit);
    const r = await chief.post(articles[0].edit, {
      csrf: token, viec: 'luu', 'chuyen-muc': category, 'tieu-de': stored.slice(0, 5).join(' '),
      'noi-dung': stored.slice(100, 140).map((p) => `<p>${p}</p>`).join(''),
    });
    check(r.status === 303, `saving article ${articles[0].id} again answered ${r.status}`);
  }
  // Readers' comments: names and texts; each reader from an address of its own.
  const commentsOn = articles.slice(0, 3);
  let reader = 0;
  const texts = chunks(stored, 2800, '\n');
  for (let k = 0; k < texts.length; k++) {
    const target = commentsOn[k % commentsOn.length];
    const c = new Client(server.base, `198.51.100.${10 + reader++}`);
    const f = await c.get(`/y-kien/${target.id}`);
    check(f.status === 200, `the comment form of ${target.id} answered ${f.status}`);
    const q = /Câu hỏi kiểm tra: (\S+) (cộng|trừ) (\S+) bằng mấy\?/.exec(f.text);
    check(q, 'no question on the comment form');
    const answer = q[2] === 'cộng' ? NUMBERS[q[1].toLowerCase()] + NUMBERS[q[3]] : NUMBERS[q[1].toLowerCase()] - NUMBERS[q[3]];
    const r = await c.post(`/y-kien/${target.id}`, {
      ma: /name="ma" value="([^"]+)"/.exec(f.text)[1], 'ho-ten': stored[k % stored.length].slice(0, 100),
      'thu-dien-tu': '', 'noi-dung': texts[k].join('\n'), 'dap-an': String(answer), 'trang-web': '',
    });
    check(r.status === 303, `comment ${k} answered ${r.status}: ${r.text.slice(0, 200)}`);
  }
  // The chief approves every other waiting comment.
  const mod = await chief.get('/quan-tri/y-kien/');
  const ids = [...mod.text.matchAll(/name="id" value="(\d+)"/g)].map((m) => m[1]);
  const unique = [...new Set(ids)];
  check(unique.length >= texts.length, `the moderation page lists ${unique.length} comments, not ${texts.length}`);
  for (let i = 0; i < unique.length; i += 2) {
    const { token } = await chief.token('/quan-tri/y-kien/');
    const r = await chief.post('/quan-tri/y-kien/xu-ly', { csrf: token, id: unique[i], viec: 'duyet' });
    check(r.status === 303, `approving comment ${unique[i]} answered ${r.status}`);
  }
  return { chief, articles, stored };
}

/** What in the DOM could run or leak: a list of findings. */
function domProblems() {
  const problems = [];
  const here = location.host;
  const bad = (el, why) => problems.push(`<${el.tagName.toLowerCase()}> ${why}`);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
      if (name.startsWith('on')) bad(el, `has ${name}`);
      if (/^(href|src|action|formaction|xlink:href|data|background|poster|ping|codebase|srcset|lowsrc|dynsrc)$/.test(name) &&
          /^(javascript|vbscript|livescript|data:(?!image\/(png|jpeg|gif|webp);))/.test(value)) bad(el, `${name}=${a.value}`);
      if (name === 'srcdoc') bad(el, 'has srcdoc');
      if (name === 'style') bad(el, `style=${a.value}`);
    }
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'foreignobject', 'animate', 'set',
      'handler', 'listener', 'template', 'noscript', 'xmp', 'plaintext'].includes(tag)) bad(el, 'is there');
    if (tag === 'style') bad(el, 'is there');
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) bad(el, 'refreshes');
    if (tag === 'script') {
      const type = el.getAttribute('type');
      if (type === 'application/ld+json') {
        try { JSON.parse(el.textContent); } catch { bad(el, 'holds JSON that does not parse'); }
      } else if (!el.src || new URL(el.src).host !== here || !new URL(el.src).pathname.startsWith('/static/')) {
        bad(el, `src=${el.src || '(inline)'}`);
      }
    }
    if (tag === 'link' && el.href) {
      const u = new URL(el.href);
      if (/stylesheet|import|preload|prefetch|modulepreload/i.test(el.rel) && u.host !== here) bad(el, `loads ${el.href}`);
    }
    if ((tag === 'img' || tag === 'source' || tag === 'video' || tag === 'audio' || tag === 'input') && el.getAttribute('src')) {
      const u = new URL(el.getAttribute('src'), location.href);
      if (u.host !== here && u.protocol !== 'data:') bad(el, `src=${u.href}`);
    }
  }
  if (window.name) problems.push(`window.name set: ${window.name}`);
  return problems;
}

/** Opens `url` (or, for the self-check, sets `html` as the page) and
 *  throws when anything in it ran, left the site or could. */
async function visit(context, url, { expect = 200, html = null } = {}) {
  const page = await context.newPage();
  const dialogs = [];
  const errors = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    if (html) {
      await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
      await page.setContent(html, { waitUntil: 'load' });
    } else {
      const res = await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
      check(res && res.status() === expect, `${url} answered ${res?.status()}`);
    }
    // What a person does: the mouse crosses the page, Tab walks it.
    const size = page.viewportSize() ?? { width: 1280, height: 900 };
    for (let y = 10; y < size.height; y += 120) {
      await page.mouse.move(10, y);
      await page.mouse.move(size.width - 10, y, { steps: 2 });
    }
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(100);
    const found = await page.evaluate(domProblems);
    check(dialogs.length === 0, `a payload ran: dialog "${dialogs[0]}"`);
    check(context.leaks.length === 0, `a request left the site: ${context.leaks[0]}`);
    check(found.length === 0, `dangerous markup in the page: ${found.slice(0, 5).join('; ')}`);
    check(!/^(SyntaxError|ReferenceError)/.test(errors[0] ?? ''), `a script error hints at injected code: ${errors[0]}`);
  } finally {
    await page.close().catch(() => {});
  }
}

/** The office's activities with payloads in every text a course and a
 *  visit have, published; returns the office's client and the pages to
 *  open: the public lists and items, and the office's list and forms. */
async function seedActivities(server, logins, stored) {
  const office = await new Client(server.base).login('vanphong', logins.vanphong);
  const line = (i) => stored[i % stored.length].replace(/\s+/g, ' ').trim().slice(0, 290) || 'x';
  const text = (i) => stored.slice(i % stored.length, i % stored.length + 40).join('\n').slice(0, 9000);
  const base = '/quan-tri/nong-thon-moi/hoat-dong/';
  const edits = [];
  for (let i = 0; i < 3; i++) {
    let { token } = await office.token(base + 'tap-huan/moi');
    let r = await office.post(base + 'tap-huan/moi', {
      csrf: token, 'thao-tac': 'luu', 'tieu-de': line(i * 5), 'tu-ngay': '2027-01-0' + (i + 1), 'den-ngay': '2027-01-09',
      'dia-diem': line(i * 5 + 1), 'don-vi': line(i * 5 + 2), 'thanh-phan': line(i * 5 + 3), 'so-nguoi': '12',
      'tom-tat': text(i * 40), 'trang-thai': 'cong-bo' });
    check(r.status === 303, `a course with payloads answered ${r.status}: ${r.text.slice(0, 300)}`);
    edits.push(r.location.split('?')[0]);
    const form = await office.token(base + 'doan-cong-tac/moi');
    const unit = /<select id="hd-xa-1" name="xa-1"[^>]*>\s*<option value=""[^>]*>[^<]*<\/option>\s*<option value="(\d+)"/.exec(form.page);
    check(unit, 'the visit form offers no commune');
    r = await office.post(base + 'doan-cong-tac/moi', {
      csrf: form.token, 'thao-tac': 'luu', 'tieu-de': line(i * 7 + 100), 'tu-ngay': '2027-02-02', 'den-ngay': '2027-02-02',
      'truong-doan': line(i * 7 + 101), 'thanh-vien': text(i * 40 + 120), 'muc-dich': text(i * 40 + 20),
      'ket-luan': text(i * 40 + 60), 'xa-1': unit[1], 'ngay-1': '2027-02-02', 'tu-1': '08:00', 'den-1': '09:00',
      'trang-thai': 'cong-bo' });
    check(r.status === 303, `a visit with payloads answered ${r.status}: ${r.text.slice(0, 300)}`);
    edits.push(r.location.split('?')[0]);
  }
  const publicPages = ['/nong-thon-moi/tap-huan/', '/nong-thon-moi/doan-cong-tac/'];
  for (const list of ['/nong-thon-moi/tap-huan/', '/nong-thon-moi/doan-cong-tac/']) {
    const page = (await office.get(list)).text;
    const links = [...page.matchAll(/href="(\/nong-thon-moi\/(?:tap-huan|doan-cong-tac)\/\d+-[^"]*)"/g)].map((m) => m[1]);
    check(links.length >= 3, `${list} lists ${links.length} items`);
    publicPages.push(...links.slice(0, 3));
  }
  return { office, edits: [base, ...edits], publicPages };
}

async function main() {
  const started = Date.now();
  const made = makeDemoDb();
  const server = await Server.start({ ...made, extraArgs: ['--demo-logins', '--trusted-proxy', '127.0.0.1'] });
  let browser = null;
  try {
    const { chief, articles, stored } = await seed(server, made.logins);
    const activities = await seedActivities(server, made.logins, stored);
    report(`${stored.length} payloads stored in ${articles.length} articles and their comments, ` +
      `${PAYLOADS.length - stored.length} with control characters refused (${Math.round((Date.now() - started) / 1000)} s)`, null);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    const newContext = async (signedIn) => {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      context.leaks = [];
      await context.route('**/*', (route) => {
        const u = new URL(route.request().url());
        if (u.hostname !== '127.0.0.1') {
          context.leaks.push(u.href);
          return route.abort();
        }
        return route.continue();
      });
      if (signedIn) {
        await context.addCookies([{ name: 'dinh_phien', value: signedIn.cookies.get('dinh_phien'), url: server.base }]);
      }
      return context;
    };
    const reader = await newContext(false);
    const desk = await newContext(chief);
    const admin = await newContext(await new Client(server.base).login('quantri', made.logins.quantri));
    const office = await newContext(activities.office);
    // The checks can fail: payloads put into a page unescaped are caught.
    for (const [what, html] of [['a dialog', '<p>x</p><img src=x onerror=alert(1)>'],
      ['a request that leaves the site', '<img src="https://evil.example/p.gif">'],
      ['dangerous markup', '<a href="java&#x09;script:void(0)">x</a>'],
      ['a handler run by the mouse', '<div onmouseover="alert(2)">' + 'x '.repeat(4000) + '</div>']]) {
      let caught = null;
      try {
        await visit(reader, server.base + '/', { html });
      } catch (e) {
        caught = e;
      }
      report(`the check catches ${what}`, caught ? null : new Error(`${html.slice(0, 60)} passed the check`));
    }
    reader.leaks.length = 0;
    const category = articles[0].path.split('/').slice(0, 3).join('/') + '/';
    const pages = [
      [reader, '/'], [reader, category], [reader, '/tim-kiem?q=alert'], [reader, '/tim-kiem?q=script'],
      ...articles.map((a) => [reader, a.path]),
      ...articles.slice(0, 3).map((a) => [reader, `/y-kien/${a.id}`]),
      [desk, '/quan-tri/bai-viet/'], [desk, '/quan-tri/bai-viet/?xep=tieu-de'],
      ...articles.map((a) => [desk, a.edit]),
      [desk, `${articles[0].edit}/ban-luu`],
      [desk, '/quan-tri/y-kien/'], [admin, '/quan-tri/nhat-ky/'], [desk, '/quan-tri/thu-vien/'],
      ...activities.publicPages.map((path) => [reader, path]),
      ...activities.edits.map((path) => [office, path]),
    ];
    const versions = (await chief.get(`${articles[0].edit}/ban-luu`)).text;
    const first = /name="tu" value="(\d+)"/.exec(versions);
    if (first) pages.push([desk, `${articles[0].edit}/ban-luu/so-sanh?tu=${first[1]}`]);
    for (const [context, path] of pages) {
      const who = context === reader ? 'reader' : 'newsroom';
      try {
        await visit(context, server.base + path);
        report(`inert for the ${who}: ${path}`, null);
      } catch (e) {
        report(`inert for the ${who}: ${path}`, e);
      }
    }
  } catch (e) {
    report('setup', e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    try {
      await server.stop();
      report('dinh serve stops cleanly (exit 0, no sanitizer report)', null);
    } catch (e) {
      report('dinh serve stops cleanly (exit 0, no sanitizer report)', e);
    }
  }
}

const timer = setTimeout(() => {
  report('the run', new Error(`did not end within ${RUN_TIMEOUT / 1000} s`));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, RUN_TIMEOUT);
await main();
clearTimeout(timer);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
