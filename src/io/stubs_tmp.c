/* Temporary stand-ins, removed as the real readers land. */
#include "io/io_int.h"
int io_csv_read(const char *path, struct io_table *t, struct le_err *err) { (void)t; return le_errf(err, LE_EIO, "%s: not implemented", path); }
int io_geojson_read(const char *path, struct io_table *t, struct le_err *err) { (void)t; return le_errf(err, LE_EIO, "%s: not implemented", path); }
