/* sphere.h — the analysis stage's spheres: which part of the weekly picture
 * (security, economy, domestic politics, foreign policy; and overlay views
 * such as Belarus–Russia relations) an event or an article belongs to.
 *
 * The mapping is configuration, not code: rules over CAMEO codes, PLOVER
 * categories, agent types and parties for events, and words of the
 * source's section heading for articles. The bundled mapping is
 * config/spheres.conf, compiled in; docs/spheres.md gives the format. */
#ifndef SITREP_SPHERE_H
#define SITREP_SPHERE_H

#include <stddef.h>

#include "util/error.h"

typedef struct sr_spheres sr_spheres;

/* At most this many spheres (an event's spheres fit a bit mask). */
#define SR_SPHERES_MAX 32

/* Parse a mapping from text; name is for error messages ("FILE:LINE: …").
 * Returns 0 and *out, SR_EINPUT (a malformed line, err names it) or
 * SR_ENOMEM. */
int sr_spheres_parse(const char *name, const char *text, size_t len, sr_spheres **out /* OUT */,
		     sr_error *err);
/* Read and parse a file; SR_EIO if it cannot be read. */
int sr_spheres_load(const char *path, sr_spheres **out /* OUT */, sr_error *err);
/* The bundled mapping (parsed on each call; the caller frees it). */
int sr_spheres_default(sr_spheres **out /* OUT */, sr_error *err);
void sr_spheres_free(sr_spheres *s); /* NULL is fine */

size_t sr_spheres_count(const sr_spheres *s);
const char *sr_spheres_id(const sr_spheres *s, size_t i);    /* "security" */
const char *sr_spheres_title(const sr_spheres *s, size_t i); /* "Security and defence" */
int sr_spheres_is_overlay(const sr_spheres *s, size_t i);
/* The index of the sphere with this id, or -1. */
int sr_spheres_find(const sr_spheres *s, const char *id);

/* What a sphere rule looks at in an event. Codes are actor codes
 * ("BLRMIL", "IGOWSTNAT"), parties their dyad keys ("BLR", "NAT"); any
 * may be NULL or "". */
typedef struct sr_sphere_event {
	const char *cameo, *plover;
	const char *source, *target;
	const char *source_party, *target_party;
} sr_sphere_event;

/* The spheres of an event as a bit mask (bit i: sphere i): its primary
 * sphere, if any rule places it, and every overlay that takes it. */
unsigned long sr_spheres_of_event(const sr_spheres *s, const sr_sphere_event *ev);

/* The spheres an article's section heading names (a primary and overlays),
 * as a bit mask; 0 when the heading names none or is NULL. */
unsigned long sr_spheres_of_section(const sr_spheres *s, const char *section);

#endif
