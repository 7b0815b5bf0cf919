/*
 * rezone.c: whole-zone contiguous catchments (estate rezone; README
 * "Searching"), one stream at a time, as a mixed-integer program solved
 * by GLPK's branch and cut, started from a local search.
 *
 * The MIP (Shirabe's single-commodity flow per school):
 *   x[z,k] in {0,1}   zone z goes to school k (k among z's candidates)
 *   sum_k x[z,k] = 1                         every zone, one school
 *   x[root_k, k] = 1                         a school keeps its own zone
 *   f[k,a] >= 0 on every arc a = (i -> j) of adjacent zones that are
 *     both candidates of k, j not k's root: a flow of "zone units" from
 *     the root;
 *   in_k(j) - out_k(j) = x[j,k]              each zone of k consumes one
 *   in_k(j) <= M_k x[j,k]                    flow passes only through k's
 *                                            zones (M_k = its candidates - 1)
 *   roll_k = fixed_k + sum_z pupils_z x[z,k]
 *   roll_k + under_k >= lo cap_k,  roll_k - over_k <= hi cap_k
 *   minimise w_band (under + over) + w_move moved + w_walk pupil-km.
 * A zone of k receives its unit only along a path of k's zones from the
 * root, so each catchment is connected. Zones with no adjacent zone (an
 * island the caller could not join by a ferry link) have no flow row:
 * they may go to any candidate.
 *
 * Why a local search first: GLPK's own heuristics seldom find a feasible
 * point of a contiguity model quickly; the input catchments, improved by
 * single-zone moves that keep both catchments connected, give it an
 * incumbent at once (glp_ios_heur_sol), so a time limit still returns
 * at least that (exact-then-local-search in the other order: the search
 * gives the start, the MIP the proof or a better answer and the bound).
 *
 * Invariants: same input, same output (GLPK's search is deterministic;
 * columns are in zone order, candidates in the caller's order; the local
 * search scans zones by index and takes the first best move) except
 * where the time limit cuts the search; the result is never worse than
 * the input on the objective; library code never prints (GLPK's
 * terminal output is hooked off).
 */
#define _POSIX_C_SOURCE 200809L
#include "scenario/scenario.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int quiet(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

/* Candidate index of school k for zone z, or -1. */
static int cand_of(const struct scenario_rezone_in *in, int z, int k)
{
	int c;

	for (c = in->cstart[z]; c < in->cstart[z + 1]; c++)
		if (in->cschool[c] == k)
			return c;
	return -1;
}

/* Out-of-band pupils of a school with this roll. */
static double dev(const struct scenario_rezone_in *in, int k, double roll)
{
	double cap = in->cap[k];

	if (!(cap > 0))
		return 0;
	if (roll < in->lo * cap)
		return in->lo * cap - roll;
	if (roll > in->hi * cap)
		return roll - in->hi * cap;
	return 0;
}

/* Cost of zone z at candidate c, band aside. */
static double zcost(const struct scenario_rezone_in *in, int z, int c)
{
	return in->w_move * in->cmoved[c] + in->w_walk_km * in->pupils[z] * in->cdist_m[c] / 1000;
}

void scenario_rezone_objective(const struct scenario_rezone_in *in, const int *assign,
			       struct scenario_rezone_obj *o)
{
	double *roll = xcalloc((size_t)in->nschools + 1, sizeof(double));
	int z, k, c;

	memset(o, 0, sizeof(*o));
	for (k = 0; k < in->nschools; k++)
		roll[k] = in->fixed[k];
	for (z = 0; z < in->nzones; z++) {
		roll[assign[z]] += in->pupils[z];
		if ((c = cand_of(in, z, assign[z])) >= 0) {
			o->moved += in->cmoved[c];
			o->pupil_km += in->pupils[z] * in->cdist_m[c] / 1000;
		}
	}
	for (k = 0; k < in->nschools; k++) {
		double d = dev(in, k, roll[k]);

		if (!(in->cap[k] > 0))
			continue;
		o->banded++;
		o->in_band += d < 1e-9;
		o->out_of_band += d;
	}
	o->total = in->w_band * o->out_of_band + in->w_move * o->moved + in->w_walk_km * o->pupil_km;
	free(roll);
}

/* ---------------------------------------------------------------- graph */

/* Adjacency as CSR: zone z's neighbours are nb[ns[z] .. ns[z + 1]). */
struct adj {
	int *ns, *nb;
};

static void adj_build(struct adj *g, const struct scenario_rezone_in *in)
{
	int i, z, *fill;

	g->ns = xcalloc((size_t)in->nzones + 2, sizeof(int));
	g->nb = xmalloc(sizeof(int) * (2 * (size_t)in->npairs + 1));
	for (i = 0; i < in->npairs; i++) {
		g->ns[in->pairs[2 * i] + 1]++;
		g->ns[in->pairs[2 * i + 1] + 1]++;
	}
	for (z = 0; z < in->nzones; z++)
		g->ns[z + 1] += g->ns[z];
	fill = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	memcpy(fill, g->ns, sizeof(int) * (size_t)in->nzones);
	/* Pairs come sorted, so each list is in ascending zone order. */
	for (i = 0; i < in->npairs; i++) {
		g->nb[fill[in->pairs[2 * i]]++] = in->pairs[2 * i + 1];
		g->nb[fill[in->pairs[2 * i + 1]]++] = in->pairs[2 * i];
	}
	free(fill);
}

static void adj_free(struct adj *g)
{
	free(g->ns);
	free(g->nb);
}

/*
 * Breadth-first from k's root over zones assigned to k (skip: a zone
 * treated as not k's, -1 none): par[z] = the zone it was reached from
 * (root: itself), -1 unreached. Returns the zones reached.
 */
static int bfs(const struct scenario_rezone_in *in, const struct adj *g, const int *assign,
	       int k, int skip, int *par, int *queue)
{
	int h = 0, t = 0, r = in->root[k], i, z;

	for (z = 0; z < in->nzones; z++)
		par[z] = -1;
	if (r == skip || assign[r] != k)
		return 0;
	par[r] = r;
	queue[t++] = r;
	while (h < t) {
		z = queue[h++];
		for (i = g->ns[z]; i < g->ns[z + 1]; i++) {
			int v = g->nb[i];

			if (par[v] < 0 && v != skip && assign[v] == k) {
				par[v] = z;
				queue[t++] = v;
			}
		}
	}
	return t;
}

static int feasible(const struct scenario_rezone_in *in, const struct adj *g, const int *assign,
		    int *par, int *queue)
{
	int z, k;

	for (z = 0; z < in->nzones; z++)
		if (cand_of(in, z, assign[z]) < 0)
			return 0;
	for (k = 0; k < in->nschools; k++) {
		if (in->root[k] >= 0 && assign[in->root[k]] != k)
			return 0;
		bfs(in, g, assign, k, -1, par, queue);
		for (z = 0; z < in->nzones; z++)
			if (assign[z] == k && par[z] < 0 && g->ns[z + 1] > g->ns[z])
				return 0;
	}
	return 1;
}

int scenario_rezone_feasible(const struct scenario_rezone_in *in, const int *assign)
{
	struct adj g;
	int *par = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *queue = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int ok;

	adj_build(&g, in);
	ok = feasible(in, &g, assign, par, queue);
	adj_free(&g);
	free(par);
	free(queue);
	return ok;
}

/* ---------------------------------------------------------------- local search */

/*
 * Single-zone moves from a feasible assignment: a zone on the edge of
 * its catchment (adjacent to a zone of the receiving school) goes there
 * when that lowers the objective and its old catchment stays connected.
 * Zones by index, the best receiving school of each (first on ties); a
 * pass repeats while some move improved, until deadline. Returns the
 * moves made.
 */
static int local_search(const struct scenario_rezone_in *in, const struct adj *g, int *assign,
			double deadline)
{
	double *roll = xcalloc((size_t)in->nschools + 1, sizeof(double));
	int *par = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *queue = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *size = xcalloc((size_t)in->nschools + 1, sizeof(int));
	int z, k, c, i, moves = 0, improved = 1;

	for (k = 0; k < in->nschools; k++)
		roll[k] = in->fixed[k];
	for (z = 0; z < in->nzones; z++) {
		roll[assign[z]] += in->pupils[z];
		size[assign[z]]++;
	}
	while (improved && now_s() < deadline) {
		improved = 0;
		for (z = 0; z < in->nzones; z++) {
			int a = assign[z], best = -1, island = g->ns[z + 1] == g->ns[z];
			double bd = -1e-9, ca;

			if (in->root[a] == z)
				continue;
			ca = zcost(in, z, cand_of(in, z, a));
			for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
				int b = in->cschool[c], touch = island;
				double d;

				if (b == a)
					continue;
				for (i = g->ns[z]; i < g->ns[z + 1] && !touch; i++)
					touch = assign[g->nb[i]] == b;
				if (!touch)
					continue;
				d = zcost(in, z, c) - ca +
				    in->w_band * (dev(in, a, roll[a] - in->pupils[z]) - dev(in, a, roll[a]) +
						  dev(in, b, roll[b] + in->pupils[z]) - dev(in, b, roll[b]));
				if (d < bd) {
					bd = d;
					best = b;
				}
			}
			/* Removing z must leave a's other zones connected. */
			if (best < 0 || (!island && bfs(in, g, assign, a, z, par, queue) != size[a] - 1))
				continue;
			assign[z] = best;
			roll[a] -= in->pupils[z];
			roll[best] += in->pupils[z];
			size[a]--;
			size[best]++;
			moves++;
			improved = 1;
		}
	}
	free(roll);
	free(par);
	free(queue);
	free(size);
	return moves;
}

/* ---------------------------------------------------------------- MIP */

/* The column layout of the MIP. */
struct mip {
	const struct scenario_rezone_in *in;
	const struct adj *g;
	int ncols;
	int xcol0;              /* x of candidate c: xcol0 + c */
	int *ucol, *ocol;       /* per school, 0 none */
	int *fcol;              /* per arc slot (k, directed arc): 0 none */
	int *fk, *fa, *fb;      /* flow column i (from fcol0): school, tail, head */
	int fcol0, nf;
	const double *start;    /* the incumbent to give GLPK, 1-based; NULL */
	int given;
	double bound;
	double deadline;
	int node_stop;          /* stopped by in->max_nodes */
};

static void callback(glp_tree *tree, void *info)
{
	struct mip *m = info;
	int p;

	if (glp_ios_reason(tree) == GLP_IHEUR && m->start && !m->given) {
		m->given = 1;
		glp_ios_heur_sol(tree, m->start);
	}
	if ((p = glp_ios_best_node(tree)) != 0)
		m->bound = glp_ios_node_bound(tree, p);
	/* The time limit of GLPK counts from glp_intopt; this one from
	 * the caller's start, so the local search and set-up count too. */
	if (now_s() > m->deadline)
		glp_ios_terminate(tree);
	/* The node limit: nodes created so far, a count that depends on
	 * the search only, never on the machine. */
	if (m->in->max_nodes > 0) {
		int t_cnt;

		glp_ios_tree_size(tree, NULL, NULL, &t_cnt);
		if (t_cnt >= m->in->max_nodes) {
			m->node_stop = 1;
			glp_ios_terminate(tree);
		}
	}
}

/* The full column vector (1-based) of a feasible assignment: x, the
 * band slacks and a flow along each catchment's breadth-first tree
 * (each zone's flow = the zones below it). */
static double *start_vector(const struct mip *m, const int *assign)
{
	const struct scenario_rezone_in *in = m->in;
	double *v = xcalloc((size_t)m->ncols + 1, sizeof(double));
	double *roll = xcalloc((size_t)in->nschools + 1, sizeof(double));
	int *par = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *queue = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	double *below = xmalloc(sizeof(double) * ((size_t)in->nzones + 1));
	int z, k, i, n;

	for (k = 0; k < in->nschools; k++)
		roll[k] = in->fixed[k];
	for (z = 0; z < in->nzones; z++) {
		v[m->xcol0 + cand_of(in, z, assign[z])] = 1;
		roll[assign[z]] += in->pupils[z];
	}
	for (k = 0; k < in->nschools; k++) {
		double cap = in->cap[k];

		if (m->ucol[k] && roll[k] < in->lo * cap)
			v[m->ucol[k]] = in->lo * cap - roll[k];
		if (m->ocol[k] && roll[k] > in->hi * cap)
			v[m->ocol[k]] = roll[k] - in->hi * cap;
		n = bfs(in, m->g, assign, k, -1, par, queue);
		/* Reverse breadth-first order: children before parents. */
		for (i = 0; i < n; i++)
			below[queue[i]] = 1;
		for (i = n - 1; i > 0; i--) {
			int c = queue[i], p = par[c], j;

			below[p] += below[c];
			for (j = 0; j < m->nf; j++)
				if (m->fk[j] == k && m->fa[j] == p && m->fb[j] == c) {
					v[m->fcol0 + j] = below[c];
					break;
				}
		}
	}
	free(roll);
	free(par);
	free(queue);
	free(below);
	return v;
}

/* Solve the MIP from start (feasible, may be NULL); on an integer
 * solution better than start's objective, write it to assign. */
static int solve_mip(const struct scenario_rezone_in *in, const struct adj *g, int *assign,
		     const int *start, double deadline, struct scenario_rezone_out *out,
		     struct le_err *err)
{
	struct mip m;
	glp_prob *lp = glp_create_prob();
	glp_iocp parm;
	int *ia = NULL, *ja = NULL, nnz = 0, alloc = 0, row, z, k, c, i, j, ret;
	int nc = in->cstart[in->nzones], *inrow = NULL, *balrow = NULL, rc = LE_OK;
	double *ar = NULL, *vstart = NULL;
	int *ncand = xcalloc((size_t)in->nschools + 1, sizeof(int));
	int *czone = xmalloc(sizeof(int) * ((size_t)nc + 1));
	glp_smcp sparm;

	for (z = 0; z < in->nzones; z++)
		for (c = in->cstart[z]; c < in->cstart[z + 1]; c++)
			czone[c] = z;
	memset(&m, 0, sizeof(m));
	m.in = in;
	m.g = g;
	m.bound = NAN;
	m.deadline = deadline;
	glp_term_hook(quiet, NULL);
	glp_set_obj_dir(lp, GLP_MIN);
	for (c = 0; c < nc; c++)
		ncand[in->cschool[c]]++;
	/* Columns: x, then band slacks, then flows. x of candidate c is
	 * column 1 + c, so a candidate slot names its column without a
	 * table, and the column order (zone, then candidate in the caller's
	 * distance order) is what makes GLPK's branching order stable. */
	m.xcol0 = 1;
	glp_add_cols(lp, nc);
	for (z = 0; z < in->nzones; z++)
		for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
			k = in->cschool[c];
			glp_set_col_kind(lp, 1 + c, GLP_BV);
			glp_set_obj_coef(lp, 1 + c, zcost(in, z, c));
			/* The school's own zone is the root of its flow:
			 * fixed, not a constraint row, so the presolver
			 * and the branching never consider it. */
			if (in->root[k] == z)
				glp_set_col_bnds(lp, 1 + c, GLP_FX, 1, 1);
		}
	m.ncols = nc;
	m.ucol = xcalloc((size_t)in->nschools + 1, sizeof(int));
	m.ocol = xcalloc((size_t)in->nschools + 1, sizeof(int));
	for (k = 0; k < in->nschools; k++)
		if (in->cap[k] > 0) {
			m.ucol[k] = glp_add_cols(lp, 2);
			m.ocol[k] = m.ucol[k] + 1;
			glp_set_col_bnds(lp, m.ucol[k], GLP_LO, 0, 0);
			glp_set_col_bnds(lp, m.ocol[k], GLP_LO, 0, 0);
			glp_set_obj_coef(lp, m.ucol[k], in->w_band);
			glp_set_obj_coef(lp, m.ocol[k], in->w_band);
			m.ncols += 2;
		}
	/* Flow arcs: both ends candidates of k, head not k's root (flow
	 * into the root would only circulate). Arcs between zones that do
	 * not both offer k cannot carry k's flow, and leaving them out is
	 * most of what keeps the model small: a city's zone has 4
	 * candidates, not 72. */
	for (z = 0; z < in->nzones; z++)
		for (i = g->ns[z]; i < g->ns[z + 1]; i++) {
			int v = g->nb[i];

			for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
				k = in->cschool[c];
				if (in->root[k] == v || cand_of(in, v, k) < 0)
					continue;
				ALLOC_GROW(m.fk, m.nf + 1, alloc);
				m.fa = xrealloc(m.fa, sizeof(int) * (size_t)alloc);
				m.fb = xrealloc(m.fb, sizeof(int) * (size_t)alloc);
				m.fk[m.nf] = k;
				m.fa[m.nf] = z;
				m.fb[m.nf] = v;
				m.nf++;
			}
		}
	if (m.nf) {
		m.fcol0 = glp_add_cols(lp, m.nf);
		for (j = 0; j < m.nf; j++)
			/* No more units than k has candidate zones
			 * besides its root: the tightest big-M. */
			glp_set_col_bnds(lp, m.fcol0 + j, GLP_DB, 0, ncand[m.fk[j]] > 1 ? ncand[m.fk[j]] - 1 : 0);
		m.ncols += m.nf;
	}
	alloc = 0;
	/* Rows: one school per zone. */
	row = glp_add_rows(lp, in->nzones);
	for (z = 0; z < in->nzones; z++) {
		glp_set_row_bnds(lp, row + z, GLP_FX, 1, 1);
		for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
			ALLOC_GROW(ia, nnz + 2, alloc);
			ja = xrealloc(ja, sizeof(int) * (size_t)alloc);
			ar = xrealloc(ar, sizeof(double) * (size_t)alloc);
			nnz++;
			ia[nnz] = row + z;
			ja[nnz] = 1 + c;
			ar[nnz] = 1;
		}
	}
	/* Band: roll - over <= hi cap - fixed; roll + under >= lo cap - fixed.
	 * Soft by the slacks, so a band that whole zones cannot meet
	 * leaves a feasible model whose slacks say by how much. */
	for (k = 0; k < in->nschools; k++) {
		int rh, rl;

		if (!m.ucol[k])
			continue;
		rh = glp_add_rows(lp, 2);
		rl = rh + 1;
		glp_set_row_bnds(lp, rh, GLP_UP, 0, in->hi * in->cap[k] - in->fixed[k]);
		glp_set_row_bnds(lp, rl, GLP_LO, in->lo * in->cap[k] - in->fixed[k], 0);
		for (c = 0; c < nc; c++) {
			int zc = czone[c];

			if (in->cschool[c] != k)
				continue;
			ALLOC_GROW(ia, nnz + 3, alloc);
			ja = xrealloc(ja, sizeof(int) * (size_t)alloc);
			ar = xrealloc(ar, sizeof(double) * (size_t)alloc);
			ia[++nnz] = rh, ja[nnz] = 1 + c, ar[nnz] = in->pupils[zc];
			ia[++nnz] = rl, ja[nnz] = 1 + c, ar[nnz] = in->pupils[zc];
		}
		ALLOC_GROW(ia, nnz + 3, alloc);
		ja = xrealloc(ja, sizeof(int) * (size_t)alloc);
		ar = xrealloc(ar, sizeof(double) * (size_t)alloc);
		ia[++nnz] = rh, ja[nnz] = m.ocol[k], ar[nnz] = -1;
		ia[++nnz] = rl, ja[nnz] = m.ucol[k], ar[nnz] = 1;
	}
	/* Flow balance and inflow bound per (school, non-root zone with
	 * neighbours). Row numbers by candidate slot. The bound is on a
	 * zone's total inflow (in <= M x) rather than per arc (f <= M x
	 * at both ends): one row per zone and school instead of two per
	 * arc, and as strong where it matters, since a zone with no inflow
	 * has no outflow either (its balance then reads 0 - out = x = 0). */
	balrow = xcalloc((size_t)nc + 1, sizeof(int));
	inrow = xcalloc((size_t)nc + 1, sizeof(int));
	for (z = 0; z < in->nzones; z++) {
		if (g->ns[z + 1] == g->ns[z])
			continue;
		for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
			k = in->cschool[c];
			if (in->root[k] == z)
				continue;
			balrow[c] = glp_add_rows(lp, 2);
			inrow[c] = balrow[c] + 1;
			glp_set_row_bnds(lp, balrow[c], GLP_FX, 0, 0);
			glp_set_row_bnds(lp, inrow[c], GLP_UP, 0, 0);
			ALLOC_GROW(ia, nnz + 3, alloc);
			ja = xrealloc(ja, sizeof(int) * (size_t)alloc);
			ar = xrealloc(ar, sizeof(double) * (size_t)alloc);
			ia[++nnz] = balrow[c], ja[nnz] = 1 + c, ar[nnz] = -1;
			ia[++nnz] = inrow[c], ja[nnz] = 1 + c,
			ar[nnz] = -(ncand[k] > 1 ? ncand[k] - 1 : 0);
		}
	}
	for (j = 0; j < m.nf; j++) {
		int ch = cand_of(in, m.fb[j], m.fk[j]), ct = cand_of(in, m.fa[j], m.fk[j]);

		ALLOC_GROW(ia, nnz + 4, alloc);
		ja = xrealloc(ja, sizeof(int) * (size_t)alloc);
		ar = xrealloc(ar, sizeof(double) * (size_t)alloc);
		/* Into the head: + in its balance and inflow rows. */
		ia[++nnz] = balrow[ch], ja[nnz] = m.fcol0 + j, ar[nnz] = 1;
		ia[++nnz] = inrow[ch], ja[nnz] = m.fcol0 + j, ar[nnz] = 1;
		/* Out of the tail: - in its balance (none at the root). */
		if (balrow[ct])
			ia[++nnz] = balrow[ct], ja[nnz] = m.fcol0 + j, ar[nnz] = -1;
	}
	glp_load_matrix(lp, nnz, ia, ja, ar);
	out->mip_rows = glp_get_num_rows(lp);
	out->mip_cols = glp_get_num_cols(lp);
	if (start) {
		vstart = start_vector(&m, start);
		m.start = vstart;
	}
	/* The relaxation first, by the simplex (with the LP presolver):
	 * the MIP presolver would hand the callback a transformed problem,
	 * whose columns the incumbent's vector does not match. */
	glp_init_smcp(&sparm);
	sparm.msg_lev = GLP_MSG_OFF;
	sparm.presolve = GLP_ON;
	sparm.tm_lim = (int)(fmax(deadline - now_s(), 0.001) * 1000);
	ret = glp_simplex(lp, &sparm);
	if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
		/* No relaxation within the time (or none at all: no
		 * contiguous catchments exist): the start stands. */
		out->how = ret == 0 && glp_get_status(lp) == GLP_NOFEAS ? SCENARIO_REZONE_KEPT_INPUT
									: SCENARIO_REZONE_TIME_LIMIT;
		out->bound = ret == 0 && glp_get_status(lp) == GLP_NOFEAS ? INFINITY : NAN;
		goto done;
	}
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF;
	parm.cb_func = callback;
	parm.cb_info = &m;
	/* Measured on the Edinburgh primaries: MIR cuts and pseudo-cost
	 * branching (its strong-branching start) overran the time limit by
	 * 5-9 s inside GLPK, where the callback cannot stop them, and gave
	 * no better bound; Driebeck-Tomlin branching kept to the limit and
	 * gave the better bound (8.3 % against 9.6 % gap). */
	parm.mir_cuts = GLP_OFF;
	parm.fp_heur = start ? GLP_OFF : GLP_ON;
	parm.br_tech = GLP_BR_DTH;
	parm.bt_tech = GLP_BT_BLB;
	{
		double left = deadline - now_s();

		parm.tm_lim = left > 0.001 ? (int)(left * 1000) : 1;
	}
	ret = glp_intopt(lp, &parm);
	out->node_limited = m.node_stop;
	{
		int st = glp_mip_status(lp);

		if (st == GLP_OPT || st == GLP_FEAS) {
			double obj = glp_mip_obj_val(lp);

			for (z = 0; z < in->nzones; z++)
				for (c = in->cstart[z]; c < in->cstart[z + 1]; c++)
					if (glp_mip_col_val(lp, 1 + c) > 0.5)
						assign[z] = in->cschool[c];
			if (st == GLP_OPT && ret == 0) {
				out->how = SCENARIO_REZONE_OPTIMAL;
				out->bound = obj;
			} else {
				out->how = SCENARIO_REZONE_TIME_LIMIT;
				out->bound = m.bound;
			}
		} else if (ret == 0 && st == GLP_NOFEAS) {
			/* Proven: no contiguous catchments exist among the
			 * candidate schools. */
			out->how = SCENARIO_REZONE_KEPT_INPUT;
			out->bound = INFINITY;
		} else {
			out->how = SCENARIO_REZONE_TIME_LIMIT;
			out->bound = m.bound;
		}
	}
	if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_ESTOP && ret != GLP_ENOPFS &&
	    ret != GLP_ENODFS && ret != GLP_EMIPGAP)
		rc = le_errf(err, LE_EDATA, "rezone: the GLPK branch and cut failed (code %d)", ret);
done:
	free(vstart);
	free(m.ucol);
	free(m.ocol);
	free(m.fk);
	free(m.fa);
	free(m.fb);
	free(ia);
	free(ja);
	free(ar);
	free(balrow);
	free(inrow);
	free(ncand);
	free(czone);
	glp_delete_prob(lp);
	glp_term_hook(NULL, NULL);
	return rc;
}

/* ---------------------------------------------------------------- set-up */

/*
 * The problem the search works on: in without the candidates no
 * contiguous answer can use. A candidate school k of zone z is usable
 * only if z is reachable from k's root through zones that all have k as
 * a candidate and are no other school's own zone; the others are dropped (they only enlarge the MIP). A
 * zone left with no usable candidate (an enclave of its school that the
 * walking limit lets no neighbouring school take) is an orphan: it
 * keeps its current school and is exempt from contiguity, its pairs
 * dropped; out->orphans counts them and the caller reports them.
 */
struct work {
	struct scenario_rezone_in in;
	int *cstart, *cschool, *pairs;
	double *cdist, *cmoved;
};

static void work_build(struct work *wk, const struct scenario_rezone_in *in, const struct adj *g,
		       int *orphans)
{
	int nc = in->cstart[in->nzones], z, k, c, n = 0, i;
	unsigned char *ok = xcalloc((size_t)nc + 1, 1), *orphan = xcalloc((size_t)in->nzones + 1, 1);
	int *mark = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *par = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *queue = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));

	for (k = 0; k < in->nschools; k++) {
		/* Another school's own zone is its for good: no path of
		 * k's passes through it. */
		for (z = 0; z < in->nzones; z++)
			mark[z] = cand_of(in, z, k) >= 0 ? k : -1;
		for (i = 0; i < in->nschools; i++)
			if (i != k)
				mark[in->root[i]] = -1;
		bfs(in, g, mark, k, -1, par, queue);
		for (z = 0; z < in->nzones; z++)
			if (mark[z] == k && (par[z] >= 0 || g->ns[z + 1] == g->ns[z]))
				ok[cand_of(in, z, k)] = 1;
	}
	*orphans = 0;
	for (z = 0; z < in->nzones; z++) {
		for (i = 0, c = in->cstart[z]; c < in->cstart[z + 1]; c++)
			i += ok[c];
		if (!i) {
			orphan[z] = 1;
			ok[cand_of(in, z, in->cur[z])] = 1;
			(*orphans)++;
		}
	}
	wk->in = *in;
	wk->cstart = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	wk->cschool = xmalloc(sizeof(int) * ((size_t)nc + 1));
	wk->cdist = xmalloc(sizeof(double) * ((size_t)nc + 1));
	wk->cmoved = xmalloc(sizeof(double) * ((size_t)nc + 1));
	wk->pairs = xmalloc(sizeof(int) * (2 * (size_t)in->npairs + 1));
	for (z = 0; z < in->nzones; z++) {
		wk->cstart[z] = n;
		for (c = in->cstart[z]; c < in->cstart[z + 1]; c++)
			if (ok[c]) {
				wk->cschool[n] = in->cschool[c];
				wk->cdist[n] = in->cdist_m[c];
				wk->cmoved[n++] = in->cmoved[c];
			}
	}
	wk->cstart[in->nzones] = n;
	for (n = 0, i = 0; i < in->npairs; i++)
		if (!orphan[in->pairs[2 * i]] && !orphan[in->pairs[2 * i + 1]]) {
			wk->pairs[2 * n] = in->pairs[2 * i];
			wk->pairs[2 * n + 1] = in->pairs[2 * i + 1];
			n++;
		}
	wk->in.cstart = wk->cstart;
	wk->in.cschool = wk->cschool;
	wk->in.cdist_m = wk->cdist;
	wk->in.cmoved = wk->cmoved;
	wk->in.pairs = wk->pairs;
	wk->in.npairs = n;
	free(ok);
	free(orphan);
	free(mark);
	free(par);
	free(queue);
}

static void work_free(struct work *wk)
{
	free(wk->cstart);
	free(wk->cschool);
	free(wk->cdist);
	free(wk->cmoved);
	free(wk->pairs);
}

/*
 * A contiguous start from the input: every root to its school, then
 * the zones cut off from their school's root (a piece of a catchment
 * not touching the school's own piece) freed and grown back, zone by
 * zone in index order, each to its cheapest usable candidate whose
 * catchment it touches, until none is left or none can be placed.
 * Returns 1 with a feasible assign, 0 when some zone could not be
 * placed (the MIP then starts on its own).
 */
/* Is z some school's own zone other than k's? */
static int other_root(const struct scenario_rezone_in *in, int z, int k)
{
	int i;

	for (i = 0; i < in->nschools; i++)
		if (i != k && in->root[i] == z)
			return 1;
	return 0;
}

/*
 * Steal a path for zone z: the shortest chain of zones (breadth-first
 * from z, neighbours in index order) that all have one of z's
 * candidates k as a candidate, are no other school's own zone and end
 * at a zone of k's connected piece, trying z's candidates in order;
 * the chain goes to k. Returns 1 when one was found.
 */
static int steal(const struct scenario_rezone_in *in, const struct adj *g, int *assign,
		 const unsigned char *reached, int z, int *par, int *queue)
{
	int c, i;

	for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
		int k = in->cschool[c], h = 0, t = 0, end = -1, u;

		for (u = 0; u < in->nzones; u++)
			par[u] = -1;
		par[z] = z;
		queue[t++] = z;
		while (h < t && end < 0) {
			u = queue[h++];
			for (i = g->ns[u]; i < g->ns[u + 1]; i++) {
				int v = g->nb[i];

				if (par[v] >= 0 || cand_of(in, v, k) < 0 || other_root(in, v, k))
					continue;
				par[v] = u;
				if (assign[v] == k && reached[v]) {
					end = v;
					break;
				}
				queue[t++] = v;
			}
		}
		if (end < 0)
			continue;
		for (u = par[end]; u != z; u = par[u])
			assign[u] = k;
		assign[z] = k;
		return 1;
	}
	return 0;
}

/*
 * A contiguous start from the input: every root to its school; then,
 * repeatedly, the zones cut off from their school's root (a piece of a
 * catchment not touching the school's own piece) are freed and grown
 * back, zone by zone in index order, each to its cheapest usable
 * candidate whose catchment it touches; a zone that touches none takes
 * a chain of zones to one of its candidates' pieces (steal), which may
 * cut other pieces off, freed in the next round. Returns 1 with a
 * feasible assign, 0 when the rounds run out (the MIP then starts on
 * its own).
 */
static int repair(const struct scenario_rezone_in *in, const struct adj *g, int *assign)
{
	int *par = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	int *queue = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	unsigned char *reached = xcalloc((size_t)in->nzones + 1, 1);
	int z, k, c, i, left = 1, changed, ok = 0, round;

	for (z = 0; z < in->nzones; z++)
		if (cand_of(in, z, assign[z]) < 0)
			assign[z] = in->cschool[in->cstart[z]];
	for (k = 0; k < in->nschools; k++)
		assign[in->root[k]] = k;
	for (round = 0; round < 4 * in->nzones + 8 && left; round++) {
		memset(reached, 0, (size_t)in->nzones);
		for (k = 0; k < in->nschools; k++) {
			bfs(in, g, assign, k, -1, par, queue);
			for (z = 0; z < in->nzones; z++)
				if (par[z] >= 0)
					reached[z] = 1;
		}
		left = 0;
		for (z = 0; z < in->nzones; z++)
			if (!reached[z] && g->ns[z + 1] > g->ns[z]) {
				assign[z] = -1;
				left++;
			}
		changed = 1;
		while (left && changed) {
			changed = 0;
			for (z = 0; z < in->nzones; z++) {
				int best = -1;
				double bc = INFINITY;

				if (assign[z] >= 0)
					continue;
				for (c = in->cstart[z]; c < in->cstart[z + 1]; c++) {
					int touch = 0;

					for (i = g->ns[z]; i < g->ns[z + 1] && !touch; i++)
						touch = assign[g->nb[i]] == in->cschool[c];
					if (touch && zcost(in, z, c) < bc) {
						bc = zcost(in, z, c);
						best = in->cschool[c];
					}
				}
				if (best >= 0) {
					assign[z] = best;
					reached[z] = 1;
					left--;
					changed = 1;
				}
			}
		}
		if (!left)
			break;
		for (z = 0; z < in->nzones && assign[z] >= 0; z++)
			;
		if (!steal(in, g, assign, reached, z, par, queue))
			break;
		/* The other free zones back where they were, for the next
		 * round to judge. */
		for (z = 0; z < in->nzones; z++)
			if (assign[z] < 0)
				assign[z] = in->cur[z] >= 0 && cand_of(in, z, in->cur[z]) >= 0 ?
					    in->cur[z] : in->cschool[in->cstart[z]];
	}
	for (z = 0; z < in->nzones; z++)
		if (assign[z] < 0)
			assign[z] = in->cschool[in->cstart[z]];
	ok = feasible(in, g, assign, par, queue);
	free(par);
	free(queue);
	free(reached);
	return ok;
}

int scenario_rezone_solve(const struct scenario_rezone_in *in, struct scenario_rezone_out *out,
			  struct le_err *err)
{
	struct adj g, gw;
	struct work wk;
	double t0 = now_s(), deadline = t0 + in->time_limit_s;
	int *start = NULL, *mip = NULL, z, k, j, rc = LE_OK;

	memset(out, 0, sizeof(*out));
	out->bound = NAN;
	out->gap = NAN;
	for (k = 0; k < in->nschools; k++) {
		if (in->root[k] < 0 || cand_of(in, in->root[k], k) < 0)
			return le_errf(err, LE_EDATA, "rezone: school %d's own zone %d does not have it as a candidate",
				       k, in->root[k]);
		for (j = 0; j < k; j++)
			if (in->root[j] == in->root[k])
				return le_errf(err, LE_EDATA, "rezone: schools %d and %d share their own zone %d",
					       j, k, in->root[k]);
	}
	adj_build(&g, in);
	work_build(&wk, in, &g, &out->orphans);
	adj_build(&gw, &wk.in);
	out->assign = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	memcpy(out->assign, in->cur, sizeof(int) * (size_t)in->nzones);
	scenario_rezone_objective(in, in->cur, &out->obj_in);
	start = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	memcpy(start, in->cur, sizeof(int) * (size_t)in->nzones);
	{
		int *par = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
		int *queue = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));

		out->input_contiguous = feasible(in, &g, in->cur, par, queue);
		/* A start for the search: the input, or the input repaired
		 * into contiguous pieces. */
		if (!feasible(&wk.in, &gw, start, par, queue) && !repair(&wk.in, &gw, start)) {
			free(start);
			start = NULL;
		}
		free(par);
		free(queue);
	}
	/* The local search gets a quarter of the time at most. */
	if (start)
		out->local_moves = local_search(&wk.in, &gw, start, t0 + in->time_limit_s / 4);
	mip = xmalloc(sizeof(int) * ((size_t)in->nzones + 1));
	for (z = 0; z < in->nzones; z++)
		mip[z] = start ? start[z] : in->cur[z];
	if ((rc = solve_mip(&wk.in, &gw, mip, start, deadline, out, err)))
		goto done;
	{
		struct scenario_rezone_obj om;
		int use_mip = out->how != SCENARIO_REZONE_KEPT_INPUT &&
			      scenario_rezone_feasible(&wk.in, mip);

		scenario_rezone_objective(in, mip, &om);
		/* The better of MIP and local search, then against the
		 * input: strictly better (by more than rounding) or the
		 * input stays. */
		if (!use_mip && start) {
			memcpy(mip, start, sizeof(int) * (size_t)in->nzones);
			scenario_rezone_objective(in, mip, &om);
			use_mip = 1;
		}
		if (use_mip && om.total < out->obj_in.total - 1e-6) {
			memcpy(out->assign, mip, sizeof(int) * (size_t)in->nzones);
			out->obj = om;
		} else {
			out->obj = out->obj_in;
			out->how = SCENARIO_REZONE_KEPT_INPUT;
		}
	}
	if (isfinite(out->bound)) {
		double b = out->bound < out->obj.total ? out->bound : out->obj.total;

		out->bound = b;
		out->gap = out->obj.total != 0 ? (out->obj.total - b) / fabs(out->obj.total) : 0;
	}
done:
	out->seconds = now_s() - t0;
	adj_free(&g);
	adj_free(&gw);
	work_free(&wk);
	free(start);
	free(mip);
	if (rc) {
		free(out->assign);
		out->assign = NULL;
	}
	return rc;
}

void scenario_rezone_out_release(struct scenario_rezone_out *out)
{
	free(out->assign);
	out->assign = NULL;
}
