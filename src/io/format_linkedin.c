/*
 * powermap — LinkedIn's Connections.csv (its data export), one colleague's
 * connections per file (--owner): a preamble ("Notes:", a quoted notice, a
 * blank line), then First Name, Last Name, URL (not in every export), Email
 * Address, Company, Position, Connected On ("12 Mar 2025"). A connection is
 * not yet a relationship: the ties are weak (0.2). See contacts.c.
 */
#include <string.h>
#include "contacts.h"

static int header(struct pm_import *im, const char *const *fields, size_t n, int *col)
{
	static const struct { const char *name; int c; } names[] = {
		{ "First Name", PM_C_FIRST }, { "Last Name", PM_C_LAST }, { "URL", PM_C_URL },
		{ "Email Address", PM_C_EMAIL }, { "Company", PM_C_COMPANY },
		{ "Position", PM_C_TITLE }, { "Connected On", PM_C_DATE },
	};
	size_t i, k;

	(void)im;
	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (!strcmp(fields[i], names[k].name))
				col[names[k].c] = (int)i;
	return col[PM_C_FIRST] >= 0 && col[PM_C_LAST] >= 0;
}

static const struct pm_contacts linkedin = {
	header, "linkedin", "0.2", "Connected On", "12 Mar 2025",
	PM_N_("not a LinkedIn Connections.csv: no header with 'First Name' and 'Last Name'"),
	PM_N_("a LinkedIn export is one colleague's connections: name them with --owner PERSON"),
	PM_N_("no 'Company' or 'Connected On' column: people without their org or connection date"),
};

static int probe(struct pm_import *im, struct pm_source *src, unsigned *tables)
{
	return pm_contacts_probe(&linkedin, im, src, tables);
}

static int read_table(struct pm_import *im, struct pm_source *src, enum pm_table_id t)
{
	return pm_contacts_read(&linkedin, im, src, t);
}

const struct pm_format pm_format_linkedin = { "linkedin", probe, read_table };
