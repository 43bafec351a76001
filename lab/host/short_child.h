/* short_child: runs a function in a short-lived child process, for tries
 * that must not change isolab itself (entering or creating namespaces).
 *
 * The child shares our memory (CLONE_VM | CLONE_VFORK: no page tables to
 * copy, and we are suspended while it runs, so it can write its answer
 * into *arg), but not our fs (root, cwd) nor our namespaces: whatever it
 * changes there ends with it. fn must not allocate, take locks or call
 * exit(); it returns a value 0-255, which short_child_run() returns.
 * Returns -1 with errno when the child could not be started or died by a
 * signal. */
#ifndef ISOLAB_SHORT_CHILD_H
#define ISOLAB_SHORT_CHILD_H

int short_child_run(int (*fn)(void *arg), void *arg);

#endif
