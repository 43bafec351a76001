/* render: a check report as text (one line per test, for the student) or
 * as JSON (for a gradebook). */
#ifndef ISOLAB_CHECK_RENDER_H
#define ISOLAB_CHECK_RENDER_H

#include <stdio.h>

#include "lab/check/engine.h"

void render_text(FILE *f, const struct check_report *r);
void render_json(FILE *f, const struct check_report *r);

#endif
