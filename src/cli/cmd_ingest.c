/* cmd_ingest.c — `sitrep ingest`: read, extract, code and store articles.
 *
 * Two threads: one reads, extracts, codes and hashes (cli_for_each_doc,
 * sr_coder_code_text with its own sr_coder over the shared, frozen sr_dict,
 * and sr_store_key_doc), the other — the only one that touches the store —
 * writes each document with its events in one put (sr_store_put_coded).
 * A bounded queue between them keeps memory flat. On two cores the FTS5
 * indexing inside SQLite then runs beside extraction instead of after it.
 *
 * Documents are committed in batches (SR_INGEST_BATCH_DOCS documents or
 * SR_INGEST_BATCH_BYTES of input, whichever comes first), each batch one
 * transaction, in input order: a crash loses at most the open batch, and
 * since storing is idempotent a re-run stores exactly what is missing. After
 * a bulk addition the full-text index is compacted (optimize_after_bulk). */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "code.h"
#include "dict.h"
#include "store.h"
#include "util/buf.h"

/* Larger batches amortise the commit, give FTS5 one big segment per batch
 * instead of many small ones merged again at once, and rewrite the pages of
 * the randomly keyed b-trees (content hashes, near-duplicate band keys) less
 * often: each batch dirties most of them. Measured on 100,000 documents:
 * 256 a batch wrote 2 GB for a 360 MB store; 4,096 is about 10% faster than
 * 2,048 and 8,192 little faster again. These bound what a crash takes back
 * and how long a concurrent writer waits for the lock. */
#define SR_INGEST_BATCH_DOCS 4096
#define SR_INGEST_BATCH_BYTES (32u * 1024u * 1024u)

/* The queue between reader and writer: at most this many documents, and no
 * more input bytes than this unless it is empty (one document always fits). */
#define SR_INGEST_QUEUE_DOCS 64
#define SR_INGEST_QUEUE_BYTES (32u * 1024u * 1024u)

/* A sleeping thread is woken only when the queue is this full (the writer)
 * or this empty (the reader): waking the other side for every document cost
 * two context switches per document when both share one core. */
#define SR_INGEST_WAKE_DOCS (SR_INGEST_QUEUE_DOCS / 2)

static const char usage_text[] =
	"usage: sitrep ingest [--db PATH] [--json] [--dict PATH]... [--no-code]\n"
	"                     [--repair-utf8] [--quiet] PATH...\n"
	"\n"
	"Read articles (files, directories, or - for stdin; plain text, HTML or JSONL),\n"
	"extract them, code their events and store both in the database. Storing is\n"
	"idempotent: an article already stored (same title and text) is a duplicate and\n"
	"changes nothing; a near-duplicate (a syndicated copy) is stored, linked to its\n"
	"original, and not counted as added — nor are its events, which are the\n"
	"original's.\n"
	"\n"
	"  --db PATH      the database: a file (default sitrep.db; created if missing)\n"
	"                 or postgresql://user@host/db\n"
	"  --json         print the summary as one JSON object\n"
	"  --dict PATH    code with this dictionary instead of the bundled ones\n"
	"                 (repeatable; sitrep's .sd format or TABARI/PETRARCH files)\n"
	"  --no-code      store the articles without coding events\n"
	"  --repair-utf8  replace invalid UTF-8 with U+FFFD (warned) instead of rejecting\n"
	"  --quiet        no progress bar, no warnings, no text summary\n"
	"  -h, --help     this text\n"
	"\n"
	"Prints \"added N, duplicate N, near-duplicate N, rejected N, events N\" (events\n"
	"stored with the added articles).\n"
	"Exit status: 0 ok, 1 some inputs rejected (named on stderr), 2 usage,\n"
	"3 fatal store or I/O error (batches committed before it are kept).\n";

typedef struct job {
	sr_doc doc;
	sr_store_key key;
	int key_rc; /* 0, or the error of sr_store_key_doc (or of coding) in err */
	sr_error err;
	size_t bytes; /* input bytes, for batching */
	/* The document's events (cd.n may be 0 when coded: the coder ran). */
	int coded;
	cli_coded cd;
} job;

static void job_cleanup(job *j)
{
	sr_doc_cleanup(&j->doc);
	cli_coded_cleanup(&j->cd);
}

typedef struct ingest_state {
	sr_store *store;
	int in_txn;
	long batch_docs;
	size_t batch_bytes;
	long added, duplicate, near_dup, rejected, events;

	/* coding: one coder, used by the thread that extracts */
	sr_coder *coder; /* NULL: --no-code */
	char dict_fp[CLI_DICT_FP_SIZE];

	/* the queue (guarded by mu) */
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	job q[SR_INGEST_QUEUE_DOCS];
	size_t head, n, qbytes;
	int done, stop; /* reader finished; writer failed, reader must stop */

	/* the reader's part */
	char **paths;
	int npaths;
	cli_input_opts opts;
	long read_rejected;
	int read_rc;
} ingest_state;

static int flush_batch(ingest_state *st)
{
	if (!st->in_txn)
		return 0;
	sr_error err;
	sr_error_clear(&err);
	st->in_txn = 0;
	st->batch_docs = 0;
	st->batch_bytes = 0;
	if (sr_store_commit(st->store, &err) < 0) {
		cli_report(&err);
		return -1;
	}
	return 0;
}

/* After adding at least a tenth of the store (and some thousands of
 * documents), compact the full-text index: searches then read one segment
 * instead of dozens. It rewrites the whole index (1.4 s at 100,000
 * documents), so smaller additions leave it to FTS5's own merging. A failure
 * here loses nothing stored and is only reported. */
#define SR_INGEST_OPTIMIZE_MIN 2000

static void optimize_after_bulk(ingest_state *st)
{
	long added = st->added + st->near_dup;
	sr_store_stats stats;
	sr_error err;
	sr_error_clear(&err);
	if (added < SR_INGEST_OPTIMIZE_MIN || sr_store_stats_get(st->store, &stats, &err) < 0 ||
	    added * 10 < stats.documents)
		return;
	if (sr_store_optimize(st->store, &err) < 0 && !st->opts.quiet)
		cli_report(&err);
}

/* Store one document (writer side). 0, or -1 on a fatal error (reported). */
static int store_job(ingest_state *st, job *j)
{
	sr_error err;
	sr_error_clear(&err);
	int rc = j->key_rc;
	if (rc == 0 && !st->in_txn) {
		if (sr_store_begin(st->store, &err) < 0) {
			cli_report(&err);
			return -1;
		}
		st->in_txn = 1;
	}
	sr_put_result r = {0};
	sr_store_coding coding = {.ev = j->cd.ev, .n = j->cd.n, .dict = st->dict_fp};
	if (rc == 0)
		rc = sr_store_put_coded(st->store, &j->doc, &j->key, j->coded ? &coding : NULL, &r, &err);
	else
		err = j->err;
	if (rc == SR_EINPUT) { /* this document cannot be stored; the batch goes on */
		cli_report(&err);
		st->rejected++;
		return 0;
	}
	if (rc < 0) {
		cli_report(&err);
		return -1;
	}
	switch (r.kind) {
	case SR_PUT_ADDED:
		st->added++;
		if (j->coded)
			st->events += (long)j->cd.n;
		break;
	case SR_PUT_DUPLICATE: st->duplicate++; break;
	case SR_PUT_NEAR_DUP: st->near_dup++; break;
	}
	st->batch_docs++;
	st->batch_bytes += j->bytes;
	if (st->batch_docs >= SR_INGEST_BATCH_DOCS || st->batch_bytes >= SR_INGEST_BATCH_BYTES)
		return flush_batch(st);
	return 0;
}

/* Code the job's body (reader side): the events with their strings in
 * place. A body the coder refuses is stored uncoded, with a warning. */
static void code_job(ingest_state *st, job *j)
{
	if (!st->coder || j->key_rc < 0)
		return;
	cli_coded_init(&j->cd, j->doc.body);
	long n = j->doc.body_len ? sr_coder_code_text(st->coder, j->doc.body, j->doc.body_len,
						       j->doc.date, cli_coded_keep, &j->cd)
				 : 0;
	if (j->cd.oom) /* cli_coded_keep stopped it */
		n = SR_ENOMEM;
	if (n == SR_EINPUT) {
		if (!st->opts.quiet)
			fprintf(stderr, "sitrep: warning: %s%s%.0ld: cannot code this article; stored without events\n",
				j->doc.file, j->doc.line ? ":" : "", j->doc.line);
		j->cd.n = 0;
		return;
	}
	if (n < 0) {
		j->key_rc = sr_error_set(&j->err, n == SR_ENOMEM ? SR_ENOMEM : (sr_status)n, j->doc.file,
					 j->doc.line, -1, "coding failed%s",
					 n == SR_ENOMEM ? ": out of memory" : "");
		return;
	}
	cli_coded_finish(&j->cd);
	j->coded = 1;
	/* sitrep's own reading of the article, stored with it for the bulletin */
	j->doc.trend_assessed = cli_coded_assess(&j->cd, &j->doc);
}

/* Take the document over from the input loop, hash and code it (reader side). */
static void make_job(ingest_state *st, job *j, const sr_input *in, sr_doc *doc)
{
	memset(j, 0, sizeof *j);
	j->doc = *doc;
	sr_doc_init(doc); /* the loop's cleanup now frees nothing */
	if (!j->doc.file)
		sr_doc_set(&j->doc.file, in->file, strlen(in->file));
	if (!j->doc.line)
		j->doc.line = in->line;
	j->bytes = in->len;
	sr_error_clear(&j->err);
	j->key_rc = sr_store_key_doc(&j->doc, &j->key, &j->err);
	if (j->key_rc < 0 && !j->err.file[0])
		snprintf(j->err.file, sizeof j->err.file, "%s", in->file);
	code_job(st, j);
}

static int enqueue(void *ud, const sr_input *in, sr_doc *doc)
{
	ingest_state *st = ud;
	job j;
	make_job(st, &j, in, doc);
	pthread_mutex_lock(&st->mu);
	while (!st->stop && (st->n == SR_INGEST_QUEUE_DOCS ||
			     (st->n > 0 && st->qbytes + j.bytes > SR_INGEST_QUEUE_BYTES))) {
		pthread_cond_signal(&st->not_empty); /* full: the writer must run */
		pthread_cond_wait(&st->not_full, &st->mu);
	}
	int stop = st->stop;
	if (!stop) {
		st->q[(st->head + st->n) % SR_INGEST_QUEUE_DOCS] = j;
		st->n++;
		st->qbytes += j.bytes;
		if (st->n >= SR_INGEST_WAKE_DOCS || st->qbytes >= SR_INGEST_QUEUE_BYTES / 2)
			pthread_cond_signal(&st->not_empty);
	}
	pthread_mutex_unlock(&st->mu);
	if (stop) {
		job_cleanup(&j);
		return -1;
	}
	return 0;
}

static void *reader_main(void *ud)
{
	ingest_state *st = ud;
	long rejected = 0;
	int rc = cli_for_each_doc(st->paths, st->npaths, &st->opts, enqueue, st, &rejected);
	pthread_mutex_lock(&st->mu);
	st->read_rc = rc;
	st->read_rejected = rejected;
	st->done = 1;
	pthread_cond_signal(&st->not_empty);
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

/* The writer's loop: 0 when all is stored, -1 on a fatal store error. */
static int write_all(ingest_state *st)
{
	int rc = 0;
	for (;;) {
		pthread_mutex_lock(&st->mu);
		while (st->n == 0 && !st->done)
			pthread_cond_wait(&st->not_empty, &st->mu);
		if (st->n == 0) { /* and done */
			pthread_mutex_unlock(&st->mu);
			break;
		}
		job j = st->q[st->head];
		st->head = (st->head + 1) % SR_INGEST_QUEUE_DOCS;
		st->n--;
		st->qbytes -= j.bytes;
		if (st->n <= SR_INGEST_WAKE_DOCS)
			pthread_cond_signal(&st->not_full);
		pthread_mutex_unlock(&st->mu);

		if (rc == 0 && store_job(st, &j) < 0) {
			rc = -1;
			pthread_mutex_lock(&st->mu);
			st->stop = 1; /* the reader gives up at its next document */
			pthread_cond_signal(&st->not_full);
			pthread_mutex_unlock(&st->mu);
		}
		job_cleanup(&j);
	}
	return rc;
}

/* Without a second thread: store each document as it comes. */
static int store_inline(void *ud, const sr_input *in, sr_doc *doc)
{
	ingest_state *st = ud;
	job j;
	make_job(st, &j, in, doc);
	int rc = store_job(st, &j);
	job_cleanup(&j);
	return rc;
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"repair-utf8", no_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"dict", required_argument, NULL, 'D'},
		{"no-code", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db";
	int json = 0, quiet = 0, nocode = 0, ndicts = 0, c;
	cli_input_opts opts = {.progress = 1};
	/* --dict values, in order; argv outlives them all. */
	char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
	if (!dicts) {
		fprintf(stderr, "sitrep: out of memory\n");
		return EXIT_FATAL;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': json = 1; break;
		case 'D':
			if (!*optarg) {
				free(dicts);
				return cli_usage_error("ingest", "--dict needs a path");
			}
			dicts[ndicts++] = optarg;
			break;
		case 'N': nocode = 1; break;
		case 'r': opts.read.repair_utf8 = 1; break;
		case 'q': quiet = opts.quiet = 1, opts.progress = 0; break;
		case 'h': free(dicts); fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': free(dicts); return cli_usage_error("ingest", "option '%s' needs a value", argv[optind - 1]);
		default: free(dicts); return cli_usage_error("ingest", "unknown option '%s'", argv[optind - 1]);
		}
	}
	const char *usage = optind >= argc ? "no input given (a path, or - for stdin)"
			    : !*db	   ? "--db needs a path"
			    : nocode && ndicts ? "--dict and --no-code exclude each other"
					       : NULL;
	if (usage) {
		free(dicts);
		return cli_usage_error("ingest", "%s", usage);
	}

	static ingest_state st; /* large (the queue); one ingest per process */
	memset(&st, 0, sizeof st);
	/* Dictionaries first: a bad one stops the run before the store is touched. */
	sr_dict *dict = NULL;
	if (!nocode) {
		int drc = cli_dicts_load(dicts, ndicts, &dict, st.dict_fp);
		if (drc == 0 && !(st.coder = sr_coder_create(dict)))
			fprintf(stderr, "sitrep: out of memory\n");
		if (!st.coder) {
			sr_dict_free(dict);
			free(dicts);
			return EXIT_FATAL;
		}
	}
	free(dicts);
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_open(db, 0, &st.store, &err) < 0) {
		cli_report(&err);
		sr_coder_free(st.coder);
		sr_dict_free(dict);
		return EXIT_FATAL;
	}
	st.paths = argv + optind;
	st.npaths = argc - optind;
	st.opts = opts;
	pthread_mutex_init(&st.mu, NULL);
	pthread_cond_init(&st.not_empty, NULL);
	pthread_cond_init(&st.not_full, NULL);
	pthread_t reader;
	int rc;
	if (pthread_create(&reader, NULL, reader_main, &st) == 0) {
		rc = write_all(&st);
		pthread_join(reader, NULL);
		if (rc == 0 && st.read_rc < 0)
			rc = -1; /* the input loop itself failed (reported) */
	} else {
		rc = cli_for_each_doc(st.paths, st.npaths, &opts, store_inline, &st, &st.read_rejected);
	}
	pthread_cond_destroy(&st.not_full);
	pthread_cond_destroy(&st.not_empty);
	pthread_mutex_destroy(&st.mu);
	if (rc == 0)
		rc = flush_batch(&st);
	if (rc == 0)
		optimize_after_bulk(&st);
	if (rc < 0)
		sr_store_rollback(st.store); /* the open batch only; earlier ones are kept */
	sr_store_close(st.store);
	sr_coder_free(st.coder);
	sr_dict_free(dict);
	if (rc < 0)
		return EXIT_FATAL;
	long rejected = st.read_rejected + st.rejected;

	if (json) {
		json_t *o = json_pack("{sIsIsIsIsI}", "added", (json_int_t)st.added, "duplicate",
				      (json_int_t)st.duplicate, "near_duplicate", (json_int_t)st.near_dup,
				      "rejected", (json_int_t)rejected, "events", (json_int_t)st.events);
		int w = o ? cli_print_json(stdout, o) : -1;
		json_decref(o);
		if (w < 0)
			rc = -1;
	} else if (!quiet) {
		printf("added %ld, duplicate %ld, near-duplicate %ld, rejected %ld, events %ld\n", st.added,
		       st.duplicate, st.near_dup, rejected, st.events);
	}
	if (fflush(stdout) != 0 || rc < 0) {
		fprintf(stderr, "sitrep ingest: cannot write output\n");
		return EXIT_FATAL;
	}
	return rejected ? EXIT_REJECTED : EXIT_ALLOK;
}
