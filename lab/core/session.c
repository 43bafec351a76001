/* session: opens and closes a launcher's per-invocation state. */
#include "lab/core/session.h"

#include <string.h>

#include "lab/host/clock.h"

int launch_session_open(const struct launcher *launcher, const void *config,
			struct launch_session *s, struct err *err)
{
	memset(s, 0, sizeof(*s));
	s->launcher = launcher;
	s->config = config;
	s->cost.request_ns = clock_now_ns();
	if (launcher->session_open &&
	    launcher->session_open(config, &s->state, &s->cost, err) < 0) {
		memset(s, 0, sizeof(*s));
		return -1;
	}
	/* The cost ends at the launcher's last phase, so that its phases
	 * add up to it exactly. */
	s->cost.done_ns = s->cost.nmarks
				  ? s->cost.marks[s->cost.nmarks - 1].at_ns
				  : clock_now_ns();
	s->cost.ready_ns = s->cost.done_ns;
	return 0;
}

void launch_session_close(struct launch_session *s)
{
	if (s->launcher && s->launcher->session_close && s->state)
		s->launcher->session_close(s->state);
	memset(s, 0, sizeof(*s));
}

uint64_t launch_session_cost_ns(const struct launch_session *s)
{
	if (!s->launcher || !s->launcher->session_open)
		return 0;
	return s->cost.done_ns - s->cost.request_ns;
}

int launch_session_phases(const struct launch_session *s,
			  struct phase_span *out, int max)
{
	uint64_t prev = s->cost.request_ns;
	int n = 0;

	for (int i = 0; i < s->cost.nmarks && n < max; i++) {
		uint64_t at = s->cost.marks[i].at_ns;

		out[n++] = (struct phase_span){ s->cost.marks[i].name,
						at > prev ? at - prev : 0 };
		prev = at > prev ? at : prev;
	}
	return n;
}

int launch_session_unless_cold(const struct launcher *launcher,
			       const void *config, bool cold,
			       struct launch_session *s,
			       const struct launch_session **use,
			       struct err *err)
{
	memset(s, 0, sizeof(*s));
	*use = NULL;
	if (cold)
		return 0;
	if (launch_session_open(launcher, config, s, err) < 0)
		return -1;
	*use = s;
	return 0;
}
