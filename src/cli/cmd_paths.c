/* powermap paths — the k best warm introduction chains to one person. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "powermap/analysis.h"
#include "powermap/json.h"
#include "powermap/kit.h"
#include "cli.h"

static const char help[] =
	"usage: powermap [--db FILE] paths TARGET [-k N] [--via KINDS] [--from PERSON]\n"
	"                                 [--max-hops H] [--allow-blockers] [--no-diversity]\n"
	"                                 [--json] [--as-of DATE] [--half-life DAYS]\n"
	"\n"
	"The k best warm referral paths to TARGET (key or unique name). A path starts\n"
	"at one of our people (staff, partners, investors, bankers) or at a customer\n"
	"supporter, and its strength is the product of the effective strengths of its\n"
	"ties times 0.9 per introduction. Opponents and blockers are never asked to\n"
	"introduce. Alternatives prefer a different introducer.\n"
	"\n"
	"Options:\n"
	"  -k N               number of paths (default 3)\n"
	"  --via KINDS        introducers to use: staff,partner,investor,bank,customer\n"
	"  --from PERSON      only paths starting at PERSON\n"
	"  --max-hops H       at most H ties per path (default 4)\n"
	"  --allow-blockers   allow opponents and blockers as intermediaries\n"
	"  --no-diversity     plain k best paths, even if they share an introducer\n"
	"  --json             JSON output\n"
	CLI_PARAM_HELP
	"\n"
	"Example:\n"
	"  powermap paths tanaka-ichiro -k 3\n";

static const char *tie_name(const struct pm_tie *t)
{
	return t->kind == PM_LINK_KNOWS ? "knows" : "colleague";
}

/* "name (org)" of a person, in sb (emptied first). */
static const char *who(struct pm_strbuf *sb, const struct pm_person *p)
{
	pm_strbuf_reset(sb);
	pm_person_label(sb, p);
	return pm_strbuf_str(sb);
}

static void print_path(const struct pm_view *v, const struct pm_path *path, size_t no)
{
	struct pm_strbuf sb = PM_STRBUF_INIT;
	int i;

	printf("%zu. strength %.2f, %d hop%s, introducer %s\n", no, path->score, path->len - 1,
	       path->len == 2 ? "" : "s", who(&sb, &v->people[path->nodes[0]]));
	for (i = 0; i + 1 < path->len; i++) {
		const struct pm_tie *t = &v->ties[path->tie[i]];
		char raw[32] = "";
		if (t->kind == PM_LINK_KNOWS && t->has_strength && t->strength != path->s_eff[i])
			snprintf(raw, sizeof(raw), " of %.2f", t->strength);
		printf("   %s -> %s: %s %.2f%s", v->people[path->nodes[i]].name,
		       who(&sb, &v->people[path->nodes[i + 1]]), tie_name(t),
		       path->s_eff[i], raw);
		if (t->last_contact[0])
			printf(", last contact %s", t->last_contact);
		if (t->source)
			printf(", %s", t->source);
		putchar('\n');
	}
	pm_strbuf_release(&sb);
}

int cmd_paths(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "via", required_argument, NULL, 'v' },
		{ "from", required_argument, NULL, 'f' },
		{ "max-hops", required_argument, NULL, 'm' },
		{ "allow-blockers", no_argument, NULL, 'b' },
		{ "no-diversity", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_PARAM_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct pm_paths_opts o;
	struct pm_params p;
	struct pm_paths *r = NULL;
	struct pm_error err;
	int ch, json = 0, rc;
	size_t i;
	char *end;

	pm_paths_opts_default(&o);
	if (cli_params_init(c, &p) != EXIT_OK)
		return EXIT_ERR;
	while ((ch = getopt_long(argc, argv, "hk:", opts, NULL)) != -1) {
		switch (ch) {
		case 'k':
			o.k = (int)strtol(optarg, &end, 10);
			if (*end || o.k < 1 || o.k > 100)
				return cli_usage("paths", "-k '%s' is not a number from 1 to 100", optarg);
			break;
		case 'v':
			if (pm_via_parse(optarg, &o.via, &err) < 0)
				return cli_usage("paths", "%s", err.msg);
			break;
		case 'f': o.from = optarg; break;
		case 'm':
			if (pm_params_set(&p, "max_hops", optarg, &err) < 0)
				return cli_usage("paths", "%s", err.msg);
			break;
		case 'b': o.allow_blockers = 1; break;
		case 'd': o.diversity = 0; break;
		case 'j': json = 1; break;
		case 'h': return cli_help(help);
		default:
			rc = cli_params_option("paths", ch, optarg, &p);
			if (rc <= 0)
				return rc < 0 ? EXIT_USAGE : cli_usage("paths", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("paths", "name one target person");
	if (pm_paths(c->st, argv[optind], &p, &o, &r, &err) < 0)
		return cli_fail_err(&err);
	if (json) {
		rc = cli_print_json(pm_json_paths(r, &p));
	} else {
		const struct pm_person *t = &r->view->people[r->target];
		struct pm_strbuf b = PM_STRBUF_INIT;
		printf("Warm paths to %s — %s\n", who(&b, t), t->title ? t->title : "");
		pm_strbuf_release(&b);
		for (i = 0; i < r->n; i++) {
			putchar('\n');
			print_path(r->view, &r->paths[i], i + 1);
		}
		if (!r->n)
			printf("\nNo warm path within %d hops (%zu possible introducers in reach).\n"
			       "Go outbound: %s%s%s.\n", p.max_hops, r->nsources,
			       pm_outbound_channel(t),
			       t->email && *t->email ? " to " : "",
			       t->email && *t->email ? t->email : "");
		rc = EXIT_OK;
	}
	pm_paths_free(r);
	return rc;
}
