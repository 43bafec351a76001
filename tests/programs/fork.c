/* fork(): works as a process; the micro-VM's guest kernel has none and
 * answers ENOSYS. Prints what it got. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		printf("fork failed: errno %d (%s)\n", errno, strerror(errno));
		return 1;
	}
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	puts("fork worked");
	return 0;
}
