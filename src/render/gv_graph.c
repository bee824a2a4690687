/*
 * powermap — Graphviz graphs whose layout does not depend on the process's
 * past (see map_internal.h).
 *
 * cgraph's default ID discipline makes a named object's ID the address of
 * its name in the string pool, and keeps subgraphs in ID order: so the
 * clusters reach dot in an order set by where malloc put their names, and
 * the same map laid out after other maps in one process (report --all, a
 * worker of it) came out different from the map drawn alone. This
 * discipline gives every object, named or not, the next ID of a counter,
 * in the order objects are made — the order of the DOT text — and keeps
 * the names itself. Not in cgraph's internal name map: closing any
 * subgraph clears that map for the whole graph, and neato, fdp and sfdp
 * close subgraphs of their own while laying out (every person of a neato
 * map was drawn as "%7").
 */
#include <stdlib.h>
#include <string.h>
#include "powermap/kit.h"
#include "powermap/strmap.h"
#include "map_internal.h"

struct seq_ids {
	Agraph_t *g;              /* the root graph, whose string pool holds the names */
	IDTYPE next;              /* odd, like cgraph's own anonymous IDs */
	struct pm_strmap *ids;    /* kind letter + name -> ID */
	char **names;             /* by (ID - 1) / 2; NULL: anonymous */
	size_t nnames, cap;
};

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
	struct seq_ids *s = calloc(1, sizeof(*s));

	(void)disc;
	if (s && !(s->ids = pm_strmap_new())) {
		free(s);
		return NULL;
	}
	if (s) {
		s->g = g;
		s->next = 1;
	}
	return s;
}

/* Graphs, nodes and edges name apart: "g", "n" or "e" and the name, in buf. */
static char *kind_key(int objtype, const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	char *key = len + 2 <= size ? buf : malloc(len + 2);

	if (key) {
		key[0] = objtype == AGRAPH ? 'g' : objtype == AGNODE ? 'n' : 'e';
		memcpy(key + 1, name, len + 1);
	}
	return key;
}

/*
 * A name already seen gets its ID; a new one (createflag) or an anonymous
 * object the next ID. 0: the name is not known and not to be made.
 */
static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	struct seq_ids *s = state;
	char buf[64], *key = NULL;
	int64_t known;
	size_t at;
	long rc = 0;

	if (str) {
		if (!(key = kind_key(objtype, str, buf, sizeof(buf))))
			return 0;
		if (pm_strmap_get(s->ids, key, &known, NULL)) {
			*id = (IDTYPE)known;
			rc = 1;
			goto out;
		}
	}
	if (!createflag)
		goto out;
	at = (size_t)(s->next - 1) / 2;
	if (str) {
		if (PM_GROW(s->names, s->cap, at + 1) < 0)
			goto out;
		for (; s->nnames <= at; s->nnames++)
			s->names[s->nnames] = NULL;
		/*
		 * In the graph's string pool, not malloc'd: cgraph's writers ask
		 * whether a name is an HTML string by the pool's header before it
		 * (aghtmlstr), and a plain copy made DOT output "digraph
		 * <powermap>" in about half the runs, by what lay before it in
		 * the heap. The pool is freed with the graph.
		 */
		if (!(s->names[at] = agstrdup(s->g, str)))
			goto out;
		if (pm_strmap_add(s->ids, key, (int64_t)s->next, 0) < 0) {
			agstrfree(s->g, s->names[at]);
			s->names[at] = NULL;
			goto out;
		}
	}
	*id = s->next;
	s->next += 2;
	rc = 1;
out:
	if (key != buf)
		free(key);
	return rc;
}

/* IDs chosen by the caller are refused: every ID comes from the counter. */
static long ids_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0;
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

/* The name an ID was made for; NULL for an anonymous object. */
static char *ids_print(void *state, int objtype, IDTYPE id)
{
	struct seq_ids *s = state;
	size_t at = (size_t)(id - 1) / 2;

	(void)objtype;
	return id % 2 && at < s->nnames ? s->names[at] : NULL;
}

static void ids_close(void *state)
{
	struct seq_ids *s = state;

	/* the names go with the graph's string pool */
	free(s->names);
	pm_strmap_free(s->ids);
	free(s);
}

static void ids_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seq_id_disc = { ids_open, ids_map, ids_alloc, ids_free, ids_print,
				  ids_close, ids_register };

/* DOT text in memory, read a line at a time (as agmemread does). */
struct text_chan {
	const char *p;
	size_t left;
};

static int text_read(void *chan, char *buf, int size)
{
	struct text_chan *t = chan;
	int n = 0;

	while (n < size && t->left) {
		char c = *t->p++;
		t->left--;
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	return n;
}

static int text_put(void *chan, const char *s)
{
	(void)chan;
	(void)s;
	return -1;   /* reading only */
}

static int text_flush(void *chan)
{
	(void)chan;
	return 0;
}

static Agiodisc_t text_io = { text_read, text_put, text_flush };

Agdisc_t pm_gv_disc = { NULL, &seq_id_disc, NULL };

Agraph_t *pm_gv_read(const char *text)
{
	struct text_chan chan = { text, strlen(text) };
	Agdisc_t disc = { NULL, &seq_id_disc, &text_io };

	return agread(&chan, &disc);
}
