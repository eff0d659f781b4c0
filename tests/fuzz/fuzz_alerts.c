/* fuzz_alerts.c — libFuzzer target: the watch rules parser (alert.h), with
 * the bundled dictionaries resolving names (every other input) and the
 * bundled sphere mapping, and, when rules parse, matching a few fixed
 * events and events cut from the input itself against them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "code.h"
#include "dict.h"
#include "sphere.h"

static sr_dict *fuzz_dict;
static sr_coder *fuzz_coder;
static sr_spheres *fuzz_spheres;

typedef struct seen {
	const sr_alerts *a;
	size_t last, n;
} seen;

/* Rules come in file order, each once, named as the rule set names them. */
static int on_match(void *ud, size_t i, const char *name)
{
	seen *s = ud;
	if (i >= sr_alerts_count(s->a) || (s->n && i <= s->last) || !name ||
	    strcmp(name, sr_alerts_name(s->a, i)))
		abort();
	s->last = i;
	s->n++;
	return 0;
}

static void check_match(const sr_alerts *a, const sr_alert_event *ev)
{
	seen s = {.a = a};
	int n = sr_alerts_match(a, ev, on_match, &s);
	if (n < 0 ? n != SR_ENOMEM : (size_t)n != s.n || (size_t)n > sr_alerts_count(a))
		abort();
}

/* A NUL-terminated copy of data[off .. off + n) clipped to the input. */
static char *piece(const uint8_t *data, size_t size, size_t off, size_t n)
{
	if (off > size)
		off = size;
	if (n > size - off)
		n = size - off;
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, data + off, n);
	p[n] = '\0';
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sr_error err;
	sr_error_clear(&err);
	if (!fuzz_coder) {
		fuzz_dict = sr_dict_create();
		if (!fuzz_dict || sr_dict_load_default(fuzz_dict, &err) < 0 || sr_dict_finish(fuzz_dict, &err) < 0 ||
		    !(fuzz_coder = sr_coder_create(fuzz_dict)) || sr_spheres_default(&fuzz_spheres, &err) < 0)
			abort();
	}
	/* the last byte's low bit: with or without the recognizer */
	sr_alerts_opts opts = {.coder = size && (data[size - 1] & 1) ? fuzz_coder : NULL,
			       .spheres = fuzz_spheres};
	sr_alerts *a = NULL;
	int rc = sr_alerts_parse("fuzz.rules", (const char *)data, size, &opts, &a, &err);
	if (rc != 0) {
		if (a || (rc != SR_EINPUT && rc != SR_ENOMEM) || !err.msg[0])
			abort(); /* a failed parse hands nothing back, and says why */
		return 0;
	}
	size_t n = sr_alerts_count(a);
	for (size_t i = 0; i < n; i++) {
		const char *name = sr_alerts_name(a, i);
		if (!name || !*name || sr_alerts_line(a, i) < 1)
			abort();
		for (size_t j = 0; j < i; j++)
			if (!strcmp(name, sr_alerts_name(a, j)))
				abort(); /* names are unique */
	}
	static const sr_alert_event fixed[] = {
		{20240312, "BLRGOV", "Alexander Lukashenko", NULL, "RUSMIL", "Sergei Shoigu", NULL, "062", "06",
		 2, 7.4, "COOPERATE", "Belarus and Russia held the Union Shield drills.", 0, "Zapad ahead",
		 "Eurasia Daily Monitor", "https://example.org/a"},
		{0, "IGOWSTNATMIL", NULL, "NAT", "BLR", "Belarus", "BLR", "0871", NULL, 4, -9.2, "ASSAULT",
		 "Учения «Щит Союза» начались.", 0, NULL, NULL, NULL},
		{0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, NULL},
		{1, "", "", "", "", "", "", "", "", 9, -1e300, "", "", 0, "", "", ""},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		sr_alert_event ev = fixed[i];
		ev.text_len = ev.text ? strlen(ev.text) : 0;
		check_match(a, &ev);
	}
	/* an event from the input's own bytes, so that what the rules name
	 * can match */
	size_t step = size / 8 + 1;
	char *f[8];
	for (int k = 0; k < 8; k++)
		f[k] = piece(data, size, (size_t)k * step, (size_t)(k % 4 + 3) * 2);
	if (f[0] && f[1] && f[2] && f[3] && f[4] && f[5] && f[6] && f[7]) {
		sr_alert_event ev = {
			.source = f[0], .source_name = f[1], .target = f[2], .target_name = f[3],
			.cameo = f[4], .plover = f[5], .text = (const char *)data, .text_len = size,
			.title = f[6], .publication = f[7], .quad = size % 5, .goldstein = (double)(size % 21) - 10,
		};
		check_match(a, &ev);
	}
	for (int k = 0; k < 8; k++)
		free(f[k]);
	sr_alerts_free(a);
	return 0;
}
