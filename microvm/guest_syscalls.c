#include "microvm/guest_syscalls.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lab/host/syscall_table.h"
#include "microvm/hypercall_abi.h"

#define OVERFLOW_SLOT (GUEST_SYSCALL_SLOTS - 1)

static const char *label(int slot, char *buf, size_t len)
{
	if (slot == OVERFLOW_SLOT) {
		snprintf(buf, len, "numbers from %d up", OVERFLOW_SLOT);
		return buf;
	}
	return syscall_label(slot, buf, len);
}

void guest_syscalls_note(const uint64_t enosys[GUEST_SYSCALL_SLOTS],
			 char *note, size_t len)
{
	static const char head[] = "the guest kernel does not implement: ";
	size_t used = 0;
	int listed = 0, left = 0;

	note[0] = '\0';
	for (int i = 0; i < GUEST_SYSCALL_SLOTS; i++) {
		char name[48], item[80];
		int n;

		if (!enosys[i])
			continue;
		n = snprintf(item, sizeof(item), "%s%s ×%" PRIu64,
			     listed ? ", " : head, label(i, name, sizeof(name)),
			     enosys[i]);
		/* Room for this item and a closing ", and N more". */
		if (left || used + (size_t)n + 24 >= len) {
			left++;
			continue;
		}
		memcpy(note + used, item, (size_t)n + 1);
		used += (size_t)n;
		listed++;
	}
	if (left)
		snprintf(note + used, len - used, ", and %d more", left);
}

int guest_syscalls_report(const struct gmem *m, uint64_t counts_gpa,
			  struct launch_result *res)
{
	const uint64_t *guest = gmem_ptr(m, counts_gpa,
					 2 * GUEST_SYSCALL_SLOTS * 8);
	uint64_t calls[GUEST_SYSCALL_SLOTS], enosys[GUEST_SYSCALL_SLOTS];

	if (!guest || counts_gpa % 8)
		return -1;
	/* Copied once: the values are the guest's word, used as numbers. */
	memcpy(calls, guest, sizeof(calls));
	memcpy(enosys, guest + GUEST_SYSCALL_SLOTS, sizeof(enosys));
	res->nsyscalls = 0;
	res->syscalls_truncated = false;
	for (int i = 0; i < GUEST_SYSCALL_SLOTS; i++) {
		if (!calls[i])
			continue;
		if (res->nsyscalls == LAUNCH_MAX_SYSCALLS) {
			res->syscalls_truncated = true;
			break;
		}
		res->syscalls[res->nsyscalls++] = (struct syscall_tally){
			.nr = i == OVERFLOW_SLOT ? -1 : i, .calls = calls[i] };
	}
	if (!res->note[0])
		guest_syscalls_note(enosys, res->note, sizeof(res->note));
	return 0;
}
