/* series_json.h — one period of an event series (store.h's
 * sr_series_bucket) as the JSON object `sitrep trend --json` prints and
 * /api/v1/series answers, so the two never drift apart. */
#ifndef SITREP_SERIES_JSON_H
#define SITREP_SERIES_JSON_H

#include "store.h"
#include "util/buf.h"

/* Append {"dyad", "sphere", "period", …, "baseline"} (no newline); dyad is
 * the series' label ("BLR-RUS", "BLR", "all"), sphere NULL for none.
 * 0, or -1 when b's cap is reached. */
int sr_series_bucket_json(sr_buf *b, const char *dyad, const char *sphere, const sr_series_bucket *k);

#endif
