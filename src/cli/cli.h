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
