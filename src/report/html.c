#include "report/report.h"
int report_region_summary(const struct study *s, const struct region *r,
			  const struct report_layer *layers, int n, const char *dir,
			  struct le_err *err)
{
	(void)s; (void)r; (void)layers; (void)n; (void)dir; (void)err;
	return 0;
}
