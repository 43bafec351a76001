/* curriculum: `isolab lab list|start` and `isolab check`, the commands of
 * the guided labs. Finds the curriculum folder (ISOLAB_CURRICULUM, else
 * ../curriculum next to bin/, else ../share/isolab/curriculum when
 * installed), its labs (labN-NAME/lab.conf), and hands a check to the
 * engine. argv starts at the command word ("lab" or "check"). */
#ifndef ISOLAB_CHECK_CURRICULUM_H
#define ISOLAB_CHECK_CURRICULUM_H

/* Runs argv[1]'s command (lab/cli/cmd_check.c names them); returns the exit status (0 only when a check passed fully). */
int curriculum_main(int argc, char **argv);

#endif
