/* bulletin_md.c — the weekly bulletin as Markdown, the Markdown archive
 * index, and the facts every renderer shares (period line, labels, link
 * checks).
 *
 * Text taken from articles is escaped so that it reads as the same words
 * in any CommonMark renderer: it can never open a heading, quote, list,
 * link, emphasis or raw HTML of its own. Article text is quoted inline, so
 * line breaks inside it become spaces (a newline inside a list item would
 * end the item's paragraph or start a new block). */
#include "bulletin.h"

#include <stdio.h>
#include <string.h>

#include "bulletin_int.h"

#define PUT(x)                        \
	do {                          \
		if ((x) < 0)          \
			goto nomem;   \
	} while (0)

/* ---- shared facts ---- */

const char *sr_bulletin_label_text(sr_trend t)
{
	switch (t) {
	case SR_TREND_BETTER:
		return "The situation has gotten better";
	case SR_TREND_UNCHANGED:
		return "The situation has not changed";
	case SR_TREND_WORSE:
		return "The situation has gotten worse";
	default:
		return "";
	}
}

const char *sr_bl_label_class(sr_trend t)
{
	switch (t) {
	case SR_TREND_BETTER:
		return "better";
	case SR_TREND_UNCHANGED:
		return "unchanged";
	case SR_TREND_WORSE:
		return "worse";
	default:
		return "none";
	}
}

int sr_bl_week_valid(const char week[9])
{
	static const char shape[] = "DDDD-WDD";
	for (size_t i = 0; i < 8; i++) {
		char c = week[i];
		if (shape[i] == 'D' ? (c < '0' || c > '9') : c != shape[i])
			return 0;
	}
	return week[8] == '\0';
}

int sr_bl_week_dates(const char week[9], sr_date start, sr_date end, sr_date *mon, sr_date *sun)
{
	if (sr_date_valid(start) && sr_date_valid(end)) {
		*mon = start;
		*sun = end;
		return 0;
	}
	if (!sr_bl_week_valid(week))
		return -1;
	int y = (week[0] - '0') * 1000 + (week[1] - '0') * 100 + (week[2] - '0') * 10 + (week[3] - '0');
	int w = (week[6] - '0') * 10 + (week[7] - '0');
	sr_date m = sr_date_from_isoweek(y, w);
	if (!m)
		return -1;
	*mon = m;
	*sun = sr_date_add(m, 6);
	return 0;
}

static const char *const month_names[12] = {"January", "February", "March",     "April",
					     "May",     "June",     "July",      "August",
					     "September", "October", "November", "December"};

void sr_bl_period(sr_date start, sr_date end, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = '\0';
	if (!sr_date_valid(start) || !sr_date_valid(end))
		return;
	int y1 = start / 10000, m1 = start / 100 % 100, d1 = start % 100;
	int y2 = end / 10000, m2 = end / 100 % 100, d2 = end % 100;
	/* "–" is U+2013, as the seeds write it */
	if (y1 == y2)
		snprintf(out, size, "%s %d \xE2\x80\x93 %s %d, %d", month_names[m1 - 1], d1,
			 month_names[m2 - 1], d2, y2);
	else
		snprintf(out, size, "%s %d, %d \xE2\x80\x93 %s %d, %d", month_names[m1 - 1], d1, y1,
			 month_names[m2 - 1], d2, y2);
}

static int has_prefix_ci(const char *s, const char *p)
{
	for (; *p; s++, p++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *p)
			return 0;
	}
	return 1;
}

int sr_bl_url_ok(const char *url)
{
	if (!url)
		return 0;
	size_t skip;
	if (has_prefix_ci(url, "http://"))
		skip = 7;
	else if (has_prefix_ci(url, "https://"))
		skip = 8;
	else
		return 0;
	if (!url[skip])
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

int sr_bl_base(const sr_render_opts *o, const char **base)
{
	const char *b = o && o->base_url ? o->base_url : "";
	*base = b;
	if (!*b)
		return 0;
	for (const unsigned char *p = (const unsigned char *)b; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return -1;
	/* a scheme is letters, digits, + - . before the first ':'; a relative
	 * prefix ("/bulletin/", "out/") has no ':' before its first '/' */
	const char *colon = strchr(b, ':'), *slash = strchr(b, '/');
	if (!colon || (slash && slash < colon))
		return 0;
	return has_prefix_ci(b, "http://") || has_prefix_ci(b, "https://") ? 0 : -1;
}

void sr_bl_goldstein(double g, char out[16])
{
	if (g > -0.05 && g < 0.05)
		g = 0.0; /* no "-0.0" */
	snprintf(out, 16, g > 0 ? "+%.1f" : "%.1f", g);
}

int sr_bl_nomem(sr_buf *out, size_t len, sr_error *err)
{
	if (out->p && out->len > len) {
		out->len = len;
		out->p[len] = '\0';
	}
	return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "bulletin: output larger than its buffer's cap");
}

int sr_bl_check(const sr_bulletin *b, sr_error *err)
{
	if (!b)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin: no model");
	if (!sr_bl_week_valid(b->week))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin: week is not YYYY-Www");
	if (b->nspheres && !b->spheres)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin: spheres missing");
	for (size_t i = 0; i < b->nspheres; i++) {
		const sr_bulletin_sphere *s = &b->spheres[i];
		if ((s->nevidence && !s->evidence) || (s->narticles && !s->articles) ||
		    (s->nseries && !s->series))
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
					    "bulletin: sphere %zu: array missing", i + 1);
		for (size_t k = 0; k < s->nevidence; k++) {
			const sr_bulletin_evidence *e = &s->evidence[k];
			if (e->article >= s->narticles)
				return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
						    "bulletin: sphere %zu evidence %zu: article %zu of %zu",
						    i + 1, k + 1, e->article, s->narticles);
			if (e->ncites && !e->cites)
				return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
						    "bulletin: sphere %zu evidence %zu: cites missing", i + 1,
						    k + 1);
		}
	}
	return 0;
}

/* ---- Markdown escaping ---- */

enum {
	MD_LINE = 1, /* the text starts a line: block markers must not open */
	MD_LINK = 2, /* inside [link text] */
	MD_HEAD = 4, /* inside an ATX heading: a trailing "#" run would close it */
};

static int md_text(sr_buf *out, const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	if (flags & MD_LINE) {
		/* leading blanks would make an indented code block */
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (strchr("#>-+*=|~`:", *p) && *p) {
			if (sr_buf_putc(out, '\\') < 0)
				return -1;
		} else if (*p >= '0' && *p <= '9') {
			/* "12. " or "12) " opens an ordered list */
			const unsigned char *q = p;
			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '.' || *q == ')') {
				if (sr_buf_append(out, p, (size_t)(q - p)) < 0 || sr_buf_putc(out, '\\') < 0)
					return -1;
				p = q;
			}
		}
	}
	const unsigned char *run = p;
	for (; *p; p++) {
		unsigned char c = *p;
		const char *rep = NULL;
		char esc[3] = {'\\', (char)c, '\0'};
		if (c == '\n' || c == '\r' || c == '\t')
			rep = " ";
		else if (c < 0x20 || c == 0x7f)
			rep = "";
		else if (strchr("\\`*_[]<~", c))
			rep = esc;
		else if (c == '&' && (p[1] == '#' || (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
			rep = esc; /* would start an entity */
		else if ((flags & MD_LINK) && (c == '(' || c == ')'))
			rep = esc;
		else if ((flags & MD_HEAD) && c == '#')
			rep = esc;
		if (!rep)
			continue;
		if (sr_buf_append(out, run, (size_t)(p - run)) < 0 || sr_buf_puts(out, rep) < 0)
			return -1;
		run = p + 1;
	}
	return sr_buf_append(out, run, (size_t)(p - run));
}

/* A link destination: percent-encode what would end or break it. */
static int md_url(sr_buf *out, const char *base, const char *url)
{
	for (int part = 0; part < 2; part++) {
		const unsigned char *p = (const unsigned char *)(part ? url : base);
		for (; *p; p++) {
			if (*p <= 0x20 || *p == 0x7f || strchr("()<>\\", *p)) {
				if (sr_buf_printf(out, "%%%02X", *p) < 0)
					return -1;
			} else if (sr_buf_putc(out, (char)*p) < 0) {
				return -1;
			}
		}
	}
	return 0;
}

/* "[title](url)" when the url is safe, else the title and, if known, the
 * file it was read from. */
static int md_article_ref(sr_buf *out, const sr_bulletin_article *a)
{
	const char *title = a->title && a->title[0] ? a->title : "(untitled)";
	if (sr_bl_url_ok(a->url)) {
		if (sr_buf_putc(out, '[') < 0 || md_text(out, title, MD_LINK) < 0 ||
		    sr_buf_puts(out, "](") < 0 || md_url(out, "", a->url) < 0 || sr_buf_putc(out, ')') < 0)
			return -1;
	} else {
		/* MD_LINE: "*" + a title opening with "# " or " * " must not
		 * turn into a heading or a nested list */
		if (sr_buf_puts(out, "*") < 0 || md_text(out, title, MD_LINE) < 0 || sr_buf_puts(out, "*") < 0)
			return -1;
		if (a->url && a->url[0] &&
		    (sr_buf_puts(out, " (") < 0 || md_text(out, a->url, 0) < 0 || sr_buf_putc(out, ')') < 0))
			return -1;
		if (a->file && a->file[0] &&
		    (sr_buf_puts(out, " (file ") < 0 || md_text(out, a->file, 0) < 0 ||
		     sr_buf_putc(out, ')') < 0))
			return -1;
	}
	if (a->publication && a->publication[0] &&
	    (sr_buf_puts(out, ", ") < 0 || md_text(out, a->publication, 0) < 0))
		return -1;
	if (sr_date_valid(a->date)) {
		char d[11];
		sr_date_format(a->date, d);
		if (sr_buf_printf(out, ", %s", d) < 0)
			return -1;
	}
	return 0;
}

static int md_party(sr_buf *out, const char *name, const char *code)
{
	int has_name = name && name[0], has_code = code && code[0];
	if (has_name && md_text(out, name, 0) < 0)
		return -1;
	if (has_code && (sr_buf_puts(out, has_name ? " (" : "") < 0 || md_text(out, code, 0) < 0 ||
			 sr_buf_puts(out, has_name ? ")" : "") < 0))
		return -1;
	if (!has_name && !has_code && sr_buf_puts(out, "(unknown)") < 0)
		return -1;
	return 0;
}

static int md_evidence(sr_buf *out, const sr_bulletin_sphere *s, size_t k)
{
	const sr_bulletin_evidence *e = &s->evidence[k];
	char marker[32];
	int w = snprintf(marker, sizeof marker, "%zu. ", k + 1);
	char indent[32];
	memset(indent, ' ', (size_t)w);
	indent[w] = '\0';

	/* the sentence itself, quoted */
	if (sr_buf_puts(out, marker) < 0 || sr_buf_puts(out, "\xE2\x80\x9C") < 0 ||
	    md_text(out, e->text, 0) < 0 || sr_buf_puts(out, "\xE2\x80\x9D\n\n") < 0)
		return -1;

	/* the event it was coded as */
	if (sr_buf_puts(out, indent) < 0 || sr_buf_puts(out, "Event: ") < 0)
		return -1;
	if (sr_date_valid(e->date)) {
		char d[11];
		sr_date_format(e->date, d);
		if (sr_buf_printf(out, "%s, ", d) < 0)
			return -1;
	} else if (sr_buf_puts(out, "undated, ") < 0) {
		return -1;
	}
	if (md_party(out, e->source_name, e->source_code) < 0 || sr_buf_puts(out, " \xE2\x86\x92 ") < 0 ||
	    md_party(out, e->target_name, e->target_code) < 0)
		return -1;
	if (e->cameo && e->cameo[0]) {
		if (sr_buf_puts(out, "; CAMEO ") < 0 || md_text(out, e->cameo, 0) < 0)
			return -1;
		if (e->cameo_name && e->cameo_name[0] &&
		    (sr_buf_putc(out, ' ') < 0 || md_text(out, e->cameo_name, 0) < 0))
			return -1;
	}
	if (e->quad) {
		char g[16];
		sr_bl_goldstein(e->goldstein, g);
		if (sr_buf_printf(out, "; Goldstein %s", g) < 0)
			return -1;
	}
	if (sr_buf_puts(out, "\n\n") < 0)
		return -1;

	/* where it was read, and whom it cites */
	if (sr_buf_puts(out, indent) < 0 || sr_buf_puts(out, "From ") < 0 ||
	    md_article_ref(out, &s->articles[e->article]) < 0)
		return -1;
	if (e->ncites) {
		if (sr_buf_puts(out, "; cites") < 0)
			return -1;
		for (size_t c = 0; c < e->ncites; c++) {
			const sr_bulletin_cite *ci = &e->cites[c];
			if (sr_buf_puts(out, c ? ", (" : " (") < 0 ||
			    md_text(out, ci->name && ci->name[0] ? ci->name : "unnamed source", 0) < 0)
				return -1;
			if (sr_date_valid(ci->date)) {
				char d[11];
				sr_date_format(ci->date, d);
				if (sr_buf_printf(out, ", %s", d) < 0)
					return -1;
			}
			if (sr_buf_putc(out, ')') < 0)
				return -1;
		}
	}
	return sr_buf_puts(out, "\n\n");
}

static int md_sphere(sr_buf *out, const sr_bulletin_sphere *s)
{
	if (sr_buf_puts(out, "## ") < 0 || md_text(out, s->title && s->title[0] ? s->title : s->id, MD_HEAD) < 0 ||
	    sr_buf_puts(out, "\n\n### ") < 0 || md_text(out, s->headline, MD_HEAD) < 0 ||
	    sr_buf_puts(out, "\n\n") < 0)
		return -1;
	const char *label = sr_bulletin_label_text(s->label);
	if (label[0] && sr_buf_printf(out, "**%s** (confidence %.2f)\n\n", label, s->confidence) < 0)
		return -1;
	if (s->lead && s->lead[0] && (md_text(out, s->lead, MD_LINE) < 0 || sr_buf_puts(out, "\n\n") < 0))
		return -1;
	if (s->basis && s->basis[0] &&
	    (sr_buf_puts(out, "Basis: ") < 0 || md_text(out, s->basis, 0) < 0 || sr_buf_puts(out, "\n\n") < 0))
		return -1;
	char g[16];
	sr_bl_goldstein(s->goldstein_sum, g);
	if (sr_buf_printf(out, "Figures: %ld event%s (cooperation %ld, conflict %ld), Goldstein sum %s.\n\n",
			  s->events, s->events == 1 ? "" : "s", s->cooperation, s->conflict, g) < 0)
		return -1;
	if (s->nevidence) {
		if (sr_buf_puts(out, "Evidence:\n\n") < 0)
			return -1;
		for (size_t k = 0; k < s->nevidence; k++)
			if (md_evidence(out, s, k) < 0)
				return -1;
	}
	if (s->narticles) {
		if (sr_buf_puts(out, "Sources:\n\n") < 0)
			return -1;
		for (size_t k = 0; k < s->narticles; k++) {
			const sr_bulletin_article *a = &s->articles[k];
			int seen = 0;
			for (size_t j = 0; j < k && a->doc_id; j++)
				seen |= s->articles[j].doc_id == a->doc_id;
			if (seen)
				continue;
			if (sr_buf_puts(out, "- ") < 0 || md_article_ref(out, a) < 0 || sr_buf_putc(out, '\n') < 0)
				return -1;
		}
		if (sr_buf_putc(out, '\n') < 0)
			return -1;
	}
	return 0;
}

int sr_bulletin_render_md(const sr_bulletin *b, const sr_render_opts *o, sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	int rc = sr_bl_check(b, err);
	if (rc)
		return rc;
	const char *base;
	if (sr_bl_base(o, &base) < 0)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin: base_url must be http(s) or relative");
	sr_date mon, sun;
	char period[96] = "";
	if (sr_bl_week_dates(b->week, b->start, b->end, &mon, &sun) == 0)
		sr_bl_period(mon, sun, period, sizeof period);

	PUT(sr_buf_puts(out, "# Situation bulletin: "));
	if (period[0])
		PUT(sr_buf_printf(out, "%s (%s)\n\n", period, b->week));
	else
		PUT(sr_buf_printf(out, "%s\n\n", b->week));
	PUT(sr_buf_printf(out, "Week %s: %ld article%s", b->week, b->documents, b->documents == 1 ? "" : "s"));
	if (b->focus && b->focus[0]) {
		PUT(sr_buf_puts(out, "; focus: "));
		PUT(md_text(out, b->focus, 0));
	}
	PUT(sr_buf_puts(out, ".\n\n"));
	if (!b->nspheres)
		PUT(sr_buf_puts(out, "Nothing to report for this week: no coded events or articles.\n\n"));
	for (size_t i = 0; i < b->nspheres; i++)
		PUT(md_sphere(out, &b->spheres[i]));
	PUT(sr_buf_puts(out, "---\n\n[View all bulletins]("));
	PUT(md_url(out, base, "index.md"));
	PUT(sr_buf_puts(out, ")\n"));
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}

/* ---- the archive index, as Markdown ---- */

int sr_bl_index_md(const sr_bulletin_summary *w, size_t n, const char *base, sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	PUT(sr_buf_puts(out, "# Situation bulletins\n\n"));
	if (!n)
		PUT(sr_buf_puts(out, "No bulletins yet.\n"));
	for (size_t i = 0; i < n; i++) {
		const sr_bulletin_summary *s = &w[i];
		sr_date mon, sun;
		char period[96] = "";
		if (sr_bl_week_dates(s->week, s->start, s->end, &mon, &sun) == 0)
			sr_bl_period(mon, sun, period, sizeof period);
		PUT(sr_buf_puts(out, "- ["));
		if (period[0])
			PUT(sr_buf_printf(out, "%s \\(%s\\)", period, s->week));
		else
			PUT(sr_buf_puts(out, s->week));
		PUT(sr_buf_puts(out, "]("));
		PUT(md_url(out, base, s->week));
		PUT(sr_buf_printf(out, ".md): %ld article%s, %ld event%s\n", s->documents,
				  s->documents == 1 ? "" : "s", s->events, s->events == 1 ? "" : "s"));
		for (size_t k = 0; k < s->nspheres; k++) {
			const char *label = sr_bulletin_label_text(s->labels[k]);
			PUT(sr_buf_puts(out, "  - "));
			PUT(md_text(out, s->sphere_titles[k], 0));
			PUT(sr_buf_puts(out, ": "));
			PUT(sr_buf_puts(out, label[0] ? label : "no label"));
			PUT(sr_buf_puts(out, " \xE2\x80\x94 "));
			PUT(md_text(out, s->headlines[k], 0));
			PUT(sr_buf_putc(out, '\n'));
		}
	}
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}
