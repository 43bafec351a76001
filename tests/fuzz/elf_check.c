/* Fuzz harness: lab/host/elf_check.c, the check every launcher runs on a
 * student's --binary before anything is launched. The input is the file:
 * it goes into a memfd and is checked through /proc/self/fd, as a path. */
#include <sys/mman.h>
#include <unistd.h>

#include "lab/host/elf_check.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err err = { 0 };
	char path[64];
	int fd = memfd_create("fuzz-elf", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (elf_check_static_x86_64(path, &err) < 0)
			fuzz_require_one_line(&err);
	}
	close(fd);
	return 0;
}
