/* fuzz_spheres.c — libFuzzer target: the sphere mapping parser (and, when a
 * mapping parses, placing a few fixed events and section headings with it,
 * and events and headings cut from the input itself). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sphere.h"

/* Check what every answer must satisfy: bits only for spheres that exist,
 * at most one primary sphere among them. */
static void check_mask(const sr_spheres *s, unsigned long mask)
{
	size_t n = sr_spheres_count(s);
	if (n < sizeof mask * 8 && mask >> n)
		abort();
	int primaries = 0;
	for (size_t i = 0; i < n; i++)
		if (mask >> i & 1)
			primaries += !sr_spheres_is_overlay(s, i);
	if (primaries > 1)
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
	static const sr_sphere_event fixed[] = {
		{"062", "CONSULT", "BLRMIL", "RUSMIL", "BLR", "RUS"},
		{"0871", "ASSAULT", "IGOWSTNATMIL", "BLRGOV", "NAT", "BLR"},
		{"173", NULL, "BLRGOV", "BLROPP", "BLR", "BLR"},
		{"", "", "", "", "", ""},
		{NULL, NULL, NULL, NULL, NULL, NULL},
		{"1", "X", "B", "BL", "B", NULL},
	};
	static const char *const headings[] = {
		"Security issues", "Foreign policy", "Belarus–Russia relations", "Безопасность",
		"«Экономика»", "", NULL,
	};
	sr_spheres *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	if (sr_spheres_parse("fuzz.conf", (const char *)data, size, &s, &err) != 0) {
		if (s)
			abort(); /* a failed parse hands nothing back */
		return 0;
	}
	size_t n = sr_spheres_count(s);
	if (n == 0 || n > SR_SPHERES_MAX)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *id = sr_spheres_id(s, i);
		if (!id || !sr_spheres_title(s, i) || sr_spheres_find(s, id) != (int)i)
			abort();
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		check_mask(s, sr_spheres_of_event(s, &fixed[i]));
	for (size_t i = 0; i < sizeof headings / sizeof headings[0]; i++)
		check_mask(s, sr_spheres_of_section(s, headings[i]));

	/* events and headings from the input's own bytes, so that values the
	 * mapping names can match */
	size_t step = size / 6 + 1;
	char *f[6];
	for (int k = 0; k < 6; k++)
		f[k] = piece(data, size, (size_t)k * step, (size_t)(k % 3 + 2) * 3);
	if (f[0] && f[1] && f[2] && f[3] && f[4] && f[5]) {
		sr_sphere_event ev = {f[0], f[1], f[2], f[3], f[4], f[5]};
		check_mask(s, sr_spheres_of_event(s, &ev));
		sr_sphere_event ev2 = {f[5], f[4], f[3], f[2], f[1], f[0]};
		check_mask(s, sr_spheres_of_event(s, &ev2));
	}
	for (int k = 0; k < 6; k++)
		free(f[k]);
	char *h = piece(data, size, size / 2, 64);
	if (h) {
		check_mask(s, sr_spheres_of_section(s, h));
		free(h);
	}
	sr_spheres_free(s);
	return 0;
}
