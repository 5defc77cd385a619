/* cache_name.c - the spellings of perf's generic cache events, and which operations each
 * cache has. */
#include "cache_name.h"

#include <linux/perf_event.h>
#include <string.h>
#include <strings.h>

#define MAX_SPELLINGS 5

struct words {
	const char *spelling[MAX_SPELLINGS]; /* the first is the canonical one */
};

/* Indexed by enum perf_hw_cache_id. */
static const struct words caches[PERF_COUNT_HW_CACHE_MAX] = {
	{ { "L1-dcache", "l1-d", "l1d", "L1-data" } },
	{ { "L1-icache", "l1-i", "l1i", "L1-instruction" } },
	{ { "LLC", "L2" } },
	{ { "dTLB", "d-tlb", "Data-TLB" } },
	{ { "iTLB", "i-tlb", "Instruction-TLB" } },
	{ { "branch", "branches", "bpu", "btb", "bpc" } },
	{ { "node" } },
};

/* Indexed by enum perf_hw_cache_op_id. */
static const struct words ops[PERF_COUNT_HW_CACHE_OP_MAX] = {
	{ { "load", "loads", "read" } },
	{ { "store", "stores", "write" } },
	{ { "prefetch", "prefetches", "speculative-read", "speculative-load" } },
};

/* Indexed by enum perf_hw_cache_op_result_id. */
static const struct words results[PERF_COUNT_HW_CACHE_RESULT_MAX] = {
	{ { "refs", "Reference", "ops", "access" } },
	{ { "misses", "miss" } },
};

/* Which operations each cache has, as bits 1 << op: an instruction cache or TLB is not
 * written, a branch predictor only looked up. */
#define OP(x) (1u << PERF_COUNT_HW_CACHE_OP_##x)
static const unsigned valid_ops[PERF_COUNT_HW_CACHE_MAX] = {
	OP(READ) | OP(WRITE) | OP(PREFETCH), /* L1D */
	OP(READ) | OP(PREFETCH),             /* L1I */
	OP(READ) | OP(WRITE) | OP(PREFETCH), /* LL */
	OP(READ) | OP(WRITE) | OP(PREFETCH), /* DTLB */
	OP(READ),                            /* ITLB */
	OP(READ),                            /* BPU */
	OP(READ) | OP(WRITE) | OP(PREFETCH), /* NODE */
};

/* The index in table[0..n) of the spelling that text starts with, followed by its end or a
 * '-'; the longest such spelling wins ("speculative-read" over a shorter word). -1: none. */
static int match_word(const struct words *table, size_t n, const char *text, size_t len,
		      size_t *used)
{
	size_t i, k, best_len = 0;
	int best = -1;

	for (i = 0; i < n; i++)
		for (k = 0; k < MAX_SPELLINGS && table[i].spelling[k]; k++) {
			size_t w = strlen(table[i].spelling[k]);

			if (w <= len && w > best_len &&
			    strncasecmp(text, table[i].spelling[k], w) == 0 &&
			    (w == len || text[w] == '-')) {
				best = (int)i;
				best_len = w;
			}
		}
	*used = best_len;
	return best;
}

int cache_name_parse(const char *name, size_t len, uint64_t *config, struct hp_err *err)
{
	size_t used, at;
	int cache = match_word(caches, PERF_COUNT_HW_CACHE_MAX, name, len, &used);
	int op = -1, result = -1, words = 0;

	if (cache < 0)
		return 0;
	for (at = used; at < len; words++) {
		int o, r;
		size_t o_used, r_used;

		if (words == 2)
			return 0;
		at++; /* the '-' */
		o = match_word(ops, PERF_COUNT_HW_CACHE_OP_MAX, name + at, len - at, &o_used);
		r = match_word(results, PERF_COUNT_HW_CACHE_RESULT_MAX, name + at, len - at,
			       &r_used);
		if (o >= 0) {
			if (op >= 0 && op != o)
				return err_set(err, "cache event '%.*s' names two operations: write "
					       "one of load, store, prefetch", (int)len, name);
			op = o;
			at += o_used;
		} else if (r >= 0) {
			if (result >= 0 && result != r)
				return err_set(err, "cache event '%.*s' names two results: write "
					       "one of refs, misses", (int)len, name);
			result = r;
			at += r_used;
		} else {
			return 0;
		}
	}
	if (op < 0)
		op = PERF_COUNT_HW_CACHE_OP_READ;
	if (result < 0)
		result = PERF_COUNT_HW_CACHE_RESULT_ACCESS;
	if (!(valid_ops[cache] & (1u << op)))
		return err_set(err, "cache event '%.*s': the %s cache has no %s operation; it has "
			       "%s%s%s", (int)len, name, caches[cache].spelling[0],
			       ops[op].spelling[0], "load",
			       valid_ops[cache] & OP(WRITE) ? ", store" : "",
			       valid_ops[cache] & OP(PREFETCH) ? ", prefetch" : "");
	*config = (uint64_t)cache | (uint64_t)op << 8 | (uint64_t)result << 16;
	return 1;
}
