/* cli.h — what the subcommands share: exit codes, error reporting, the
 * input loop (read → extract), progress display and JSON output of documents.
 *
 * Only the CLI prints. Each subcommand is cmd_NAME(argc, argv) with argv[0]
 * the subcommand name, and returns an exit code. */
#ifndef SITREP_CLI_H
#define SITREP_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "doc.h"
#include "read.h"
#include "util/buf.h"
#include "util/error.h"

/* Exit codes (DESIGN.md). */
enum {
	EXIT_ALLOK = 0,    /* all went well */
	EXIT_REJECTED = 1, /* some inputs rejected, each named on stderr, the rest done */
	EXIT_USAGE = 2,
	EXIT_FATAL = 3, /* store or I/O */
};

int cmd_extract(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_bulletin(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* One article's coding as the store takes it (ingest, fetch): the coder's
 * events, each with its strings copied (the coder lends them only for its
 * callback) and its evidence a span of body. Owned: init/cleanup. */
struct cli_codes;
struct sr_event;
struct sr_store_event;
typedef struct cli_coded {
	const char *body;           /* the text coded; the evidence spans point into it */
	struct sr_store_event *ev;  /* n events; complete after cli_coded_finish */
	size_t n, cap;
	struct cli_codes *codes;    /* the events' fixed-size strings */
	struct sr_buf names;        /* the events' names, NUL-separated */
	int oom;                    /* cli_coded_keep ran out of memory (and stopped the coder) */
} cli_coded;
void cli_coded_init(cli_coded *c, const char *body);
void cli_coded_cleanup(cli_coded *c);
/* The coder's callback (sr_event_fn): keep one event. */
int cli_coded_keep(const struct sr_event *ev, void *ud);
/* After coding: point every event at its strings. */
void cli_coded_finish(cli_coded *c);
/* sitrep's own reading of the article from its wording and these events
 * (assess.h; never the source's label). */
sr_trend cli_coded_assess(const cli_coded *c, const sr_doc *d);
int cmd_alerts(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* Coded events (cmd_code.c), shared by code, ingest and events. */
struct sr_buf;
struct sr_dict;
struct sr_event;
struct sr_store_event;
/* The bundled dictionaries (n == 0) or the files given, in order, frozen
 * for sharing between threads; *fingerprint says which ("default", or
 * "xxh128:" and a hash of the files' bytes). 0, or -1 (reported). */
enum { CLI_DICT_FP_SIZE = 48 };
int cli_dicts_load(char **paths, int n, struct sr_dict **out /* OUT */,
		   char fingerprint[CLI_DICT_FP_SIZE] /* OUT */);
/* The coder's event as the store's; the text is body[start..end). */
void cli_event_from_coder(const struct sr_event *ev, const char *body,
			  struct sr_store_event *out /* OUT */);
/* The `code --json` object of one event into b, left open (no closing
 * brace) so callers may add keys; lead (may be NULL) is written first, after
 * the opening brace: JSON members, each followed by a comma. 0 or -1. */
int cli_event_json(struct sr_buf *b, const char *lead, const char *file, long line, const char *id,
		   const struct sr_store_event *e);
/* Alerts over stored events (common.c), shared by alerts, fetch and watch:
 * the {"rule", "event"} object of `alerts --json` into b, closed (0 or -1),
 * and what a rule looks at in the row (pointers borrowed from it). */
struct sr_event_row;
struct sr_alert_event;
int cli_alert_match_json(struct sr_buf *b, const char *rule, const struct sr_event_row *r);
void cli_alert_event_of_row(const struct sr_event_row *r, struct sr_alert_event *out /* OUT */);
/* One event as a readable line (no newline) into b. */
void cli_event_line(struct sr_buf *b, const char *file, long line, const struct sr_store_event *e);

/* "sitrep: FILE:LINE: byte N: message" on stderr, once per error. */
void cli_report(const sr_error *err);
/* "sitrep: CMD: message" usage error on stderr, with a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Read and extract every article under paths (files, dirs, "-"), calling fn
 * for each good one; bad inputs are reported and counted. fn returns 0 to go
 * on, <0 to stop (a fatal error it already reported). *rejected gets the
 * count of bad inputs. Shows a progress bar on stderr when it is a terminal
 * and progress is set. Returns 0, or <0 when fn stopped the loop. */
typedef int (*cli_doc_fn)(void *ud, const sr_input *in, sr_doc *doc);
typedef struct cli_input_opts {
	sr_read_opts read;
	int progress;
	int quiet; /* no warnings for repaired inputs */
} cli_input_opts;
int cli_for_each_doc(char **paths, int npaths, const cli_input_opts *opts, cli_doc_fn fn,
		     void *ud, long *rejected /* OUT */);

/* The extract --json object of DESIGN.md for one document (new reference). */
json_t *cli_doc_to_json(const sr_doc *d);
/* Print one JSON object on a line; returns 0 or -1 on write error. */
int cli_print_json(FILE *out, json_t *obj);

/* Progress bar on stderr when it is a terminal (silent otherwise). */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_new(const char *label, long long total_bytes /* 0 unknown */);
void cli_progress_update(cli_progress *p, long long bytes_done, long docs_done);
void cli_progress_free(cli_progress *p); /* clears the line */

#endif
