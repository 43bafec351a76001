/* doctor_output: `isolab doctor`'s findings as data, and their two
 * renderings. lab/cli/cmd_doctor.c finds (it tries each namespace, a VM, a
 * cgroup, one noop per launcher) and fills a doctor_findings; this module
 * only draws it: lines for people, or one JSON object for scripts:
 * {schema_version, environment, findings: [{section, check, verdict ("ok",
 * "missing" or "note"), detail, fix}], launchers_missing, took_ns}. */
#ifndef ISOLAB_DOCTOR_OUTPUT_H
#define ISOLAB_DOCTOR_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lab/host/hostinfo.h"

enum finding_verdict { FINDING_MISSING, FINDING_OK, FINDING_NOTE };

struct finding {
	const char *section; /* static: "machine" or "launchers" */
	enum finding_verdict verdict;
	char *check;  /* what was tried, e.g. "user namespaces" */
	char *detail; /* what happened, with the errno */
	char *fix;    /* what to do (a NOTE: what it means), or NULL */
};

struct doctor_findings {
	struct environment env;
	struct finding *item;
	size_t n, cap;
	int launchers_missing;
	uint64_t took_ns;
};

/* Appends a copy of the texts; returns -1 when out of memory. */
int doctor_add(struct doctor_findings *d, const char *section,
	       enum finding_verdict v, const char *check, const char *detail,
	       const char *fix);
void doctor_findings_free(struct doctor_findings *d);

void doctor_write_text(FILE *f, const struct doctor_findings *d);
void doctor_write_json(FILE *f, const struct doctor_findings *d);

#endif
