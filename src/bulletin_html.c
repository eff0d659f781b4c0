/* bulletin_html.c — the weekly bulletin as a standalone HTML5 page, the
 * HTML archive index, and the dispatch of sr_bulletin_render_index.
 *
 * The page carries its own CSS and nothing else: no scripts, no outside
 * fonts, images or style sheets, so it can be mailed or archived as one
 * file. Every string from the model is escaped; a URL becomes an href only
 * when it is http(s) — anything else ("javascript:…") is shown as text.
 * The label is a coloured badge that also says the label in words, so no
 * meaning rests on colour alone. The body (sr_bl_html_body) is what the
 * Atom feed embeds as each entry's content. */
#include "bulletin.h"

#include <stdio.h>
#include <string.h>

#include "bulletin_int.h"
#include "util/html.h"

#define PUT(x)                        \
	do {                          \
		if ((x) < 0)          \
			goto nomem;   \
	} while (0)

/* ---- escaping: util/html.h, the one function for it ---- */

int sr_bl_html_esc(sr_buf *out, const char *s)
{
	return sr_html_esc(out, s);
}

/* An id attribute's value from a sphere id: letters, digits, - and _. */
static int html_id(sr_buf *out, const char *id)
{
	const unsigned char *p = (const unsigned char *)(id && id[0] ? id : "sphere");
	for (; *p; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			 *p == '-' || *p == '_';
		if (sr_buf_putc(out, ok ? (char)*p : '-') < 0)
			return -1;
	}
	return 0;
}

static int html_date(sr_buf *out, sr_date d)
{
	char s[11];
	sr_date_format(d, s);
	return sr_buf_printf(out, "<time datetime=\"%s\">%s</time>", s, s);
}

static int html_badge(sr_buf *out, sr_trend t)
{
	const char *text = sr_bulletin_label_text(t);
	return sr_buf_printf(out, "<span class=\"badge badge-%s\">%s</span>", sr_bl_label_class(t),
			     text[0] ? text : "No label");
}

/* ---- the body ---- */

static int html_article_ref(sr_buf *out, const sr_bulletin_article *a)
{
	const char *title = a->title && a->title[0] ? a->title : "(untitled)";
	if (sr_bl_url_ok(a->url)) {
		if (sr_buf_puts(out, "<cite><a href=\"") < 0 || sr_bl_html_esc(out, a->url) < 0 ||
		    sr_buf_puts(out, "\">") < 0 || sr_bl_html_esc(out, title) < 0 ||
		    sr_buf_puts(out, "</a></cite>") < 0)
			return -1;
	} else {
		if (sr_buf_puts(out, "<cite>") < 0 || sr_bl_html_esc(out, title) < 0 ||
		    sr_buf_puts(out, "</cite>") < 0)
			return -1;
		if (a->url && a->url[0] &&
		    (sr_buf_puts(out, " (<span class=\"url\">") < 0 || sr_bl_html_esc(out, a->url) < 0 ||
		     sr_buf_puts(out, "</span>)") < 0))
			return -1;
		if (a->file && a->file[0] &&
		    (sr_buf_puts(out, " (file <code>") < 0 || sr_bl_html_esc(out, a->file) < 0 ||
		     sr_buf_puts(out, "</code>)") < 0))
			return -1;
	}
	if (a->publication && a->publication[0] &&
	    (sr_buf_puts(out, ", ") < 0 || sr_bl_html_esc(out, a->publication) < 0))
		return -1;
	if (sr_date_valid(a->date) && (sr_buf_puts(out, ", ") < 0 || html_date(out, a->date) < 0))
		return -1;
	return 0;
}

static int html_party(sr_buf *out, const char *name, const char *code)
{
	int has_name = name && name[0], has_code = code && code[0];
	if (has_name && sr_bl_html_esc(out, name) < 0)
		return -1;
	if (has_code && (sr_buf_puts(out, has_name ? " (<code>" : "<code>") < 0 ||
			 sr_bl_html_esc(out, code) < 0 || sr_buf_puts(out, has_name ? "</code>)" : "</code>") < 0))
		return -1;
	if (!has_name && !has_code && sr_buf_puts(out, "(unknown)") < 0)
		return -1;
	return 0;
}

static int html_evidence(sr_buf *out, const sr_bulletin_sphere *s, const sr_bulletin_evidence *e)
{
	if (sr_buf_puts(out, "<li>\n<blockquote><p>") < 0 || sr_bl_html_esc(out, e->text) < 0 ||
	    sr_buf_puts(out, "</p></blockquote>\n<p class=\"event\">") < 0)
		return -1;
	if (sr_date_valid(e->date)) {
		if (html_date(out, e->date) < 0 || sr_buf_puts(out, ": ") < 0)
			return -1;
	} else if (sr_buf_puts(out, "Undated: ") < 0) {
		return -1;
	}
	if (html_party(out, e->source_name, e->source_code) < 0 ||
	    sr_buf_puts(out, " \xE2\x86\x92 ") < 0 ||
	    html_party(out, e->target_name, e->target_code) < 0)
		return -1;
	if (e->cameo && e->cameo[0]) {
		if (sr_buf_puts(out, "; CAMEO <code>") < 0 || sr_bl_html_esc(out, e->cameo) < 0 ||
		    sr_buf_puts(out, "</code>") < 0)
			return -1;
		if (e->cameo_name && e->cameo_name[0] &&
		    (sr_buf_putc(out, ' ') < 0 || sr_bl_html_esc(out, e->cameo_name) < 0))
			return -1;
	}
	if (e->quad) {
		char g[16];
		sr_bl_goldstein(e->goldstein, g);
		if (sr_buf_printf(out, "; Goldstein %s", g) < 0)
			return -1;
	}
	if (sr_buf_puts(out, "</p>\n<p class=\"from\">From ") < 0 ||
	    html_article_ref(out, &s->articles[e->article]) < 0)
		return -1;
	if (e->ncites) {
		if (sr_buf_puts(out, "; cites") < 0)
			return -1;
		for (size_t c = 0; c < e->ncites; c++) {
			const sr_bulletin_cite *ci = &e->cites[c];
			if (sr_buf_puts(out, c ? ", (" : " (") < 0 ||
			    sr_bl_html_esc(out, ci->name && ci->name[0] ? ci->name : "unnamed source") < 0)
				return -1;
			if (sr_date_valid(ci->date) && (sr_buf_puts(out, ", ") < 0 || html_date(out, ci->date) < 0))
				return -1;
			if (sr_buf_putc(out, ')') < 0)
				return -1;
		}
	}
	return sr_buf_puts(out, "</p>\n</li>\n");
}

/* The sphere's chart in a <figure>; the chart's own errors are passed on. */
static int html_chart(const sr_bulletin *b, const sr_bulletin_sphere *s, const char *title, sr_buf *out,
		      sr_error *err)
{
	sr_buf t;
	sr_buf_init(&t, 4096);
	if (sr_buf_puts(&t, title) < 0 || sr_buf_puts(&t, ": cooperation and conflict by week") < 0) {
		/* a very long title: the chart goes without one rather than fail */
		sr_buf_reset(&t);
	}
	int rc = 0;
	if (sr_buf_puts(out, "<figure class=\"chart\">\n") < 0) {
		rc = SR_ENOMEM;
		goto done;
	}
	sr_chart_opts co = {.title = t.p, .highlight = b->week};
	rc = sr_chart_svg(s->series, s->nseries, &co, out, err);
	if (rc)
		goto done;
	if (sr_buf_puts(out, "\n<figcaption>") < 0 || sr_bl_html_esc(out, title) < 0 ||
	    sr_buf_printf(out, ": events of cooperation (up) and conflict (down) by week, %zu week%s to %s.",
			  s->nseries, s->nseries == 1 ? "" : "s", b->week) < 0 ||
	    sr_buf_puts(out, "</figcaption>\n</figure>\n") < 0)
		rc = SR_ENOMEM;
done:
	sr_buf_cleanup(&t);
	return rc;
}

static int html_sphere(const sr_bulletin *b, const sr_bulletin_sphere *s, const sr_render_opts *o, sr_buf *out,
		       sr_error *err)
{
	const char *title = s->title && s->title[0] ? s->title : (s->id ? s->id : "");
	if (sr_buf_puts(out, "<section class=\"sphere\" id=\"sphere-") < 0 || html_id(out, s->id) < 0 ||
	    sr_buf_puts(out, "\">\n<h2>") < 0 || sr_bl_html_esc(out, title) < 0 ||
	    sr_buf_puts(out, "</h2>\n<h3>") < 0 || sr_bl_html_esc(out, s->headline) < 0 ||
	    sr_buf_puts(out, "</h3>\n<p class=\"label\">") < 0 || html_badge(out, s->label) < 0 ||
	    sr_buf_printf(out, " <span class=\"confidence\">(confidence %.2f)</span></p>\n", s->confidence) < 0)
		return SR_ENOMEM;
	if (s->lead && s->lead[0] &&
	    (sr_buf_puts(out, "<p class=\"lead\">") < 0 || sr_bl_html_esc(out, s->lead) < 0 ||
	     sr_buf_puts(out, "</p>\n") < 0))
		return SR_ENOMEM;
	if (s->basis && s->basis[0] &&
	    (sr_buf_puts(out, "<p class=\"basis\"><strong>Basis:</strong> ") < 0 ||
	     sr_bl_html_esc(out, s->basis) < 0 || sr_buf_puts(out, "</p>\n") < 0))
		return SR_ENOMEM;
	char g[16];
	sr_bl_goldstein(s->goldstein_sum, g);
	if (sr_buf_printf(out,
			  "<p class=\"figures\"><strong>Figures:</strong> %ld event%s (cooperation %ld, "
			  "conflict %ld), Goldstein sum %s.</p>\n",
			  s->events, s->events == 1 ? "" : "s", s->cooperation, s->conflict, g) < 0)
		return SR_ENOMEM;
	if (o && o->charts && s->nseries > 0) {
		int rc = html_chart(b, s, title, out, err);
		if (rc)
			return rc;
	}
	if (s->nevidence) {
		if (sr_buf_puts(out, "<h4>Evidence</h4>\n<ol class=\"evidence\">\n") < 0)
			return SR_ENOMEM;
		for (size_t k = 0; k < s->nevidence; k++)
			if (html_evidence(out, s, &s->evidence[k]) < 0)
				return SR_ENOMEM;
		if (sr_buf_puts(out, "</ol>\n") < 0)
			return SR_ENOMEM;
	}
	if (s->narticles) {
		if (sr_buf_puts(out, "<h4>Sources</h4>\n<ul class=\"sources\">\n") < 0)
			return SR_ENOMEM;
		for (size_t k = 0; k < s->narticles; k++) {
			const sr_bulletin_article *a = &s->articles[k];
			int seen = 0;
			for (size_t j = 0; j < k && a->doc_id; j++)
				seen |= s->articles[j].doc_id == a->doc_id;
			if (seen)
				continue;
			if (sr_buf_puts(out, "<li>") < 0 || html_article_ref(out, a) < 0 ||
			    sr_buf_puts(out, "</li>\n") < 0)
				return SR_ENOMEM;
		}
		if (sr_buf_puts(out, "</ul>\n") < 0)
			return SR_ENOMEM;
	}
	return sr_buf_puts(out, "</section>\n") < 0 ? SR_ENOMEM : 0;
}

/* "Situation bulletin: March 18 – March 24, 2019 (2019-W12)" (unescaped:
 * every part is ours). */
static void bulletin_title(const char week[9], sr_date start, sr_date end, char *t, size_t size)
{
	sr_date mon, sun;
	char period[96] = "";
	if (sr_bl_week_dates(week, start, end, &mon, &sun) == 0)
		sr_bl_period(mon, sun, period, sizeof period);
	if (period[0])
		snprintf(t, size, "%s (%s)", period, week);
	else
		snprintf(t, size, "%s", week);
}

int sr_bl_html_body(const sr_bulletin *b, const sr_render_opts *o, sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	char title[128];
	bulletin_title(b->week, b->start, b->end, title, sizeof title);
	PUT(sr_buf_printf(out, "<header>\n<h1>Situation bulletin: %s</h1>\n", title));
	PUT(sr_buf_printf(out, "<p class=\"meta\">Week %s: %ld article%s", b->week, b->documents,
			  b->documents == 1 ? "" : "s"));
	if (b->focus && b->focus[0]) {
		PUT(sr_buf_puts(out, "; focus: "));
		PUT(sr_bl_html_esc(out, b->focus));
	}
	PUT(sr_buf_puts(out, ".</p>\n</header>\n"));
	if (!b->nspheres)
		PUT(sr_buf_puts(out, "<p class=\"empty\">Nothing to report for this week: no coded events or "
				     "articles.</p>\n"));
	for (size_t i = 0; i < b->nspheres; i++) {
		int rc = html_sphere(b, &b->spheres[i], o, out, err);
		if (rc == SR_ENOMEM)
			goto nomem;
		if (rc) {
			out->len = len0;
			if (out->p)
				out->p[len0] = '\0';
			return rc;
		}
	}
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}

/* ---- pages ---- */

static const char page_css[] =
	":root{color-scheme:light}"
	"body{margin:0;background:#fdfdfc;color:#1f2328;"
	"font:1.0625rem/1.6 system-ui,-apple-system,\"Segoe UI\",\"DejaVu Sans\",\"Liberation Sans\",sans-serif}"
	"main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}"
	"nav{max-width:46rem;margin:0 auto;padding:.75rem 1.25rem 0;font-size:.95rem}"
	"a{color:#0b57b0}a:visited{color:#6639ba}"
	"h1{font-size:1.75rem;line-height:1.25;margin:1rem 0 .25rem}"
	"h2{font-size:1.4rem;line-height:1.3;margin:2.5rem 0 .25rem;padding-top:1rem;border-top:1px solid #d0d7de}"
	"h3{font-size:1.15rem;line-height:1.35;margin:.25rem 0 .5rem;font-weight:600}"
	"h4{font-size:1rem;margin:1.5rem 0 .5rem;text-transform:uppercase;letter-spacing:.04em;color:#57606a}"
	".meta,.figures,.basis,.from,.event{color:#424a53}"
	".event,.from{font-size:.95rem;margin:.25rem 0}"
	".badge{display:inline-block;padding:.1rem .6rem;border-radius:1rem;border:1px solid;font-weight:600;"
	"font-size:.9rem}"
	".badge-better{background:#dafbe1;color:#116329;border-color:#4ac26b}"
	".badge-unchanged{background:#e7eef6;color:#27425e;border-color:#8ca6c2}"
	".badge-worse{background:#ffebe9;color:#a40e26;border-color:#ff8182}"
	".badge-none{background:#f6f8fa;color:#424a53;border-color:#afb8c1}"
	".confidence{color:#57606a;font-size:.9rem}"
	".lead{font-size:1.1rem}"
	"blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:4px solid #d0d7de;background:#f6f8fa}"
	"blockquote p{margin:.25rem 0}"
	"ol.evidence>li{margin-bottom:1rem}"
	"cite{font-style:italic}"
	"code{font:.9em/1 \"DejaVu Sans Mono\",ui-monospace,monospace}"
	".url{word-break:break-all}"
	"figure{margin:1rem 0}figure svg{max-width:100%;height:auto;display:block}"
	"figcaption{font-size:.9rem;color:#57606a}"
	"ol.weeks>li{margin-bottom:1rem}"
	"footer{margin-top:3rem;font-size:.9rem;color:#57606a}";

static int page_head(sr_buf *out, const char *title)
{
	if (sr_buf_puts(out, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>") < 0 ||
	    sr_bl_html_esc(out, title) < 0 || sr_buf_puts(out, "</title>\n<style>") < 0 ||
	    sr_buf_puts(out, page_css) < 0 || sr_buf_puts(out, "</style>\n</head>\n<body>\n") < 0)
		return -1;
	return 0;
}

int sr_bulletin_render_html(const sr_bulletin *b, const sr_render_opts *o, sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	int rc = sr_bl_check(b, err);
	if (rc)
		return rc;
	const char *base;
	if (sr_bl_base(o, &base) < 0)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin: base_url must be http(s) or relative");
	char title[160], t[128];
	bulletin_title(b->week, b->start, b->end, t, sizeof t);
	snprintf(title, sizeof title, "Situation bulletin: %s", t);
	PUT(page_head(out, title));
	PUT(sr_buf_puts(out, "<nav><a href=\""));
	PUT(sr_bl_html_esc(out, base));
	PUT(sr_buf_puts(out, "index.html\">View all bulletins</a></nav>\n<main>\n<article class=\"bulletin\">\n"));
	rc = sr_bl_html_body(b, o, out, err);
	if (rc) {
		out->len = len0;
		if (out->p)
			out->p[len0] = '\0';
		return rc;
	}
	PUT(sr_buf_puts(out, "</article>\n<footer><p>Made by sitrep from coded events and the articles cited. "
			     "<a href=\""));
	PUT(sr_bl_html_esc(out, base));
	PUT(sr_buf_puts(out, "index.html\">View all bulletins</a></p></footer>\n</main>\n</body>\n</html>\n"));
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}

/* ---- the archive index ---- */

static int index_html(const sr_bulletin_summary *w, size_t n, const char *base, sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	PUT(page_head(out, "Situation bulletins"));
	PUT(sr_buf_puts(out, "<main>\n<h1>Situation bulletins</h1>\n"));
	if (!n)
		PUT(sr_buf_puts(out, "<p class=\"empty\">No bulletins yet.</p>\n"));
	else
		PUT(sr_buf_puts(out, "<ol class=\"weeks\" reversed>\n"));
	for (size_t i = 0; i < n; i++) {
		const sr_bulletin_summary *s = &w[i];
		char t[128];
		bulletin_title(s->week, s->start, s->end, t, sizeof t);
		PUT(sr_buf_puts(out, "<li><a href=\""));
		PUT(sr_bl_html_esc(out, base));
		PUT(sr_buf_printf(out, "%s.html\">%s</a> <span class=\"meta\">%ld article%s, %ld event%s</span>", s->week,
				  t, s->documents, s->documents == 1 ? "" : "s", s->events, s->events == 1 ? "" : "s"));
		if (s->nspheres)
			PUT(sr_buf_puts(out, "\n<ul>\n"));
		for (size_t k = 0; k < s->nspheres; k++) {
			PUT(sr_buf_puts(out, "<li>"));
			PUT(sr_bl_html_esc(out, s->sphere_titles[k]));
			PUT(sr_buf_puts(out, ": "));
			PUT(html_badge(out, s->labels[k]));
			PUT(sr_buf_puts(out, " \xE2\x80\x94 "));
			PUT(sr_bl_html_esc(out, s->headlines[k]));
			PUT(sr_buf_puts(out, "</li>\n"));
		}
		PUT(sr_buf_puts(out, s->nspheres ? "</ul>\n</li>\n" : "</li>\n"));
	}
	if (n)
		PUT(sr_buf_puts(out, "</ol>\n"));
	PUT(sr_buf_puts(out, "</main>\n</body>\n</html>\n"));
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}

int sr_bulletin_render_index(const sr_bulletin_summary *weeks, size_t n, const char *fmt, const sr_render_opts *o,
			     sr_buf *out, sr_error *err)
{
	const char *base;
	if (sr_bl_base(o, &base) < 0)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin: base_url must be http(s) or relative");
	if (n && !weeks)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin index: weeks missing");
	for (size_t i = 0; i < n; i++) {
		const sr_bulletin_summary *s = &weeks[i];
		if (!sr_bl_week_valid(s->week))
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin index: week %zu is not YYYY-Www",
					    i + 1);
		if (s->nspheres && (!s->sphere_titles || !s->headlines || !s->labels))
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin index: week %s: spheres missing",
					    s->week);
	}
	if (fmt && strcmp(fmt, "md") == 0)
		return sr_bl_index_md(weeks, n, base, out, err);
	if (fmt && strcmp(fmt, "html") == 0)
		return index_html(weeks, n, base, out, err);
	return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin index: unknown format \"%s\" (md or html)",
			    fmt ? fmt : "(null)");
}
