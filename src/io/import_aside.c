/*
 * powermap — a first load builds the people's indexes on a thread of its
 * own while the links are read. Building them is SQLite's work on the
 * import's connection (about 4 s for a million people) and reading the
 * links needs no SQLite at all, so the two overlap; the reading thread
 * waits for the indexes (pm_import_store_ready) before anything else of
 * the import touches the store, and the reports_to notes it would write
 * meanwhile are held and written then, in order. Only a load of native
 * files does this: other formats' readers query the store as they read.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "import_internal.h"

struct pm_people_indexer {
	pthread_t thread;
	struct pm_store *st;
	struct pm_error err;
	int rc;
};

/* A reports_to note held while the indexes are built (strings in notes_text). */
struct pm_held_note {
	size_t from, to;           /* offsets in notes_text */
	size_t file, line;
};

static void *index_people(void *arg)
{
	struct pm_people_indexer *ix = arg;

	ix->rc = pm_store_bulk_end(ix->st, PM_T_PEOPLE, &ix->err);
	return NULL;
}

int pm_import_index_people(struct pm_import *im)
{
	struct pm_people_indexer *ix;
	int rc;

	if (im->index_aside && !pm_bulk_single_thread && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	    (ix = calloc(1, sizeof(*ix)))) {
		ix->st = im->st;
		if (pthread_create(&ix->thread, NULL, index_people, ix) == 0) {
			im->indexer = ix;
			return 0;
		}
		free(ix);
	}
	if ((rc = pm_store_bulk_end(im->st, PM_T_PEOPLE, im->err)) < 0)
		return rc;
	return pm_import_history_per_file(im, PM_T_PEOPLE);
}

/* Write the held notes, in order. */
static int write_held_notes(struct pm_import *im)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < im->nnotes && rc == 0; i++) {
		const struct pm_held_note *n = &im->notes[i];
		rc = pm_store_import_note_reports_to(im->st, im->notes_text.buf + n->from,
						     im->notes_text.buf + n->to,
						     im->files[n->file], n->line, im->err);
	}
	free(im->notes);
	im->notes = NULL;
	im->nnotes = im->notes_cap = 0;
	pm_strbuf_release(&im->notes_text);
	return rc;
}

int pm_import_store_ready(struct pm_import *im)
{
	struct pm_people_indexer *ix = im->indexer;
	int rc;

	if (!ix)
		return 0;
	pthread_join(ix->thread, NULL);
	im->indexer = NULL;
	rc = ix->rc;
	if (rc < 0)
		pm_error_set(im->err, rc, "%s", ix->err.msg);
	free(ix);
	if (rc == 0)
		rc = pm_import_history_per_file(im, PM_T_PEOPLE);
	if (rc == 0)
		rc = write_held_notes(im);
	if (rc < 0 && !im->fatal)
		im->fatal = rc;
	return rc < 0 ? rc : 0;
}

void pm_import_note_reports_to(struct pm_import *im, const char *const *v, size_t line)
{
	struct pm_held_note *n;
	int rc;

	if (!im->indexer) {
		rc = pm_store_import_note_reports_to(im->st, v[0], v[1], im->file, line, im->err);
		if (rc < 0)
			im->fatal = rc;
		return;
	}
	if (PM_GROW(im->notes, im->notes_cap, im->nnotes + 1) < 0)
		goto nomem;
	n = &im->notes[im->nnotes];
	n->file = im->nfile;
	n->line = line;
	n->from = im->notes_text.len;
	pm_strbuf_add(&im->notes_text, v[0], strlen(v[0]) + 1);
	n->to = im->notes_text.len;
	pm_strbuf_add(&im->notes_text, v[1], strlen(v[1]) + 1);
	if (im->notes_text.oom)
		goto nomem;
	im->nnotes++;
	return;
nomem:
	im->fatal = pm_error_set(im->err, PM_ENOMEM, "out of memory");
}
