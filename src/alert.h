/* alert.h — the analyze stage's alerts: watch rules matched against coded
 * events, and the webhook that delivers a match.
 *
 * A rules file holds one rule per line ("Belarus–Russia drills: BLR RUS
 * root 06", "actor:Shoigu", "text:\"Union Shield\" conflict"); a rule's
 * conditions all hold for an event it matches. docs/alerts.md gives the
 * format. Parsing resolves names once (a person to the dictionaries'
 * canonical name, a country to its code) and checks sphere ids against the
 * mapping; after that a rule set is immutable, and matching is a pure
 * function of the rules and the event, safe on any thread. Nothing is
 * printed: errors are values naming FILE:LINE. */
#ifndef SITREP_ALERT_H
#define SITREP_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "code.h"
#include "sphere.h"
#include "util/date.h"
#include "util/error.h"

/* Bounds on a rules file, and why: a watch list is written by hand, a few
 * dozen rules of a line each; a file past these is not one (a binary, a
 * dump) and is refused rather than carried into every event's match. */
#define SR_ALERT_FILE_MAX ((size_t)1 << 20) /* bytes of a rules file */
#define SR_ALERT_LINE_MAX 4096              /* bytes of one line */
#define SR_ALERT_RULES_MAX 10000            /* rules in a file */
#define SR_ALERT_CONDS_MAX 32               /* conditions of one rule */
#define SR_ALERT_VALUES_MAX 32              /* values of one list (root 06,14,…) */

typedef struct sr_alerts sr_alerts;

/* What parsing may use; both may be NULL.
 * coder: resolves actor names with the dictionaries (sr_timeline_resolve):
 *   "Shoigu" and "Шойгу" become the person "Sergei Shoigu", "Belarus" the
 *   code prefix BLR, and a name the dictionaries do not know is an error.
 *   Without it, capitals are a code prefix and anything else is compared,
 *   case-folded, with the event's canonical names as it is.
 * spheres: the mapping `sphere ID` names; without it a sphere condition is
 *   an error. It must outlive the rules (matching places events with it). */
typedef struct sr_alerts_opts {
	sr_coder *coder;
	const sr_spheres *spheres;
} sr_alerts_opts;

/* Parse rules from text; name is for error messages ("FILE:LINE: …").
 * Returns 0 and *out (possibly with no rule: an empty file watches
 * nothing), SR_EINPUT (a malformed line; err names its line and what is
 * wrong, *out NULL) or SR_ENOMEM. */
int sr_alerts_parse(const char *name, const char *text, size_t len, const sr_alerts_opts *opts,
		    sr_alerts **out /* OUT */, sr_error *err);
/* Read and parse a file; SR_EIO if it cannot be read. */
int sr_alerts_load(const char *path, const sr_alerts_opts *opts, sr_alerts **out /* OUT */,
		   sr_error *err);
void sr_alerts_free(sr_alerts *a); /* NULL is fine */

size_t sr_alerts_count(const sr_alerts *a);
/* Rule i's name (its "NAME:" prefix, else its line as written, trimmed)
 * and its line in the file; valid while a is. */
const char *sr_alerts_name(const sr_alerts *a, size_t i);
long sr_alerts_line(const sr_alerts *a, size_t i);

/* What a rule looks at in an event. Every pointer is borrowed for the call
 * and may be NULL (or "") when unknown. Parties NULL or "": derived from
 * the codes (sr_store_party: "BLRMIL" → BLR). quad 0: the code is not in
 * the CAMEO table, and goldstein is unknown too (no goldstein condition
 * holds). text is the evidence sentence, text_len bytes of UTF-8. */
typedef struct sr_alert_event {
	sr_date date;
	const char *source, *source_name, *source_party;
	const char *target, *target_name, *target_party;
	const char *cameo, *root;
	int quad;
	double goldstein;
	const char *plover;
	const char *text;
	size_t text_len;
	const char *title, *publication, *url;
} sr_alert_event;

/* Called for each rule that matches, in file order, with its index and
 * name; a non-zero return stops. */
typedef int (*sr_alert_fn)(void *ud, size_t rule, const char *name);

/* Match an event against every rule. Returns the number of rules that
 * matched (fn was called for each, up to a stop), or SR_ENOMEM. */
int sr_alerts_match(const sr_alerts *a, const sr_alert_event *ev, sr_alert_fn fn, void *ud);

/* ---- webhook delivery (alert_post.c) ---- */

#define SR_ALERT_POST_TRIES 3              /* attempts in all, 0.5 s then 1 s apart */
#define SR_ALERT_BODY_MAX ((size_t)1 << 20) /* bytes POSTed; an event is a few KB */

/* POST json (NUL-terminated, at most SR_ALERT_BODY_MAX bytes) to url with
 * Content-Type application/json; timeout bounds each attempt, in seconds
 * (0: 10 s). Only http:// and https:// URLs, no redirects followed. A 2xx
 * answer is delivered; 408, 429, 5xx and network failures are tried again
 * up to SR_ALERT_POST_TRIES attempts in all; any other answer fails at
 * once. The answer's body is read (at most 64 KiB) and dropped. Messages
 * name the URL's scheme and host only: a webhook's path often holds its
 * secret. Returns 0, SR_EUSAGE (a URL that is not http(s) or a body over
 * the bound; nothing was sent), SR_EIO (not delivered), SR_ENOMEM.
 * Thread-safe; blocks for up to TRIES × timeout + 1.5 s. */
int sr_alert_post(const char *url, const char *json, double timeout, sr_error *err);

/* 1 if url is one sr_alert_post accepts (http or https, with a host). */
int sr_alert_url_ok(const char *url);

#endif
