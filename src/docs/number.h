/*
 * number.h - the number and symbol (số ký hiệu) of an official document:
 * parsing what people type, and the tables of type abbreviations.
 *
 * Four numbering families are in use, each with its own shape:
 *
 *   DOC_ADMIN       323/KH-UBND          administrative documents, Nghị định
 *                                        30/2020/NĐ-CP: number/TYPE-ISSUER
 *   DOC_LEGAL       42/2022/NĐ-CP        legal normative documents (VBQPPL):
 *                   116/2025/QH15        number/YEAR/TYPE-ISSUER; laws carry
 *                                        the legislature instead (QH15)
 *   DOC_PARTY       57-NQ/TW             Party documents, Hướng dẫn 36-HD/VPTW:
 *                                        number-TYPE/BODY
 *   DOC_LETTER      3241/SNV-TT          công văn: number/ISSUER-UNIT, no type
 *   DOC_INCOMPLETE  Nghị quyết 09        a number without a symbol, as running
 *                                        text cites it; never completed by guess
 *
 * doc_number_parse() first normalises the input the way people type it
 * (NFC; the dashes U+2010..U+2015 and U+2212, and the full-width slash, as
 * ASCII; no spaces around '-' and '/'; letters upper-cased except the
 * mixed-case tokens TTr, CTr, QyĐ, QĐi, TrS, QTr and TTg), then decides
 * the family from the shape and the type tables, and writes the canonical
 * form: "464 – QĐ/TU" and "464- QĐ/TU" both become "464-QĐ/TU", and
 * "4-NQ/TU" becomes "04-NQ/TU" (numbers below 10 take a leading zero, Phụ
 * lục I of Nghị định 30/2020). The canonical form is what registers
 * compare; the text as typed is kept by the caller for display.
 *
 * The facts behind the tables are in /work/shared/reference/portal-rules.md
 * §2.2-2.5; what that file marks third-party or unconfirmed is said so at
 * the table in number.c.
 */
#ifndef DINH_DOCS_NUMBER_H
#define DINH_DOCS_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"

/* The values are stored in document.family (002_documents.sql): never
 * renumber them. */
enum doc_family {
    DOC_ADMIN = 1,
    DOC_LEGAL = 2,
    DOC_PARTY = 3,
    DOC_LETTER = 4,
    DOC_INCOMPLETE = 5,
};

/* Input longer than this many bytes is refused before any work. */
#define DOC_NUMBER_MAX_INPUT 256

struct doc_number {
    enum doc_family family;
    unsigned number;    /* the sequence number, >= 1 */
    int year;           /* DOC_LEGAL: the year written in the number; else 0 */
    int legislature;    /* laws and ordinances: 15 for QH15; else 0 */
    char type[16];      /* the type abbreviation ("KH", "QĐ", "TTr"); "" for công
                           văn, laws, and an incomplete number whose type was
                           not named */
    char issuer[64];    /* "UBND", "CP", "TTg", "BTC-BNV", "TW"; công văn: the
                           issuing agency ("SNV"); laws: "QH" */
    char unit[64];      /* công văn: the drafting unit or subject ("TT"); else "" */
    char canonical[96]; /* "323/KH-UBND", "04-NQ/TU", "116/2025/QH15", "09" */
    bool nonstandard;   /* a type abbreviation used in the field but not in the
                           rules (CV for an administrative công văn) */
    const char *reason; /* after -1: why, in Vietnamese, for the editor */
};

/*
 * Parses `in` (any bytes). The number may be preceded by the type's name
 * and "số" ("Kế hoạch số 323/KH-UBND", "Nghị quyết 09", "Số: 12/TB-VPĐP");
 * a name that contradicts the symbol ("Kế hoạch số 5/QĐ-UBND") is refused.
 * Returns 0 and fills *out, or -1 with out->reason set (and out->family 0).
 * Never allocates beyond temporary buffers it frees; thread-safe.
 */
int doc_number_parse(struct str in, struct doc_number *out);

/* For DOC_LEGAL, true when the year in the number is the issue year (a
 * VBQPPL number carries its year); true for the other families. */
bool doc_number_year_matches(const struct doc_number *n, int issue_year);

/* A type abbreviation and what it stands for. */
struct doc_type_abbr {
    const char *abbr; /* as written in numbers: "KH", "QyĐ", "QĐi" */
    const char *name; /* "Kế hoạch" */
};

/* The table of a family: DOC_ADMIN (Nghị định 30/2020, Phụ lục III),
 * DOC_LEGAL, DOC_PARTY; DOC_LETTER and DOC_INCOMPLETE have none (*out is
 * set to NULL and 0 returned). */
size_t doc_type_table(enum doc_family family, const struct doc_type_abbr **out);

/* The Vietnamese name of a type abbreviation: "KH" -> "Kế hoạch". Looks in
 * the administrative, legal and Party tables in that order (so "TT" is
 * "Thông tư"; the Party's "TT" is doc_type_name_in(DOC_PARTY, "TT"),
 * "Thông tri"). NULL if unknown. */
const char *doc_type_name(const char *abbr);
const char *doc_type_name_in(enum doc_family family, const char *abbr);

/* Writes the canonical spelling of a type abbreviation typed in any case
 * ("kh" -> "KH", "ttr" -> "TTr", "qđ" -> "QĐ") into out (cap bytes) and
 * returns 0 if it is in one of the tables; -1 otherwise. */
int doc_type_abbr_canonical(struct str in, char *out, size_t cap);

/* "Văn bản hành chính", "Văn bản quy phạm pháp luật"...; "" if unknown. */
const char *doc_family_name(enum doc_family family);

#endif
