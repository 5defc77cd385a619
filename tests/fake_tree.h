/* fake_tree.h - files written under a scratch root, standing in for sysfs and tracefs. */
#ifndef HPSTAT_TEST_FAKE_TREE_H
#define HPSTAT_TEST_FAKE_TREE_H

/* Writes content to root/rel, creating the directories on the way (content NULL: only the
 * directories). Fails the running Check test on any error. */
void fake_tree_put(const char *root, const char *rel, const char *content);

/* Writes a RAPL-like PMU under root/devices/power: type 23, one format term (event,
 * config:0-7), events energy-pkg (event=0x02, scale 2.3283064365386962890625e-10, unit Joules)
 * and energy-cores (event=0x01). */
void fake_tree_power_pmu(const char *root);

/* Removes root and everything below it; errors are ignored (it is cleanup). */
void fake_tree_remove(const char *root);

#endif
