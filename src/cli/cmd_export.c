/* powermap export — native CSV files, the same format import reads. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "powermap/csv.h"
#include "cli.h"

static const char help[] =
	"usage: powermap [--db FILE] export --dir DIR [--org ORG]\n"
	"       powermap [--db FILE] export --type KIND [-o FILE] [--org ORG]\n"
	"\n"
	"Export native CSV (UTF-8, LF line ends, header row, canonical column and\n"
	"row order). With --dir, writes orgs.csv, people.csv, links.csv,\n"
	"interactions.csv, deals.csv, actions.csv and plan.csv into DIR (created\n"
	"if missing). With --type, writes one kind to stdout or to FILE.\n"
	"import -> export -> import -> export gives byte-identical files.\n"
	"\n"
	"Options:\n"
	"  --dir DIR     write every kind into DIR\n"
	"  --type KIND   orgs, people, links, interactions, deals, actions or plan\n"
	"  -o, --output FILE  with --type: write to FILE instead of stdout\n"
	"  --org ORG     only records of that org and its child orgs (key or name)\n"
	"  --progress    report progress on stderr (default: when it is a terminal)\n"
	"  --no-progress never report progress\n"
	"\n"
	"Examples:\n"
	"  powermap export --dir backup/\n"
	"  powermap export --type people --org kanto-seiki\n";

struct writer {
	FILE *out;
	const char *name;
	size_t rows;
	int progress;
	struct timespec t0;
};

/* "export: 12.3 s: links.csv: 3000000 rows" on stderr ("writing" at 0). */
static void show(struct writer *w)
{
	fprintf(stderr, "export: %6.1f s: ", cli_elapsed(&w->t0));
	if (w->rows)
		fprintf(stderr, "%s.csv: %zu rows\n", w->name, w->rows);
	else
		fprintf(stderr, "writing %s.csv\n", w->name);
}

static int write_row(const char *const *vals, size_t n, void *ctx)
{
	struct writer *w = ctx;

	if (w->progress && ++w->rows % 1000000 == 0)
		show(w);
	return pm_csv_write_record(w->out, vals, n);
}

static int export_one(struct pm_store *st, int t, const struct pm_filter *f,
		      FILE *out, struct writer *w, struct pm_error *err)
{
	const struct pm_table *tab = &pm_tables[t];
	const char *header[PM_TABLE_MAXCOLS];
	size_t i;
	int rc;

	for (i = 0; i < tab->ncols; i++)
		header[i] = tab->cols[i].name;
	if (pm_csv_write_record(out, header, tab->ncols) < 0)
		return pm_error_set(err, PM_EIO, "cannot write %s", tab->name);
	w->out = out;
	w->name = tab->name;
	w->rows = 0;
	if (w->progress)
		show(w);
	rc = pm_store_select(st, (enum pm_table_id)t, f, write_row, w, err);
	if (rc == PM_EIO)
		return pm_error_set(err, PM_EIO, "cannot write %s", tab->name);
	if (w->progress && w->rows % 1000000)
		show(w);
	return rc;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "org", required_argument, NULL, 'g' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pm_filter f = { NULL, NULL };
	const char *dir = NULL, *output = NULL;
	struct pm_error err;
	struct writer w = { NULL, NULL, 0, isatty(STDERR_FILENO), { 0, 0 } };
	int ch, t = -1, rc = 0;

	while ((ch = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': dir = optarg; break;
		case 'o': output = optarg; break;
		case 'g': f.org = optarg; break;
		case 'p': w.progress = 1; break;
		case 'q': w.progress = 0; break;
		case 't':
			if ((t = pm_table_find(optarg)) < 0)
				return cli_usage("export", "unknown kind '%s'", optarg);
			break;
		case 'h':
			return cli_help(help);
		default:
			return cli_usage("export", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage("export", "unexpected argument '%s'", argv[optind]);
	if (!dir == (t < 0))
		return cli_usage("export", "give either --dir DIR or --type KIND");
	clock_gettime(CLOCK_MONOTONIC, &w.t0);
	if (dir) {
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return cli_fail("cannot create directory '%s': %s", dir, strerror(errno));
		for (t = 0; t < PM_T_COUNT && rc == 0; t++) {
			char path[4096];
			FILE *out;
			snprintf(path, sizeof(path), "%s/%s.csv", dir, pm_tables[t].name);
			if (!(out = fopen(path, "w")))
				return cli_fail("cannot write '%s': %s", path, strerror(errno));
			rc = export_one(c->st, t, &f, out, &w, &err);
			if (fclose(out) != 0 && rc == 0)
				rc = pm_error_set(&err, PM_EIO, "cannot write '%s'", path);
		}
		if (rc < 0)
			return cli_fail_err(&err);
		printf("exported %d files to %s\n", PM_T_COUNT, dir);
		return EXIT_OK;
	}
	if (output) {
		FILE *out = fopen(output, "w");
		if (!out)
			return cli_fail("cannot write '%s': %s", output, strerror(errno));
		rc = export_one(c->st, t, &f, out, &w, &err);
		if (fclose(out) != 0 && rc == 0)
			rc = pm_error_set(&err, PM_EIO, "cannot write '%s'", output);
	} else {
		rc = export_one(c->st, t, &f, stdout, &w, &err);
	}
	return rc < 0 ? cli_fail_err(&err) : EXIT_OK;
}
