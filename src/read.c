/* read.c — the read stage: walk inputs, sniff the format, cut JSONL into
 * articles, check UTF-8, and hand out one sr_input at a time.
 *
 * Whole-file inputs (plain, HTML) are read into one capped buffer; JSONL is read
 * a line at a time, so a large JSONL file never sits in memory. */
#define _GNU_SOURCE /* memmem */
#include "read.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"
#include "util/buf.h"
#include "util/limits.h"

typedef struct pending {
	char *path;
	int depth;   /* directory depth below a path given by the user */
	int regular; /* known to be a regular file (from the directory entry) */
} pending;

struct sr_reader {
	sr_read_opts opts;
	pending *queue; /* a stack: next input at the end */
	size_t nqueue, capqueue;

	/* the open JSONL stream, if any */
	FILE *jf;
	char *jpath;
	int jclose; /* close jf when done (not stdin / memory streams we do not own) */
	long jline;
	long long joff;   /* byte offset of the next line */
	long long jstart; /* byte offset of the current line */

	/* what the last sr_input borrows */
	sr_buf data;
	char *repaired;
	json_t *json;
	char *cur_path;
	char *id_str;
};

sr_reader *sr_reader_new(const sr_read_opts *opts)
{
	sr_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	if (opts)
		r->opts = *opts;
	sr_buf_init(&r->data, SR_MAX_JSONL_LINE);
	return r;
}

static void release_item(sr_reader *r)
{
	free(r->repaired);
	r->repaired = NULL;
	json_decref(r->json);
	r->json = NULL;
	free(r->id_str);
	r->id_str = NULL;
}

static void close_jsonl(sr_reader *r)
{
	if (r->jf && r->jclose)
		fclose(r->jf);
	r->jf = NULL;
	free(r->jpath);
	r->jpath = NULL;
}

void sr_reader_free(sr_reader *r)
{
	if (!r)
		return;
	release_item(r);
	close_jsonl(r);
	for (size_t i = 0; i < r->nqueue; i++)
		free(r->queue[i].path);
	free(r->queue);
	free(r->cur_path);
	sr_buf_cleanup(&r->data);
	free(r);
}

static int push(sr_reader *r, const char *path, int depth)
{
	if (r->nqueue == r->capqueue) {
		size_t cap = r->capqueue ? r->capqueue * 2 : 16;
		pending *q = realloc(r->queue, cap * sizeof *q);
		if (!q)
			return -1;
		r->queue = q;
		r->capqueue = cap;
	}
	char *p = strdup(path);
	if (!p)
		return -1;
	r->queue[r->nqueue].path = p;
	r->queue[r->nqueue].depth = depth;
	r->queue[r->nqueue].regular = 0;
	r->nqueue++;
	return 0;
}

int sr_reader_add(sr_reader *r, const char *path)
{
	/* The queue is a stack; inputs given in order must come out in order, so
	 * insert at the bottom. */
	if (push(r, path, 0) < 0)
		return -1;
	pending last = r->queue[r->nqueue - 1];
	memmove(r->queue + 1, r->queue, (r->nqueue - 1) * sizeof *r->queue);
	r->queue[0] = last;
	return 0;
}

static int skip_hidden(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Push a directory's entries so that they come out in name order. */
static int expand_dir(sr_reader *r, const char *path, int depth, sr_error *err)
{
	if (depth >= SR_MAX_DIR_DEPTH)
		return sr_error_set(err, SR_EINPUT, path, 0, -1,
				    "directory nesting deeper than %d levels", SR_MAX_DIR_DEPTH);
	struct dirent **list = NULL;
	int n = scandir(path, &list, skip_hidden, alphasort);
	if (n < 0)
		return sr_error_set(err, SR_EIO, path, 0, -1, "cannot read directory: %s", strerror(errno));
	int rc = 0;
	for (int i = n - 1; i >= 0; i--) {
		if (rc == 0) {
			size_t len = strlen(path) + strlen(list[i]->d_name) + 2;
			char *child = malloc(len);
			if (!child || (snprintf(child, len, "%s%s%s", path,
						path[strlen(path) - 1] == '/' ? "" : "/",
						list[i]->d_name),
				       push(r, child, depth + 1) < 0))
				rc = sr_error_set(err, SR_ENOMEM, path, 0, -1, "out of memory");
			else
				r->queue[r->nqueue - 1].regular = list[i]->d_type == DT_REG;
			free(child);
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

/* Check (or repair) UTF-8 of p[0..len); on success *out/out_len are what the
 * input will borrow. base is the byte offset of p in the file, for errors. */
static int check_utf8(sr_reader *r, const char *path, long line, long long base, const char *p,
		      size_t len, const char **out, size_t *out_len, size_t *nrepl, sr_error *err)
{
	size_t bad;
	*nrepl = 0;
	if (sr_utf8_valid(p, len, &bad)) {
		*out = p;
		*out_len = len;
		return 0;
	}
	if (!r->opts.repair_utf8) {
		if (memchr(p, '\0', len) && !line)
			return sr_error_set(err, SR_EINPUT, path, line, base + (long long)bad,
					    "binary data, not text (invalid UTF-8; NUL bytes)");
		return sr_error_set(err, SR_EINPUT, path, line, base + (long long)bad,
				    "invalid UTF-8 (use --repair-utf8 to replace bad bytes)");
	}
	free(r->repaired);
	r->repaired = sr_utf8_repair(p, len, out_len, nrepl);
	if (!r->repaired)
		return sr_error_set(err, SR_ENOMEM, path, line, -1, "out of memory");
	*out = r->repaired;
	return 0;
}

/* Refuse what is not text even though it is valid UTF-8: NUL bytes, a run of
 * control characters (binary formats), no letters or digits at all, and HTML
 * that declares entities in an internal DTD subset (the "billion laughs"
 * expansion attack; no real page does it). */
static int check_content(const char *path, long line, long long base, const char *p, size_t len,
			 int html, sr_error *err)
{
	const char *nul = memchr(p, '\0', len);
	if (nul)
		return sr_error_set(err, SR_EINPUT, path, line, base + (nul - p),
				    "binary data, not text (NUL byte)");
	size_t ctl = 0, first_ctl = 0, i = 0;
#ifdef __SSE2__
	/* Sixteen bytes at a time, control bytes and all: those up to 0x1F
	 * but \t \n \v \f \r (9..13), and DEL. (The eight-byte test below
	 * goes byte by byte wherever a line ends; this one does not.) */
	const __m128i c1f = _mm_set1_epi8(0x1F), four = _mm_set1_epi8(4), nine = _mm_set1_epi8(9),
		      delc = _mm_set1_epi8(0x7F);
	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i low = _mm_cmpeq_epi8(_mm_max_epu8(x, c1f), c1f);
		__m128i space = _mm_cmpeq_epi8(_mm_max_epu8(_mm_sub_epi8(x, nine), four), four);
		unsigned bad = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_andnot_si128(space, low), _mm_cmpeq_epi8(x, delc)));
		if (bad) {
			if (!ctl)
				first_ctl = i + (size_t)__builtin_ctz(bad);
			for (; bad; bad &= bad - 1)
				ctl++;
		}
	}
#endif
	while (i < len) {
		/* Skip eight bytes at a time while none is below 0x20 or is DEL
		 * (the "has less than" word trick; text is mostly such words). */
		if (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
			uint64_t below = (w - ones * 0x20) & ~w & high;
			uint64_t del = ((w ^ (ones * 0x7F)) - ones) & ~(w ^ (ones * 0x7F)) & high;
			if (!(below | del)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = (unsigned char)p[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
			if (!ctl++)
				first_ctl = i;
		}
		i++;
	}
	/* a few stray control bytes happen in scraped text; many mean binary */
	if (ctl > 8 && ctl * 100 > len)
		return sr_error_set(err, SR_EINPUT, path, line, base + (long long)first_ctl,
				    "binary data, not text (%zu control bytes)", ctl);
	if (!sr_text_has_word(p, len))
		return sr_error_set(err, SR_EINPUT, path, line, -1, "no text (no letters or digits)");
	if (html) {
		size_t head = len < 8192 ? len : 8192;
		const char *dt = memmem(p, head, "<!DOCTYPE", 9);
		if (!dt)
			dt = memmem(p, head, "<!doctype", 9);
		if (dt && memmem(dt, head - (size_t)(dt - p), "<!ENTITY", 8))
			return sr_error_set(err, SR_EINPUT, path, line, base + (dt - p),
					    "HTML declares entities in its DOCTYPE (refused as hostile)");
	}
	return 0;
}

static int all_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v')
			return 0;
	return 1;
}

/* First non-blank byte (after a UTF-8 BOM) of what is in the buffer; -1 if none. */
static int first_byte(const char *p, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;
	for (; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v')
			return (unsigned char)p[i];
	return -1;
}

/* Read one line (without its '\n') into r->data. Returns 1 for a line, 0 at
 * EOF, -1 when the line passes the cap (the rest of it is skipped), -2 on a
 * read error. */
static int read_line(sr_reader *r, size_t *consumed)
{
	sr_buf_reset(&r->data);
	int c = EOF, too_long = 0;
	size_t n = 0, k = 0;
	char chunk[4096];
	/* getc_unlocked: the stream belongs to this reader alone; the locking
	 * getc would cost more than the JSON parse. */
	while ((c = getc_unlocked(r->jf)) != EOF) {
		n++;
		if (c == '\n')
			break;
		chunk[k++] = (char)c;
		if (k == sizeof chunk) {
			if (!too_long && sr_buf_append(&r->data, chunk, k) < 0)
				too_long = 1;
			k = 0;
		}
	}
	if (k && !too_long && sr_buf_append(&r->data, chunk, k) < 0)
		too_long = 1;
	*consumed = n;
	if (ferror(r->jf))
		return -2;
	if (c == EOF && n == 0)
		return 0;
	return too_long ? -1 : 1;
}

static const char *opt_string(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Parse one JSONL line in r->data into *in. */
static int jsonl_item(sr_reader *r, sr_input *in, sr_error *err)
{
	const char *path = r->jpath;
	const char *p;
	size_t len, nrepl;
	long long base = r->jstart;
	/* nothing of the previous line may survive into this one */
	memset(in, 0, sizeof *in);
	int rc = check_utf8(r, path, r->jline, base, r->data.p, r->data.len, &p, &len, &nrepl, err);
	if (rc)
		return rc;
	json_error_t jerr;
	r->json = json_loadb(p, len, 0, &jerr);
	if (!r->json)
		return sr_error_set(err, SR_EINPUT, path, r->jline, -1, "invalid JSON at column %d: %s",
				    jerr.column, jerr.text);
	if (!json_is_object(r->json))
		return sr_error_set(err, SR_EINPUT, path, r->jline, -1, "JSONL line is not an object");
	json_t *text = json_object_get(r->json, "text"), *html = json_object_get(r->json, "html");
	json_t *body = html ? html : text;
	if (!body)
		return sr_error_set(err, SR_EINPUT, path, r->jline, -1, "no \"text\" or \"html\" key");
	if (!json_is_string(body))
		return sr_error_set(err, SR_EINPUT, path, r->jline, -1, "\"%s\" is not a string",
				    html ? "html" : "text");
	in->bytes = json_string_value(body);
	in->len = json_string_length(body);
	if (all_blank(in->bytes, in->len))
		return sr_error_set(err, SR_EINPUT, path, r->jline, -1, "empty \"%s\"", html ? "html" : "text");
	if (in->len > SR_MAX_DOC_BYTES)
		return sr_error_set(err, SR_EINPUT, path, r->jline, -1, "article of %zu bytes is over the %u MB limit",
				    in->len, SR_MAX_DOC_BYTES >> 20);
	rc = check_content(path, r->jline, -1, in->bytes, in->len, html != NULL, err);
	if (rc)
		return rc;
	in->format = html ? SR_FMT_HTML : SR_FMT_PLAIN;
	in->file = path;
	in->line = r->jline;
	in->url = opt_string(r->json, "url");
	in->title = opt_string(r->json, "title");
	json_t *id = json_object_get(r->json, "id");
	if (json_is_string(id)) {
		in->id = json_string_value(id);
	} else if (json_is_integer(id)) {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
		r->id_str = strdup(tmp);
		in->id = r->id_str;
	}
	const char *date = opt_string(r->json, "date");
	if (date) {
		size_t dl = strlen(date);
		/* "2019-03-18T10:00:00Z" carries the date in its first ten bytes */
		in->date = sr_date_parse_iso(date, dl > 10 && date[10] == 'T' ? 10 : dl);
	}
	in->meta_json = p;
	in->repaired = nrepl;
	return 1;
}

static int next_jsonl(sr_reader *r, sr_input *in, sr_error *err)
{
	for (;;) {
		size_t consumed;
		int rc = read_line(r, &consumed);
		r->jline++;
		long long off = r->jstart = r->joff;
		r->joff += (long long)consumed;
		if (rc == 0) {
			close_jsonl(r);
			return 0;
		}
		if (rc == -2) {
			sr_error_set(err, SR_EIO, r->jpath, r->jline, off, "read error: %s", strerror(errno));
			close_jsonl(r);
			return SR_EIO;
		}
		if (rc == -1)
			return sr_error_set(err, SR_EINPUT, r->jpath, r->jline, off,
					    "line longer than %u MB", SR_MAX_JSONL_LINE >> 20);
		if (all_blank(r->data.p, r->data.len))
			continue;
		return jsonl_item(r, in, err);
	}
}

/* Make f (owned from now on) the open JSONL stream, read from its start. */
static int start_jsonl(sr_reader *r, const char *path, FILE *f, sr_error *err)
{
	r->jf = f;
	r->jclose = 1;
	r->jline = 0;
	r->joff = 0;
	r->jpath = strdup(path);
	if (!r->jpath)
		return sr_error_set(err, SR_ENOMEM, path, 0, -1, "out of memory");
	return 2;
}

/* Where open_file reads an input from: a file descriptor of the reader's
 * own (a path it opened), or a stream it does not own (stdin, a memory
 * buffer). Plain read(2) on a descriptor: articles are a few KB each, and
 * stdio's per-file buffer allocation and its fstat cost as much as the read. */
typedef struct source {
	int fd;  /* -1 when f is used */
	FILE *f;
} source;

/* Up to n bytes into p; 0 at the end or on error (*failed then set, errno kept). */
static size_t source_read(source *s, char *p, size_t n, int *failed)
{
	if (s->f) {
		size_t got = fread(p, 1, n, s->f);
		if (!got && ferror(s->f))
			*failed = 1;
		return got;
	}
	for (;;) {
		ssize_t got = read(s->fd, p, n);
		if (got >= 0)
			return (size_t)got;
		if (errno != EINTR) {
			*failed = 1;
			return 0;
		}
	}
}

static void source_close(source *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Read one input (not a directory) and produce its article, or start its
 * JSONL stream. A descriptor is closed here, or handed to the JSONL stream;
 * a stream is left open. Returns like sr_reader_next; 2 means "JSONL
 * started, go on". */
static int open_file(sr_reader *r, const char *path, source src, sr_input *in, sr_error *err)
{
	sr_buf_reset(&r->data);
	r->data.limit = SR_MAX_DOC_BYTES;
	char chunk[65536];
	size_t got;
	int fb = -1, failed = 0;
	while ((got = source_read(&src, chunk, sizeof chunk, &failed)) > 0) {
		if (sr_buf_append(&r->data, chunk, got) < 0) {
			source_close(&src);
			r->data.limit = SR_MAX_JSONL_LINE;
			return sr_error_set(err, SR_EINPUT, path, 0, -1, "file is over the %u MB limit for one article",
					    SR_MAX_DOC_BYTES >> 20);
		}
		fb = first_byte(r->data.p, r->data.len);
		if (fb == '{')
			break;
	}
	if (failed) {
		int e = errno;
		source_close(&src);
		r->data.limit = SR_MAX_JSONL_LINE;
		return sr_error_set(err, SR_EIO, path, 0, -1, "read error: %s", strerror(e));
	}
	if (fb == '{') {
		/* JSONL: read it a line at a time from its start — a regular file
		 * by seeking back, a pipe by splicing what was read and the rest
		 * into a temporary file. */
		r->data.limit = SR_MAX_JSONL_LINE;
		if (src.fd >= 0 && lseek(src.fd, 0, SEEK_SET) == 0) {
			FILE *f = fdopen(src.fd, "rb");
			if (!f) {
				int e = errno;
				source_close(&src);
				return sr_error_set(err, SR_EINPUT, path, 0, -1, "cannot open: %s", strerror(e));
			}
			return start_jsonl(r, path, f, err);
		}
		FILE *t = tmpfile();
		if (!t) {
			int e = errno;
			source_close(&src);
			return sr_error_set(err, SR_EIO, path, 0, -1, "cannot buffer stream: %s", strerror(e));
		}
		fwrite(r->data.p, 1, r->data.len, t);
		while ((got = source_read(&src, chunk, sizeof chunk, &failed)) > 0)
			fwrite(chunk, 1, got, t);
		source_close(&src);
		rewind(t);
		return start_jsonl(r, path, t, err);
	}
	source_close(&src);
	r->data.limit = SR_MAX_JSONL_LINE;
	if (fb < 0)
		return sr_error_set(err, SR_EINPUT, path, 0, -1, r->data.len ? "no text (only white space)" : "empty file");
	const char *p;
	size_t len, nrepl;
	int rc = check_utf8(r, path, 0, 0, r->data.p, r->data.len, &p, &len, &nrepl, err);
	if (rc)
		return rc;
	rc = check_content(path, 0, 0, p, len, fb == '<', err);
	if (rc)
		return rc;
	memset(in, 0, sizeof *in);
	in->file = path;
	in->format = fb == '<' ? SR_FMT_HTML : SR_FMT_PLAIN;
	in->bytes = p;
	in->len = len;
	in->repaired = nrepl;
	return 1;
}

int sr_reader_next(sr_reader *r, sr_input *in, sr_error *err)
{
	release_item(r);
	sr_error_clear(err);
	memset(in, 0, sizeof *in);
	for (;;) {
		if (r->jf) {
			int rc = next_jsonl(r, in, err);
			if (rc != 0)
				return rc;
			continue;
		}
		if (r->nqueue == 0)
			return 0;
		pending pe = r->queue[--r->nqueue];
		free(r->cur_path);
		r->cur_path = pe.path;
		const char *path = pe.path;
		if (!strcmp(path, "-") && pe.depth == 0) {
			int rc = open_file(r, "-", (source){-1, stdin}, in, err);
			if (rc == 2)
				continue;
			return rc;
		}
		/* A regular file met in a directory walk needs no stat: open_file
		 * enforces the size limit as it reads and turns to JSONL by content. */
		if (!pe.regular) {
			struct stat st;
			if (stat(path, &st) != 0)
				return sr_error_set(err, SR_EINPUT, path, 0, -1, "cannot open: %s", strerror(errno));
			if (S_ISDIR(st.st_mode)) {
				int rc = expand_dir(r, path, pe.depth, err);
				if (rc)
					return rc;
				continue;
			}
			if (!S_ISREG(st.st_mode)) {
				if (pe.depth > 0)
					continue; /* sockets, fifos met while walking a directory */
				/* a named pipe or device given by the user: read it as a stream */
			} else if ((unsigned long long)st.st_size > SR_MAX_DOC_BYTES) {
				/* A JSONL file may be large; anything else is one article. */
				FILE *f = fopen(path, "rb");
				if (!f)
					return sr_error_set(err, SR_EINPUT, path, 0, -1, "cannot open: %s", strerror(errno));
				char head[4096];
				size_t got = fread(head, 1, sizeof head, f);
				int fb = first_byte(head, got);
				if (fb != '{') {
					fclose(f);
					return sr_error_set(err, SR_EINPUT, path, 0, -1,
							    "file of %lld MB is over the %u MB limit for one article",
							    (long long)(st.st_size >> 20), SR_MAX_DOC_BYTES >> 20);
				}
				rewind(f);
				int rc = start_jsonl(r, path, f, err);
				if (rc != 2)
					return rc;
				continue;
			}
		}
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return sr_error_set(err, SR_EINPUT, path, 0, -1, "cannot open: %s", strerror(errno));
		int rc = open_file(r, path, (source){fd, NULL}, in, err);
		if (rc == 2)
			continue;
		return rc;
	}
}

int sr_read_buffer(const char *name, const char *bytes, size_t len, const sr_read_opts *opts,
		   sr_read_fn fn, void *ud)
{
	sr_reader *r = sr_reader_new(opts);
	if (!r)
		return SR_ENOMEM;
	/* fmemopen of a zero-length buffer fails on some libcs; give it one byte. */
	FILE *f = fmemopen((void *)(len ? bytes : ""), len ? len : 1, "rb");
	if (!f) {
		sr_reader_free(r);
		return SR_ENOMEM;
	}
	sr_input in;
	sr_error err;
	sr_error_clear(&err);
	int rc = len ? open_file(r, name, (source){-1, f}, &in, &err) : sr_error_set(&err, SR_EINPUT, name, 0, -1, "empty file");
	int stop = 0;
	if (rc == 2) {
		/* open_file copied the stream into a temp file for JSONL */
		for (;;) {
			rc = next_jsonl(r, &in, &err);
			if (rc == 0)
				break;
			stop = fn(ud, rc == 1 ? &in : NULL, rc == 1 ? NULL : &err);
			release_item(r);
			if (stop || rc == SR_EIO)
				break;
		}
	} else {
		fn(ud, rc == 1 ? &in : NULL, rc == 1 ? NULL : &err);
	}
	fclose(f);
	sr_reader_free(r);
	return 0;
}
