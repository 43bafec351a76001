/* render: the whole screen from a snapshot: the environment line, the
 * columns of panels (layout.h), the status and key lines, and the help
 * overlay or the too-small message. Drawing only; no state. */
#ifndef ISOLAB_DASHBOARD_RENDER_H
#define ISOLAB_DASHBOARD_RENDER_H

#include "lab/dashboard/canvas.h"
#include "lab/dashboard/snapshot.h"

void render_screen(struct canvas *cv, const struct dash_snapshot *s,
		   bool help);

#endif
