/* Placeholder until the microvm launcher lands; replaced by the real one. */
#include "lab/launchers.h"

static int not_built(const void *config, struct err *err)
{
	(void)config;
	return err_set(err, ERR_RUNTIME, "the microvm launcher is not built yet");
}

const struct launcher microvm_launcher = {
	.name = "microvm",
	.summary = "not built yet",
	.available = not_built,
};
