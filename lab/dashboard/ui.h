/* ui: the dashboard's interactive state, changed only by the key
 * actions (keys.c) in the UI thread. */
#ifndef ISOLAB_DASHBOARD_UI_H
#define ISOLAB_DASHBOARD_UI_H

#include <stdbool.h>

#include "lab/dashboard/ladder_worker.h"
#include "lab/dashboard/worker.h"
#include "lab/dashboard/workloads.h"

struct dash_ui {
	struct dash_worker worker;
	struct dash_ladder ladder; /* the ladder view's rungs (`l`) */
	const struct dashboard_args *args;
	struct workload_list workloads;
	int workload;   /* index into workloads */
	int rate;       /* launches per second per column, 0: max */
	int focus;      /* column */
	bool paused, help, quit;
	char message[320];
};

/* "10/s" or "max". */
void ui_rate_text(int rate, char *buf, size_t len);

#endif
