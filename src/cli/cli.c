/*
 * cli.c: the command table and the top-level options (git's commands[]).
 * Adding a command means one row here and one cmd_<name>.c file.
 */
#define _XOPEN_SOURCE 700     /* realpath */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "model/model.h"
#include "net/net.h"
#include "report/report.h"

#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include <stdio.h>
#include <string.h>

/*
 * The --threads lines of every command's help, indented as the
 * command's other options (ind: the spaces before a description). One
 * text, so the commands cannot drift apart.
 */
#define HELP_THREADS(ind) \
	"      --threads N\n" \
	ind "threads of the parallel steps (searches, scenarios);\n" \
	ind "default [study] threads, else ESTATE_THREADS, else\n" \
	ind "the number of CPUs; the results are the same for any N\n"

/*
 * The search commands' (site, closures, rezone) help, whose options
 * are described from column 23. HELP_SEARCH_OUT is the --out line all
 * three share; HELP_CANDIDATE_SEARCH the --time-limit, --progress, --out
 * and --threads lines of the two that evaluate candidates one by one
 * (site, closures: search_clock.c decides how these behave, once, so
 * their help says it once too). rezone's --time-limit is a solver's
 * limit with a default, and is described in its own entry.
 */
#define HELP_SEARCH_OUT \
	"  -o, --out DIR        write into DIR instead of the study's output folder\n"
#define HELP_CANDIDATE_SEARCH \
	"  -t, --time-limit SEC stop after SEC seconds (checked between candidates,\n" \
	"                       at least one evaluated; 0: only the first), ranking\n" \
	"                       those evaluated\n" \
	"  -P, --progress       progress lines on stderr even when it is not a\n" \
	"                       terminal (a terminal always shows progress)\n" \
	HELP_SEARCH_OUT \
	HELP_THREADS("                       ")

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;   /* full help text, printed by --help */
};

static const struct command commands[] = {
	{ "check", cmd_check,
	  "load a study and print a data-quality report",
	  "usage: estate check [--out DIR] STUDY\n"
	  "\n"
	  "Loads every layer the study file names (schools, zones, population,\n"
	  "boundaries, roads), converts coordinates into the study's CRS and\n"
	  "checks the joins between them. Prints a report: schools by sector and\n"
	  "council, pupils on roll, population by age band, and every problem\n"
	  "found (population without a polygon, polygons without population,\n"
	  "schools whose zone is unknown or that lie outside every zone, schools\n"
	  "without capacity, repaired polygons).\n"
	  "\n"
	  "options:\n"
	  "  -o, --out DIR   also write DIR/data_quality.csv (one row a finding)\n"
	  HELP_THREADS("                  ")
	  "  -h, --help      show this help\n"
	  "\n"
	  "exit status: 0 loaded (warnings allowed), 1 data errors, 2 usage\n" },
	{ "travel", cmd_travel,
	  "the k nearest schools of every zone by road, walking and driving",
	  "usage: estate travel [--out DIR] STUDY\n"
	  "\n"
	  "Builds the road graph from the study's [roads] layer, snaps every\n"
	  "zone's representative point and every school to it, and finds each\n"
	  "zone's k nearest schools of each sector and stream (nd, rc, gaelic;\n"
	  "special schools as one set, all) for walking (by distance) and\n"
	  "driving (by time). Points farther than snap_tolerance_m from a usable\n"
	  "road use the straight-line distance times detour_factor, and the\n"
	  "table says so in its method column.\n"
	  "\n"
	  "Writes travel.csv (zone_id, school_id, school_name, sector, stream,\n"
	  "mode, rank, distance_m, time_s, method, zone_snap_m, school_snap_m)\n"
	  "to the study's output folder\n"
	  "and caches the table in workspace.sqlite there: a rerun with the same\n"
	  "roads, schools, zones and parameters reuses it and says so.\n"
	  "\n"
	  "[roads] options: k (default 8), detour_factor (1.3),\n"
	  "snap_tolerance_m (2000), speeds (a copy of models/network.ini),\n"
	  "snap (link: the nearest point of a road, default; node: the nearest\n"
	  "junction).\n"
	  "\n"
	  "options:\n"
	  "  -o, --out DIR   write to DIR instead of the study's output folder\n"
	  HELP_THREADS("                  ")
	  "  -h, --help      show this help\n" },
	{ "project", cmd_project,
	  "project school rolls over the study's horizon",
	  "usage: estate project [--out DIR] [--allocation-check] STUDY\n"
	  "\n"
	  "Projects every school's roll from the base year to base_year +\n"
	  "horizon_years. The [model] section of the study chooses how:\n"
	  "  method = demand        population by zone and single year of age,\n"
	  "                         aged forward, times participation, plus housing\n"
	  "                         (units x pupil product ratios), allocated to\n"
	  "                         schools and calibrated to the base-year roll\n"
	  "  method = progression   grade progression ratios for schools with a\n"
	  "                         stage history (history = FILE), demand for others\n"
	  "  method = survival      cohort survival per school from the published\n"
	  "                         stage rolls (stage_rolls = FILE, ...): ratios\n"
	  "                         weighted to recent years, shrunk toward the\n"
	  "                         council's; low/high ranges in rolls.csv\n"
	  "  allocation = nearest | catchment | observed\n"
	  "Special schools are held at their roll times the change in the\n"
	  "school-age population. Until the road network is used, nearest means\n"
	  "straight-line distance times detour_factor (default 1.3).\n"
	  "\n"
	  "Writes rolls.csv (school_id, school_name, sector, year, stage, pupils,\n"
	  "capacity, utilisation_pct, method, low, high) and demand.csv (zone_id, year,\n"
	  "stage, stream, pupils) into the study's output folder, and prints per\n"
	  "sector and year: pupils, capacity, schools over 100 % and under 60 %.\n"
	  "\n"
	  "options:\n"
	  "  -o, --out DIR   write into DIR instead of the study's output folder\n"
	  "      --allocation-check  also compare the uncalibrated base-year rolls\n"
	  "                  (the population aged to the base year, allocated)\n"
	  "                  with the observed rolls: how well the allocation\n"
	  "                  shares out a known year; NOT a forecast test (that is\n"
	  "                  estate backtest)\n"
	  HELP_THREADS("                  ")
	  "  -h, --help      show this help\n"
	  "\n"
	  "exit status: 0 projected (warnings allowed), 1 data errors, 2 usage\n" },
	{ "backtest", cmd_backtest,
	  "forecast from a past base year and compare with what happened",
	  "usage: estate backtest STUDY --base YEAR [--years N]\n"
	  "\n"
	  "Runs the study's roll forecast ([model] method = survival or\n"
	  "progression, with stage_rolls) from the census year YEAR with only\n"
	  "the stage rolls up to YEAR and the population estimate of YEAR or\n"
	  "earlier (population_previous when [population] is later), and compares\n"
	  "each school's forecast for YEAR + N with that year's census, beside two\n"
	  "naive rules: persistence (the roll stays) and a council-wide grade\n"
	  "progression (council stage ratios, entry stage held). Prints per sector:\n"
	  "median and mean absolute % error per school, bias, share within 5 % and\n"
	  "10 %, council total error, how often the 80 % range held the actual,\n"
	  "and the median error by school size band. Writes nothing.\n"
	  "\n"
	  "options:\n"
	  "  -b, --base YEAR   the base census year (required)\n"
	  "  -y, --years N     years ahead (default 1)\n"
	  "  -h, --help        show this help\n"
	  "\n"
	  "exit status: 0 done, 1 data errors, 2 usage\n" },
	{ "run", cmd_run,
	  "evaluate the baseline and scenarios, and compare them",
	  "usage: estate run [--out DIR] [--to PG:...] [--years Y,...] [--variants low,central,high] STUDY [SCENARIO...]\n"
	  "\n"
	  "Projects the rolls (as estate project), then evaluates the baseline\n"
	  "(the study without changes) and each scenario file year by year:\n"
	  "changes take effect in their year (close, merge, new, extend, reduce,\n"
	  "catchment, refurbish, housing), every zone's pupils go to schools by\n"
	  "the allocation policy ([model] allocation, or the scenario's own):\n"
	  "  catchment   the study's catchment table; a closed school's pupils go\n"
	  "              to the nearest open school of their sector and stream\n"
	  "  nearest     the nearest open school by walking distance\n"
	  "  capacity    least total walking distance within school capacities\n"
	  "              (min-cost flow over each zone's nearest schools, GLPK);\n"
	  "              pupils no candidate can take are counted unplaced\n"
	  "Without SCENARIO arguments: the study's list ([study] scenarios = a.ini,\n"
	  "close-*.ini), else the *.ini of a scenarios/ folder beside it, else the\n"
	  "*.ini beside it with a [scenario] section. A scenario may include others\n"
	  "([scenario] include = a, b: a programme evaluated as one).\n"
	  "\n"
	  "Writes into the output folder: <scenario>/schools.csv, zones.csv and\n"
	  "kpis.csv for the baseline and each scenario, and comparison.csv\n"
	  "(every KPI for the base year and the reported years, with the\n"
	  "difference from the baseline); appraisal.csv (whole-life cost per\n"
	  "option and year over [model] appraisal_years, default 30, discounted\n"
	  "at the Green Book 3.5 % to a net present cost); sufficiency.csv (per\n"
	  "option and school: first year over 90 % and 100 % of capacity, peak\n"
	  "roll and year, places short at the peak, and the same in the high\n"
	  "case); the map outputs: estate.gpkg (layers schools, zones,\n"
	  "catchments, desire_lines, changes, each with a scenario column),\n"
	  "geojson/<scenario>_<layer>.geojson and summary.html (comparison\n"
	  "table, schools running out of places, per scenario a map and a\n"
	  "roll/capacity chart); prints the comparison table, the schools\n"
	  "running out of places and each option's net present cost.\n"
	  "\n"
	  "options:\n"
	  "  -o, --out DIR     write into DIR instead of the study's output folder\n"
	  "  --to PG:CONN      also store the results in a PostGIS database (one\n"
	  "                    schema per study, replaced as a whole; instead of\n"
	  "                    the study's [output] database = PG:...)\n"
	  "  -y, --years LIST  reported years besides the base year, e.g. 2028,2033\n"
	  "                    (default: base + 5, base + 10 and the horizon)\n"
	  "  -V, --variants LIST  also evaluate every option under these forecast\n"
	  "                    variants (low, central, high: each school's roll at\n"
	  "                    the low or high end of its survival range); writes\n"
	  "                    comparison-<variant>.csv and variants.csv (does each\n"
	  "                    option's rank on the main KPIs survive?)\n"
	  HELP_THREADS("                    ")
	  "  -h, --help        show this help\n"
	  "\n"
	  "A scenario file may hold its own assumptions: [model] (forecast = low,\n"
	  "central or high, or the files stages, parameters, ppr, yield, forecast,\n"
	  "transport, costs; rc_share, gaelic_share) and [costs] (section.key =\n"
	  "value of models/costs.ini); they apply to that scenario only.\n"
	  "\n"
	  "exit status: 0 done (warnings allowed), 1 data errors (nothing is\n"
	  "written), 2 usage\n" },
	{ "compare", cmd_compare,
	  "one option against another: every KPI and year, and the totals",
	  "usage: estate compare [--out DIR] [--years Y,...] STUDY A B [SCENARIO...]\n"
	  "\n"
	  "Evaluates the baseline and the scenarios exactly as estate run does\n"
	  "(every *.ini beside the study, or the SCENARIO files given; the same\n"
	  "travel and its cache) and compares option A with option B, each a\n"
	  "scenario's name or baseline: for every KPI and every year the value\n"
	  "of A, of B and the difference A - B (so A - B equals A's difference\n"
	  "from the baseline minus B's), and which option the difference\n"
	  "favours; then the totals over the years, base year to horizon:\n"
	  "pupil-years beyond the walking limit, pupil-years in condition C/D\n"
	  "buildings, place-years short, unplaced pupil-years, capital, running\n"
	  "and transport cost (undiscounted sums).\n"
	  "\n"
	  "Writes compare-A-B.csv (a, b, year, council, kpi, unit, better,\n"
	  "a_value, b_value, a_minus_b, favours; the region's rows, then each\n"
	  "council's) and compare-A-B-totals.csv into the output folder (the\n"
	  "next estate compare replaces them) and prints the board's KPIs for\n"
	  "the reported years and the totals.\n"
	  "\n"
	  "options:\n"
	  "  -o, --out DIR     write into DIR instead of the study's output folder\n"
	  "  -y, --years LIST  years printed, e.g. 2028,2033 (default: base + 5,\n"
	  "                    base + 10 and the horizon); the CSV has every year\n"
	  HELP_THREADS("                    ")
	  "  -h, --help        show this help\n"
	  "\n"
	  "exit status: 0 done, 1 data errors (nothing is written), 2 usage\n"
	  "(including an option name the study does not have)\n" },
	{ "closures", cmd_closures,
	  "rank closing each school (or merging nearby pairs) by harm",
	  "usage: estate closures [--sector S] [--pairs] [--year Y] [--top N]\n"
	  "                       [--time-limit SEC] [--progress] [--out DIR] STUDY\n"
	  "\n"
	  "Closes each primary and secondary school in turn (--sector: one sector)\n"
	  "in year Y (default the base year + 1), and with --pairs merges each\n"
	  "school with its nearest school of the same sector and stream into the\n"
	  "one with more places. Each candidate is evaluated as estate run would\n"
	  "evaluate it, under the study's allocation and, where schools have\n"
	  "capacities, the capacity allocation, which then ranks. Least harm\n"
	  "first: pupils left without a place, receiving schools pushed over\n"
	  "capacity, added walking (pupils moved x mean added distance), pupils\n"
	  "moved, net present cost; ties by school id. A closure that leaves\n"
	  "pupils with no school is listed as infeasible with the reason.\n"
	  "\n"
	  "Writes closures.csv (every candidate and allocation) and\n"
	  "closures-best.ini (the least-harm candidate, a scenario for estate run).\n"
	  "\n"
	  "options:\n"
	  "  -s, --sector S       primary or secondary (default both)\n"
	  "  -p, --pairs          also merge nearby pairs\n"
	  "  -y, --year Y         the closure year (default base year + 1)\n"
	  "  -n, --top N          rows of the printed table (default 10)\n"
	  HELP_CANDIDATE_SEARCH
	  "  -h, --help           show this help\n"
	  "\n"
	  "exit status: 0 done, 1 data errors (nothing is written), 2 usage\n" },
	{ "rezone", cmd_rezone,
	  "re-draw catchments as whole contiguous zones within a band",
	  "usage: estate rezone --sector S [--year Y] [--schools ID,...] [--band LO-HI]\n"
	  "                     [--time-limit SEC] [--nodes N] [--no-contiguity]\n"
	  "                     [--out DIR] STUDY\n"
	  "\n"
	  "Re-draws the catchments of the sector's schools (or of the --schools\n"
	  "listed, the others fixed) as whole zones, each catchment one connected\n"
	  "piece of zone polygons around its school, so that each school's roll\n"
	  "in year Y (default base year + 1; the study's forecast) falls within\n"
	  "LO-HI % of its capacity (default 80-100) where it can, moving as few\n"
	  "pupils and adding as little walking (on the roads) as it can. English-\n"
	  "medium, Roman Catholic and Gaelic-medium catchments are drawn\n"
	  "separately, each from its own pupils (every [catchment] written says\n"
	  "its stream); a zone goes only to a school within the statutory\n"
	  "walking distance, unless its school is already beyond it. Solved with\n"
	  "GLPK (a MIP with flow contiguity, started from a local search); the\n"
	  "optimality gap is printed, and the input catchments are returned when\n"
	  "nothing beats them.\n"
	  "\n"
	  "Writes rezone-best.ini (a [catchment] scenario for estate run),\n"
	  "rezone-changes.csv (the zones that change school) and estate.gpkg\n"
	  "(layer rezone_catchments: the new catchments dissolved).\n"
	  "\n"
	  "options:\n"
	  "  -s, --sector S       primary or secondary\n"
	  "  -y, --year Y         the forecast year and the change's year\n"
	  "                       (default base year + 1)\n"
	  "  -S, --schools LIST   re-draw only these schools' catchments (ids or\n"
	  "                       names, comma-separated)\n"
	  "  -b, --band LO-HI     target utilisation in percent (default 80-100)\n"
	  "  -t, --time-limit SEC stop the search after SEC seconds (default 60)\n"
	  "                       and return the best found\n"
	  "  -n, --nodes N        also stop after N branch-and-bound nodes per\n"
	  "                       stream: the same result on any machine that\n"
	  "                       gets there within the time limit\n"
	  "  -N, --no-contiguity  drop the contiguity constraint (the plain\n"
	  "                       assignment MIP, for comparison)\n"
	  HELP_SEARCH_OUT
	  "  -h, --help           show this help\n"
	  "\n"
	  "exit status: 0 done, 1 data errors (nothing is written), 2 usage\n" },
	{ "site", cmd_site,
	  "rank candidate sites for a new school",
	  "usage: estate site --sector S (--candidates FILE | --grid METRES)\n"
	  "                   [--capacity N] [--year Y] [--top N] [--time-limit SEC]\n"
	  "                   [--progress] [--out DIR] STUDY\n"
	  "\n"
	  "Puts a new school of sector S at each candidate site in turn (the\n"
	  "points of FILE, a CSV with columns x and y in the study's CRS, or the\n"
	  "centres of a METRES grid over the zones; land only: in a zone), opening\n"
	  "in year Y (default base year + 1), and evaluates it as estate run would\n"
	  "(the forecast, the study's allocation, travel on the road network).\n"
	  "Best first: fewest places short at the horizon (pupils above capacity\n"
	  "at the sector's schools + unplaced), then fewest pupils beyond the\n"
	  "walking limit, then the shortest mean walk; ties by candidate order.\n"
	  "\n"
	  "Writes site.csv and site.gpkg (layer site_candidates): every candidate\n"
	  "with the new school's roll and utilisation in its first year and at\n"
	  "the horizon; and site-best.ini (the best site as a [new] scenario for\n"
	  "estate run).\n"
	  "\n"
	  "options:\n"
	  "  -s, --sector S       primary or secondary\n"
	  "  -c, --candidates F   candidate points (CSV: x,y)\n"
	  "  -g, --grid METRES    a grid of that step over the zones\n"
	  "  -k, --capacity N     places of the new school (default 420 primary,\n"
	  "                       1200 secondary)\n"
	  "  -y, --year Y         opening year (default base year + 1)\n"
	  "  -n, --top N          rows of the printed table (default 10)\n"
	  HELP_CANDIDATE_SEARCH
	  "  -h, --help           show this help\n"
	  "\n"
	  "exit status: 0 done, 1 data errors (nothing is written), 2 usage\n" },
	{ "export", cmd_export,
	  "write the study's map layers for GIS software and the summary page",
	  "usage: estate export [--format F] [--out DIR] [--styles DIR] [--region]\n"
	  "                     STUDY [SCENARIO...]\n"
	  "\n"
	  "Options may come before or after STUDY and SCENARIO.\n"
	  "\n"
	  "For a study with a [model] section, re-evaluates the baseline and the\n"
	  "scenarios exactly as estate run does (the study's scenarios, or the\n"
	  "SCENARIO files given) and writes the run's map outputs: layers\n"
	  "schools, zones, catchments, desire_lines and changes with a scenario\n"
	  "column (see README, \"Outputs\").\n"
	  "\n"
	  "For a study without [model], or with --region, writes the loaded\n"
	  "region's layers instead, in the working CRS:\n"
	  "  schools       points: id, name, sector, status, roll, capacity,\n"
	  "                utilisation_pct, condition\n"
	  "  zones         polygons (points for point zones without\n"
	  "                [zone_boundaries]): population aged 4-11 and 12-17,\n"
	  "                nearest primary school, distance_m, beyond_limit\n"
	  "                (pupils beyond the statutory limit of their\n"
	  "                stage's age: P1-P3 2 miles, P4-P7 3 miles)\n"
	  "  catchments    the union of the zones each primary school serves\n"
	  "                (Voronoi cells clipped to the council without zones)\n"
	  "  desire_lines  zone to school, with pupils\n"
	  "  councils      council boundaries\n"
	  "where a zone's school is its nearest primary school by straight line.\n"
	  "\n"
	  "formats (comma-separated):\n"
	  "  gpkg     estate.gpkg, a GeoPackage 1.2 with the QGIS styles of\n"
	  "           gis/styles (built into estate) stored in it (QGIS\n"
	  "           applies them on open)\n"
	  "  geojson  one <layer>.geojson per layer: RFC 7946, WGS84 lon/lat\n"
	  "           (scenarios: geojson/<scenario>_<layer>.geojson)\n"
	  "  csv      one <layer>.csv per layer (points with x, y)\n"
	  "           (scenarios: the CSV tables of estate run)\n"
	  "  html     summary.html, one self-contained page with a map\n"
	  "           (scenarios: the comparison, a map and a chart each)\n"
	  "  all      every one of the above\n"
	  "\n"
	  "options:\n"
	  "  -f, --format F    formats to write (default gpkg)\n"
	  "  -o, --out DIR     write into DIR instead of the study's output folder\n"
	  "  -s, --styles DIR  QGIS styles (<layer>.qml) to store in the GeoPackage\n"
	  "                    instead of the styles built into estate\n"
	  "  -r, --region      the region's layers only, without scenarios\n"
	  HELP_THREADS("                    ")
	  "  -h, --help        show this help\n"
	  "\n"
	  "exit status: 0 written, 1 data errors, 2 usage\n" },
	{ "consult", cmd_consult,
	  "the evidence pack of a statutory consultation on one scenario",
	  "usage: estate consult STUDY SCENARIO [SCENARIO_FILE...] [--out DIR]\n"
	  "\n"
	  "For a proposal to close, merge, relocate (close and open) or change\n"
	  "catchments (a scenario with a close, merge, new or catchment change),\n"
	  "evaluates the study as estate run does and writes the quantitative\n"
	  "evidence the Schools (Consultation) (Scotland) Act 2010 asks for: the\n"
	  "proposal beside the baseline (keeping things as they are) and every\n"
	  "other scenario that touches its schools or zones, for the same\n"
	  "pupils: pupils affected by stage and year, walking distance and\n"
	  "driving time (median, worst, beyond the limit, newly entitled to free\n"
	  "transport), the schools they attend (places, utilisation, condition,\n"
	  "suitability), transport and running costs, SIMD profile, whether a\n"
	  "closed school is rural (s.12A) and the CO2e of the change in travel.\n"
	  "The officers' parts (educational benefits statement, community\n"
	  "effect, ...) are left as marked boxes.\n"
	  "\n"
	  "SCENARIO is a scenario's name or its file name (close-a or\n"
	  "close-a.ini) among the study's scenarios: the SCENARIO_FILEs given,\n"
	  "or every *.ini beside the study (as estate run).\n"
	  "Writes DIR/consult-<scenario>/consultation.html and its CSV tables\n"
	  "(options, proposal, rural, pupils_by_stage, schools, buildings,\n"
	  "travel, carbon, simd, costs) and data_quality.csv. The study's\n"
	  "[model] consult = FILE names the carbon assumptions\n"
	  "(models/consult.ini); [schools] urban_rural = COLUMN the\n"
	  "Scottish Government urban/rural class.\n"
	  "\n"
	  "options:\n"
	  "  -o, --out DIR   the output folder (default: the study's)\n"
	  HELP_THREADS("                  ")
	  "  -h, --help      show this help\n"
	  "\n"
	  "exit status: 0 written, 1 data errors, 2 usage (an unknown scenario,\n"
	  "or one that closes, merges, opens and rezones nothing)\n" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
		"usage: estate <command> [options]\n"
		"       estate help <command>\n"
		"       estate --version\n"
		"\n"
		"estate plans a learning estate: it loads schools, children and\n"
		"roads, projects rolls, allocates pupils and compares scenarios.\n"
		"\n"
		"commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nRun 'estate help <command>' for a command's options.\n");
}

void cli_help_command(FILE *fp, const char *name)
{
	const struct command *c = find(name);

	if (c)
		fputs(c->usage, fp);
}

int cli_usage_error(const char *name, const char *what)
{
	const struct command *c = find(name);
	const char *p = c ? c->usage : "";
	int gap = 0;

	if (strncmp(p, "usage: ", 7) == 0)
		p += 7;
	fprintf(stderr, "estate: %s: %s (usage: ", name, what);
	/* The synopsis ends at the help's first blank line; a run of spaces
	 * and line breaks (a wrapped, aligned synopsis) is one space. */
	for (; *p && !(p[0] == '\n' && p[1] == '\n'); p++) {
		if (*p == ' ' || *p == '\n') {
			gap = 1;
			continue;
		}
		if (gap)
			fputc(' ', stderr);
		gap = 0;
		fputc(*p, stderr);
	}
	fputs(")\n", stderr);
	return CLI_EUSAGE;
}

/*
 * The --threads of the command being run (0: not given). A static rather
 * than an argument of every loader: one command runs per process, and
 * cli_load and cli_run_eval_opts, which read the study, apply it there.
 */
static int threads_opt;

int cli_threads_option(const char *cmd, const char *arg)
{
	if (le_threads_parse(arg, &threads_opt) != 0) {
		fprintf(stderr, "estate: %s: --threads expects a whole number of threads "
			"from 1 to %d, got '%s'\n", cmd, LE_THREADS_MAX, arg);
		return CLI_EUSAGE;
	}
	return 0;
}

int cli_threads_study(struct study *s, struct le_err *err)
{
	return le_threads_resolve(threads_opt, s->threads, &s->threads, err);
}

int cli_study_args(int argc, char **argv, const char *cmd, const char *flag,
		   struct cli_args *a)
{
	struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, CLI_OPT_THREADS },
		{ "help", no_argument, NULL, 'h' },
		{ flag ? flag : "help", no_argument, NULL, flag ? 'f' : 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char usage_line[160];
	int c;

	memset(a, 0, sizeof(*a));
	snprintf(usage_line, sizeof(usage_line), "estate %s [--out DIR] [--threads N]%s%s%s STUDY", cmd,
		 flag ? " [--" : "", flag ? flag : "", flag ? "]" : "");
	/* getopt keeps state between calls; reset it for this command. Its own
	 * messages are off so that ours follow the "estate: ..." form. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->out = optarg;
			break;
		case 'f':
			a->flag = 1;
			break;
		case CLI_OPT_THREADS:
			if (cli_threads_option(cmd, optarg))
				return CLI_EUSAGE;
			break;
		case 'h':
			cli_help_command(stdout, cmd);
			return CLI_OK;
		default:
			fprintf(stderr, "estate: %s: unknown option '%s' (see 'estate %s --help')\n",
				cmd, argv[optind - 1], cmd);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "estate: %s: expected one study file (usage: %s)\n", cmd, usage_line);
		return CLI_EUSAGE;
	}
	a->study = argv[optind];
	return -1;
}

/*
 * Cohort change factors from [model] population_previous: the earlier
 * file read with the [population] columns (load/), the factors fitted by
 * model/. *prev_year gets the earlier year when they were estimated.
 */
static int cohorts(const struct study *s, struct geo_ctx *g, const struct region *r,
		   struct model *m, struct le_diags *md, int *prev_year,
		   struct le_err *err)
{
	const char *yv;
	int line, yline, rc;
	long y = 0;
	double *prev = NULL;
	char *has = NULL;
	struct le_err e2;

	study_model_get(s, "population_previous", &line);
	if (!(yv = study_model_get(s, "population_previous_year", &yline)))
		return le_errf(err, LE_EPARSE, "%s:%d: population_previous needs 'population_previous_year = YEAR' in [model]",
			       s->path, line);
	le_parse_long(yv, &y);
	if ((rc = load_population_previous(s, g, r, &prev, &has, err)))
		return rc;
	le_err_clear(&e2);
	/* The year is the study's word: its line goes in front. */
	if ((rc = model_cohort_estimate(&m->p, r, prev, has, (int)y, md, &e2))) {
		le_errf(err, rc, "%s:%d: %s", s->path, yline, e2.msg);
	} else {
		*prev_year = (int)y;
		/* births = trend: future age-0 cohorts from the same two years. */
		if (study_model_get(s, "births", NULL) &&
		    strcmp(study_model_get(s, "births", NULL), "trend") == 0)
			model_births_trend(&m->p, r, prev, has, (int)y);
	}
	free(prev);
	free(has);
	return rc;
}

int cli_model_cohorts(const struct study *s, struct geo_ctx *g, const struct region *r,
		      struct model *m, struct le_diags *md, int *prev_year,
		      struct le_err *err)
{
	const char *b = study_model_get(s, "births", NULL);
	int line;

	if (study_model_get(s, "population_previous", NULL))
		return cohorts(s, g, r, m, md, prev_year, err);
	if (b && strcmp(b, "trend") == 0) {
		study_model_get(s, "births", &line);
		return le_errf(err, LE_EUSAGE, "%s:%d: births = trend needs 'population_previous = FILE' in [model] (two population years)",
			       s->path, line);
	}
	return LE_OK;
}

int cli_load(const char *path, struct study *s, struct geo_ctx **g,
	     struct region *r, struct le_diags *d, struct le_err *err)
{
	int rc = io_study_read(path, s, err);

	if (!rc)
		rc = cli_threads_study(s, err);
	if (rc)
		return rc;
	*g = geo_ctx_new(err);
	if (!*g)
		return err->code;
	return load_region(s, *g, r, d, err);
}

int cli_out_begin(struct io_outdir *od, const char *out, const char *study_path,
		  const char *cmd, struct le_err *err)
{
	struct study s;
	char *study_real = NULL, *study_dir = NULL;
	int rc = LE_OK;
	size_t n;

	memset(&s, 0, sizeof(s));
	memset(od, 0, sizeof(*od));
	od->lockfd = -1;
	if (!out && !(rc = io_study_read(study_path, &s, err)))
		out = s.output;
	if (!rc)
		rc = io_outdir_begin(od, out, cmd, err);
	/* The swap would replace the study's own folder (its inputs kept as
	 * links, but a shell or editor inside it left in a deleted folder). */
	if (!rc && (study_real = realpath(study_path, NULL))) {
		study_dir = le_dirname(study_real);
		n = strlen(od->dir);
		if (!strncmp(study_dir, od->dir, n) && (study_dir[n] == '\0' || study_dir[n] == '/')) {
			rc = le_errf(err, LE_EDATA, "%s: output folder '%s' holds the study file '%s': estate replaces its output folder as a whole, so give it a folder of its own (e.g. output = output/)",
				     cmd, out, study_path);
			io_outdir_abort(od);
		}
	}
	free(study_dir);
	free(study_real);
	io_study_release(&s);
	return rc;
}

int cli_warnings_csv(const struct io_outdir *od, const struct le_diags *d,
		     const struct le_diags *md, struct le_err *err)
{
	const struct le_diags *lists[] = { d, md };
	struct buf path;
	int rc;

	buf_init(&path);
	buf_addf(&path, "%s/data_quality.csv", io_outdir_path(od));
	rc = report_check_csv(path.s, lists, md ? 2 : 1, err);
	buf_release(&path);
	return rc;
}

void cli_warnings_print(const char *out, const struct le_diags *d, const struct le_diags *md)
{
	const struct le_diags *lists[] = { d, md };
	struct buf path;

	buf_init(&path);
	buf_addf(&path, "%s/data_quality.csv", out);
	report_warnings(stdout, lists, md ? 2 : 1, path.s);
	buf_release(&path);
}

/* Does ESTATE_TRACE name topic (a word of a comma-separated list)? */
static int trace_on(const char *topic)
{
	const char *v = getenv("ESTATE_TRACE"), *p;
	size_t n = strlen(topic);

	if (!v)
		return 0;
	for (p = v; *p; p += strcspn(p, ",")) {
		p += *p == ',';
		if ((!strncmp(p, topic, n) && (p[n] == ',' || !p[n])) ||
		    (!strncmp(p, "all", 3) && (p[3] == ',' || !p[3])))
			return 1;
	}
	return 0;
}

void cli_trace_net(const struct net_travel_info *info)
{
	static const char *const graph[] = { NULL, "built", "from cache" };

	if (!trace_on("net"))
		return;
	if (info->graph > 0 && info->graph < 3)
		fprintf(stderr, "estate: network: %s\n", graph[info->graph]);
	if (!(info->flags & NET_TRAVEL_NETWORK))
		fprintf(stderr, "estate: travel tables: %s\n", info->reused ? "from cache" : "built");
}

int cli_report(const struct le_err *err)
{
	fprintf(stderr, "estate: %s\n", err->msg[0] ? err->msg : "unknown error");
	return err->code == LE_EUSAGE ? CLI_EUSAGE : CLI_EDATA;
}

/* ---------------------------------------------------------------- progress */

/*
 * The progress sink (core/progress.c reports, this prints). On a
 * terminal: one line rewritten in place, shown only once the work has
 * taken a second (quick reads stay silent), ended with a newline.
 * ESTATE_PROGRESS=1: plain lines, whatever stderr is, at each new tenth
 * (percent work) or each count, from the steps alone, so tests can check
 * them. ESTATE_PROGRESS=0, or stderr not a terminal: nothing, so scripts
 * and the tests' stderr see exactly what they saw before.
 */
static int progress_forced;

static void progress_line(const struct le_progress *p, double done)
{
	if (p->kind == LE_PROGRESS_COUNT)
		fprintf(stderr, "estate: %s %.0f of %.0f", p->what, done, p->total);
	else
		fprintf(stderr, "estate: %s: %ld%%", p->what, p->step);
}

static void progress_sink(struct le_progress *p, double done, int final, int completed)
{
	if (progress_forced) {
		/* A tenth of the way (or a count) not printed yet. */
		long mark = p->kind == LE_PROGRESS_COUNT ? p->step : p->step / 10;
		if ((final && !completed) || mark <= p->printed)
			return;
		p->printed = mark;
		progress_line(p, done);
		fputc('\n', stderr);
		return;
	}
	if (final) {
		if (p->shown) {
			if (completed) {
				fputc('\r', stderr);
				progress_line(p, done);
			}
			fputc('\n', stderr);
		}
		return;
	}
	if (!p->shown && le_progress_elapsed(p) < 1.0)
		return;
	p->shown = 1;
	fputc('\r', stderr);
	progress_line(p, done);
	fflush(stderr);
}

/* Decide once per process where progress goes. */
static void progress_setup(void)
{
	const char *v = getenv("ESTATE_PROGRESS");

	if (v && !strcmp(v, "0"))
		return;
	progress_forced = v && !strcmp(v, "1");
	if (progress_forced || isatty(STDERR_FILENO))
		le_progress_set_sink(progress_sink);
}

int cli_main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return CLI_EUSAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("estate %s\n", ESTATE_VERSION);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return CLI_OK;
		}
		if (!find(argv[2])) {
			fprintf(stderr, "estate: unknown command '%s' (run 'estate --help' for the list)\n",
				argv[2]);
			return CLI_EUSAGE;
		}
		cli_help_command(stdout, argv[2]);
		return CLI_OK;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "estate: unknown command '%s' (run 'estate --help' for the list)\n",
			argv[1]);
		return CLI_EUSAGE;
	}
	progress_setup();
	return c->fn(argc - 1, argv + 1);
}
