/*
 * mincost_lp.c: the capacity allocation's transportation problem solved
 * as a linear program with GLPK (glp_prob + glp_simplex): the reference
 * that the unit tests hold scenario_mincost (mincost.c) against. It is
 * not on the evaluation path: a general simplex over a whole region took
 * seconds per year where the purpose-built flow takes milliseconds, but
 * it is an independent implementation of the same optimum.
 *
 *   minimise   sum_a cost[a] x[a] + unplaced_cost * sum_i u[i]
 *   subject to sum_{a from i} x[a] + u[i] = supply[i]   (every source)
 *              sum_{a to j} x[a] <= cap[j]               (capped sinks)
 *              x, u >= 0
 *
 * Why an LP and not glp_mincost: glp_mincost (out-of-kilter) needs
 * integer capacities and flows, and pupils here are fractional (demand
 * is population x rates); rounding would break "nothing lost". The
 * transportation LP is totally unimodular anyway, so the simplex finds a
 * vertex, and its optimum is the min-cost flow's.
 *
 * Why an explicit unplaced variable: without it a region short of places
 * is infeasible and the solver would fail; with it, the pupils that no
 * candidate can take are named and counted by the KPIs, never dropped.
 * unplaced_cost must exceed any candidate's cost, so a pupil is unplaced
 * only when every candidate is full.
 *
 * Invariants: flow and unplaced add up to each supply (up to the
 * solver's tolerance, then made exact by putting the rounding into
 * unplaced, clamped at 0); GLPK's terminal output is switched off
 * (library code never prints).
 */
#include "scenario/scenario.h"

#include <glpk.h>
#include <stdlib.h>
#include <string.h>

/* GLPK prints banners to stdout unless told not to; this hook swallows
 * anything the options do not. */
static int quiet(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

int scenario_mincost_lp(int nsrc, const double *supply, int nsnk, const double *cap,
			int narcs, const int *from, const int *to, const double *cost,
			double unplaced_cost, double *flow, double *unplaced,
			struct le_err *err)
{
	glp_prob *lp = NULL;
	glp_smcp parm;
	int *ia = NULL, *ja = NULL, rc = LE_OK, i, a, j, ret, nnz;
	double *ar = NULL;

	if (nsrc == 0)
		return LE_OK;
	glp_term_hook(quiet, NULL);
	lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_rows(lp, nsrc + nsnk);
	for (i = 0; i < nsrc; i++)
		glp_set_row_bnds(lp, i + 1, GLP_FX, supply[i], supply[i]);
	for (j = 0; j < nsnk; j++)
		if (cap[j] >= 0)
			glp_set_row_bnds(lp, nsrc + j + 1, GLP_UP, 0, cap[j]);
		else
			glp_set_row_bnds(lp, nsrc + j + 1, GLP_FR, 0, 0);
	glp_add_cols(lp, narcs + nsrc);
	nnz = 2 * narcs + nsrc;
	ia = xmalloc(sizeof(int) * ((size_t)nnz + 1));
	ja = xmalloc(sizeof(int) * ((size_t)nnz + 1));
	ar = xmalloc(sizeof(double) * ((size_t)nnz + 1));
	nnz = 0;
	for (a = 0; a < narcs; a++) {
		glp_set_col_bnds(lp, a + 1, GLP_LO, 0, 0);
		glp_set_obj_coef(lp, a + 1, cost[a]);
		nnz++;
		ia[nnz] = from[a] + 1;
		ja[nnz] = a + 1;
		ar[nnz] = 1;
		nnz++;
		ia[nnz] = nsrc + to[a] + 1;
		ja[nnz] = a + 1;
		ar[nnz] = 1;
	}
	for (i = 0; i < nsrc; i++) {
		glp_set_col_bnds(lp, narcs + i + 1, GLP_LO, 0, 0);
		glp_set_obj_coef(lp, narcs + i + 1, unplaced_cost);
		nnz++;
		ia[nnz] = i + 1;
		ja[nnz] = narcs + i + 1;
		ar[nnz] = 1;
	}
	glp_load_matrix(lp, nnz, ia, ja, ar);
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	/* The presolver removes the many sources with one candidate and an
	 * uncapped sink, which is most of a city. */
	parm.presolve = GLP_ON;
	ret = glp_simplex(lp, &parm);
	if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
		rc = le_errf(err, LE_EDATA, "capacity allocation (reference LP): the GLPK simplex failed (code %d, status %d)",
			     ret, glp_get_status(lp));
		goto done;
	}
	for (a = 0; a < narcs; a++) {
		flow[a] = glp_get_col_prim(lp, a + 1);
		if (flow[a] < 1e-9)
			flow[a] = 0;
	}
	/* Unplaced from the balance, not the solver's value, so that the
	 * source's rows add up exactly. */
	for (i = 0; i < nsrc; i++)
		unplaced[i] = supply[i];
	for (a = 0; a < narcs; a++)
		unplaced[from[a]] -= flow[a];
	for (i = 0; i < nsrc; i++)
		if (unplaced[i] < 1e-9 * (supply[i] > 1 ? supply[i] : 1))
			unplaced[i] = 0;
done:
	free(ia);
	free(ja);
	free(ar);
	if (lp)
		glp_delete_prob(lp);
	glp_term_hook(NULL, NULL);
	return rc;
}
