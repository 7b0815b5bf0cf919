/*
 * doc.c: a small document model (headings, paragraphs, officer slots,
 * text tables) and its two writers: one HTML page in the board page's
 * style (html.c's head and stylesheet, report_int.h) and one CSV per
 * named table. The consultation evidence pack (scenario/consult.c) is
 * built as one, so the page and the CSVs show the same cells.
 *
 * Invariants:
 *  - every string is copied in and owned by the document;
 *  - output is the blocks in the order added, cells as given (the caller
 *    formats numbers with fixed decimals): same document, same bytes;
 *  - every text is HTML-escaped on the page and quoted by
 *    report_csv_field in a CSV;
 *  - files go through io_out (a temporary name, renamed when complete).
 */
#include "report/report_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* What the board page's stylesheet lacks: the officers' slots (dashed,
 * so a printed copy shows where text is still to come), numbers in
 * tables right-aligned by the page's rule, wide tables scrollable on a
 * phone (on paper they print whole), a box or a heading not split from
 * what follows. */
static const char *doc_css =
	".officer{border:2px dashed #888;padding:6px 10px;margin:8px 0 16px;background:#fafafa}"
	".officer b{display:block;font-size:12px;color:#555;text-transform:uppercase}"
	"p.note{font-size:12px;color:#555}"
	".scroll{overflow-x:auto}caption{text-align:left;font-size:12px;color:#555;padding:2px 0}"
	"@media print{.scroll{overflow:visible}.officer{break-inside:avoid}h2,h3{break-after:avoid}}";

static char *vfmt(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *s;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	return s;
}

void report_doc_init(struct report_doc *d, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->title = xstrdup(title);
}

void report_doc_release(struct report_doc *d)
{
	int i, j;

	if (!d)
		return;
	for (i = 0; i < d->nb; i++)
		free(d->b[i].text);
	free(d->b);
	for (i = 0; i < d->nt; i++) {
		for (j = 0; j < d->t[i].ncells; j++)
			free(d->t[i].cells[j]);
		free(d->t[i].cells);
		free(d->t[i].name);
		free(d->t[i].caption);
	}
	free(d->t);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

static struct report_block *add_block(struct report_doc *d, int kind)
{
	struct report_block *b;

	if ((size_t)d->nb == d->b_alloc_) {
		d->b_alloc_ = d->b_alloc_ ? 2 * d->b_alloc_ : 32;
		d->b = xrealloc(d->b, d->b_alloc_ * sizeof(*d->b));
	}
	b = &d->b[d->nb++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void report_doc_text(struct report_doc *d, int kind, const char *fmt, ...)
{
	va_list ap;
	struct report_block *b = add_block(d, kind);

	va_start(ap, fmt);
	b->text = vfmt(fmt, ap);
	va_end(ap);
}

static void add_cell(struct report_table *t, char *s)
{
	if ((size_t)t->ncells == t->alloc_) {
		t->alloc_ = t->alloc_ ? 2 * t->alloc_ : 64;
		t->cells = xrealloc(t->cells, t->alloc_ * sizeof(*t->cells));
	}
	t->cells[t->ncells++] = s;
	/* The header is row 0; a data row counts from its first cell. */
	if (t->ncells > t->ncols && (t->ncells - 1) % t->ncols == 0)
		t->nrows++;
}

int report_doc_table(struct report_doc *d, const char *name, const char *caption,
		     int flags, int ncols, const char *const *cols)
{
	struct report_table *t;
	int i;

	if ((size_t)d->nt == d->t_alloc_) {
		d->t_alloc_ = d->t_alloc_ ? 2 * d->t_alloc_ : 16;
		d->t = xrealloc(d->t, d->t_alloc_ * sizeof(*d->t));
	}
	t = &d->t[d->nt];
	memset(t, 0, sizeof(*t));
	t->name = name ? xstrdup(name) : NULL;
	t->caption = caption ? xstrdup(caption) : NULL;
	t->flags = flags;
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		add_cell(t, xstrdup(cols[i]));
	add_block(d, REPORT_B_TABLE)->table = d->nt;
	return d->nt++;
}

void report_doc_cell(struct report_doc *d, int t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_cell(&d->t[t], vfmt(fmt, ap));
	va_end(ap);
}

/* The cell of row r (0 = header), column c; "" past the cells given. */
static const char *cell_at(const struct report_table *t, int r, int c)
{
	int i = r * t->ncols + c;

	return i < t->ncells ? t->cells[i] : "";
}

/* Does a cell read as a number ("-12.50", "n/a" counts: it stands for
 * one)? Numbers are right-aligned, words left-aligned. */
static int numeric(const char *s)
{
	if (!strcmp(s, "n/a"))
		return 1;
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if ((*s < '0' || *s > '9') && *s != '.')
			return 0;
	return 1;
}

/* A header as a reader says it: a CSV name's underscores as spaces
 * ("why_in_the_pack" reads "why in the pack"). */
static void header_text(FILE *fp, const char *s)
{
	char *c = xstrdup(s), *p;

	for (p = c; *p; p++)
		if (*p == '_')
			*p = ' ';
	report_html_esc(fp, c);
	free(c);
}

static void html_table(FILE *fp, const struct report_table *t)
{
	unsigned char *num = xcalloc((size_t)t->ncols + 1, 1);
	int r, c;

	/* A column is numeric when every filled cell is a number: those
	 * are right-aligned (the stylesheet's rule for every column but
	 * the first), words left-aligned, header and cells alike. */
	for (c = 0; c < t->ncols; c++) {
		num[c] = c > 0;
		for (r = 1; r <= t->nrows && num[c]; r++)
			num[c] = !*cell_at(t, r, c) || numeric(cell_at(t, r, c));
	}
	fputs("<div class=\"scroll\"><table>\n", fp);
	if (t->caption) {
		fputs("<caption>", fp);
		report_html_esc(fp, t->caption);
		fputs("</caption>\n", fp);
	}
	fputs("<thead><tr>", fp);
	for (c = 0; c < t->ncols; c++) {
		fputs(c > 0 && !num[c] ? "<th scope=\"col\" style=\"text-align:left\">" :
		      "<th scope=\"col\">", fp);
		header_text(fp, cell_at(t, 0, c));
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (r = 1; r <= t->nrows; r++) {
		fputs("<tr>", fp);
		for (c = 0; c < t->ncols; c++) {
			fputs(c > 0 && !num[c] ? "<td style=\"text-align:left\">" : "<td>", fp);
			report_html_esc(fp, cell_at(t, r, c));
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
	free(num);
}

int report_doc_html(const struct report_doc *d, const char *path, struct le_err *err)
{
	struct io_out o;
	FILE *fp;
	int i, rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fp = o.fp;
	report_html_head(fp, d->title, doc_css);
	fputs("<h1>", fp);
	report_html_esc(fp, d->title);
	fputs("</h1>\n", fp);
	for (i = 0; i < d->nb; i++) {
		const struct report_block *b = &d->b[i];

		switch (b->kind) {
		case REPORT_B_H2:
			fputs("<h2>", fp);
			report_html_esc(fp, b->text);
			fputs("</h2>\n", fp);
			break;
		case REPORT_B_H3:
			fputs("<h3>", fp);
			report_html_esc(fp, b->text);
			fputs("</h3>\n", fp);
			break;
		case REPORT_B_P:
		case REPORT_B_NOTE:
			fputs(b->kind == REPORT_B_NOTE ? "<p class=\"note\">" : "<p>", fp);
			report_html_esc(fp, b->text);
			fputs("</p>\n", fp);
			break;
		case REPORT_B_OFFICER:
			fputs("<div class=\"officer\"><b>For officers to write</b>", fp);
			report_html_esc(fp, b->text);
			fputs("</div>\n", fp);
			break;
		case REPORT_B_TABLE:
			if (d->t[b->table].flags & REPORT_T_PAGE)
				html_table(fp, &d->t[b->table]);
			break;
		}
	}
	fputs("</body>\n</html>\n", fp);
	return io_out_commit(&o, err);
}

int report_doc_csv(const struct report_doc *d, const char *dir, struct le_err *err)
{
	struct buf path;
	int i, r, c, rc = LE_OK;

	buf_init(&path);
	for (i = 0; i < d->nt && !rc; i++) {
		const struct report_table *t = &d->t[i];
		struct io_out o;

		if (!(t->flags & REPORT_T_CSV) || !t->name)
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s.csv", dir, t->name);
		if ((rc = io_out_open(&o, path.s, err)))
			break;
		for (r = 0; r <= t->nrows; r++) {
			for (c = 0; c < t->ncols; c++) {
				if (c)
					fputc(',', o.fp);
				/* A number keeps its sign; text goes through
				 * the one quoting rule (formula-safe). */
				if (r > 0 && numeric(cell_at(t, r, c)))
					fputs(cell_at(t, r, c), o.fp);
				else
					report_csv_field(o.fp, cell_at(t, r, c));
			}
			fputc('\n', o.fp);
		}
		rc = io_out_commit(&o, err);
	}
	buf_release(&path);
	return rc;
}
