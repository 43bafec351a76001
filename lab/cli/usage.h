/* usage: what isolab --help and isolab COMMAND --help print, built from
 * the command table (commands.h), the shared options (cli_options.h) and
 * the launchers' own options, so that help cannot drift from them. */
#ifndef ISOLAB_USAGE_H
#define ISOLAB_USAGE_H

#include <stdio.h>

#include "lab/cli/cli.h"

/* CMD_NONE: isolab --help, every command and launcher. */
void cli_print_help(FILE *f, enum command command);
/* The exit status table, as isolab --help ends. */
void cli_print_exit_status(FILE *f);

#endif
