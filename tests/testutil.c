/* powermap tests — shared helpers (see testutil.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

/*
 * Under ASan the runner starts with leak_check_at_exit=0 (see the Makefile);
 * programs the tests start get the full options, so their leaks fail them.
 */
__attribute__((constructor)) static void child_lsan_options(void)
{
	const char *o = getenv("POWERMAP_CHILD_LSAN_OPTIONS");

	if (o && *o)
		setenv("LSAN_OPTIONS", o, 1);
	/* the programs speak English unless a test asks otherwise, whatever the locale */
	unsetenv("POWERMAP_LANG");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "C.UTF-8", 1);
}

static void die(const char *what)
{
	perror(what);
	abort();
}

char *tu_tmpdir(void)
{
	char *d = strdup("/tmp/powermap-test.XXXXXX");

	if (!d || !mkdtemp(d))
		die("mkdtemp");
	return d;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(p);
}

void tu_rmdir(char *dir)
{
	if (!dir)
		return;
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

char *tu_path(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		die("asprintf");
	return p;
}

char *tu_write(const char *dir, const char *name, const char *content)
{
	char *p = tu_path(dir, name);
	FILE *f = fopen(p, "wb");

	if (!f)
		die("fopen");
	fputs(content, f);
	fclose(f);
	return p;
}

char *tu_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	for (int c; (c = fgetc(f)) != EOF;)
		fputc(c, m);
	fclose(m);
	fclose(f);
	return buf;
}

static char unpriv_dir[] = "/tmp/pm-bin.XXXXXX", unpriv_bin[sizeof(unpriv_dir) + 16],
	unpriv_supp[sizeof(unpriv_dir) + 16], unpriv_lsan[1024];

static void remove_unpriv_bin(void)
{
	unlink(unpriv_bin);
	unlink(unpriv_supp);
	rmdir(unpriv_dir);
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	size_t len;
	FILE *in, *out;

	if (!(in = fopen(from, "rb")) || !(out = fopen(to, "wb")))
		die(from);
	while ((len = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, len, out) != len)
			die(to);
	fclose(in);
	if (fclose(out) != 0 || chmod(to, 0755) != 0)
		die(to);
}

/*
 * The binary where nobody may run it: a checkout in a 0700 folder (mktemp -d)
 * is out of nobody's reach, so a copy goes to a folder of its own (0755),
 * with LeakSanitizer's suppressions file when LSAN_OPTIONS names one
 * (unpriv_lsan: the options pointing at the copy).
 */
static const char *bin_for_nobody(const char *bin)
{
	const char *lsan = getenv("LSAN_OPTIONS"), *supp;

	if (unpriv_bin[0])
		return unpriv_bin;
	if (!mkdtemp(unpriv_dir) || chmod(unpriv_dir, 0755) != 0)
		die("mkdtemp");
	snprintf(unpriv_bin, sizeof(unpriv_bin), "%s/powermap", unpriv_dir);
	copy_file(bin, unpriv_bin);
	if (lsan && (supp = strstr(lsan, "suppressions="))) {
		const char *path = supp + strlen("suppressions=");
		size_t plen = strcspn(path, ":");
		char from[512];
		snprintf(from, sizeof(from), "%.*s", (int)plen, path);
		snprintf(unpriv_supp, sizeof(unpriv_supp), "%s/lsan.supp", unpriv_dir);
		copy_file(from, unpriv_supp);
		snprintf(unpriv_lsan, sizeof(unpriv_lsan), "%.*s%s%s", (int)(path - lsan), lsan,
			 unpriv_supp, path + plen);
	}
	atexit(remove_unpriv_bin);
	return unpriv_bin;
}

/*
 * Run the binary; stdin is `input` through a pipe, or /dev/null when NULL.
 * With `unprivileged` and run as root, the program runs as nobody (65534),
 * so that file permissions apply to it.
 */
static void run_pm(struct tu_run *r, const char *db, const char *input,
		   const char *const *args, int unprivileged)
{
	const char *bin = getenv("POWERMAP_BIN");
	char outp[] = "/tmp/pm-out.XXXXXX", errp[] = "/tmp/pm-err.XXXXXX";
	int fo = mkstemp(outp), fe = mkstemp(errp), st;
	const char *argv[64];
	size_t n = 0, i;
	pid_t pid;

	if (!bin || fo < 0 || fe < 0)
		die("POWERMAP_BIN / mkstemp");
	if (unprivileged && geteuid() == 0)
		bin = bin_for_nobody(bin);
	argv[n++] = bin;
	if (db) {
		argv[n++] = "--db";
		argv[n++] = db;
	}
	for (i = 0; args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	int pfd[2] = { -1, -1 };
	if (input && pipe(pfd) != 0)
		die("pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int in = input ? pfd[0] : open("/dev/null", O_RDONLY);
		if (input)
			close(pfd[1]);
		dup2(in, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (unprivileged && geteuid() == 0 &&
		    (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
			_exit(126);
		if (unprivileged && unpriv_lsan[0])
			setenv("LSAN_OPTIONS", unpriv_lsan, 1);
		execv(bin, (char *const *)argv);
		dprintf(2, "cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	if (input) {
		size_t len = strlen(input), done = 0;
		close(pfd[0]);
		while (done < len) {
			ssize_t w = write(pfd[1], input + done, len - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		close(pfd[1]);
	}
	waitpid(pid, &st, 0);
	close(fo);
	close(fe);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = tu_read(outp);
	r->err = tu_read(errp);
	unlink(outp);
	unlink(errp);
}

void tu_pm_argv(struct tu_run *r, const char *db, const char *const *args)
{
	run_pm(r, db, NULL, args, 0);
}

void tu_pm_unprivileged(struct tu_run *r, const char *db, const char *const *args)
{
	run_pm(r, db, NULL, args, 1);
}

void tu_pm_input(struct tu_run *r, const char *db, const char *input, const char *const *args)
{
	run_pm(r, db, input, args, 0);
}

void tu_pm(struct tu_run *r, const char *db, ...)
{
	const char *args[64];
	size_t n = 0;
	va_list ap;

	va_start(ap, db);
	while (n < 63 && (args[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args[n] = NULL;
	tu_pm_argv(r, db, args);
}

void tu_run_free(struct tu_run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

char *tu_db_dump(const char *path)
{
	static const char *const tables[] = { "orgs", "people", "links", "interactions",
					      "deals", "actions", "plan", "history" };
	char *buf = NULL, sql[128];
	size_t len = 0, t;
	sqlite3 *db = NULL;
	FILE *m = open_memstream(&buf, &len);

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(m, "cannot open %s\n", path);
		goto out;
	}
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		sqlite3_stmt *s;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY rowid", tables[t]);
		fprintf(m, "[%s]\n", tables[t]);
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
			fprintf(m, "error: %s\n", sqlite3_errmsg(db));
			continue;
		}
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(s); i++) {
				const unsigned char *v = sqlite3_column_text(s, i);
				fprintf(m, "%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
			}
			fputc('\n', m);
		}
		sqlite3_finalize(s);
	}
out:
	sqlite3_close(db);
	fclose(m);
	return buf;
}

char *tu_graph(const char *sub)
{
	const char *g = getenv("POWERMAP_GRAPHS");

	return tu_path(g ? g : "graphs", sub);
}

void tu_import_demo(struct tu_run *r, const char *db)
{
	static const char *const kinds[] = { "orgs", "people", "links", "interactions",
					     "deals", "actions", "plan" };
	const char *args[16];
	char *files[14];
	int i, n = 0;

	args[n++] = "import";
	for (i = 0; i < 7; i++) {
		char name[64];
		snprintf(name, sizeof(name), "demo-ja/%s.csv", kinds[i]);
		args[n++] = files[2 * i] = tu_graph(name);
		snprintf(name, sizeof(name), "demo-en/%s.csv", kinds[i]);
		args[n++] = files[2 * i + 1] = tu_graph(name);
	}
	args[n] = NULL;
	tu_pm_argv(r, db, args);
	for (i = 0; i < 14; i++)
		free(files[i]);
}

void tu_demo_begin(char **dir, char **db)
{
	struct tu_run r;

	*dir = tu_tmpdir();
	*db = tu_path(*dir, "pm.db");
	tu_import_demo(&r, *db);
	if (r.status != 0) {
		fprintf(stderr, "importing the demo failed: %s\n", r.err);
		abort();
	}
	tu_run_free(&r);
}

void tu_demo_end(char *dir, char *db)
{
	free(db);
	tu_rmdir(dir);   /* frees dir */
}
