/*
 * pii.c: the personal-data detector (see pii.h for every rule and its
 * source).  pii_scan() makes one cheap pass to rule out fields with no '@'
 * and fewer than 8 digits, then tries each pattern at each place a number
 * or an address can start (never inside a digit run), so a scan stays
 * linear in the field's length.
 */
#include "pii.h"

#include <string.h>

#include "dates.h"

/* No identifier has fewer digits than this unless it has an '@'. */
#define PII_MIN_DIGITS 8

/* Longest digit count any international number may reach (E.164: 15). */
#define PII_INTL_MAX_DIGITS 16

/* Longest local part (RFC 5321 section 4.5.3.1.1) plus its two quotes. */
#define PII_QUOTED_LOCAL_MAX 66

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Characters a number may not touch: it would be part of a longer token. */
static int is_word(unsigned char c)
{
    return is_digit(c) || is_alpha(c) || c == '@';
}

/* Length of the run of digits at s[i..n). */
static size_t digit_run(const char *s, size_t n, size_t i)
{
    size_t j = i;

    while (j < n && is_digit((unsigned char)s[j]))
        j++;
    return j - i;
}

/* Value of the 2 digits at p (the caller has checked they are digits). */
static int two(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* 1 when a number may start at s[i]: not inside a word and not the tail of
 * a longer number (digit then '.', ',' or '-'; with space_glues, digit then
 * ' ' too, for numbers written in groups). */
static int start_is_free(const char *s, size_t i, int space_glues)
{
    unsigned char p;

    if (i == 0)
        return 1;
    p = (unsigned char)s[i - 1];
    if (is_word(p))
        return 0;
    if (i >= 2 && is_digit((unsigned char)s[i - 2]) &&
        (p == '.' || p == ',' || p == '-' || (space_glues && p == ' ')))
        return 0;
    return 1;
}

/* 1 when a number may end before s[e]: not followed by a word character,
 * by '-' and a digit, by a decimal fraction ('.' or ',' and fewer than 6
 * digits) or, with space_glues, by ' ' and a digit. */
static int end_is_free(const char *s, size_t n, size_t e, int space_glues)
{
    unsigned char c;

    if (e >= n)
        return 1;
    c = (unsigned char)s[e];
    if (is_word(c))
        return 0;
    if (e + 1 >= n || !is_digit((unsigned char)s[e + 1]))
        return 1;
    if (c == '-' || (space_glues && c == ' '))
        return 0;
    if (c == '.' || c == ',')
        return digit_run(s, n, e + 1) >= 6;
    return 1;
}

/* Luhn check over the 10 digits d[0..9]: weights 2,1,2,... on d[0..8],
 * digit sums of the products, and d[9] completes the sum to a multiple of
 * 10 (Skatteverket SKV 704). */
static int luhn10_ok(const char *d)
{
    int sum = 0;

    for (int i = 0; i < 10; i++) {
        int v = (d[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    return sum % 10 == 0;
}

/* CPR modulus-11 check over d[0..9] (CPR-kontoret, weights 4,3,2,7,6,5,4,
 * 3,2,1). */
static int mod11_ok(const char *d)
{
    static const int w[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
    int sum = 0;

    for (int i = 0; i < 10; i++)
        sum += (d[i] - '0') * w[i];
    return sum % 11 == 0;
}

/* The Swedish kind of the 10 digits YYMMDDNNNC in d, or PII_NONE: a real
 * birth (or coordination) date in one of the centuries of the bitmask
 * (1 = 1800s, 2 = 1900s, 4 = 2000s) and a valid Luhn digit. */
static enum pii_kind se_kind(const char *d, unsigned centuries)
{
    int yy = two(d), mm = two(d + 2), dd = two(d + 4);
    enum pii_kind kind = PII_PERSONNUMMER;
    int dated = 0;

    if (dd > 60) {
        dd -= 60;
        kind = PII_SAMORDNINGSNUMMER;
    }
    for (int c = 0; c < 3; c++)
        if ((centuries & (1u << c)) && date_valid(1800 + 100 * c + yy, mm, dd))
            dated = 1;
    return dated && luhn10_ok(d) ? kind : PII_NONE;
}

/* 1 when the 10 digits DDMMYYSSSS in d carry a real date, its century read
 * from the 7th digit (CPR-kontoret). */
static int cpr_date_ok(const char *d)
{
    int dd = two(d), mm = two(d + 2), yy = two(d + 4), s7 = d[6] - '0';
    int century;

    if (s7 <= 3)
        century = 1900;
    else if (s7 == 4 || s7 == 9)
        century = yy <= 36 ? 2000 : 1900;
    else
        century = yy <= 57 ? 2000 : 1800;
    return date_valid(century + yy, mm, dd);
}

/* A personnummer, samordningsnummer or CPR number starting at s[i] (a
 * digit at a free start), or PII_NONE. */
static enum pii_kind id_at(const char *s, size_t n, size_t i)
{
    size_t r = digit_run(s, n, i), e = i + r;
    char d[10];
    char sep = 0;
    unsigned centuries = 7;
    enum pii_kind kind;

    if ((r == 6 || r == 8) && e + 5 <= n && (s[e] == '-' || s[e] == '+') &&
        digit_run(s, n, e + 1) == 4) {
        sep = s[e];
        if (r == 8 && sep == '+')
            return PII_NONE;
        memcpy(d, s + i + r - 6, 6);
        memcpy(d + 6, s + e + 1, 4);
        e += 5;
    } else if (r == 10 || r == 12) {
        memcpy(d, s + i + r - 10, 10);
    } else {
        return PII_NONE;
    }
    if (!end_is_free(s, n, e, 0))
        return PII_NONE;
    if (r == 8 || r == 12) {
        int cc = two(s + i);
        if (cc < 18 || cc > 20)
            return PII_NONE;
        centuries = 1u << (cc - 18);
    } else if (sep == '+') {
        centuries = 1 | 2;
    } else if (sep == '-') {
        centuries = 2 | 4;
    }
    kind = se_kind(d, centuries);
    if (kind != PII_PERSONNUMMER && r != 8 && r != 12 && sep != '+' &&
        cpr_date_ok(d) && (sep == '-' || mod11_ok(d)))
        kind = PII_CPR;
    return kind;
}

/* Length of the E.164 country code at the head of d[0..n) (1..3), or 0
 * when the head is no assigned code.  Codes are prefix-free: 1 and 7 are
 * whole codes; other codes are 2 digits or 3 digits by their first two
 * (ITU-T E.164 list of assigned country codes, its zone structure). */
static size_t country_code_len(const char *d, size_t n)
{
    /* Per 2-digit head 20..99: '2' a 2-digit code, '3' the head of 3-digit
     * codes, '0' spare.  70..79 never reach this table (7 is a code). */
    static const char zone[81] =
        "2333333203" /* 20-29 */
        "2222232332" /* 30-39 */
        "2232222222" /* 40-49 */
        "3222222223" /* 50-59 */
        "2222222333" /* 60-69 */
        "0000000000" /* 70-79 */
        "3220232330" /* 80-89 */
        "2222223323" /* 90-99 */
        "0";
    int head;

    if (n < 1 || d[0] == '0')
        return 0;
    if (d[0] == '1' || d[0] == '7')
        return 1;
    if (n < 2)
        return 0;
    head = two(d);
    switch (zone[head - 20]) {
    case '2':
        return 2;
    case '3':
        return n >= 3 ? 3 : 0;
    default:
        return 0;
    }
}

/* 1 for a separator inside an international number. */
static int is_intl_sep(unsigned char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
}

/* Where the country code starts after the international prefix at s[i]
 * ('+', or "00" and at most one ' ' or '-'), or 0 when no digit 1-9
 * follows. */
static size_t intl_cc_start(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;

    if (s[i] != '+') {
        j = i + 2;
        if (j < n && (s[j] == ' ' || s[j] == '-'))
            j++;
    }
    return j < n && s[j] >= '1' && s[j] <= '9' ? j : 0;
}

/* An international number at s[i] ('+' or "00"; see intl_cc_start). */
static enum pii_kind intl_at(const char *s, size_t n, size_t i)
{
    char d[PII_INTL_MAX_DIGITS + 1];
    size_t nd = 0, groups = 0, j = intl_cc_start(s, n, i), e, cc;

    if (j == 0)
        return PII_NONE;

    for (;;) {
        size_t r = digit_run(s, n, j), k;
        /* a trunk "(0)" after the country code is not dialled */
        int trunk = groups > 0 && r == 1 && s[j] == '0' && j > 0 &&
                    s[j - 1] == '(' && j + 1 < n && s[j + 1] == ')';

        if (!trunk) {
            if (nd + r > PII_INTL_MAX_DIGITS)
                return PII_NONE;
            memcpy(d + nd, s + j, r);
            nd += r;
        }
        groups++;
        e = j + r;
        for (k = e; k < n && k - e < 3 && is_intl_sep((unsigned char)s[k]); k++)
            ;
        if (k == e || k >= n || !is_digit((unsigned char)s[k]))
            break;
        j = k;
    }
    cc = country_code_len(d, nd);
    if (cc == 0 || nd - cc < 7 || nd - cc > 13 || !end_is_free(s, n, e, 1))
        return PII_NONE;
    return PII_PHONE;
}

/* 1 when digit groups of lengths len[0..ng) starting at p[0..ng) are shaped
 * DD?MM?YYYY or YYYY?MM?DD and form a real date. */
static int groups_are_date(const char *s, const size_t *p, const size_t *len,
                           size_t ng)
{
    if (ng != 3)
        return 0;
    if (len[0] == 2 && len[1] == 2 && len[2] == 4)
        return date_valid(two(s + p[2]) * 100 + two(s + p[2] + 2),
                          two(s + p[1]), two(s + p[0]));
    if (len[0] == 4 && len[1] == 2 && len[2] == 2)
        return date_valid(two(s + p[0]) * 100 + two(s + p[0] + 2),
                          two(s + p[1]), two(s + p[2]));
    return 0;
}

/* A Swedish national number at s[i] ('0' then a digit 1-9). */
static enum pii_kind se_phone_at(const char *s, size_t n, size_t i)
{
    enum { MAX_GROUPS = 6 };
    size_t p[MAX_GROUPS], len[MAX_GROUPS], ng = 0, total = 0, j = i, e;
    unsigned char a = (unsigned char)s[i + 1];
    int mobile = a == '7';

    for (;;) {
        size_t r = digit_run(s, n, j);
        if (ng == MAX_GROUPS || total + r > 10)
            return PII_NONE;
        p[ng] = j;
        len[ng++] = r;
        total += r;
        e = j + r;
        if (e + 1 < n && (s[e] == ' ' || s[e] == '-') &&
            is_digit((unsigned char)s[e + 1]))
            j = e + 1;
        else
            break;
    }
    if (!end_is_free(s, n, e, 1))
        return PII_NONE;
    if (mobile) {
        unsigned char b;
        if (total != 10 || len[0] < 3)
            return PII_NONE;
        b = (unsigned char)s[i + 2];
        if (!(b == '0' || b == '2' || b == '3' || b == '6' || b == '9'))
            return PII_NONE;
        if (ng > 1 && (len[0] > 4 || s[p[1]] == '0'))
            return PII_NONE;
    } else {
        size_t area_min = a == '8' ? 2 : 3, area_max = a == '8' ? 2 : 4;
        if (ng < 2 || len[0] < area_min || len[0] > area_max ||
            s[p[1]] == '0' || total < 8 || groups_are_date(s, p, len, ng))
            return PII_NONE;
    }
    return PII_PHONE;
}

/* A Danish 8-digit number at s[i] (a digit 2-9) written "12 34 56 78" or
 * "1234 5678". */
static enum pii_kind dk_phone_at(const char *s, size_t n, size_t i)
{
    size_t e;

    if (i + 11 <= n && digit_run(s, n, i) == 2 && s[i + 2] == ' ' &&
        digit_run(s, n, i + 3) == 2 && s[i + 5] == ' ' &&
        digit_run(s, n, i + 6) == 2 && s[i + 8] == ' ' &&
        digit_run(s, n, i + 9) == 2) {
        e = i + 11;
    } else if (i + 9 <= n && digit_run(s, n, i) == 4 && s[i + 4] == ' ' &&
               digit_run(s, n, i + 5) == 4) {
        int y1 = two(s + i) * 100 + two(s + i + 2);
        int y2 = two(s + i + 5) * 100 + two(s + i + 7);
        if (y1 >= 1900 && y1 <= 2099 && y2 >= 1900 && y2 <= 2099)
            return PII_NONE;
        e = i + 9;
    } else {
        return PII_NONE;
    }
    if (!end_is_free(s, n, e, 1))
        return PII_NONE;
    return PII_PHONE;
}

/* The kind of number starting at s[i], or PII_NONE. */
static enum pii_kind number_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    enum pii_kind k;

    if (c == '+')
        return i == 0 || !is_word((unsigned char)s[i - 1])
                   ? intl_at(s, n, i)
                   : PII_NONE;
    if (!is_digit(c) || !start_is_free(s, i, 0))
        return PII_NONE;
    if ((k = id_at(s, n, i)) != PII_NONE)
        return k;
    if (!start_is_free(s, i, 1) || i + 1 >= n)
        return PII_NONE;
    if (c == '0' && s[i + 1] == '0')
        return intl_at(s, n, i);
    if (c == '0')
        return is_digit((unsigned char)s[i + 1]) ? se_phone_at(s, n, i)
                                                 : PII_NONE;
    if (c >= '2')
        return dk_phone_at(s, n, i);
    return PII_NONE;
}

/* 1 for a character of a dot-atom (RFC 5322 atext, or '.'). */
static int is_atext(unsigned char c)
{
    return is_digit(c) || is_alpha(c) || c == '.' ||
           (c != 0 && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* 1 for a character of a domain label. */
static int is_label(unsigned char c)
{
    return is_digit(c) || is_alpha(c) || c == '-' || c >= 0x80;
}

/* 1 when a domain of 2 or more labels, the last of 2+ ASCII letters,
 * starts at s[j]. */
static int domain_ok(const char *s, size_t n, size_t j)
{
    size_t labels = 0, tld_start = j, k = j;

    for (;;) {
        size_t start = k;
        while (k < n && is_label((unsigned char)s[k]))
            k++;
        if (k == start)
            return 0;
        labels++;
        tld_start = start;
        if (k + 1 < n && s[k] == '.' && is_label((unsigned char)s[k + 1]))
            k++;
        else
            break;
    }
    if (labels < 2 || k - tld_start < 2)
        return 0;
    for (size_t t = tld_start; t < k; t++)
        if (!is_alpha((unsigned char)s[t]))
            return 0;
    return 1;
}

/* 1 when the '@' at s[a] joins a local part and a domain into an address;
 * sets *start to where the local part begins. */
static int email_at(const char *s, size_t n, size_t a, size_t *start)
{
    size_t k = a;
    int alnum = 0;

    if (a == 0 || !domain_ok(s, n, a + 1))
        return 0;
    if (s[a - 1] == '"') {
        /* quoted local part: back to the unescaped opening quote */
        for (k = a - 1; k > 0 && a - k <= PII_QUOTED_LOCAL_MAX;) {
            size_t q = --k, bs = 0;
            if (s[q] == '\r' || s[q] == '\n')
                return 0;
            if (s[q] != '"')
                continue;
            while (bs < q && s[q - 1 - bs] == '\\')
                bs++;
            if (bs % 2 == 0) {
                if (q + 2 == a)
                    return 0; /* "" is empty */
                *start = q;
                return 1;
            }
        }
        return 0;
    }
    while (k > 0 && is_atext((unsigned char)s[k - 1]))
        k--;
    while (k < a && s[k] == '.')
        k++;
    for (size_t t = k; t < a; t++)
        if (is_digit((unsigned char)s[t]) || is_alpha((unsigned char)s[t]))
            alnum = 1;
    if (!alnum)
        return 0;
    *start = k;
    return 1;
}

enum pii_kind pii_scan(const char *s, size_t n)
{
    size_t digits = 0, limit = n, i;
    int at = 0;

    if (s == NULL)
        return PII_NONE;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '@') {
            at = 1;
            break;
        }
        if (is_digit(c) && ++digits >= PII_MIN_DIGITS)
            break;
    }
    if (!at && digits < PII_MIN_DIGITS)
        return PII_NONE;

    /* the earliest address bounds where a number must start to come first */
    for (const char *p = memchr(s, '@', n); p != NULL;
         p = memchr(p + 1, '@', n - (size_t)(p + 1 - s))) {
        size_t start;
        if (email_at(s, n, (size_t)(p - s), &start)) {
            limit = start;
            break;
        }
    }
    for (i = 0; i < limit; i++) {
        enum pii_kind k = number_at(s, n, i);
        if (k != PII_NONE)
            return k;
    }
    return limit < n ? PII_EMAIL : PII_NONE;
}

const char *pii_kind_str(enum pii_kind k)
{
    switch (k) {
    case PII_NONE:
        return "no personal identifier";
    case PII_EMAIL:
        return "e-mail address";
    case PII_PERSONNUMMER:
        return "Swedish personal identity number (personnummer)";
    case PII_SAMORDNINGSNUMMER:
        return "Swedish coordination number (samordningsnummer)";
    case PII_CPR:
        return "Danish personal identification number (CPR number)";
    case PII_PHONE:
        return "phone number";
    }
    return "unknown identifier";
}

/* ---- header names ---- */

/* Terms that make a column personal, as words joined without separators,
 * lowercase.  Grouped by what they name. */
static const char *const personal_terms[] = {
    /* names */
    "name", "namn", "navn", "firstname", "lastname", "fullname", "surname",
    "givenname", "familyname", "middlename", "forename", "förnamn", "fornamn",
    "efternamn", "tilltalsnamn", "mellannamn", "fornavn", "efternavn",
    "mellemnavn", "fuldenavn", "fuldtnavn",
    /* e-mail */
    "email", "mail", "epost", "emailaddress", "emailadress", "emailadresse",
    "mailaddress", "mailadress", "mailadresse", "epostadress", "epostadresse",
    /* national identity numbers */
    "personnummer", "personnr", "persnr", "pnr", "samordningsnummer",
    "personalnumber", "personalidentitynumber", "personalidnumber", "cpr",
    "cprnr", "cprnummer", "ssn", "socialsecuritynumber",
    /* phone */
    "phone", "phonenumber", "telephone", "telephonenumber", "cellphone",
    "telefon", "telefonnummer", "telefonnr", "tel", "telnr", "tlf", "tlfnr",
    "mobil", "mobile", "mobilenumber", "mobilnummer", "mobilnr",
    "mobiltelefon", "hemtelefon",
    /* address */
    "address", "adress", "adresse", "streetaddress", "gatuadress",
    "hemadress", "postadress", "bostadsadress", "hjemmeadresse",
    /* birth date */
    "birthdate", "dateofbirth", "birthday", "dob", "födelsedatum",
    "fodelsedatum", "födelsedag", "fodelsedag", "fødselsdato", "fodselsdato",
    "foedselsdato", "fødselsdag", "fodselsdag",
};

/* Words before "name" that make it the name of a thing, not a person. */
static const char *const thing_words[] = {
    "programme", "program", "org", "organisation", "organization", "unit",
    "cohort", "goal", "survey", "item", "category", "file", "course",
    "company", "department", "team", "project", "group", "site", "event",
    "meeting", "domain", "enhet", "grupp", "kurs", "avdelning", "afdeling",
    "firma", "foretag", "företag",
};

enum { HEADER_MAX = 255, HEADER_MAX_WORDS = 64, HEADER_SPAN = 4 };

/* 1 for the name family (whose meaning depends on the word before). */
static int is_name_term(const char *t)
{
    return strcmp(t, "name") == 0 || strcmp(t, "namn") == 0 ||
           strcmp(t, "navn") == 0;
}

/* The listed term equal to w[0..len), or NULL. */
static const char *term_find(const char *const *list, size_t count,
                             const char *w, size_t len)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return list[i];
    return NULL;
}

/* Character class for splitting a header into words. */
enum hclass { H_SEP, H_LOWER, H_UPPER, H_DIGIT, H_OTHER };

static enum hclass header_class(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return H_LOWER;
    if (c >= 'A' && c <= 'Z')
        return H_UPPER;
    if (is_digit(c))
        return H_DIGIT;
    if (c >= 0x80)
        return H_OTHER;
    return H_SEP;
}

int pii_header_is_personal(const char *name, size_t n, const char **what)
{
    char buf[HEADER_MAX + 1];
    size_t wstart[HEADER_MAX_WORDS], wlen[HEADER_MAX_WORDS], nw = 0, len = 0;
    enum hclass prev = H_SEP;

    if (name == NULL)
        return 0;
    if (n > HEADER_MAX)
        n = HEADER_MAX;
    while (n > 0 && (name[0] == ' ' || name[0] == '\t')) {
        name++;
        n--;
    }
    if (n >= 2 && (name[0] == 'q' || name[0] == 'Q') && name[1] == '_')
        return 0;

    /* lowercase into buf, words as (start, length) */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        enum hclass cl = header_class(c);
        int boundary;

        if (cl == H_SEP) {
            prev = H_SEP;
            continue;
        }
        boundary = prev == H_SEP || (prev == H_LOWER && cl == H_UPPER) ||
                   ((prev == H_DIGIT) != (cl == H_DIGIT));
        if (cl == H_UPPER)
            c = (unsigned char)(c + ('a' - 'A'));
        /* UTF-8 Latin-1 capitals (U+00C0..U+00DE but U+00D7) to lowercase */
        if (prev == H_OTHER && cl == H_OTHER && len > 0 &&
            (unsigned char)buf[len - 1] == 0xC3 && c >= 0x80 && c <= 0x9E &&
            c != 0x97)
            c = (unsigned char)(c + 0x20);
        if (boundary) {
            if (nw == HEADER_MAX_WORDS)
                break;
            wstart[nw] = len;
            wlen[nw++] = 0;
        }
        buf[len++] = (char)c;
        wlen[nw - 1]++;
        prev = cl;
    }

    /* every run of 1..HEADER_SPAN adjacent words, joined */
    for (size_t w = 0; w < nw; w++) {
        char joined[HEADER_MAX + 1];
        size_t jl = 0;

        for (size_t k = w; k < nw && k < w + HEADER_SPAN; k++) {
            const char *t;
            memcpy(joined + jl, buf + wstart[k], wlen[k]);
            jl += wlen[k];
            t = term_find(personal_terms,
                          sizeof personal_terms / sizeof personal_terms[0],
                          joined, jl);
            if (t == NULL)
                continue;
            if (is_name_term(t) && w > 0 &&
                term_find(thing_words, sizeof thing_words / sizeof thing_words[0],
                          buf + wstart[w - 1], wlen[w - 1]) != NULL)
                continue;
            if (what != NULL)
                *what = t;
            return 1;
        }
    }
    return 0;
}
