/* Temporary stand-in, removed when the real reader (src/io/db.c) lands. */
#include "io/io_int.h"
int io_db_read(const char *path, const char *layer, const char *geomcol, struct io_table *t, struct le_err *err) { (void)t; (void)layer; (void)geomcol; return le_errf(err, LE_EIO, "%s: not implemented", path); }
