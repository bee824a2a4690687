/*
 * powermap — work shared among worker processes (see cli.h, cli_workers_run).
 *
 * Graphviz keeps global state and an SQLite connection may not cross a
 * fork, so parallel work that renders (report --all) runs in processes, not
 * threads. Each item gets a fresh child forked from the parent, which never
 * renders: an item's output does not depend on which items a process did
 * before it (Graphviz's spline router keeps state between layouts that
 * moved a curve by 0.1 pt), so the files are the same for any number of
 * workers and the same as the command for that item alone. The parent
 * closes its store first; a child opens its own, does its item and sends
 * the result back on its pipe. A child that fails has printed why; the
 * parent starts no more and stops those running.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "powermap/kit.h"
#include "cli.h"

#define MAX_WORKERS 16

/* All of buf to fd; 0, or -1. */
static int write_all_bytes(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t k = write(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* A child's life: its own store, one item, the result on fd. */
static void child(struct cli *parent, size_t item, int fd, cli_work_fn work, void *ctx)
{
	struct cli c = *parent;
	struct pm_strbuf out = PM_STRBUF_INIT;
	int rc;

	c.st = NULL;
	rc = cli_open_store(&c, 0);
	if (rc == EXIT_OK)
		rc = work(&c, item, &out, ctx);
	if (rc == EXIT_OK && out.oom)
		rc = cli_fail("out of memory");
	if (rc == EXIT_OK && write_all_bytes(fd, out.buf ? out.buf : "", out.len) < 0)
		rc = EXIT_ERR;   /* the parent is gone */
	pm_strbuf_release(&out);
	pm_store_close(c.st);
	fflush(stdout);
	fflush(stderr);
	_exit(rc);
}

/* What the parent holds of a running child. */
struct worker {
	pid_t pid;
	int fd;
	size_t item;
	struct pm_strbuf buf;   /* its result so far */
};

/*
 * Exit status of a child as an exit code; one killed by a signal is
 * EXIT_ERR, and said unless `quiet` (the parent stopped it).
 */
static int reap(pid_t pid, int quiet)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return EXIT_ERR;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (!quiet)
		cli_fail("a worker process was stopped by %s", strsignal(WTERMSIG(status)));
	return EXIT_ERR;
}

/* Fork a child for `item` into w. EXIT_OK, or an exit code after saying why. */
static int start(struct cli *c, size_t item, struct worker *w, const struct worker *run,
		 size_t nrun, cli_work_fn work, void *ctx)
{
	int p[2];
	size_t i;

	if (pipe(p) < 0)
		return cli_fail("cannot start a worker: %s", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	w->pid = fork();
	if (w->pid == 0) {
		close(p[0]);
		for (i = 0; i < nrun; i++)
			close(run[i].fd);
		child(c, item, p[1], work, ctx);
	}
	close(p[1]);
	if (w->pid < 0) {
		close(p[0]);
		return cli_fail("cannot start a worker: %s", strerror(errno));
	}
	w->fd = p[0];
	w->item = item;
	w->buf = (struct pm_strbuf)PM_STRBUF_INIT;
	return EXIT_OK;
}

int cli_workers_run(struct cli *c, size_t n, int jobs, cli_work_fn work, cli_done_fn done,
		    void *ctx)
{
	struct worker run[MAX_WORKERS];
	struct pollfd pfd[MAX_WORKERS];
	size_t next = 0, nrun = 0, i, most;
	int rc = EXIT_OK;

	most = jobs < 1 ? 1 : jobs > MAX_WORKERS ? MAX_WORKERS : (size_t)jobs;
	/* no connection crosses a fork: each child opens its own */
	pm_store_close(c->st);
	c->st = NULL;
	while (nrun > 0 || (rc == EXIT_OK && next < n)) {
		while (rc == EXIT_OK && next < n && nrun < most) {
			if ((rc = start(c, next, &run[nrun], run, nrun, work, ctx)) == EXIT_OK)
				nrun++;
			next++;
		}
		if (!nrun)
			break;
		for (i = 0; i < nrun; i++) {
			pfd[i].fd = run[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, nrun, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = cli_fail("cannot wait for the workers: %s", strerror(errno));
			for (i = 0; i < nrun; i++)
				kill(run[i].pid, SIGTERM);
			pfd[0].revents = 0;
		}
		for (i = nrun; i-- > 0;) {
			char chunk[65536];
			ssize_t got;
			int st;
			if (!pfd[i].revents && rc == EXIT_OK)
				continue;
			got = pfd[i].revents ? read(run[i].fd, chunk, sizeof(chunk)) : 0;
			if (got < 0 && errno == EINTR)
				continue;
			if (got > 0) {
				pm_strbuf_add(&run[i].buf, chunk, (size_t)got);
				continue;
			}
			/* the child is done (or dead) */
			close(run[i].fd);
			st = reap(run[i].pid, rc != EXIT_OK);
			if (st == EXIT_OK && rc == EXIT_OK &&
			    (run[i].buf.oom || done(run[i].item, run[i].buf.buf ? run[i].buf.buf : "",
						    run[i].buf.len, ctx) != 0))
				st = EXIT_ERR;
			if (st != EXIT_OK && rc == EXIT_OK) {
				size_t j;
				rc = st;
				for (j = 0; j < nrun; j++)
					if (j != i)
						kill(run[j].pid, SIGTERM);
			}
			pm_strbuf_release(&run[i].buf);
			run[i] = run[--nrun];
			pfd[i] = pfd[nrun];
		}
	}
	return rc;
}

int cli_workers_default(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t jobs = cpus < 1 ? 1 : cpus > 4 ? 4 : (size_t)cpus;

	if (jobs > n)
		jobs = n;
	return jobs < 1 ? 1 : (int)jobs;
}
