/*
 * qr.h - a QR code drawn as inline SVG (libqrencode finds the modules):
 * what a phone's camera reads where typing would be slow and error-prone,
 * such as the key of two-step sign-in for an authenticator app.
 */
#ifndef DINH_VIEW_QR_H
#define DINH_VIEW_QR_H

#include "core/arena.h"
#include "core/str.h"

/* An <svg> element (in the arena) of `text` as a QR code, error correction
 * M, with a white margin of four modules and `label` (Vietnamese, plain
 * text without markup characters) as its accessible name; STR_NULL when
 * the text does not fit a QR code. The bytes come from the modules alone:
 * no text of `text` is in them. */
struct str view_qr_svg(struct arena *a, struct str text, struct str label);

#endif
