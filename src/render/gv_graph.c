/*
 * powermap — Graphviz graphs whose layout does not depend on the process's
 * past (see map_internal.h).
 *
 * cgraph's default ID discipline makes a named object's ID the address of
 * its name in the string pool, and keeps subgraphs in ID order: so the
 * clusters reach dot in an order set by where malloc put their names, and
 * the same map laid out after other maps in one process (report --all, a
 * worker of it) came out different from the map drawn alone. This
 * discipline maps no names itself: cgraph then keeps every name in its own
 * per-graph map with an ID from the graph's counter, in the order objects
 * are made — the order of the DOT text.
 */
#include <stdlib.h>
#include <string.h>
#include "map_internal.h"

struct seq_ids {
	IDTYPE next;     /* odd, like cgraph's own anonymous IDs */
};

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
	struct seq_ids *s = malloc(sizeof(*s));

	(void)g;
	(void)disc;
	if (s)
		s->next = 1;
	return s;
}

/* A name is not ours to map (cgraph's internal map keeps it); an anonymous object gets the next ID. */
static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	struct seq_ids *s = state;

	(void)objtype;
	(void)createflag;
	if (str)
		return 0;
	*id = s->next;
	s->next += 2;
	return 1;
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

/* No name of ours: cgraph prints from its internal map. */
static char *ids_print(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return NULL;
}

static void ids_close(void *state)
{
	free(state);
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
