/* bulletin.h — the publish stage: the weekly situation bulletin.
 *
 * A bulletin is a plain model (sr_bulletin, below) of one ISO week: per
 * sphere a headline, the trend label with its confidence and how it was
 * reached, a lead, and the evidence — events with their sentences, the
 * articles they come from and the sources those articles cite. The model
 * is assembled from a store (sr_bulletin_build, bulletin_build.c) and
 * rendered by pure functions (Markdown, HTML, Atom), which append to a
 * caller's buffer, escape everything they print, and give the same bytes
 * for the same model. */
#ifndef SITREP_BULLETIN_H
#define SITREP_BULLETIN_H

#include <stddef.h>
#include <stdint.h>

#include "chart.h"
#include "doc.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/error.h"

/* An article the bulletin cites. */
typedef struct sr_bulletin_article {
	int64_t doc_id;
	const char *title;       /* NULL: untitled (render "(untitled)") */
	const char *publication; /* may be NULL */
	const char *url;         /* may be NULL */
	const char *file;        /* where it was read from; may be NULL */
	const char *section;     /* the source's own section ("Security issues"); may be NULL */
	sr_date date;            /* 0 unknown */
	sr_trend trend_assessed; /* sitrep's reading of the article; NONE unknown */
} sr_bulletin_article;

/* A source an evidence sentence cites inline: "(Interfax, October 25)". */
typedef struct sr_bulletin_cite {
	const char *name; /* NULL: the name was lost in scraping */
	sr_date date;     /* 0 unknown */
} sr_bulletin_cite;

/* One coded event given as evidence. */
typedef struct sr_bulletin_evidence {
	int64_t event_id;
	size_t article;                       /* index into the sphere's articles */
	sr_date date;                         /* 0 undated */
	const char *source_code, *source_name; /* "BLRMIL", "Belarus military"; name may be NULL */
	const char *target_code, *target_name;
	const char *cameo;                    /* "062" */
	const char *cameo_name;               /* "Engage in material cooperation…"; may be NULL */
	int quad;                             /* 1..4, 0 unknown */
	double goldstein;                     /* meaningful when quad != 0 */
	const char *text;                     /* the sentence: the evidence itself */
	const sr_bulletin_cite *cites;        /* the sources this sentence cites */
	size_t ncites;
} sr_bulletin_evidence;

/* One sphere of the week. */
typedef struct sr_bulletin_sphere {
	const char *id;        /* "security" */
	const char *title;     /* "Security and defence" */
	const char *headline;  /* never NULL */
	sr_trend label;        /* BETTER, UNCHANGED or WORSE */
	double confidence;     /* 0..1 */
	/* How the label was reached, one sentence for the reader: the series
	 * against the preceding weeks, the articles' own readings. */
	const char *basis;
	const char *lead;      /* a paragraph; never NULL */

	/* the week's figures for this sphere */
	long events, cooperation, conflict;
	double goldstein_sum;

	const sr_bulletin_evidence *evidence; /* weightiest first */
	size_t nevidence;
	const sr_bulletin_article *articles;  /* every article referred to */
	size_t narticles;

	/* The sphere's weekly series ending with this week (oldest first), for
	 * the chart; n 0: no chart. */
	const sr_chart_point *series;
	size_t nseries;
} sr_bulletin_sphere;

typedef struct sr_bulletin {
	char week[9];          /* "2019-W12" */
	sr_date start, end;    /* Monday and Sunday of the week */
	const char *focus;     /* the parties the bulletin is about ("BLR"), NULL: all */
	const sr_bulletin_sphere *spheres; /* in the configured order; only spheres with something to say */
	size_t nspheres;
	long documents;        /* articles of the week in the store */
	void *owner;           /* the builder's allocations; renderers never touch it */
} sr_bulletin;

/* ---- rendering (bulletin_md.c, bulletin_html.c, bulletin_atom.c) ---- */

typedef struct sr_render_opts {
	/* Prefix for links between bulletin pages and to the archive
	 * ("https://example.org/bulletin/"); NULL or "": relative links
	 * ("2019-W12.html", "index.html"). */
	const char *base_url;
	int charts;            /* HTML: draw each sphere's series chart */
} sr_render_opts;

/* The seeds' shape: the period line, then per sphere its title, the
 * headline, the trend label as a sentence ("The situation has not
 * changed"), the lead, and the analysis: each evidence sentence quoted
 * with the event it was coded as, its article and its cited sources. A
 * bulletin without spheres says that the week has nothing to report.
 * Returns 0, or SR_ENOMEM (out's cap reached) or SR_EINPUT (a week that
 * is not YYYY-Www, an evidence's article index out of range, a base_url
 * with a scheme other than http(s)), err filled; on failure out holds
 * what it held before the call. The same holds for every renderer below. */
int sr_bulletin_render_md(const sr_bulletin *b, const sr_render_opts *o, sr_buf *out, sr_error *err);
/* The same as a standalone HTML5 page (inline CSS, no scripts), with a
 * link to the archive index ("View all") and, with o->charts, each
 * sphere's chart inline. */
int sr_bulletin_render_html(const sr_bulletin *b, const sr_render_opts *o, sr_buf *out, sr_error *err);

/* What the archive and the feed list of a week. */
typedef struct sr_bulletin_summary {
	char week[9];
	sr_date start, end;
	long documents, events;
	/* per sphere shown in that week: its title, headline and label */
	size_t nspheres;
	const char *const *sphere_titles;
	const char *const *headlines;
	const sr_trend *labels;
} sr_bulletin_summary;

/* The archive ("View all"): every week, newest first, with its spheres'
 * headlines and labels, each linking to the week's page. fmt "md" or
 * "html". */
int sr_bulletin_render_index(const sr_bulletin_summary *weeks, size_t n, const char *fmt,
			     const sr_render_opts *o, sr_buf *out, sr_error *err);

/* An Atom 1.0 feed (RFC 4287) of bulletins, newest first: one entry per
 * week, id "tag:sitrep,2000:bulletin/2019-W12", updated the week's Sunday,
 * the content the week's HTML body (escaped as type="html"), linking to
 * the week's page. feed_id: the feed's own id (NULL: a default tag URI).
 * With a base_url the feed links to itself as <base_url>feed.atom and to
 * the archive as <base_url>index.html. n 0: a valid empty feed. */
int sr_bulletin_render_atom(const sr_bulletin *const *weeks, size_t n, const char *feed_id,
			    const sr_render_opts *o, sr_buf *out, sr_error *err);

/* The label as the seeds write it: "The situation has gotten better" /
 * "… has not changed" / "… has gotten worse"; "" for NONE. */
const char *sr_bulletin_label_text(sr_trend t);

#endif
