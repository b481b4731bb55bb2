// schema.js - the editor's document model, made to match the server's
// sanitiser (src/text/sanitize.c): every node and mark here writes only
// elements and attributes that the sanitiser keeps, so that what the
// editor writes comes back from the server unchanged in structure, and a
// stored body opened again shows what was saved.
//
//   blocks  p (class align-center|align-right), h2 h3 h4, ul ol(start) li,
//           blockquote, hr, table > tbody > tr > th|td (colspan rowspan),
//           figure (class align-left|align-center|align-right) > img + figcaption
//   inline  strong em u s sub sup a(href title) br img(src alt width height srcset)
import { Mark, Node, mergeAttributes } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Paragraph from '@tiptap/extension-paragraph';
import Heading from '@tiptap/extension-heading';
import Image from '@tiptap/extension-image';
import { Table, TableRow, TableCell, TableHeader } from '@tiptap/extension-table';

/** Whether `url` may stand in a link: http, https, mailto, tel or a path
 *  of this site (not "//host"), as sanitize_url_allowed() decides. */
export function urlAllowed(url) {
  const u = String(url).replace(/[\u0000-\u0020\u007f]/g, '');
  return /^(https?:|mailto:|tel:)/i.test(u) || /^\/(?![/\\])/.test(u) || /^#/.test(u);
}

/** What the link prompt stores for what an editor typed: the address
 *  itself when urlAllowed() takes it; an address that begins with a host
 *  name ("www.example.gov.vn/…", or a name under .vn such as
 *  "chinhphu.vn/…"), as editors copy it from a page or a letterhead, as
 *  https:// (the sanitiser keeps only absolute addresses and paths of this
 *  site, and a bare host name would be a relative path there); otherwise
 *  null (refused). */
export function linkHref(typed) {
  const u = String(typed).trim();
  if (!u) return null;
  if (urlAllowed(u)) return u;
  const host = /^(?:www\.(?:[\p{L}\p{N}-]+\.)*[\p{L}\p{N}-]+|(?:[\p{L}\p{N}-]+\.)+vn)(?::\d{1,5})?(?:[/?#]|$)/iu;
  if (host.test(u) && !/[\s<>"\\]/.test(u)) return `https://${u}`;
  return null;
}

const ALIGN_P = ['align-center', 'align-right'];
const ALIGN_FIGURE = ['align-left', 'align-center', 'align-right'];

function classIn(element, allowed) {
  for (const c of element.classList) if (allowed.includes(c)) return c;
  return null;
}

/** Paragraph alignment: the sanitiser's class, or what Word and
 *  LibreOffice write (align=, text-align). */
const alignAttribute = {
  align: {
    default: null,
    parseHTML: (el) => {
      const c = classIn(el, ALIGN_P);
      if (c) return c;
      const a = (el.getAttribute('align') || el.style.textAlign || '').toLowerCase();
      return a === 'center' ? 'align-center' : a === 'right' ? 'align-right' : null;
    },
    renderHTML: (attrs) => (attrs.align ? { class: attrs.align } : {}),
  },
};

const AlignedParagraph = Paragraph.extend({ addAttributes: () => alignAttribute });

/** h1 becomes h2 (the page has its own h1), h5 and h6 become h4. */
const HEADING_TAGS = [['h1', 2], ['h2', 2], ['h3', 3], ['h4', 4], ['h5', 4], ['h6', 4]];

function simpleMark(name, tag) {
  return Mark.create({
    name,
    parseHTML: () => [{ tag }],
    renderHTML: () => [tag, 0],
  });
}

/** An image with its caption, on its own line, aligned by a class. */
export const Figure = Node.create({
  name: 'figure',
  group: 'block',
  content: 'inline*',
  draggable: true,
  isolating: true,
  addAttributes() {
    const fromImg = (name) => ({
      default: null,
      parseHTML: (el) => el.querySelector('img')?.getAttribute(name) ?? null,
    });
    return {
      src: fromImg('src'),
      alt: { default: '', parseHTML: (el) => el.querySelector('img')?.getAttribute('alt') ?? '' },
      width: fromImg('width'),
      height: fromImg('height'),
      srcset: fromImg('srcset'),
      align: { default: 'align-center', parseHTML: (el) => classIn(el, ALIGN_FIGURE) ?? 'align-center' },
    };
  },
  parseHTML() {
    return [{
      tag: 'figure',
      getAttrs: (el) => (el.querySelector('img[src]') ? null : false),
      contentElement: (el) => el.querySelector('figcaption') ?? document.createElement('figcaption'),
    }];
  },
  renderHTML({ node }) {
    const a = node.attrs;
    const img = { src: a.src, alt: a.alt ?? '' };
    if (a.width) img.width = a.width;
    if (a.height) img.height = a.height;
    if (a.srcset) img.srcset = a.srcset;
    return ['figure', { class: a.align }, ['img', img], ['figcaption', 0]];
  },
  addCommands() {
    return {
      // The picture, then a paragraph where the cursor goes: typing on after
      // inserting a picture must not run into its caption.
      insertFigure: (attrs, caption) => ({ commands }) => commands.insertContent([
        { type: this.name, attrs, content: caption ? [{ type: 'text', text: caption }] : [] },
        { type: 'paragraph' },
      ]),
      setFigureAlign: (align) => ({ commands }) => commands.updateAttributes(this.name, { align }),
      // Out of the caption into a paragraph under the picture (a new one,
      // or the one that is there when it is empty).
      leaveFigure: () => ({ state, chain }) => {
        const { $from } = state.selection;
        if ($from.parent.type.name !== this.name) return false;
        const after = $from.after();
        const next = state.doc.resolve(after).nodeAfter;
        if (next && next.type.name === 'paragraph' && next.content.size === 0)
          return chain().setTextSelection(after + 1).scrollIntoView().run();
        return chain().insertContentAt(after, { type: 'paragraph' }).setTextSelection(after + 1).scrollIntoView().run();
      },
    };
  },
  addKeyboardShortcuts() {
    // Enter in a caption ends it, as Enter ends a paragraph.
    return { Enter: () => this.editor.commands.leaveFigure() };
  },
});

/** Tables as the sanitiser keeps them: no style, no colgroup, cells with
 *  only colspan and rowspan. */
const PlainTable = Table.extend({
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes(HTMLAttributes), ['tbody', 0]],
}).configure({ resizable: false, View: null });

function spanAttributes() {
  return {
    colspan: { default: 1 },
    rowspan: { default: 1 },
  };
}
const PlainCell = TableCell.extend({ addAttributes: spanAttributes });
const PlainHeader = TableHeader.extend({ addAttributes: spanAttributes });

export function extensions() {
  return [
    StarterKit.configure({
      code: false,
      codeBlock: false,
      paragraph: false,
      trailingNode: false,
      heading: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        HTMLAttributes: { target: null, rel: null, class: null },
        isAllowedUri: (url) => urlAllowed(url),
      },
    }),
    AlignedParagraph,
    Heading.configure({ levels: [2, 3, 4] }).extend({
      parseHTML: () => HEADING_TAGS.map(([tag, level]) => ({ tag, attrs: { level } })),
    }),
    simpleMark('subscript', 'sub'),
    simpleMark('superscript', 'sup'),
    Image.configure({ inline: true, allowBase64: false }).extend({
      addAttributes: () => ({
        src: { default: null },
        alt: { default: null },
        width: { default: null },
        height: { default: null },
        srcset: { default: null },
      }),
    }),
    Figure,
    PlainTable,
    TableRow,
    PlainHeader,
    PlainCell,
  ];
}
