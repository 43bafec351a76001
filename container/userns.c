#include "container/userns.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_u32(const char *s, const char *end, unsigned *out)
{
	unsigned long long v = 0;

	if (s == end || end - s > 10)
		return -1;
	for (const char *p = s; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int ct_userns_find_range(const char *text, const char *file, const char *name,
			 unsigned *start, unsigned *count, struct err *err)
{
	size_t nlen = strlen(name);
	int lineno = 0;

	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n'), *c1, *c2;

		if (!eol)
			eol = line + strlen(line);
		lineno++;
		if ((size_t)(eol - line) > nlen && !strncmp(line, name, nlen) &&
		    line[nlen] == ':') {
			c1 = line + nlen + 1;
			c2 = memchr(c1, ':', (size_t)(eol - c1));
			if (!c2 || parse_u32(c1, c2, start) < 0 ||
			    parse_u32(c2 + 1, eol, count) < 0 || *count == 0 ||
			    *start == 0 ||
			    (uint64_t)*start + *count > UINT32_MAX)
				return err_set(err, ERR_RUNTIME,
					       "%s line %d: '%.*s' is not %s:START:COUNT with START > 0; fix it or remove it",
					       file, lineno,
					       (int)(eol - line > 80 ? 80 : eol - line),
					       line, name);
			return 0;
		}
		line = *eol ? eol + 1 : eol;
	}
	return 1;
}

int ct_userns_plan(enum ct_userns mode, uid_t euid, gid_t egid,
		   const char *subuid, const char *subgid,
		   struct ct_idmap *out, struct err *err)
{
	unsigned ustart = CT_USERNS_BASE, ucount = CT_USERNS_COUNT;
	unsigned gstart = CT_USERNS_BASE, gcount = CT_USERNS_COUNT;
	int urc = 1, grc = 1;

	*out = (struct ct_idmap){ .uid = euid, .gid = egid, .count = 1 };
	if (mode == CT_USERNS_HOST_ROOT || euid != 0)
		return 0;
	if (subuid && (urc = ct_userns_find_range(subuid, "/etc/subuid",
						  CT_USERNS_ENTRY, &ustart,
						  &ucount, err)) < 0)
		return -1;
	if (subgid && (grc = ct_userns_find_range(subgid, "/etc/subgid",
						  CT_USERNS_ENTRY, &gstart,
						  &gcount, err)) < 0)
		return -1;
	if (urc != grc)
		return err_set(err, ERR_RUNTIME,
			       "/etc/%s has an '%s' line but /etc/%s has none; add one to both, or remove it",
			       urc == 0 ? "subuid" : "subgid", CT_USERNS_ENTRY,
			       urc == 0 ? "subgid" : "subuid");
	if (urc == 1) { /* neither: the documented fixed range */
		ustart = gstart = CT_USERNS_BASE;
		ucount = gcount = CT_USERNS_COUNT;
	}
	out->uid = ustart;
	out->gid = gstart;
	out->count = ucount < gcount ? ucount : gcount;
	if (out->count > CT_USERNS_COUNT)
		out->count = CT_USERNS_COUNT;
	out->by_parent = true;
	return 0;
}
