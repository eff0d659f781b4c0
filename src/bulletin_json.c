/* bulletin_json.c — a bulletin (bulletin.h) as one JSON object: what
 * `sitrep bulletin --format json` prints and the web API answers. Written
 * with util/jsonesc.h rather than jansson, like the other renderers: the
 * model is walked once, in its own order, and the bytes are stable. */
#include "bulletin_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/jsonesc.h"

static int json_str(sr_buf *b, const char *s)
{
	if (!s)
		return sr_buf_puts(b, "null");
	return sr_json_append_string(b, s, strlen(s));
}

static int json_date(sr_buf *b, sr_date d)
{
	if (!d)
		return sr_buf_puts(b, "null");
	char s[11];
	sr_date_format(d, s);
	return sr_buf_printf(b, "\"%s\"", s);
}

static int json_num(sr_buf *b, double v)
{
	return isfinite(v) ? sr_buf_printf(b, "%.6g", v) : sr_buf_puts(b, "null");
}

static int json_bulletin(sr_buf *b, const sr_bulletin *bl)
{
	int rc = sr_buf_printf(b, "{\"week\":\"%s\",\"start\":", bl->week);
	rc |= json_date(b, bl->start);
	rc |= sr_buf_puts(b, ",\"end\":");
	rc |= json_date(b, bl->end);
	rc |= sr_buf_puts(b, ",\"focus\":");
	rc |= json_str(b, bl->focus);
	rc |= sr_buf_printf(b, ",\"documents\":%ld,\"spheres\":[", bl->documents);
	for (size_t i = 0; i < bl->nspheres; i++) {
		const sr_bulletin_sphere *sp = &bl->spheres[i];
		rc |= sr_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		rc |= json_str(b, sp->id);
		rc |= sr_buf_puts(b, ",\"title\":");
		rc |= json_str(b, sp->title);
		rc |= sr_buf_puts(b, ",\"headline\":");
		rc |= json_str(b, sp->headline);
		rc |= sr_buf_printf(b, ",\"label\":\"%s\",\"confidence\":%.2f,\"basis\":",
				    sr_trend_name(sp->label), sp->confidence);
		rc |= json_str(b, sp->basis);
		rc |= sr_buf_puts(b, ",\"lead\":");
		rc |= json_str(b, sp->lead);
		rc |= sr_buf_printf(b, ",\"events\":%ld,\"cooperation\":%ld,\"conflict\":%ld,\"goldstein_sum\":",
				    sp->events, sp->cooperation, sp->conflict);
		rc |= json_num(b, sp->goldstein_sum);
		rc |= sr_buf_puts(b, ",\"evidence\":[");
		for (size_t k = 0; k < sp->nevidence; k++) {
			const sr_bulletin_evidence *e = &sp->evidence[k];
			const sr_bulletin_article *a = &sp->articles[e->article];
			rc |= sr_buf_printf(b, "%s{\"event_id\":%lld,\"doc_id\":%lld,\"date\":", k ? "," : "",
					    (long long)e->event_id, (long long)a->doc_id);
			rc |= json_date(b, e->date);
			rc |= sr_buf_puts(b, ",\"source\":{\"code\":");
			rc |= json_str(b, e->source_code);
			rc |= sr_buf_puts(b, ",\"name\":");
			rc |= json_str(b, e->source_name);
			rc |= sr_buf_puts(b, "},\"target\":{\"code\":");
			rc |= json_str(b, e->target_code);
			rc |= sr_buf_puts(b, ",\"name\":");
			rc |= json_str(b, e->target_name);
			rc |= sr_buf_puts(b, "},\"cameo\":");
			rc |= json_str(b, e->cameo);
			rc |= sr_buf_puts(b, ",\"cameo_name\":");
			rc |= json_str(b, e->cameo_name);
			rc |= sr_buf_printf(b, ",\"quad\":%d,\"goldstein\":", e->quad);
			if (e->quad)
				rc |= json_num(b, e->goldstein);
			else
				rc |= sr_buf_puts(b, "null");
			rc |= sr_buf_puts(b, ",\"text\":");
			rc |= json_str(b, e->text);
			rc |= sr_buf_puts(b, ",\"article\":{\"title\":");
			rc |= json_str(b, a->title);
			rc |= sr_buf_puts(b, ",\"publication\":");
			rc |= json_str(b, a->publication);
			rc |= sr_buf_puts(b, ",\"url\":");
			rc |= json_str(b, a->url);
			rc |= sr_buf_puts(b, ",\"file\":");
			rc |= json_str(b, a->file);
			rc |= sr_buf_puts(b, ",\"date\":");
			rc |= json_date(b, a->date);
			rc |= sr_buf_puts(b, "},\"cited_sources\":[");
			for (size_t c = 0; c < e->ncites; c++) {
				rc |= sr_buf_puts(b, c ? ",{\"name\":" : "{\"name\":");
				rc |= json_str(b, e->cites[c].name);
				rc |= sr_buf_puts(b, ",\"date\":");
				rc |= json_date(b, e->cites[c].date);
				rc |= sr_buf_putc(b, '}');
			}
			rc |= sr_buf_puts(b, "]}");
		}
		rc |= sr_buf_puts(b, "],\"articles\":[");
		for (size_t k = 0; k < sp->narticles; k++) {
			const sr_bulletin_article *a = &sp->articles[k];
			rc |= sr_buf_printf(b, "%s{\"doc_id\":%lld,\"title\":", k ? "," : "", (long long)a->doc_id);
			rc |= json_str(b, a->title);
			rc |= sr_buf_puts(b, ",\"publication\":");
			rc |= json_str(b, a->publication);
			rc |= sr_buf_puts(b, ",\"section\":");
			rc |= json_str(b, a->section);
			rc |= sr_buf_puts(b, ",\"date\":");
			rc |= json_date(b, a->date);
			rc |= sr_buf_puts(b, ",\"trend_assessed\":");
			rc |= json_str(b, sr_trend_name(a->trend_assessed));
			rc |= sr_buf_putc(b, '}');
		}
		rc |= sr_buf_puts(b, "]}");
	}
	rc |= sr_buf_puts(b, "]}");
	return rc < 0 ? -1 : 0;
}


/* Every evidence's article index is checked first: a malformed model is
 * refused before anything is written. */
int sr_bulletin_render_json(const sr_bulletin *b, sr_buf *out, sr_error *err)
{
	for (size_t i = 0; i < b->nspheres; i++) {
		const sr_bulletin_sphere *sp = &b->spheres[i];
		for (size_t k = 0; k < sp->nevidence; k++)
			if (sp->evidence[k].article >= sp->narticles)
				return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
						    "bulletin %s: evidence %zu of sphere %s names no article",
						    b->week, k, sp->id ? sp->id : "?");
	}
	size_t len = out->len;
	if (json_bulletin(out, b) < 0) {
		out->len = len;
		if (out->p)
			out->p[len] = '\0';
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	return 0;
}
