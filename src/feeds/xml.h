/*
 * xml.h - writing XML (feeds and sitemaps) into a buffer.
 *
 * Feeds are not HTML, so they do not go through the HTML template
 * compiler; every piece of text that comes from the database goes
 * through xml_text() instead, which escapes the five XML specials and
 * drops the characters XML 1.0 forbids, so a feed always parses.
 */
#ifndef DINH_FEEDS_XML_H
#define DINH_FEEDS_XML_H

#include "core/buf.h"
#include "core/str.h"

/* Appends `s` escaped for XML text and attribute values. */
void xml_text(struct buf *b, struct str s);
/* Appends <name>escaped text</name>. */
void xml_element(struct buf *b, const char *name, struct str text);

#endif
