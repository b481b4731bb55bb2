/*
 * sanitize.h - the allow-list HTML sanitiser every article body passes
 * before it is stored.
 *
 * An article body arrives as HTML from the editor or pasted from Word,
 * LibreOffice or a web page. It leaves as HTML of a small, fixed language
 * that a browser cannot read as anything but text and formatting:
 *
 *   blocks   p h2 h3 h4 ul ol li blockquote hr figure figcaption
 *            table caption thead tbody tfoot tr th td
 *   inline   strong em u s sub sup a br img
 *
 * with these attributes: a href title (and rel="noopener" on web links);
 * img src alt width height srcset (every URL of srcset checked as src,
 * descriptors only widths "400w" or densities "2x"); ol start; th, td
 * colspan rowspan; th scope; figure and p class (alignment);
 *
 * and nothing else: no script, no style, no event handler, no id, no
 * class outside the few alignment values below, no URL outside
 * sanitize_url_allowed(). The input is parsed by a real HTML5 parser
 * (gumbo), so markup is understood the way a browser understands it; the
 * output is written by our own serializer from our own tree, so its safety
 * does not depend on the parser being right: every element, attribute and
 * character written out is chosen here.
 *
 * What happens to each element of the input:
 *  - kept, maybe renamed: b -> strong, i -> em, h1 -> h2, h5/h6 -> h4,
 *    strike/del -> s;
 *  - dropped with everything inside: script, style, iframe, object, embed,
 *    noscript, template, svg, math, form and its controls, head, title,
 *    meta, link, base, frame(set), applet, audio, video, canvas, comments;
 *  - otherwise unwrapped: the element goes, its content stays in place.
 *    Unwrapped block elements (div, section, center, dd...) still separate
 *    what was before and after them: at the top level each becomes its own
 *    paragraph, inside a list item or a cell a <br>.
 * Word's list paragraphs (style "mso-list") become real lists, its list
 * markers are dropped; bold and italic given by a style (Google Docs) and
 * paragraph alignment given by align= or text-align become strong, em and
 * the class below.
 *
 * The output is a fixed point: sanitize_html() of its own output returns
 * the same bytes, so an article saved again without change stays
 * byte-identical. To get there the output is normalised: text in NFC with
 * runs of white space collapsed, inline content at the top level always in
 * a <p>, elements nested where a browser would not move them (no block
 * inside p or inside inline elements, li only in ul/ol, complete tables),
 * empty elements removed (a <p> with only spaces, no-break spaces or <br>
 * included), one line break after each top-level block, list item and
 * table row so that stored bodies read well in a diff.
 *
 * Everything is bounded: input beyond SANITIZE_MAX_INPUT is cut, nesting
 * beyond SANITIZE_MAX_DEPTH is flattened, the parser's memory is capped (an
 * input that needs more is cut further), and no function recurses.
 */
#ifndef DINH_TEXT_SANITIZE_H
#define DINH_TEXT_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

struct sanitize_options {
    /* May an <img> show this src? (the caller allows only its media
     * library, e.g. "/media/..."); NULL = no images at all. The src has
     * already passed sanitize_url_allowed() and is given as it will be
     * written (spaces as %20, no control characters). */
    bool (*image_allowed)(struct str src, void *ctx);
    void *ctx;
};

struct sanitize_report {
    size_t dropped_elements;   /* elements removed with their content (script, style, iframe...) */
    size_t unwrapped_elements; /* elements removed but their content kept (span, font, div, o:p...) */
    size_t dropped_attributes; /* attributes removed (on*, style, class not allowed...) */
    size_t dropped_urls;       /* href/src refused (javascript:, data:, //host...) */
    size_t dropped_media;      /* embedded players dropped: iframe, video, audio, object, embed (of them,
                                  dropped_elements counts them too) */
    size_t dropped_images;     /* pictures refused by image_allowed (not the library's: a paste from Word,
                                  another site, data:) */
    bool truncated;            /* input over the limits: the rest was dropped */
};

#define SANITIZE_MAX_INPUT (2u << 20) /* bytes */
#define SANITIZE_MAX_DEPTH 64         /* nesting kept; deeper elements are unwrapped */

/*
 * Appends to `out` the safe HTML of `in` (a fragment, as inside <body>).
 * `in` may be any bytes: invalid UTF-8 becomes U+FFFD, NUL and other
 * control characters (C0 except tab and line breaks, DEL, C1) are dropped.
 * An input longer than SANITIZE_MAX_INPUT is cut at a character boundary;
 * so is one whose parse would need more than the memory cap (about 16 MiB
 * plus 128 bytes per input byte), and one whose output would be longer
 * than SANITIZE_MAX_INPUT (so that the output can always be sanitised
 * again unchanged); then report->truncated is set. `opt` and `report` may
 * be NULL (no images; no report). The report counts what was removed from
 * the input; empty elements removed by the normalisation are not counted.
 * Returns 0, or -1 if gumbo failed or out of memory (nothing appended
 * then). Thread-safe: no global state.
 */
int sanitize_html(struct buf *out, struct str in, const struct sanitize_options *opt,
                  struct sanitize_report *report);

/*
 * Whether a URL may stand in href: after removing ASCII whitespace and
 * control characters anywhere in it, it is http:, https:, mailto:, tel:
 * (case-insensitive scheme), a path on this site starting with one "/"
 * (not "//" nor "/\"), or a "#fragment". Everything else is refused:
 * javascript:, vbscript:, data:, file: and every other scheme, "//host",
 * relative paths ("abc.html", "?q=1") and the empty string.
 */
bool sanitize_url_allowed(struct str url);

#endif
