/*
 * Every example in every command's --help runs: each is run, in the order
 * the help lists them (commands in the order of 'powermap --help'), by the
 * shell in a folder that holds the demo database and links to graphs/ and
 * tests/, as a new user would paste them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../testutil.h"

static char *dir, *db;

static void setup(void)
{
	tu_demo_begin(&dir, &db);
}

static void teardown(void)
{
	tu_demo_end(dir, db);
}

TestSuite(help_examples, .init = setup, .fini = teardown, .timeout = 240);

/* The lines of `cmd` (run by the shell) into a NULL-terminated array. */
static char **lines_of(const char *cmd, size_t *n)
{
	FILE *f = popen(cmd, "r");
	char buf[2048], **v = NULL;

	*n = 0;
	cr_assert_not_null(f, "%s", cmd);
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		v = realloc(v, (*n + 2) * sizeof(*v));
		v[(*n)++] = strdup(buf);
		v[*n] = NULL;
	}
	pclose(f);
	return v;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

PM_TEST(help_examples, every_example_runs)
{
	const char *bin = getenv("POWERMAP_BIN"), *tools = getenv("POWERMAP_TOOLS");
	char cmd[4096], **cmds, **ex;
	size_t ncmds, nex, i, j, ran = 0, failed = 0;

	/* powermap on the PATH; graphs/ and tests/ as in the checkout */
	snprintf(cmd, sizeof(cmd), "cd %s && mkdir bin && ln -s %s bin/powermap && "
		 "ln -s %s/../graphs graphs && ln -s %s/../tests tests", dir, bin, tools, tools);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	snprintf(cmd, sizeof(cmd), "%s --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}'",
		 bin);
	cmds = lines_of(cmd, &ncmds);
	cr_assert_gt(ncmds, 20, "the command list");
	for (i = 0; i < ncmds; i++) {
		snprintf(cmd, sizeof(cmd), "%s %s --help | awk '/^Examples?:/{f=1;next} "
			 "f&&/^  /{sub(/^  /,\"\");print}'", bin, cmds[i]);
		ex = lines_of(cmd, &nex);
		cr_expect_gt(nex, 0, "'%s --help' has no example", cmds[i]);
		for (j = 0; j < nex; j++) {
			int rc;
			free(tu_write(dir, "example.sh", ex[j]));
			snprintf(cmd, sizeof(cmd),
				 "cd %s && PATH=%s/bin:$PATH POWERMAP_DB=%s "
				 "POWERMAP_NOW=2026-11-27T09:00:00Z sh example.sh >out.txt 2>err.txt",
				 dir, dir, db);
			rc = system(cmd);
			ran++;
			if (rc != 0) {
				char *p = tu_path(dir, "err.txt"), *e = tu_read(p);
				cr_expect_eq(rc, 0, "'%s --help' example fails: %s\n%s", cmds[i], ex[j], e);
				free(e);
				free(p);
				failed++;
			}
		}
		free_lines(ex, nex);
	}
	free_lines(cmds, ncmds);
	cr_assert_eq(failed, 0, "%zu of %zu examples failed", failed, ran);
	cr_assert_gt(ran, 40);
}

/* Every option a command's help lists under Options: is in its usage line too. */
PM_TEST(help_examples, usage_lines_list_every_option)
{
	const char *bin = getenv("POWERMAP_BIN");
	char cmd[4096], **cmds, **missing;
	size_t ncmds, nmissing, i;

	snprintf(cmd, sizeof(cmd), "%s --help | awk '/^Commands:/{f=1;next} /^$/{f=0} f{print $1}'",
		 bin);
	cmds = lines_of(cmd, &ncmds);
	cr_assert_gt(ncmds, 20);
	for (i = 0; i < ncmds; i++) {
		snprintf(cmd, sizeof(cmd),
			 "h=$(%s %s --help); u=$(printf '%%s\\n' \"$h\" | awk '/^usage:/{f=1} /^$/{f=0} f');"
			 " printf '%%s\\n' \"$h\" | awk '/^Options:/{f=1;next} /^$/{f=0} f' |"
			 " grep -o '^  -[-a-zA-Z]*[a-z]' | sed 's/^ *//' | sort -u |"
			 " while read o; do printf '%%s\\n' \"$u\" | grep -q -- \"$o\\b\" || echo \"$o\"; done",
			 bin, cmds[i]);
		missing = lines_of(cmd, &nmissing);
		cr_expect_eq(nmissing, 0, "'%s' usage line lacks %s", cmds[i],
			     nmissing ? missing[0] : "");
		free_lines(missing, nmissing);
	}
	free_lines(cmds, ncmds);
}
