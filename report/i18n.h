/*
 * i18n.h: every string a reader of the workbooks sees, in English, Swedish
 * and Danish, from ONE table (i18n.c: key, en, sv, da).
 *
 * Keys are dotted: "sheet.completion", "hdr.pairs", "reason.chemistry",
 * "flag.no_recent_meeting", "term.held_90d".  Words that come from the
 * database (end reasons, bands, flags, model terms, surveys, roles, items,
 * constructs) are looked up as prefix.value and shown as written when the
 * table has no entry (a term analyze adds later, an item from --config).
 */
#ifndef MS_I18N_H
#define MS_I18N_H

#include <stddef.h>

enum { I18N_EN, I18N_SV, I18N_DA, I18N_NLANG };

/* Index of language code "en", "sv" or "da"; -1 for anything else. */
int i18n_lang(const char *code);

/* Code of language index lang ("en" for an index out of range). */
const char *i18n_code(int lang);

/* The text of key in lang.  A key missing from the table is a bug in the
 * caller; the key itself is returned so the workbook still shows
 * something, and the completeness test catches it.  The string is static.
 * This function can't fail. */
const char *i18n_get(int lang, const char *key);

/* 1 when key is in the table. */
int i18n_has(const char *key);

/* The text of prefix.value ("reason" + "chemistry"), or value itself when
 * the table has no such key.  This function can't fail. */
const char *i18n_word(int lang, const char *prefix, const char *value);

/* Translate a comma-separated list of words (pair_risk.flags, .drivers)
 * into buf (size n), joined by "; ".  Empty items are skipped; an
 * overlong result is cut at a character boundary.  Returns buf. */
char *i18n_words(int lang, const char *prefix, const char *list, char *buf,
                 size_t n);

/* The table, for the completeness test: number of keys and the key, text
 * of each.  i18n_text_at returns NULL or "" where a language is missing. */
int i18n_count(void);
const char *i18n_key_at(int i);
const char *i18n_text_at(int i, int lang);

#endif
