/*
 * words.h - the vocabulary of the demo content (private to src/demo).
 *
 * demo.c writes articles by expanding patterns: Vietnamese text in which a
 * slot such as {xa} (the article's commune) or {phan_tram} (a percentage)
 * stands for a word or number chosen at generation time. A slot whose name
 * starts with a capital letter ({Xa}, {Cap}) is the same slot with its
 * first letter capitalised, for the start of a sentence. The slot names
 * and what they expand to are listed in demo.c (slot_names); every pattern
 * here is checked against that list before anything is written.
 *
 * The tables are plain data: lists of patterns per category (titles with
 * their summaries, opening sentences, detail sentences, headings, image
 * captions), lists shared by all categories (general sentences, quotes,
 * closings), and the places, names and roles that fill the slots. All text
 * is NFC UTF-8, written for this project.
 */
#ifndef DINH_DEMO_WORDS_H
#define DINH_DEMO_WORDS_H

#include <stddef.h>

/* A list of patterns or words. */
struct words_list {
    const char *const *items;
    size_t count;
};

#define WORDS_LIST(array) ((struct words_list){(array), sizeof(array) / sizeof((array)[0])})

/* A title pattern, the summary written for it and, when the category's
 * opening sentences would not fit the title, the body's first sentence. */
struct words_title {
    const char *title;
    const char *summary;
    const char *lead; /* may be NULL */
};

struct words_category {
    const char *slug;
    const char *name;
    const char *description;
    int weight; /* relative share of the articles */
    const struct words_title *titles;
    size_t title_count;
    struct words_list firsts;   /* the body's first sentence, for a title without a lead */
    struct words_list openings; /* the sentence after it */
    struct words_list details;  /* sentences for the paragraphs after it */
    struct words_list tags;     /* tag names; the first is on every article */
    int is_documents;           /* articles that announce a document: no author */
};

/* A commune with the district it belonged to before July 2025, and the
 * host name of that district's portal (for sources such as
 * "Thu Hà/canloc.hatinh.gov.vn"). */
struct words_place {
    const char *commune;
    const char *district;
    const char *district_host;
};

/* A kind of official document: "Kế hoạch số 12/KH-UBND ... của UBND tỉnh". */
struct words_document {
    const char *kind;
    const char *code;
    const char *issuer;
    int max_number;
};

struct words_pair {
    const char *key;
    const char *value;
};

extern const struct words_category words_categories[];
extern const size_t words_category_count;

/* Sentences any article can use, quotes of officials and residents,
 * closing sentences, sub-headings, image captions, summary tails. */
extern const struct words_list words_general;
extern const struct words_list words_quotes;
extern const struct words_list words_closings;
extern const struct words_list words_headings;
extern const struct words_list words_captions;
extern const struct words_list words_summary_tails;

/* Places. */
extern const struct words_place words_places[];
extern const size_t words_place_count;
extern const struct words_list words_villages;

/* People: name parts, roles of provincial and local officials (patterns),
 * roles of residents (patterns), academic titles of authors. */
extern const struct words_list words_surnames;
extern const struct words_list words_male_middle;
extern const struct words_list words_male_given;
extern const struct words_list words_female_middle;
extern const struct words_list words_female_given;
extern const struct words_list words_province_roles;
extern const struct words_list words_local_roles_district; /* before July 2025 */
extern const struct words_list words_local_roles_commune;  /* from July 2025 */
extern const struct words_list words_resident_roles;
extern const struct words_list words_degrees;
extern const struct words_list words_sources;

/* Things the articles talk about. */
extern const struct words_list words_criteria_2021; /* 19 criteria, to 2026 */
extern const struct words_list words_criteria_2026; /* 10 criteria, from 2026 */
extern const struct words_list words_community_models;
extern const struct words_list words_farm_models;
extern const struct words_list words_works;
extern const struct words_list words_unions;
extern const struct words_list words_digital;
extern const struct words_list words_products;
extern const struct words_list words_cooperatives;
extern const struct words_list words_topics; /* "xây dựng khu dân cư kiểu mẫu" */
extern const struct words_document words_documents[];
extern const size_t words_document_count;

/* Site settings, extra tags and web links. */
extern const struct words_pair words_settings[];
extern const size_t words_setting_count;
extern const struct words_list words_extra_tags;
extern const struct words_pair words_weblinks[]; /* name, URL */
extern const size_t words_weblink_count;

#endif
