/*
 * powermap — weighted betweenness for rank (not public; see betweenness.c).
 */
#ifndef POWERMAP_BETWEENNESS_H
#define POWERMAP_BETWEENNESS_H

#include <stddef.h>

/*
 * Betweenness of the n vertices of an undirected graph with m edges
 * (from[i] - to[i], length len[i] > 0, lengths whose sums are exact: equal
 * paths must sum to equal doubles) into out[n]: over all sources (sources
 * NULL) or over sources[0..nsources) to every target, halved either way
 * (unordered pairs). `threads` (1..PM_BETWEENNESS_MAX_THREADS) share the
 * sources. 0, or -1 when out of memory.
 */
#define PM_BETWEENNESS_MAX_THREADS 8

int pm_betweenness_weighted(size_t n, const int *from, const int *to, const double *len,
			    size_t m, const int *sources, size_t nsources, int threads,
			    double *out);

#endif
