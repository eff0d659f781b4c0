/* bulletin_json.h — a bulletin as JSON (the publish stage's fourth
 * renderer, beside bulletin.h's Markdown, HTML and Atom). */
#ifndef SITREP_BULLETIN_JSON_H
#define SITREP_BULLETIN_JSON_H

#include "bulletin.h"
#include "util/buf.h"
#include "util/error.h"

/* One JSON object, no newline after it: week, start, end, focus,
 * documents, spheres: [{id, title, headline, label, confidence, basis,
 * lead, events, cooperation, conflict, goldstein_sum, evidence: [{event_id,
 * doc_id, date, source {code, name}, target {code, name}, cameo,
 * cameo_name, quad, goldstein, text, article {title, publication, url,
 * file, date}, cited_sources [{name, date}]}], articles: [{doc_id, title,
 * publication, section, date, trend_assessed}]}]; null where unknown.
 * Returns 0, SR_ENOMEM (out's cap reached) or SR_EINPUT (an evidence's
 * article index out of range), err filled; on failure out holds what it
 * held before the call. */
int sr_bulletin_render_json(const sr_bulletin *b, sr_buf *out, sr_error *err);

#endif
