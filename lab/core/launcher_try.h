/* launcher_try: how a command that runs several launchers (compare, probe)
 * treats one that cannot run here: it is listed with the reason, and the
 * command goes on with the others.
 *
 * launcher_try() asks the launcher's available() first, then runs the
 * command's part for that launcher. When either fails before the part
 * launched anything successfully, the launcher goes on the not-run list
 * with the reason and launcher_try() returns 1. Only an interruption, or
 * a failure after a successful launch (the launcher does run here, and
 * then broke), ends the command: -1 with err. A command that listed a
 * launcher as not run exits with EXIT_NOT_ALL_RAN, after its report. */
#ifndef ISOLAB_LAUNCHER_TRY_H
#define ISOLAB_LAUNCHER_TRY_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/core/launcher.h"
#include "lab/host/text.h"

/* The exit status of a report in which some launcher was not run. */
#define EXIT_NOT_ALL_RAN 3
/* As many as a front end has columns (a ladder's rungs in the dashboard). */
#define NOT_RUN_MAX 16
/* Room for not_run_name(): a launcher's name and an escaped label. */
#define NOT_RUN_NAME_SIZE (32 + TEXT_ESCAPED_SIZE(96))

struct not_run {
	const char *launcher; /* static: the launcher's name */
	const char *variant;  /* the column's label (a ladder rung), or NULL */
	enum err_kind kind;   /* what kind of failure the reason was */
	char reason[512];
};

struct not_run_list {
	size_t n;
	struct not_run item[NOT_RUN_MAX];
};

void not_run_add(struct not_run_list *list, const char *launcher,
		 const struct err *why);
/* The same for one labelled variant of a launcher; it must outlive list. */
void not_run_add_variant(struct not_run_list *list, const char *launcher,
			 const char *variant, const struct err *why);

/* How an entry is named to the user: "container", or "container (LABEL)"
 * for a variant, its label escaped (it is the user's text). Into buf. */
const char *not_run_name(const struct not_run *item, char *buf, size_t size);

/* When no launcher ran at all: the one reason (and its kind) if one
 * launcher was tried, else every launcher's, into err. Returns -1. */
int not_run_fail(const struct not_run_list *list, struct err *err);

/* One launcher's part of the command. Sets *launched once a launch of it
 * succeeded; returns 0, or -1 with err. */
typedef int (*launcher_part_fn)(void *ctx, bool *launched, struct err *err);

/* 0: the part ran; 1: the launcher was listed as not run (under variant,
 * a --variant label or NULL); -1: err ends the command. */
int launcher_try(const struct launcher *l, const void *config,
		 const char *variant, launcher_part_fn part, void *ctx,
		 struct not_run_list *list, struct err *err);

#endif
