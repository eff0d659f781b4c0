/* series_json.c — a series period as JSON (series_json.h). */
#include "series_json.h"

#include <math.h>
#include <string.h>

#include "util/jsonesc.h"

int sr_series_bucket_json(sr_buf *b, const char *dyad, const char *sphere, const sr_series_bucket *k)
{
	char start[11], end[11];
	sr_date_format(k->start, start);
	sr_date_format(k->end, end);
	int rc = sr_buf_puts(b, "{\"dyad\":");
	rc |= sr_json_append_string(b, dyad, strlen(dyad));
	rc |= sr_buf_puts(b, ",\"sphere\":");
	if (sphere)
		rc |= sr_json_append_string(b, sphere, strlen(sphere));
	else
		rc |= sr_buf_puts(b, "null");
	rc |= sr_buf_printf(b,
			    ",\"period\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"events\":%lld,"
			    "\"quad\":[%lld,%lld,%lld,%lld],\"cooperation\":%lld,\"conflict\":%lld,",
			    k->period, start, end, (long long)k->events, (long long)k->quad[0],
			    (long long)k->quad[1], (long long)k->quad[2], (long long)k->quad[3],
			    (long long)k->cooperation, (long long)k->conflict);
	if (isfinite(k->goldstein_sum))
		rc |= sr_buf_printf(b, "\"goldstein_sum\":%.6g,", k->goldstein_sum);
	else
		rc |= sr_buf_puts(b, "\"goldstein_sum\":null,");
	if (k->scored && isfinite(k->goldstein_mean))
		rc |= sr_buf_printf(b, "\"goldstein_mean\":%.6g,", k->goldstein_mean);
	else
		rc |= sr_buf_puts(b, "\"goldstein_mean\":null,");
	rc |= sr_buf_puts(b, "\"top_events\":[");
	for (size_t i = 0; i < k->ntop; i++)
		rc |= sr_buf_printf(b, "%s%lld", i ? "," : "", (long long)k->top[i]);
	rc |= sr_buf_printf(b, "],\"documents\":%lld,\"label\":\"%s\",\"confidence\":%.2f,"
			       "\"change\":%.3g,\"baseline\":%d}",
			    (long long)k->documents, sr_trend_name(k->trend.label), k->trend.confidence,
			    isfinite(k->trend.change) ? k->trend.change : 0.0, k->trend.baseline);
	return rc < 0 ? -1 : 0;
}
