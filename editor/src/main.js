// main.js - the newsroom's WYSIWYG editor (Tiptap), mounted on the article
// form's body field.
//
// Progressive enhancement: the <textarea name="noi-dung"> stays the form's
// field. When it asks for the editor (data-bien-tap="html": the article's
// body is HTML, not the old block format), the editor is put beside it and
// the textarea hidden; every change writes the editor's HTML back into the
// textarea and fires an `input` event there, so the autosave and the copy
// kept in the browser (bai-viet.js) see it. bai-viet.js fires
// `dinh:khoi-phuc` on the textarea when it puts back unsaved text; the
// editor then shows that text. Without JavaScript the textarea works as
// before. The server's sanitiser has the last word on what is stored.
import { Editor } from '@tiptap/core';
import { extensions, linkHref } from './schema.js';
import { cleanPastedHTML } from './word.js';
import { openMediaDialog } from './media.js';

/** A toolbar button: `text` shows, `label` (which contains it, so that
 *  voice control finds the button by what it shows) is its name. */
function button(label, text, run, opts = {}) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'bt-button' + (opts.cls ? ` ${opts.cls}` : '');
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label + (opts.keys ? ` (${opts.keys})` : '');
  b.tabIndex = -1;
  b.addEventListener('mousedown', (e) => e.preventDefault()); // keep the selection
  b.addEventListener('click', run);
  return b;
}

function mount(textarea) {
  const form = textarea.form;
  const readOnly = textarea.disabled || !!textarea.closest('fieldset[disabled]');
  const wrap = document.createElement('div');
  wrap.className = 'bt-editor';
  const toolbar = document.createElement('div');
  toolbar.className = 'bt-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Định dạng nội dung');
  toolbar.setAttribute('aria-controls', 'bt-noi-dung');
  const area = document.createElement('div');
  area.className = 'bt-area';
  wrap.append(toolbar, area);
  textarea.after(wrap);
  textarea.hidden = true;
  const label = textarea.id ? form.querySelector(`label[for="${textarea.id}"]`) : null;

  const editor = new Editor({
    element: area,
    extensions: extensions(),
    content: textarea.value,
    injectCSS: false,
    editable: !readOnly,
    editorProps: {
      attributes: {
        id: 'bt-noi-dung',
        class: 'bt-content article-body',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': 'Nội dung bài viết',
        ...(readOnly ? { 'aria-readonly': 'true' } : {}),
        lang: 'vi',
      },
      transformPastedHTML: cleanPastedHTML,
    },
    onUpdate: ({ editor: ed }) => {
      textarea.value = ed.isEmpty ? '' : ed.getHTML();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    },
  });
  if (label) {
    // The label spoke of HTML for the bare text area; here it is just the body.
    label.textContent = 'Nội dung';
    label.addEventListener('click', () => editor.commands.focus());
  }
  textarea.addEventListener('dinh:khoi-phuc', () => {
    editor.commands.setContent(textarea.value, { emitUpdate: false });
  });
  window.dinhBienTap = editor; // for the browser tests and the console
  if (readOnly) {
    toolbar.remove();
    return;
  }

  const chain = () => editor.chain().focus();
  const csrf = form.querySelector('input[name="csrf"]')?.value ?? document.body.dataset.csrf ?? '';
  const groups = [];
  const group = (name, items) => {
    const g = document.createElement('div');
    g.className = 'bt-group';
    g.setAttribute('role', 'group');
    g.setAttribute('aria-label', name);
    items.forEach(([b]) => g.append(b));
    toolbar.append(g);
    groups.push(...items);
  };
  // [button, isActive?, canRun?]
  const T = (label, text, run, active, can, opts) => [button(label, text, run, opts), active, can];

  group('Kiểu đoạn', [
    T('Đoạn văn', 'Đoạn', () => chain().setParagraph().run(), () => editor.isActive('paragraph')),
    T('Tiêu đề 2 (tiêu đề mục)', 'Tiêu đề 2', () => chain().toggleHeading({ level: 2 }).run(),
      () => editor.isActive('heading', { level: 2 }), null, { keys: 'Ctrl+Alt+2' }),
    T('Tiêu đề 3 (tiêu đề nhỏ)', 'Tiêu đề 3', () => chain().toggleHeading({ level: 3 }).run(),
      () => editor.isActive('heading', { level: 3 }), null, { keys: 'Ctrl+Alt+3' }),
  ]);
  group('Kiểu chữ', [
    T('Chữ đậm', 'Đ', () => chain().toggleBold().run(), () => editor.isActive('bold'), null,
      { keys: 'Ctrl+B', cls: 'bt-bold' }),
    T('Chữ nghiêng', 'N', () => chain().toggleItalic().run(), () => editor.isActive('italic'), null,
      { keys: 'Ctrl+I', cls: 'bt-italic' }),
    T('Gạch chân', 'G', () => chain().toggleUnderline().run(), () => editor.isActive('underline'), null,
      { keys: 'Ctrl+U', cls: 'bt-underline' }),
    T('Liên kết', 'Liên kết', () => {
      const old = editor.getAttributes('link').href ?? '';
      const url = window.prompt('Địa chỉ liên kết (www…, http://, https://, mailto:, tel: hoặc đường dẫn trong trang bắt đầu bằng /). Để trống để bỏ liên kết.', old);
      if (url === null) return;
      const href = linkHref(url);
      if (!url.trim()) {
        chain().extendMarkRange('link').unsetLink().run();
      } else if (!href) {
        window.alert('Địa chỉ này không dùng được: chỉ nhận địa chỉ trang web (www…, http://, https://), mailto:, tel: hoặc đường dẫn bắt đầu bằng /.');
      } else {
        chain().extendMarkRange('link').setLink({ href }).run();
      }
    }, () => editor.isActive('link')),
  ]);
  group('Danh sách và trích dẫn', [
    T('Danh sách số (đánh số 1, 2, 3)', 'Danh sách số', () => chain().toggleOrderedList().run(), () => editor.isActive('orderedList')),
    T('Danh sách chấm (gạch đầu dòng)', 'Danh sách chấm', () => chain().toggleBulletList().run(), () => editor.isActive('bulletList')),
    T('Trích dẫn', 'Trích dẫn', () => chain().toggleBlockquote().run(), () => editor.isActive('blockquote')),
  ]);
  const inTable = () => editor.isActive('table');
  group('Bảng', [
    T('Chèn bảng 3 × 3 có hàng tiêu đề', 'Chèn bảng', () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      null, () => !inTable()),
    T('Thêm hàng bên dưới', 'Thêm hàng', () => chain().addRowAfter().run(), null, inTable),
    T('Xóa hàng', 'Xóa hàng', () => chain().deleteRow().run(), null, inTable),
    T('Thêm cột bên phải', 'Thêm cột', () => chain().addColumnAfter().run(), null, inTable),
    T('Xóa cột', 'Xóa cột', () => chain().deleteColumn().run(), null, inTable),
    T('Xóa bảng', 'Xóa bảng', () => chain().deleteTable().run(), null, inTable),
  ]);
  const inFigure = () => editor.isActive('figure');
  const align = (a) => () => chain().setFigureAlign(a).run();
  group('Ảnh', [
    T('Chèn ảnh từ thư viện', 'Chèn ảnh', () => openMediaDialog(csrf, (f, alt, caption) => {
      chain().insertFigure({
        src: f.dia_chi, alt, width: f.rong || null, height: f.cao || null,
        srcset: f.srcset || null, align: 'align-center',
      }, caption).run();
    })),
    T('Ảnh trái (đặt ảnh bên trái)', 'Ảnh trái', align('align-left'), () => editor.isActive('figure', { align: 'align-left' }), inFigure),
    T('Ảnh giữa (đặt ảnh ở giữa)', 'Ảnh giữa', align('align-center'), () => editor.isActive('figure', { align: 'align-center' }), inFigure),
    T('Ảnh phải (đặt ảnh bên phải)', 'Ảnh phải', align('align-right'), () => editor.isActive('figure', { align: 'align-right' }), inFigure),
  ]);
  group('Hoàn tác', [
    T('Hoàn tác', 'Hoàn tác', () => chain().undo().run(), null, () => editor.can().undo(), { keys: 'Ctrl+Z' }),
    T('Làm lại', 'Làm lại', () => chain().redo().run(), null, () => editor.can().redo(), { keys: 'Ctrl+Shift+Z' }),
  ]);

  // One Tab stop for the toolbar; arrows, Home and End move inside it.
  const buttons = groups.map(([b]) => b);
  let current = 0;
  buttons[0].tabIndex = 0;
  toolbar.addEventListener('keydown', (e) => {
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    let next = null;
    if (e.key === 'ArrowRight') next = (i + 1) % buttons.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + buttons.length) % buttons.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = buttons.length - 1;
    if (next === null) return;
    e.preventDefault();
    buttons[current].tabIndex = -1;
    current = next;
    buttons[current].tabIndex = 0;
    buttons[current].focus();
  });

  function refresh() {
    for (const [b, active, can] of groups) {
      if (active) b.setAttribute('aria-pressed', active() ? 'true' : 'false');
      if (can) b.setAttribute('aria-disabled', can() ? 'false' : 'true');
    }
  }
  // aria-disabled, not disabled: the buttons stay reachable by keyboard.
  toolbar.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (b && b.getAttribute('aria-disabled') === 'true') e.stopImmediatePropagation();
  }, true);
  editor.on('transaction', refresh);
  editor.on('selectionUpdate', refresh);
  refresh();
}

const field = document.querySelector('textarea[data-bien-tap="html"]');
if (field) mount(field);
