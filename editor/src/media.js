// media.js - the image dialog: pick a picture from the media library (or
// upload one) and put it in the article as a figure with its caption.
//
// The library answers GET /quan-tri/thu-vien/chon?q=&trang= with
// {"tep": [{id, ten, loai, dia_chi, rong, cao, alt, chu_thich, srcset}],
// "con_nua": bool, "toi_da_ky_tu": N} and takes uploads at
// POST /quan-tri/thu-vien/tai-len (multipart: tep, alt, chu_thich, csrf),
// answering {"tep": {...}} or {"loi": "..."}. N is the most characters the
// library takes in an alt text or a caption: the dialog's fields take as
// many (the library is the one source of that limit). A portal without
// the library (404) gets a message, not an error.
//
// A click on a picture (or Enter/Space on it) only chooses it: the button
// shows it pressed, the alt box takes the library's alt text (the editor
// may change it), the caption box shows the library's caption as a hint,
// and "Chèn ảnh" puts it in with what the boxes hold. So alt and caption
// are written after the picture is chosen, as people do. A double click
// chooses and inserts at once; Escape closes without inserting. An upload
// ("Tải lên và chèn") takes its own alt box and the caption and inserts
// at once, as its button says.

const PICK_URL = '/quan-tri/thu-vien/chon';
const UPLOAD_URL = '/quan-tri/thu-vien/tai-len';

function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k in e && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function failure(status) {
  if (status === 404) return 'Thư viện ảnh chưa có trên cổng này, nên chưa chèn ảnh được.';
  if (status === 401 || status === 403) return 'Phiên đăng nhập đã hết hoặc bạn không có quyền dùng thư viện ảnh.';
  return `Không mở được thư viện ảnh (lỗi ${status}).`;
}

/** Opens the dialog; `insert(file, alt, caption)` puts the chosen picture
 *  in, with the alt text and the caption to show under it. */
export function openMediaDialog(csrf, insert) {
  const status = el('p', { role: 'status', class: 'bt-dialog-status' });
  const search = el('input', { type: 'search', id: 'bt-tim-anh', name: 'q', autocomplete: 'off' });
  const list = el('ul', { class: 'bt-media-list' });
  const more = el('button', { type: 'button', class: 'button button-secondary', text: 'Xem thêm', hidden: true });
  const chosenName = el('p', { class: 'bt-chosen-name', text: 'Chưa chọn ảnh nào: bấm vào một ảnh trong danh sách.' });
  const chosenAlt = el('textarea', { id: 'bt-alt-chon', rows: 3, disabled: true });
  const caption = el('input', { id: 'bt-chu-thich' });
  const insertButton = el('button', { type: 'button', class: 'button', text: 'Chèn ảnh', disabled: true });
  const file = el('input', { type: 'file', id: 'bt-tep', accept: 'image/jpeg,image/png,image/webp,image/gif' });
  const alt = el('input', { id: 'bt-alt' });
  const upload = el('button', { type: 'button', class: 'button', text: 'Tải lên và chèn' });
  const close = el('button', { type: 'button', class: 'button-link', text: 'Đóng' });
  const dialog = el('dialog', { class: 'bt-dialog', 'aria-labelledby': 'bt-dialog-title' }, [
    el('h2', { id: 'bt-dialog-title', text: 'Chèn ảnh từ thư viện' }),
    el('form', { class: 'bt-search', role: 'search' }, [
      el('label', { for: 'bt-tim-anh', text: 'Tìm ảnh' }), search,
      el('button', { type: 'submit', class: 'button', text: 'Tìm' }),
    ]),
    status, list, more,
    el('div', { class: 'bt-chosen' }, [
      chosenName,
      el('div', { class: 'field' }, [el('label', { for: 'bt-alt-chon', text: 'Mô tả ảnh đã chọn (cho người không xem được ảnh)' }), chosenAlt]),
      el('div', { class: 'field' }, [el('label', { for: 'bt-chu-thich', text: 'Chú thích (để trống: chú thích của ảnh)' }), caption]),
      el('p', { class: 'bt-insert' }, [insertButton]),
    ]),
    el('fieldset', { class: 'bt-upload' }, [
      el('legend', { text: 'Hoặc tải ảnh mới lên' }),
      el('div', { class: 'field' }, [el('label', { for: 'bt-tep', text: 'Tệp ảnh (JPEG, PNG, WebP, GIF)' }), file]),
      el('div', { class: 'field' }, [el('label', { for: 'bt-alt', text: 'Mô tả ảnh cho người không xem được ảnh' }), alt]),
      upload,
    ]),
    el('p', {}, [close]),
  ]);
  document.body.append(dialog);
  let page = 1;
  let chosen = null; // the library's answer for the chosen picture

  function finish(f, alt) {
    insert(f, alt.replace(/\s+/g, ' ').trim(), caption.value.trim() || f.chu_thich || '');
    dialog.close();
  }

  /** Marks `f` (its button `b`) as the chosen picture and fills the alt box. */
  function select(f, b) {
    for (const other of list.querySelectorAll('.bt-media-item[aria-pressed="true"]')) {
      other.setAttribute('aria-pressed', 'false');
    }
    b.setAttribute('aria-pressed', 'true');
    if (!chosen || chosen.id !== f.id) {
      chosen = f;
      chosenAlt.value = f.alt || '';
      caption.placeholder = f.chu_thich || '';
    }
    chosenName.textContent = `Ảnh đã chọn: ${f.ten}`;
    chosenAlt.disabled = false;
    insertButton.disabled = false;
  }

  function show(files, append) {
    if (!append) list.replaceChildren();
    for (const f of files) {
      const img = el('img', { src: f.dia_chi, alt: '', loading: 'lazy', width: '96', height: '72' });
      const b = el('button', { type: 'button', class: 'bt-media-item' }, [img, el('span', { text: f.alt || f.ten })]);
      b.setAttribute('aria-label', `Chọn ảnh ${f.alt || f.ten}`);
      b.setAttribute('aria-pressed', chosen && chosen.id === f.id ? 'true' : 'false');
      b.addEventListener('click', () => select(f, b));
      b.addEventListener('dblclick', () => { select(f, b); finish(f, chosenAlt.value); });
      list.append(el('li', {}, [b]));
    }
  }

  async function load(append) {
    status.textContent = 'Đang tải danh sách ảnh…';
    try {
      const q = new URLSearchParams({ q: search.value.trim(), trang: String(page) });
      const r = await fetch(`${PICK_URL}?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!r.ok || !(r.headers.get('Content-Type') || '').startsWith('application/json')) {
        status.textContent = failure(r.status);
        return;
      }
      const j = await r.json();
      if (Number.isInteger(j.toi_da_ky_tu) && j.toi_da_ky_tu > 0) {
        caption.maxLength = j.toi_da_ky_tu;
        alt.maxLength = j.toi_da_ky_tu;
        chosenAlt.maxLength = j.toi_da_ky_tu;
      }
      const files = (j.tep || []).filter((f) => /^image\//.test(f.loai || 'image/'));
      show(files, append);
      more.hidden = !j.con_nua;
      status.textContent = files.length || append ? '' : 'Không có ảnh nào khớp.';
    } catch (e) {
      status.textContent = 'Mất kết nối, chưa tải được danh sách ảnh.';
    }
  }

  dialog.querySelector('form').addEventListener('submit', (e) => {
    e.preventDefault();
    page = 1;
    load(false);
  });
  more.addEventListener('click', () => { page += 1; load(true); });
  insertButton.addEventListener('click', () => { if (chosen) finish(chosen, chosenAlt.value); });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  upload.addEventListener('click', async () => {
    if (!file.files.length) {
      status.textContent = 'Hãy chọn một tệp ảnh.';
      return;
    }
    const data = new FormData();
    data.append('tep', file.files[0]);
    data.append('alt', alt.value.trim());
    data.append('chu_thich', caption.value.trim());
    data.append('csrf', csrf);
    status.textContent = 'Đang tải ảnh lên…';
    try {
      const r = await fetch(UPLOAD_URL, { method: 'POST', credentials: 'same-origin', body: data,
        headers: { Accept: 'application/json' } });
      const json = (r.headers.get('Content-Type') || '').startsWith('application/json') ? await r.json() : null;
      if (json && json.tep) finish(json.tep, json.tep.alt || '');
      else status.textContent = json && json.loi ? json.loi : failure(r.status);
    } catch (e) {
      status.textContent = 'Mất kết nối, ảnh chưa được tải lên.';
    }
  });
  dialog.showModal();
  search.focus();
  load(false);
}
