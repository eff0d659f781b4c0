/* bulletin_build.h — the publish stage's input side: a week's bulletin
 * (bulletin.h) assembled from a store.
 *
 * Per sphere (sphere.h) of the week: its events (those with a focus party,
 * if one is given), the articles of the week whose section names the
 * sphere, the sphere's weekly series (store.h) with its label against the
 * preceding weeks, and the articles' own readings (assess.h, stored at
 * ingest). The label weighs the series' judgement and the articles'
 * readings by their confidence; docs/assess.md, "The bulletin's label",
 * says how and why. */
#ifndef SITREP_BULLETIN_BUILD_H
#define SITREP_BULLETIN_BUILD_H

#include "bulletin.h"
#include "dict.h"
#include "sphere.h"
#include "store.h"

typedef struct sr_bulletin_maker sr_bulletin_maker;

/* spheres and dict are borrowed and must outlive the maker; dict (for the
 * names of CAMEO codes) may be NULL; focus: a party ("BLR") or NULL for
 * every event. The sphere series are read from the store once, here (one
 * pass over the events for all spheres), so that making many weeks (the
 * archive, the feed) costs one pass. from/to (0 = open) bound the events
 * read: sr_bulletin_window gives the bounds that one week needs. Returns
 * 0, SR_EINPUT (a malformed focus), SR_ESTORE, SR_ENOMEM. */
int sr_bulletin_maker_create(sr_store *s, const sr_spheres *spheres, const sr_dict *dict,
			     const char *focus, sr_date from, sr_date to,
			     sr_bulletin_maker **out /* OUT */, sr_error *err);

/* The event dates the bulletin of week needs: its chart's weeks and the
 * weeks its label is judged against. 0 for a malformed week. */
int sr_bulletin_window(const char *week, sr_date *from /* OUT */, sr_date *to /* OUT */);
void sr_bulletin_maker_free(sr_bulletin_maker *m); /* NULL is fine */

/* The bulletin of ISO week "YYYY-Www". Returns 0 and *out (free with
 * sr_bulletin_free), SR_EINPUT for a week that does not exist, SR_ESTORE,
 * SR_ENOMEM. */
int sr_bulletin_make(sr_bulletin_maker *m, const char *week, sr_bulletin **out /* OUT */, sr_error *err);
void sr_bulletin_free(sr_bulletin *b); /* NULL is fine */

/* The weeks the store has articles for (by their stated week period, or
 * else their date), newest first: a bulletin is published for each. *weeks
 * (free() it) holds *n strings of 9 bytes ("2019-W12"). */
int sr_bulletin_weeks(sr_store *s, char (**weeks)[9] /* OUT */, size_t *n /* OUT */, sr_error *err);

/* The summary of a made bulletin for the archive and the feed, pointing
 * into b (valid while b is). The arrays are b's; nothing to free. */
void sr_bulletin_summarize(const sr_bulletin *b, sr_bulletin_summary *out /* OUT */);

/* "2019-W12" → its Monday; 0 for a malformed or non-existent week. */
sr_date sr_week_monday(const char *week);

#endif
