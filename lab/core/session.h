/* session: the per-invocation state of one launcher with one config.
 *
 * Whoever runs launches (run, compare, exec, density, probe, the runner)
 * opens a session once and puts it in every launch_request, so that the
 * launcher pays its one-time costs once. The session is owned by the
 * caller (no allocation here), is read-only once open and may be shared
 * by concurrent launches. Its cost is kept apart from every run's
 * startup, with the launcher's own phase names. */
#ifndef ISOLAB_SESSION_H
#define ISOLAB_SESSION_H

#include <stdbool.h>

#include "lab/core/launcher.h"

struct launch_session {
	const struct launcher *launcher;
	const void *config;
	void *state;          /* the launcher's; NULL when it has no hook */
	struct timeline cost; /* request_ns .. done_ns, and its phases */
};

/* Opens s for this launcher and config. On failure nothing is left
 * open and err says why. */
int launch_session_open(const struct launcher *launcher, const void *config,
			struct launch_session *s, struct err *err);
/* For a front end: opens s unless cold (--cold), and sets *use to what
 * goes into launch_request.session: s, or NULL for cold runs. s is
 * zeroed either way, so launch_session_close(s) is always safe. */
int launch_session_unless_cold(const struct launcher *launcher,
			       const void *config, bool cold,
			       struct launch_session *s,
			       const struct launch_session **use,
			       struct err *err);
/* Safe on a session that was never opened (zeroed). */
void launch_session_close(struct launch_session *s);

/* The session's one-time cost in nanoseconds (0 when it had none). */
uint64_t launch_session_cost_ns(const struct launch_session *s);
/* Its phases as durations, in order; they add up to the cost. Returns
 * how many (up to max; 0 for a launcher without a session hook). */
int launch_session_phases(const struct launch_session *s,
			  struct phase_span *out, int max);

#endif
