/*
 * powermap — times exports give with a zone (a calendar's UTC, Salesforce's
 * 2026-11-16T06:10:00.000Z or +09:00), stored as the minute they read on the
 * team's clock: the clock of the import's opts.local_time (the CLI: TZ),
 * the clock people write their own times by. See import_internal.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "import_internal.h"

int pm_zoned_time(const char *s, time_t *t)
{
	int y, mo, d, h, mi, n = 0, oh = 0, om = 0;
	struct tm tm;
	const char *z;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n != 16)
		return 0;
	z = s + 16;
	if (*z == ':')
		for (z++; (*z >= '0' && *z <= '9') || *z == '.'; z++)
			;
	if ((*z == '+' || *z == '-') && sscanf(z + 1, "%2d", &oh) == 1) {
		const char *q = z + 3;
		if (*q == ':')
			q++;
		if (sscanf(q, "%2d", &om) != 1)
			om = 0;
		if (*z == '-') {
			oh = -oh;
			om = -om;
		}
	} else if (strcmp(z, "Z")) {
		return 0;
	}
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    oh < -14 || oh > 14 || om < -59 || om > 59)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	*t = timegm(&tm);
	/* no such day (2026-02-30): left to the check of the written text */
	if (!gmtime_r(t, &tm) || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return 0;
	*t -= (time_t)(oh * 3600 + om * 60);
	return 1;
}

int pm_import_wall_minute(const struct pm_import *im, time_t t, char out[17])
{
	struct tm tm;

	if (im->opts.local_time ? im->opts.local_time(t, &tm) != 0 : !gmtime_r(&t, &tm))
		return 0;
	return strftime(out, 17, "%Y-%m-%dT%H:%M", &tm) == 16;
}

int pm_import_zoned_minute(const struct pm_import *im, const char *s, char out[17])
{
	time_t t;

	return pm_zoned_time(s, &t) && pm_import_wall_minute(im, t, out);
}
