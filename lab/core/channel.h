/* channel: parses the workload's control channel (see workload_proto.h).
 *
 * Bytes arrive in arbitrary pieces; channel_feed() splits them into lines,
 * records "ready" in the timeline and "result k=v" in the result. A line
 * that is too long or malformed is a protocol error: the workload is
 * hostile or broken, and the run is reported as failed. */
#ifndef ISOLAB_CHANNEL_H
#define ISOLAB_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/core/launcher.h"
#include "lab/proto/workload_proto.h"

struct channel {
	char line[WORKLOAD_LINE_MAX];
	size_t len;
	bool ready;
	void (*on_ready)(void *ctx);
	void *on_ready_ctx;
};

/* on_ready/ctx come from the request (launch_request.on_ready). */
void channel_init(struct channel *ch, const struct launch_request *req);

/* Feed n bytes received at now_ns. Returns 0, or -1 on a protocol error. */
int channel_feed(struct channel *ch, const char *buf, size_t n,
		 uint64_t now_ns, struct launch_result *res, struct err *err);

#endif
