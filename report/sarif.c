/*
 * sarif.c - the SARIF 2.1.0 writer of sarif.h, with jansson.
 * Schema: https://docs.oasis-open.org/sarif/sarif/v2.1.0/ (sarif-schema-2.1.0.json).
 */
#include "iptsim/sarif.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct sarif_log {
    json_t *root;
    json_t *rules, *results; /* borrowed from root */
};

/* A result handle is its JSON object, owned by the log's results array. */
static json_t *R(struct sarif_result *r)
{
    return (json_t *)(void *)r;
}

struct sarif_log *sarif_new(const char *tool, const char *version, const char *info_uri)
{
    struct sarif_log *s = xcalloc(1, sizeof(*s));
    s->rules = json_array();
    s->results = json_array();
    json_t *driver = json_pack("{s:s, s:s}", "name", tool, "version", version);
    if (info_uri)
        json_object_set_new(driver, "informationUri", json_string(info_uri));
    json_object_set_new(driver, "rules", s->rules);
    json_t *run = json_pack("{s:{s:o}}", "tool", "driver", driver);
    json_object_set_new(run, "results", s->results);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    s->root =
        json_pack("{s:s, s:s, s:[o]}", "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                  "version", "2.1.0", "runs", run);
    return s;
}

void sarif_free(struct sarif_log *s)
{
    if (!s)
        return;
    json_decref(s->root);
    free(s);
}

void sarif_add_rule(struct sarif_log *s, const char *id, const char *short_desc)
{
    json_array_append_new(
        s->rules, json_pack("{s:s, s:{s:s}}", "id", id, "shortDescription", "text", short_desc));
}

static json_t *location(const char *file, uint32_t line, uint32_t col)
{
    json_t *phys = json_pack("{s:{s:s}}", "artifactLocation", "uri", file ? file : "");
    if (line) {
        json_t *region = json_pack("{s:I}", "startLine", (json_int_t)line);
        if (col)
            json_object_set_new(region, "startColumn", json_integer((json_int_t)col));
        json_object_set_new(phys, "region", region);
    }
    return json_pack("{s:o}", "physicalLocation", phys);
}

struct sarif_result *sarif_add_result(struct sarif_log *s, const char *rule_id,
                                      enum sarif_level level, const char *message, const char *file,
                                      uint32_t line, uint32_t col)
{
    static const char *const names[] = {"none", "note", "warning", "error"};
    json_t *o = json_pack("{s:s, s:s, s:{s:s}, s:[o]}", "ruleId", rule_id, "level", names[level],
                          "message", "text", message, "locations", location(file, line, col));
    size_t n = json_array_size(s->rules);
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(s->rules, i);
        if (!strcmp(json_string_value(json_object_get(r, "id")), rule_id)) {
            json_object_set_new(o, "ruleIndex", json_integer((json_int_t)i));
            break;
        }
    }
    json_array_append_new(s->results, o);
    return (struct sarif_result *)(void *)o;
}

void sarif_result_property(struct sarif_result *r, const char *key, const char *value)
{
    json_t *props = json_object_get(R(r), "properties");
    if (!props) {
        props = json_object();
        json_object_set_new(R(r), "properties", props);
    }
    json_object_set_new(props, key, json_string(value));
}

void sarif_result_related(struct sarif_result *r, const char *file, uint32_t line, uint32_t col,
                          const char *message)
{
    json_t *rel = json_object_get(R(r), "relatedLocations");
    if (!rel) {
        rel = json_array();
        json_object_set_new(R(r), "relatedLocations", rel);
    }
    json_t *loc = location(file, line, col);
    json_object_set_new(loc, "id", json_integer((json_int_t)json_array_size(rel)));
    if (message)
        json_object_set_new(loc, "message", json_pack("{s:s}", "text", message));
    json_array_append_new(rel, loc);
}

void sarif_write(const struct sarif_log *s, struct strbuf *out)
{
    char *txt = json_dumps(s->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (txt) {
        sb_puts(out, txt);
        sb_putc(out, '\n');
        free(txt);
    }
}
