/* Placeholder until the container launcher lands; replaced by the real one. */
#include "lab/launchers.h"

static int not_built(const void *config, struct err *err)
{
	(void)config;
	return err_set(err, ERR_RUNTIME, "the container launcher is not built yet");
}

const struct launcher container_launcher = {
	.name = "container",
	.summary = "not built yet",
	.available = not_built,
};
