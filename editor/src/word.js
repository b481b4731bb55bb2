// word.js - pasted HTML (Word, LibreOffice, Google Docs, web pages) made
// ready for the schema before the editor parses it.
//
// Two things happen here:
//  - No style attribute or <style> element ever reaches a DOM: the page's
//    CSP (style-src 'self') reports every inline style a parser meets,
//    even in a detached document. So the HTML string is rewritten first:
//    <style> blocks and comments other than Word's list markers go, and
//    style="..." becomes data-style="..."; what the styles meant (bold,
//    italic, underline, struck, raised, lowered, centred, right-aligned)
//    becomes elements and our alignment class; then data-style goes too.
//  - Word's lists: Word writes each list item as a paragraph with
//    `mso-list: l0 level2 lfo1` in its style and the bullet or number as
//    text between <!--[if !supportLists]--> and <!--[endif]-->. Those
//    runs of paragraphs become real <ul>/<ol> (nested by level), without
//    the markers.
// Everything else (classes, fonts, colours, <o:p>) the schema drops.

const LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
const ORDERED_MARKER = /^\s*(\(?[0-9]+[.)]|\(?[a-zA-Z][.)]|\(?[ivxlcdmIVXLCDM]+[.)])\s*$/;
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, td, th, div';

/** The HTML string with no inline style left that a parser would apply. */
function disarmStyles(html) {
  return html
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    // Word's list markers stay (read below), other comments go.
    .replace(/<!--(?!\[if !supportLists\]|\[endif\])[\s\S]*?-->/g, '')
    .replace(/<!\[if !supportLists\]>/gi, '<!--[if !supportLists]-->')
    .replace(/<!\[endif\]>/gi, '<!--[endif]-->')
    .replace(/<[a-zA-Z][^>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, '$1data-style$2'));
}

/** The value of CSS property `name` in the data-style of `el`, lower case. */
function styleOf(el, name) {
  const css = el.getAttribute('data-style') || '';
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]*)`, 'i').exec(css);
  return m ? m[1].trim().toLowerCase() : '';
}

/** Removes Word's list marker from `p`; returns its text. */
function takeMarker(p) {
  let marker = '';
  let inside = false;
  for (const node of Array.from(p.childNodes)) {
    if (node.nodeType === 8) {
      if (/\[if !supportLists\]/i.test(node.data)) inside = true;
      else if (/\[endif\]/i.test(node.data)) inside = false;
      node.remove();
      continue;
    }
    if (inside) {
      marker += node.textContent;
      node.remove();
    }
  }
  // Word without the comments: the marker is a span styled mso-list:Ignore.
  for (const span of Array.from(p.querySelectorAll('[data-style*="mso-list"]'))) {
    if (/^ignore/.test(styleOf(span, 'mso-list'))) {
      marker += span.textContent;
      span.remove();
    }
  }
  return marker.replace(/\u00a0/g, ' ').trim();
}

/** Turns the runs of Word list paragraphs under `root` into lists. */
function buildLists(doc, root) {
  const paragraphs = Array.from(root.querySelectorAll('p')).filter((p) => LIST_STYLE.test(p.getAttribute('data-style') || ''));
  const done = new Set();
  let stack = []; // [{list, level}], innermost last
  for (const p of paragraphs) {
    const level = Math.min(Number(LIST_STYLE.exec(p.getAttribute('data-style'))[2]) || 1, 9);
    const ordered = ORDERED_MARKER.test(takeMarker(p));
    // A new list unless this paragraph directly follows a list paragraph
    // (those already moved stay, empty, until the end).
    if (!done.has(p.previousElementSibling)) stack = [];
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      if (top) {
        const li = top.list.lastElementChild || top.list.appendChild(doc.createElement('li'));
        li.appendChild(list);
      } else {
        p.before(list);
      }
      top = { list, level };
      stack.push(top);
    }
    const li = doc.createElement('li');
    while (p.firstChild) li.appendChild(p.firstChild);
    top.list.appendChild(li);
    done.add(p);
  }
  done.forEach((p) => p.remove());
}

function wrapChildren(doc, el, tag) {
  const w = doc.createElement(tag);
  while (el.firstChild) w.appendChild(el.firstChild);
  el.appendChild(w);
}

/** What the styles meant, as elements and classes; then no data-style. */
function stylesToMarkup(doc, root) {
  for (const el of Array.from(root.querySelectorAll('[data-style]'))) {
    const weight = styleOf(el, 'font-weight');
    const inline = !el.matches(BLOCKS);
    if (/^(normal|[1-4]00)$/.test(weight) && /^(B|STRONG)$/.test(el.tagName)) {
      // Google Docs wraps everything in <b style="font-weight:normal">.
      const span = doc.createElement('span');
      while (el.firstChild) span.appendChild(el.firstChild);
      el.replaceWith(span);
      continue;
    }
    if (inline) {
      if (/^(bold|bolder|[6-9]00)$/.test(weight)) wrapChildren(doc, el, 'strong');
      if (styleOf(el, 'font-style') === 'italic') wrapChildren(doc, el, 'em');
      const deco = styleOf(el, 'text-decoration') + ' ' + styleOf(el, 'text-decoration-line');
      if (/underline/.test(deco)) wrapChildren(doc, el, 'u');
      if (/line-through/.test(deco)) wrapChildren(doc, el, 's');
      const va = styleOf(el, 'vertical-align');
      if (va === 'super') wrapChildren(doc, el, 'sup');
      if (va === 'sub') wrapChildren(doc, el, 'sub');
    } else {
      const align = styleOf(el, 'text-align');
      if (align === 'center' || align === 'right') el.classList.add(`align-${align}`);
    }
  }
  for (const el of Array.from(root.querySelectorAll('[data-style]'))) el.removeAttribute('data-style');
}

/** The HTML the editor should parse instead of `html`. */
export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(disarmStyles(html), 'text/html');
  buildLists(doc, doc.body);
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.remove());
  stylesToMarkup(doc, doc.body);
  // Word's own elements (o:p, v:shape, w:sdt...) give way to their content.
  for (const el of Array.from(doc.body.getElementsByTagName('*'))) {
    if (el.tagName.includes(':')) el.replaceWith(...el.childNodes);
  }
  return doc.body.innerHTML;
}
