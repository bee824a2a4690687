/*
 * powermap — the engine of contact exports (src/io/contacts.c), for the
 * formats whose rows are people someone of ours knows. Not public.
 */
#ifndef POWERMAP_CONTACTS_H
#define POWERMAP_CONTACTS_H

#include "import_internal.h"

/* The columns a contact export may have (indexes of a column map). */
enum {
	PM_C_NAME,        /* the whole name, as written */
	PM_C_FIRST,       /* given name ... */
	PM_C_LAST,        /* ... and family name, when split */
	PM_C_URL,         /* profile URL */
	PM_C_EMAIL,
	PM_C_COMPANY,
	PM_C_DEPARTMENT,
	PM_C_TITLE,
	PM_C_DATE,        /* when we connected or met: the tie's last contact */
	PM_C_OWNER,       /* whose contact it is (one of our people) */
	PM_C_COUNT
};

struct pm_contacts {
	/*
	 * Whether `fields` is the header row; if so, col[PM_C_...] = the field
	 * of each column it has (others stay -1). A name is needed: PM_C_NAME,
	 * or PM_C_FIRST and PM_C_LAST.
	 */
	int (*header)(struct pm_import *im, const char *const *fields, size_t n, int *col);
	const char *source;        /* the ties' source: "linkedin", "card" */
	const char *strength;      /* the ties' strength unless --strength */
	const char *date_column;   /* for messages: "Connected On"; NULL: no dates */
	const char *date_example;  /* for messages: "12 Mar 2025" */
	const char *no_header;     /* the error when no header row is found */
	const char *no_owner;      /* the error when there is no owner at all */
	const char *partial;       /* the warning when company or date are missing */
};

/* A column of a contact export by a name (of --map, or a header it is known by). */
struct pm_contacts_column {
	const char *name;
	int c;                     /* PM_C_... */
};

/*
 * The header test of struct pm_contacts for formats known by their headers:
 * each field is the column --map names it as (`named`), else the column of
 * a known header (`known`, in any case); the first field of a column wins.
 * A name is needed.
 */
int pm_contacts_header(struct pm_import *im, const char *const *fields, size_t n, int *col,
		       const struct pm_contacts_column *named, size_t nnamed,
		       const struct pm_contacts_column *known, size_t nknown);

/* pm_format probe and read for the contact export `spec`. */
int pm_contacts_probe(const struct pm_contacts *spec, struct pm_import *im,
		      struct pm_source *src, unsigned *tables);
int pm_contacts_read(const struct pm_contacts *spec, struct pm_import *im,
		     struct pm_source *src, enum pm_table_id t);

#endif
