/* panel_header: the launcher's name, its state, and its counts. */
#include "lab/dashboard/panels.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lab/report/output.h"
#include "lab/host/text.h"

/* What the last counted run did: exited N, a signal, timed out. */
static void outcome(const struct run_sample *s, char *buf, size_t len,
		    enum style *st)
{
	char sig[32];

	*st = ST_GOOD;
	if (s->timed_out) {
		snprintf(buf, len, "timed out");
		*st = ST_WARN;
	} else if (s->signal) {
		format_signal(sig, sizeof(sig), s->signal);
		snprintf(buf, len, "signal %s", sig);
		*st = ST_BAD;
	} else {
		snprintf(buf, len, "exited %d", s->exit_code);
		if (s->exit_code)
			*st = ST_WARN;
	}
}

static const char *state_text(const struct dash_column *c, char *buf,
			      size_t len, enum style *st)
{
	*st = ST_NORMAL;
	switch (c->run.state) {
	case WORKER_OPENING: return "opening session";
	case WORKER_RUNNING: return "running";
	case WORKER_READY: *st = ST_GOOD; return "ready";
	case WORKER_PAUSED: *st = ST_WARN; return "paused";
	case WORKER_DONE: return "done";
	case WORKER_FAILED: *st = ST_BAD; return "failed";
	case WORKER_CANNOT_RUN: *st = ST_BAD; return "cannot run here";
	case WORKER_IDLE: break;
	}
	if (!c->run.has_last)
		return "idle";
	outcome(&c->run.last, buf, len, st);
	return buf;
}

void panel_header_draw(const struct panel_ctx *p)
{
	const struct dash_column *c = p->col;
	const struct runner_view *v = &c->run;
	char buf[64], last[24];
	enum style st;
	const char *state = state_text(c, buf, sizeof(buf), &st);
	int x = p->r.x, w = p->r.w;
	int n = canvas_text(p->cv, x, p->r.y, w,
			    c->focused ? ST_FOCUS : ST_TITLE, c->name);

	canvas_text(p->cv, x + n, p->r.y, w - n, ST_NORMAL, " ");
	n += 1 + canvas_text(p->cv, x + n + 1, p->r.y, w - n - 1, st, state);
	/* The workload, right-aligned when it fits. */
	if (n + 2 + (int)strlen(v->job_label) <= w)
		canvas_text(p->cv, x + w - (int)strlen(v->job_label), p->r.y,
			    w, ST_DIM, v->job_label);
	if (v->state == WORKER_FAILED) {
		panel_wrapped(p, p->r.y + 1, p->r.y + p->r.h, ST_BAD, v->reason);
		return;
	}
	if (v->has_last)
		format_ns(last, sizeof(last), (double)v->last.startup_ns);
	else
		snprintf(last, sizeof(last), "-");
	n = canvas_printf(p->cv, x, p->r.y + 1, w, ST_NORMAL,
			  "runs %" PRIu64 "  fail %" PRIu64, v->summary.runs,
			  v->summary.failed + v->launch_failures);
	if (n + 8 + (int)strlen(last) <= w)
		canvas_printf(p->cv, x + n, p->r.y + 1, w - n, ST_NORMAL,
			      "  last %s", last);
}
