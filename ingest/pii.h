/*
 * pii.h: the personal-data detector.  ingest calls pii_scan() on every field
 * of every record and pii_header_is_personal() on every header name, and
 * refuses a file whole on any hit (inputs.md, "Personal data is refused").
 * Pure functions over bytes: no allocation, no locale, no state.
 *
 * Usage:
 *     enum pii_kind k = pii_scan(field, len);
 *     if (k != PII_NONE)
 *         ... refuse: "line 7, column 'org_unit': holds a %s", pii_kind_str(k)
 *
 * What counts (each rule with its source):
 *
 * Fast path.  Every identifier below has an '@' or at least 8 digits (the
 * shortest are a Danish 8-digit number, a Swedish landline of 8 digits and
 * +1/+7 with 7 more), so one pass that stops at the first '@' or 8th digit
 * rejects ids, dates of 6 digits or fewer, scores, durations and most
 * amounts before any pattern is tried.
 *
 * Boundaries.  A number never matches inside a longer run of ASCII letters
 * or digits ("ID8501011234x", a 14-digit number), next to an '@', or as part
 * of a longer number: preceded by a digit and '.', ',' or '-' (decimals,
 * "12-850101-1234"), followed by '-' and a digit, or followed by '.' or ','
 * and fewer than 6 digits (a decimal amount "8501011234,50"; a comma-joined
 * list of identifiers still matches its first).  Phone numbers, whose
 * groups are written with spaces, also refuse a neighbouring space and digit
 * ("12 034 567 890" is an amount, not 034-567 890).  Bytes >= 0x80 are
 * boundaries, like punctuation.
 *
 * E-mail address (RFC 5322 section 3.4.1 addr-spec, RFC 5233 sub-addressing):
 * local@domain.  The local part is a dot-atom (letters, digits,
 * !#$%&'*+/=?^_`{|}~- and dots, holding at least one letter or digit;
 * dots next to the '@' or doubled are tolerated, since a sloppy address is
 * still an address) or a quoted string ("john doe"@example.com).  The domain
 * has two or more non-empty labels of letters, digits, '-' or UTF-8 bytes
 * and ends in a top-level label of 2 or more ASCII letters.  Not addresses:
 * "@handle", "a@b", "user@localhost", "2024@q1", "pkg@1.2.3", IP literals.
 *
 * Swedish personnummer (Skatteverket, SKV 704 "Personnummer"): YYMMDD-NNNC,
 * YYMMDD+NNNC (the '+' for age 100 or more), YYMMDDNNNC, YYYYMMDD-NNNC and
 * YYYYMMDDNNNC.  The birth date must be a real date: a 4-digit year in
 * 1800..2099; a 2-digit year in 1800s/1900s with '+', 1900s/2000s with
 * '-', any of the three without a separator (this only decides 29 February
 * of year 00).  C is the Luhn (mod 10, weights 2,1,2,...) check digit over
 * YYMMDDNNN.  Samordningsnummer (folkbokföringslagen 1991:481 18 a §,
 * Skatteverket): the same with the day + 60 (61..91) ->
 * PII_SAMORDNINGSNUMMER.
 *
 * Danish CPR number (CPR-kontoret, "Personnummeret i CPR-systemet"):
 * DDMMYY-SSSS or DDMMYYSSSS with a real date, the century taken from the
 * 7th digit (0-3: 1900s; 4 and 9: 2000-2036 / 1937-1999; 5-8: 2000-2057 /
 * 1858-1899).  Since 2007 CPR numbers need not satisfy the modulus-11 check,
 * so DDMMYY-SSSS with the '-' matches with any serial; without the '-'
 * the modulus-11 check (weights 4,3,2,7,6,5,4,3,2,1, sum = 0 mod 11) is
 * required, because a bare 10-digit run with a date-like head is too often
 * some other number.  A string valid under two rules is reported as a
 * personnummer before a CPR number before a samordningsnummer: the Luhn
 * digit is evidence a CPR lacks, but a CPR of someone born in 1961..1991
 * reads as a coordination day 61..91 (CPR-kontoret's own example
 * 070761-4285 is also a valid samordningsnummer), and coordination numbers
 * are few.
 *
 * Phone numbers (ITU-T E.164 and E.123; PTS, the Swedish numbering plan;
 * the Danish numbering plan):
 *  - International: '+', or "00" and at most one ' ' or '-', then an
 *    assigned E.164 country code (1 to 3 digits, read by the code's
 *    prefix-free zone structure), then 7..13 more digits, with runs of up
 *    to 3 separators from " -.()" between digit groups; a trunk "(0)"
 *    after the country code is skipped ("+46 (0)8 123 456 78").
 *  - Swedish mobile: 070, 072, 073, 076 or 079 and 7 more digits, 10 in all,
 *    bare ("0701234567") or grouped with ' ' or '-' ("070-123 45 67").
 *  - Swedish landline: trunk 0, area code 08 or 0 + 2..3 digits (first not
 *    0 or 7), at least one ' ' or '-' after the area code, a subscriber
 *    number not starting with 0, 8..10 digits in all ("08-123 456 78",
 *    "031-12 34 56").  A bare run is not a landline (too often an id).
 *  - Danish: 8 digits, the first 2..9, written in pairs "12 34 56 78" or
 *    halves "1234 5678" (not two years "2023 2024"); a bare 8-digit run is
 *    too often an amount or an id.  With +45 / 0045, as international.
 *  - Never a date: groups shaped DD-MM-YYYY or YYYY-MM-DD that form a real
 *    date are not phone numbers ("08-12-2024"); '.' and ':' separate
 *    groups only after a country code, so DD.MM.YYYY and times never match.
 */
#ifndef MS_PII_H
#define MS_PII_H

#include <stddef.h>

/* The kinds of identifier that make a file be refused. */
enum pii_kind {
    PII_NONE = 0,          /* nothing found */
    PII_EMAIL,             /* an e-mail address */
    PII_PERSONNUMMER,      /* a Swedish personal identity number */
    PII_SAMORDNINGSNUMMER, /* a Swedish coordination number */
    PII_CPR,               /* a Danish CPR number */
    PII_PHONE              /* a phone number */
};

/* The first identifier found anywhere in s[0..n) (it may be inside free
 * text), or PII_NONE.  "First" is by position: the earliest-starting number
 * wins, and an e-mail address counts from the start of its local part.
 * s need not be NUL-terminated; s == NULL reads as empty.  Runs in time
 * linear in n and never reads outside s[0..n).  This function can't fail. */
enum pii_kind pii_scan(const char *s, size_t n);

/* Words for messages: "e-mail address", "Swedish personal identity number
 * (personnummer)", ...; a static string, never NULL (an unknown k gives
 * "unknown identifier").  This function can't fail. */
const char *pii_kind_str(enum pii_kind k);

/* 1 when the header name[0..n) says the column holds personal data, else 0.
 * The name is split into words at spaces, '-', '_', '.', other punctuation,
 * lower-to-upper case changes and letter/digit changes, and compared
 * case-insensitively (ASCII and the Nordic letters ÅÄÖÆØ): a column is
 * personal when one word, or 2..4 adjacent words joined (so "E-mail",
 * "e_post", "date of birth", "First Name" all count), is a listed term:
 * name/namn/navn and their first/last/full forms (förnamn, efternamn,
 * fornavn, efternavn, ...), email/e-mail/e-post/mail, personnummer/
 * personnr/pnr/samordningsnummer/cpr/ssn, phone/telefon/tel/tlf/mobil/
 * mobile and their -nummer forms, address/adress/adresse and compounds,
 * and birth-date forms (birthdate, date_of_birth, dob, födelsedatum,
 * fødselsdato, ...).  "name" after a word for a thing rather than a person
 * (programme_name, org_unit_name, cohort name, ...) does not count.
 * Contract columns never match (pair_id, programme, cohort, mentor_id,
 * mentee_id, coordinator_id, org_unit, cross_org, start_date, status, ...),
 * and a name starting with "q_" (any case) is a questionnaire item by
 * contract and never matches.  Only the first 255 bytes are read.
 * On a match the term (a static string such as "email" or "fornavn") is
 * stored in *what when what is non-NULL; *what is untouched otherwise.
 * name == NULL reads as empty.  This function can't fail. */
int pii_header_is_personal(const char *name, size_t n, const char **what);

#endif
