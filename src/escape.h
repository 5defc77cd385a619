/* escape.h - text made safe for where it goes: JSON strings, CSV fields, a terminal. */
#ifndef HPSTAT_ESCAPE_H
#define HPSTAT_ESCAPE_H

#include <stdio.h>

/* Writes text as a JSON string, or null for NULL. Quotes, backslashes and control bytes are
 * escaped; each byte that does not begin well-formed UTF-8 becomes one U+FFFD, so the document
 * parses whatever bytes the user's names and argv hold. */
void escape_json_string(FILE *out, const char *text);

/* Writes text as one RFC 4180 field (nothing for NULL): a field holding a comma, a double
 * quote or a line break goes in double quotes, its quotes doubled. Event names can hold all
 * of these (pmu/event=1,umask=2/). */
void escape_csv_field(FILE *out, const char *text);

/* Writes text as a quoted label value of the Prometheus and OpenMetrics text formats (""
 * for NULL): backslash, double quote and line feed escaped as \\, \" and \n; each byte that
 * does not begin well-formed UTF-8 becomes one U+FFFD, which both formats require. */
void escape_label_value(FILE *out, const char *text);

/* Writes text for a terminal: control bytes (C0, DEL, C1) and bytes that do not begin
 * well-formed UTF-8 become \xNN, so that quoted user input can neither move the cursor nor
 * change colours; a backslash before 'x' is doubled to keep the escapes unambiguous. Valid
 * UTF-8 passes unchanged. */
void escape_terminal(FILE *out, const char *text);

#endif
