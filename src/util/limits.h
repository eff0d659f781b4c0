/* limits.h — every bound on outside input, in one place, with its reason.
 *
 * A limit is reached → the input is rejected with an error naming it; nothing is
 * truncated silently. */
#ifndef SITREP_LIMITS_H
#define SITREP_LIMITS_H

/* One article's raw bytes. The longest real article pages are ~2 MB of HTML;
 * 32 MB leaves room for inline images in data: URLs while keeping memory per
 * document bounded (extract memory must stay flat in input size). */
#define SR_MAX_DOC_BYTES (32u * 1024u * 1024u)

/* One JSONL line carries one article, so it shares the article bound plus JSON
 * escaping overhead. */
#define SR_MAX_JSONL_LINE (SR_MAX_DOC_BYTES + 1024u * 1024u)

/* HTML nesting depth: libxml2 itself stops at 256 unless HUGE is set; our tree
 * walks are iterative anyway, but we refuse deeper documents as hostile. */
#define SR_MAX_HTML_DEPTH 256

/* Directory recursion depth; guards against symlink loops and pathological trees. */
#define SR_MAX_DIR_DEPTH 64

/* Lines of one plain-text article; a longer "article" is a data dump, and
 * the bound keeps the extractor's per-line table small. */
#define SR_MAX_PLAIN_LINES (1u << 20)

/* Citations kept per document; a page citing more is a bibliography, not news. */
#define SR_MAX_CITATIONS 512

/* A metadata field (title, byline, section, publication) in bytes. */
#define SR_MAX_FIELD 1024

/* Search: longest accepted query and largest page of results. */
#define SR_MAX_QUERY 1024
#define SR_MAX_RESULTS 1000

/* Attributes on one HTML element. libxml2's HTML parser compares each new
 * attribute with all earlier ones of its element (quadratic: 100,000 take
 * ~24 s); real pages carry a few dozen, so a page with an element over this
 * is refused before parsing (extract stage). */
#define SR_MAX_HTML_ATTRS 1024

/* One dictionary line in bytes. A statement is one line; the longest real
 * ones (a Phoenix actor with all its aliases on one line, an .sd alias list)
 * are under 2 KB, so a longer line is not a dictionary (a binary or a
 * minified dump) and is refused rather than carried through the loaders. */
#define SR_MAX_DICT_LINE 16384


#endif
