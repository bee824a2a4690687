/* powermap — error struct helpers (see include/powermap/error.h). */
#include <stdarg.h>
#include <stdio.h>
#include "powermap/error.h"

int pm_error_set(struct pm_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), pm_msg(fmt), ap);
	va_end(ap);
	return code;
}

void pm_error_clear(struct pm_error *err)
{
	if (!err)
		return;
	err->code = PM_OK;
	err->msg[0] = '\0';
}
