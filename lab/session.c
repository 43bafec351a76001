/* session: opens and closes a launcher's per-invocation state. */
#include "lab/session.h"

#include <string.h>

#include "lab/clock.h"

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
	s->cost.done_ns = clock_now_ns();
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
