/* chart.h — the publish stage's charts: a dyad's (or sphere's) series as
 * an SVG drawn by sitrep itself, for the HTML bulletin and the web UI.
 *
 * One chart per call, written into a caller's buffer as a standalone
 * <svg> element (no XML prolog, no scripts, no outside fonts or links), so
 * it can be saved as a .svg file or inlined in an HTML page. Every text in
 * it (title, labels) is escaped. The drawing is a pure function of the
 * points and options: the same input gives the same bytes. */
#ifndef SITREP_CHART_H
#define SITREP_CHART_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* One period of the series, oldest first. */
typedef struct sr_chart_point {
	const char *period;   /* x label: "2019-W12", "2019-03" */
	double cooperation;   /* events of quad classes 1+2 (drawn up from 0) */
	double conflict;      /* events of quad classes 3+4 (drawn down from 0) */
	double goldstein;     /* the period's mean Goldstein score, -10..+10 */
	int has_goldstein;    /* 0: no scored event in the period (no point) */
} sr_chart_point;

typedef struct sr_chart_opts {
	const char *title;    /* e.g. "BLR–RUS, weekly"; NULL none */
	int width, height;    /* pixels; 0 = defaults (720 × 320) */
	/* The period to mark (the bulletin's week), or NULL. */
	const char *highlight;
} sr_chart_opts;

/* Append the SVG to out. n may be 0 (an empty chart that says so).
 * Returns 0, or SR_ENOMEM / SR_EINPUT (n too large to draw, more than
 * SR_CHART_MAX_POINTS) with err filled; out then holds what was there
 * before the call. */
#define SR_CHART_MAX_POINTS 2000
int sr_chart_svg(const sr_chart_point *pts, size_t n, const sr_chart_opts *o, sr_buf *out,
		 sr_error *err);

#endif
