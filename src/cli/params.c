/* powermap CLI — options shared by the analysis commands. */
#include <stdio.h>
#include <string.h>
#include "powermap/graph.h"
#include "powermap/kit.h"
#include "powermap/table.h"
#include "cli.h"

const char *cli_value(const char *cmd, const char *opt, const struct pm_column *col,
		      const char *v, struct pm_strbuf *keep)
{
	char why[512];
	int rc = pm_value_normalize(col, v, keep);

	if (rc < 0) {
		cli_fail("out of memory");
		return NULL;
	}
	if (rc == 1)
		v = pm_strbuf_str(keep);
	if (*v && pm_value_check(col, v, why, sizeof(why)) < 0) {
		if (opt)
			cli_usage(cmd, "%s: %s", opt, why);
		else
			cli_usage(cmd, "%s", why);
		return NULL;
	}
	return v;
}

int cli_params_init(struct cli *c, struct pm_params *p)
{
	struct pm_error err;

	pm_params_default(p, cli_today(c));
	p->lang = c->lang;
	/* no store when only --help was asked for */
	if (c->st && pm_params_load(c->st, p, &err) < 0)
		return cli_fail_err(&err);
	return EXIT_OK;
}

void cli_fold_number(char *arg)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;

	if (!arg)
		return;
	pm_fold_width(arg, &sb);
	/* only a number is rewritten: other text is refused as it was typed */
	if (!sb.oom && sb.len && sb.len <= strlen(arg) && strspn(sb.buf, "0123456789.+-") == sb.len)
		memcpy(arg, sb.buf, sb.len + 1);
	pm_strbuf_release(&sb);
}

int cli_date_arg(const char *arg, char out[11])
{
	static const struct pm_column date_col = { "date", PM_COL_DATE, NULL, 0 };
	struct pm_strbuf sb = PM_STRBUF_INIT;
	const char *day = arg;
	int rc;

	if ((rc = pm_value_normalize(&date_col, arg, &sb)) < 0)
		return -1;
	if (rc > 0)
		day = pm_strbuf_str(&sb);
	rc = strlen(day) == 10 && pm_date_valid(day) ? 0 : -1;
	if (rc == 0)
		memcpy(out, day, 11);
	pm_strbuf_release(&sb);
	return rc;
}

int cli_params_ready(struct cli *c, const struct pm_params *p)
{
	struct pm_error err;

	if (c->st && pm_store_people_as_of(c->st, p->as_of, &err) < 0)
		return cli_fail_err(&err);
	return EXIT_OK;
}

int cli_params_option(const char *cmd, int ch, const char *arg, struct pm_params *p)
{
	struct pm_error err;
	char name[64];
	const char *eq;

	switch (ch) {
	case 900:
		if (cli_date_arg(arg, p->as_of) < 0) {
			cli_usage(cmd, "--as-of '%s' is not a date (YYYY-MM-DD)", arg);
			return -1;
		}
		return 1;
	case 901:
		if (pm_params_set(p, "half_life", arg, &err) < 0) {
			cli_usage(cmd, "%s", err.msg);
			return -1;
		}
		return 1;
	case 902:
		if (!(eq = strchr(arg, '=')) || (size_t)(eq - arg) >= sizeof(name)) {
			cli_usage(cmd, "--param wants NAME=VALUE, not '%s'", arg);
			return -1;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
		if (pm_params_set(p, name, eq + 1, &err) < 0) {
			cli_usage(cmd, "%s", err.msg);
			return -1;
		}
		return 1;
	default:
		return 0;
	}
}

const char *cli_num(char *buf, size_t size, double x)
{
	snprintf(buf, size, "%.2f", x);
	return buf;
}
