/* cache_name.h - perf's names for the generic cache events, every spelling perf accepts
 * ("L1-dcache-load-misses", "l1d-miss", "LLC-Reference", "Instruction-TLB-miss"). Pure. */
#ifndef HPSTAT_CACHE_NAME_H
#define HPSTAT_CACHE_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * A cache event is CACHE[-WORD[-WORD]]: a cache (L1-dcache, l1-d, l1d, L1-data; L1-icache,
 * l1-i, l1i, L1-instruction; LLC, L2; dTLB, d-tlb, Data-TLB; iTLB, i-tlb, Instruction-TLB;
 * branch, branches, bpu, btb, bpc; node), then at most one operation (load, loads, read;
 * store, stores, write; prefetch, prefetches, speculative-read, speculative-load) and at most
 * one result (refs, Reference, ops, access; misses, miss), in either order. The operation
 * defaults to load and the result to access. Letters may be of any case (perf wants the
 * case above); a word repeated with the same meaning is accepted, as perf accepts it.
 *
 * Parses name[0..len): 1 with *config set to PERF_TYPE_HW_CACHE's encoding (cache | op << 8
 * | result << 16); 0 when it is not shaped like a cache event; -1 with err when it is but
 * names an operation the cache does not have ("L1-icache-stores") or two different ones.
 */
int cache_name_parse(const char *name, size_t len, uint64_t *config, struct hp_err *err);

#endif
