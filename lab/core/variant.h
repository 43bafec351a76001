/* variant: one named launcher configuration, "LABEL:LAUNCHER[:OPTIONS]",
 * as `isolab compare --variant` and each line of a ladder file give it.
 *
 * OPTIONS are the launcher's own options as on the command line, joined
 * by commas: "--ns=user,pid,--seccomp=off" is --ns user,pid and
 * --seccomp off (an item starts at a comma followed by "--", so a value
 * may hold commas). The config is built with the launcher's config_init
 * and launcher_option_set(), in the order given, so a variant means exactly what the
 * same options mean on the command line. Bad input fails with ERR_USAGE
 * and one line naming the variant and what was wrong. */
#ifndef ISOLAB_VARIANT_H
#define ISOLAB_VARIANT_H

#include "lab/host/err.h"
#include "lab/core/launcher.h"

#define VARIANT_LABEL 64
#define VARIANT_OPTIONS 640

struct variant {
	char label[VARIANT_LABEL];
	const struct launcher *launcher;
	char options[VARIANT_OPTIONS]; /* as given, "" for none */
	void *config;                  /* the launcher's; variant_free frees */
};

int variant_parse(const char *spec, struct variant *v, struct err *err);
void variant_free(struct variant *v);

#endif
