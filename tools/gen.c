/*
 * gen — deterministic generator of realistic powermap networks (native CSV).
 *
 *   build/gen --preset S|M|L [--seed N] --out DIR
 *   build/gen --people N --ties M [--seed N] --out DIR
 *
 * Presets: S 10k people / 100k ties, M 100k / 1M, L 1M / 10M. Writes
 * orgs.csv, people.csv, links.csv into DIR. The same seed gives the same
 * bytes. The network: many customer accounts (the first has 5,000 people,
 * for the rank benchmark) with org-chart trees (fan-out 3-8, depth up to 7,
 * departments under the root), influence ties inside accounts that partly
 * cross the chart, our own staff with heavy-tailed 'knows' degrees (a few
 * know thousands), partners, investors and banks that bridge to customers,
 * plausible roles and stances, last contacts spread over three years.
 */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t rng_state;

/* splitmix64: small, fast, reproducible everywhere. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static long between(long lo, long hi)
{
	return lo + (long)(rnd() % (uint64_t)(hi - lo + 1));
}

static double unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static const char *const surnames[] = {
	"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
	"吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
	"山崎", "森", "池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川",
};
static const char *const given[] = {
	"一郎", "誠", "博", "健", "翔太", "大輔", "直樹", "浩二", "剛", "亮",
	"美紀", "恵子", "花子", "優子", "彩", "舞", "結衣", "奈央", "咲", "愛",
};
static const char *const titles[] = { "代表取締役社長", "取締役", "部長", "課長", "係長",
				      "主任", "担当", "担当" };
static const char *const sources[] = { "crm", "linkedin", "manual", "event", "colleague" };

#define N(a) ((long)(sizeof(a) / sizeof((a)[0])))

/* A pair set for de-duplicating ties (open addressing on 64-bit keys). */
struct pairset {
	uint64_t *k;
	size_t cap, n;
};

static int pairset_add(struct pairset *s, uint64_t key)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct pairset t = { calloc(s->cap ? 2 * s->cap : 1 << 16, 8), 0, 0 };
		t.cap = s->cap ? 2 * s->cap : 1 << 16;
		if (!t.k) {
			perror("gen");
			exit(1);
		}
		for (i = 0; i < s->cap; i++)
			if (s->k[i])
				pairset_add(&t, s->k[i]);
		free(s->k);
		*s = t;
	}
	key |= 1ull << 63;   /* 0 marks an empty slot */
	for (i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (s->cap - 1);;
	     i = (i + 1) & (s->cap - 1)) {
		if (!s->k[i]) {
			s->k[i] = key;
			s->n++;
			return 1;
		}
		if (s->k[i] == key)
			return 0;
	}
}

static uint64_t pair_key(long a, long b)
{
	return a < b ? (uint64_t)a << 31 | (uint64_t)b : (uint64_t)b << 31 | (uint64_t)a;
}

struct person {
	int org;        /* index into orgs */
	int boss;       /* person index, -1 for none */
	int depth;
	int dept;       /* department number within the account, -1 at the top */
};

/*
 * Firmographics and deals come from a stream of their own (a hash of the
 * seed, the account and what is drawn), so that people and ties stay as
 * they were before the generator wrote them.
 */
static uint64_t seed_of_run;

static double hash_unit(long account, int what)
{
	uint64_t z = seed_of_run * 0x9e3779b97f4a7c15ull + (uint64_t)account * 0xbf58476d1ce4e5b9ull +
		     (uint64_t)what * 0x94d049bb133111ebull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static void date_back(char *buf, size_t size, long back);

static void date(char *buf, size_t size)
{
	/* a last contact within three years before 2026-11-27, or none (15%) */
	long back = between(0, 3 * 365);

	if (unit() < 0.15) {
		buf[0] = '\0';
		return;
	}
	date_back(buf, size, back);
}

/* The day `back` days before 2026-11-27 (back < 0: after it). */
static void date_back(char *buf, size_t size, long back)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 2026, m = 11, d = 27;

	while (back < 0) {
		if (++d > mdays[m - 1] + (m == 2 && y % 4 == 0)) {
			d = 1;
			if (++m == 13) {
				m = 1;
				y++;
			}
		}
		back++;
	}
	while (back-- > 0) {
		if (--d == 0) {
			if (--m == 0) {
				m = 12;
				y--;
			}
			d = mdays[m - 1] + (m == 2 && y % 4 == 0);
		}
	}
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static const char *stance(void)
{
	double x = unit();

	return x < 0.05 ? "champion" : x < 0.20 ? "supporter" : x < 0.45 ? "neutral"
		: x < 0.55 ? "skeptic" : x < 0.58 ? "opponent" : "unknown";
}

static const char *role(int depth)
{
	double x = unit();

	if (depth == 1 && x < 0.5)
		return "decision_maker";
	if (depth <= 2 && x < 0.15)
		return "technical_buyer";
	if (x < 0.05) return "user_buyer";
	if (x < 0.07) return "influencer";
	if (x < 0.08) return "gatekeeper";
	if (x < 0.085) return "coach";
	if (x < 0.09) return "champion";
	if (x < 0.093) return "blocker";
	return "";
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "preset", required_argument, NULL, 'p' },
		{ "people", required_argument, NULL, 'n' },
		{ "ties", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long people = 0, ties = 0, seed = 1, ncust, nours, i, j, made = 0, norgs = 0;
	const char *out = NULL;
	struct person *p;
	struct pairset seen = { NULL, 0, 0 };
	int *orgkind;            /* 0 customer, 1 own, 2 partner, 3 investor, 4 bank */
	long *acct_first, *acct_size, nacct = 0;
	char path[4096], d[40], dept[32];
	FILE *fo, *fp, *fl, *fd;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			if (!strcmp(optarg, "S")) { people = 10000; ties = 100000; }
			else if (!strcmp(optarg, "M")) { people = 100000; ties = 1000000; }
			else if (!strcmp(optarg, "L")) { people = 1000000; ties = 10000000; }
			else { fprintf(stderr, "gen: --preset is S, M or L\n"); return 2; }
			break;
		case 'n': people = atol(optarg); break;
		case 't': ties = atol(optarg); break;
		case 's': seed = atol(optarg); break;
		case 'o': out = optarg; break;
		case 'h':
			printf("usage: gen --preset S|M|L [--seed N] --out DIR\n"
			       "       gen --people N --ties M [--seed N] --out DIR\n"
			       "Writes orgs.csv, people.csv, links.csv (deterministic for a seed).\n");
			return 0;
		default:
			return 2;
		}
	}
	if (!out || people < 1000 || ties < people) {
		fprintf(stderr, "gen: give --out DIR and --preset, or --people (>= 1000) and "
			"--ties (>= people)\n");
		return 2;
	}
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dull + 1;
	seed_of_run = (uint64_t)seed;
	mkdir(out, 0755);
	nours = people / 10;
	ncust = people - nours;
	p = calloc((size_t)people, sizeof(*p));
	orgkind = calloc((size_t)people + 16, sizeof(*orgkind));
	acct_first = calloc((size_t)people / 50 + 16, sizeof(*acct_first));
	acct_size = calloc((size_t)people / 50 + 16, sizeof(*acct_size));
	if (!p || !orgkind || !acct_first || !acct_size) {
		perror("gen");
		return 1;
	}
	/* customer accounts: the first has 5,000 people (or 2/3 of them) */
	for (i = 0; i < ncust; nacct++) {
		long size = nacct == 0 ? (ncust * 2 / 3 < 5000 ? ncust * 2 / 3 : 5000)
				       : between(60, 1500);
		if (i + size > ncust)
			size = ncust - i;
		acct_first[nacct] = i;
		acct_size[nacct] = size;
		i += size;
	}
	norgs = nacct;
	/* the org chart of every account: breadth-first, fan-out 3-8, depth <= 7 */
	for (j = 0; j < nacct; j++) {
		long first = acct_first[j], size = acct_size[j], next = first + 1, head = first;
		p[first] = (struct person){ (int)j, -1, 0, -1 };
		while (next < first + size) {
			long kids = between(3, 8), k;
			if (head >= next || p[head].depth >= 6)
				head = first + between(0, next - first - 1);
			if (p[head].depth >= 6)
				head = first;
			for (k = 0; k < kids && next < first + size; k++, next++)
				p[next] = (struct person){ (int)j, (int)head, p[head].depth + 1,
							   p[head].depth == 0 ? (int)k : p[head].dept };
			head++;
		}
	}
	/* our side: own staff, partners, investors, banks */
	{
		long own = nours * 3 / 10, part = nours * 4 / 10, inv = nours * 15 / 100;
		long orgs_of[4] = { 1, 1 + part / 200, 1 + inv / 100, 1 + (nours - own - part - inv) / 100 };
		long first_org[4], o = norgs, idx = ncust;
		for (j = 0; j < 4; j++) {
			first_org[j] = o;
			for (i = 0; i < orgs_of[j]; i++)
				orgkind[o++] = (int)j + 1;
		}
		norgs = o;
		for (i = 0; i < nours; i++, idx++) {
			int kind = i < own ? 0 : i < own + part ? 1 : i < own + part + inv ? 2 : 3;
			p[idx] = (struct person){ (int)(first_org[kind] + between(0, orgs_of[kind] - 1)),
						  -1, 0, -1 };
		}
	}
	snprintf(path, sizeof(path), "%s/orgs.csv", out);
	fo = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/people.csv", out);
	fp = fopen(path, "w");
	snprintf(path, sizeof(path), "%s/links.csv", out);
	fl = fopen(path, "w");
	if (!fo || !fp || !fl) {
		perror("gen");
		return 1;
	}
	fputs("key,name,kind,industry,employees,revenue,currency,region\n", fo);
	for (j = 0; j < norgs; j++) {
		static const char *const kinds[] = { "customer", "own", "partner", "investor", "bank" };
		static const char *const industries[] = { "製造", "精密機械製造", "電機", "化学",
							  "物流", "小売", "金融", "IT" };
		static const char *const regions[] = { "関東", "関西", "中部", "九州", "東北",
						       "北海道", "中国", "四国" };
		if (orgkind[j] == 0) {
			/* employees log-uniform 100..50,000; revenue 15-40M yen per head */
			double emp = floor(100 * pow(500, hash_unit(j, 1)));
			double rev = emp * (15e6 + 25e6 * hash_unit(j, 2));
			fprintf(fo, "a%ld,顧客%ld株式会社,customer,%s,%.0f,%.0f,JPY,%s\n", j, j,
				j == 0 ? "製造" : industries[(int)(hash_unit(j, 3) * 8)], emp,
				floor(rev / 1e6) * 1e6, regions[(int)(hash_unit(j, 4) * 8)]);
		} else {
			fprintf(fo, "a%ld,%s%ld,%s,,,,,\n", j, kinds[orgkind[j]], j, kinds[orgkind[j]]);
		}
	}
	fputs("key,name,org,title,department,role,stance\n", fp);
	for (i = 0; i < people; i++) {
		int ours = i >= ncust;
		if (ours || p[i].dept < 0)
			dept[0] = '\0';
		else
			snprintf(dept, sizeof(dept), "第%d部門", p[i].dept + 1);
		fprintf(fp, "p%ld,%s %s,a%d,%s,%s,%s,%s\n", i, surnames[between(0, N(surnames) - 1)],
			given[between(0, N(given) - 1)], p[i].org,
			ours ? "" : titles[p[i].depth < 7 ? p[i].depth : 7], dept,
			ours ? "" : p[i].depth == 0 ? "economic_buyer" : role(p[i].depth),
			ours ? "" : stance());
	}
	/* ties: the org chart first */
	fputs("from,to,kind,strength,last_contact,source\n", fl);
	for (i = 0; i < ncust; i++)
		if (p[i].boss >= 0) {
			pairset_add(&seen, pair_key(i, p[i].boss));
			fprintf(fl, "p%ld,p%d,reports_to,,,\n", i, p[i].boss);
			made++;
		}
	/* influence inside accounts: half near the chart, half across it */
	for (j = 0; j < nacct && made < ties; j++) {
		long want = acct_size[j] / 2, k;
		for (k = 0; k < want && made < ties; k++) {
			long a = acct_first[j] + between(0, acct_size[j] - 1), b;
			if (unit() < 0.5 && p[a].boss >= 0 && p[p[a].boss].boss >= 0)
				b = p[p[a].boss].boss;
			else
				b = acct_first[j] + between(0, acct_size[j] - 1);
			if (a == b || !pairset_add(&seen, pair_key(a, b) ^ (1ull << 62)))
				continue;
			fprintf(fl, "p%ld,p%ld,influences,%.2f,,manual\n", a, b, 0.1 + 0.9 * unit());
			made++;
		}
	}
	/* knows: our people (heavy-tailed degrees) into customers, and customers among themselves */
	while (made < ties) {
		long a, b;
		if (unit() < 0.6) {
			/* Pareto-like: low indices of our side are the super-connectors */
			double u = unit();
			long r = (long)((double)nours * u * u * u);
			a = ncust + (r < nours ? r : nours - 1);
			b = between(0, ncust - 1);
		} else {
			a = between(0, ncust - 1);
			b = unit() < 0.7 ? acct_first[p[a].org] + between(0, acct_size[p[a].org] - 1)
				: between(0, ncust - 1);
		}
		if (a == b || !pairset_add(&seen, pair_key(a, b)))
			continue;
		date(d, sizeof(d));
		fprintf(fl, "p%ld,p%ld,knows,%.2f,%s,%s\n", a, b, 0.1 + 0.9 * unit(), d,
			sources[between(0, N(sources) - 1)]);
		made++;
	}
	/* deals: about 10% of the accounts won one, 30% have one open, 5% lost one */
	snprintf(path, sizeof(path), "%s/deals.csv", out);
	if (!(fd = fopen(path, "w"))) {
		perror("gen");
		return 1;
	}
	fputs("key,account,name,stage,amount,currency,probability,close_date,updated_at\n", fd);
	for (j = 0; j < nacct; j++) {
		static const char *const open_stages[] = { "lead", "qualified", "proposal", "negotiation" };
		double x = hash_unit(j, 5), amount = 1e6 * floor(1 + 99 * hash_unit(j, 6));
		char close[11], updated[11];
		if (x < 0.10) {
			long back = (long)(30 + 700 * hash_unit(j, 7));
			date_back(close, sizeof(close), back);
			fprintf(fd, "d%ld,a%ld,案件%ld,won,%.0f,JPY,1,%s,%s\n", j, j, j, amount, close, close);
		} else if (x < 0.40) {
			int st = (int)(hash_unit(j, 8) * 4);
			date_back(close, sizeof(close), -(long)(30 + 300 * hash_unit(j, 9)));
			date_back(updated, sizeof(updated), (long)(120 * hash_unit(j, 10)));
			fprintf(fd, "d%ld,a%ld,案件%ld,%s,%.0f,JPY,%.1f,%s,%s\n", j, j, j, open_stages[st],
				amount, 0.1 + 0.2 * st, close, updated);
		} else if (x < 0.45) {
			date_back(close, sizeof(close), (long)(30 + 300 * hash_unit(j, 11)));
			fprintf(fd, "d%ld,a%ld,案件%ld,lost,%.0f,JPY,0,%s,%s\n", j, j, j, amount, close, close);
		}
	}
	if (fclose(fo) || fclose(fp) || fclose(fl) || fclose(fd)) {
		perror("gen");
		return 1;
	}
	fprintf(stderr, "gen: %ld people in %ld orgs (%ld accounts, the first of %ld), %ld ties\n",
		people, norgs, nacct, acct_size[0], made);
	free(p);
	free(orgkind);
	free(acct_first);
	free(acct_size);
	free(seen.k);
	return 0;
}
