/* render: the whole screen from a snapshot: the environment line, the
 * columns of panels (layout.h) or the ladder view, the status and key
 * lines, and the help overlay or the too-small message. Drawing only; no
 * state. */
#ifndef ISOLAB_DASHBOARD_RENDER_H
#define ISOLAB_DASHBOARD_RENDER_H

#include "lab/dashboard/canvas.h"
#include "lab/dashboard/snapshot.h"

void render_screen(struct canvas *cv, const struct dash_snapshot *s,
		   bool help);
/* The ladder view (view_ladder.c) from the rungs' snapshot, over the
 * rows top..bottom-1, in place of the columns. */
void view_ladder_draw(struct canvas *cv, int top, int bottom,
		      const struct dash_snapshot *ladder);

#endif
