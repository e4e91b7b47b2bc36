/*
 * test_nft_json.c - the JSON front end's lowering (parser/nft_json.c):
 * JSON to the text `nft list ruleset` prints, the JSON line each lowered
 * line came from, and errors at FILE:LINE:COLUMN with the JSON path; and
 * the whole load (nft_json_load_buffer, parser/nft_json_load.c): the model
 * and every diagnostic located in the JSON file, not the lowered text.
 * (tests/nft/json_lowering.py checks the lowering against the system nft.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/diag.h"
#include "iptsim/nft.h"
#include "iptsim/parse.h"
#include "nft_json.h"

struct lowered {
    struct diags d;
    struct strbuf out;
    struct nftj_linemap map;
    int rc;
};

static void lower(struct lowered *l, const char *json)
{
    diags_init(&l->d);
    sb_init(&l->out);
    l->map = (struct nftj_linemap){0};
    uint32_t file = diags_add_file(&l->d, "t.json");
    l->rc = nftj_lower(json, strlen(json), &l->d, file, &l->out, &l->map);
}

static void done(struct lowered *l)
{
    diags_free(&l->d);
    sb_free(&l->out);
    nftj_linemap_free(&l->map);
}

static const char listing[] =
    "{\"nftables\": [\n"
    "{\"metainfo\": {\"version\": \"1.0.6\", \"json_schema_version\": 1}},\n"
    "{\"table\": {\"family\": \"inet\", \"name\": \"f\", \"handle\": 1}},\n"
    "{\"chain\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"in\", \"handle\": 1,\n"
    "  \"type\": \"filter\", \"hook\": \"input\", \"prio\": 5, \"policy\": \"drop\"}},\n"
    "{\"set\": {\"family\": \"inet\", \"table\": \"f\", \"name\": \"ifs\", \"type\": \"ifname\",\n"
    "  \"elem\": [\"eth0\", \"lo\"]}},\n"
    "{\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"in\", \"expr\": [\n"
    "  {\"match\": {\"op\": \"in\", \"left\": {\"ct\": {\"key\": \"state\"}}, \"right\": "
    "[\"established\", \"related\"]}},\n"
    "  {\"accept\": null}]}},\n"
    "{\"rule\": {\"family\": \"inet\", \"table\": \"f\", \"chain\": \"in\", \"comment\": \"ssh\", "
    "\"expr\": [\n"
    "  {\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iifname\"}}, \"right\": "
    "\"@ifs\"}},\n"
    "  {\"match\": {\"op\": \"==\", \"left\": {\"payload\": {\"protocol\": \"tcp\", \"field\": "
    "\"dport\"}}, \"right\": {\"set\": [22, {\"range\": [80, 90]}]}}},\n"
    "  {\"mangle\": {\"key\": {\"meta\": {\"key\": \"mark\"}}, \"value\": 16}},\n"
    "  {\"counter\": {\"packets\": 3, \"bytes\": 180}}, {\"jump\": {\"target\": \"in\"}}]}}\n"
    "]}\n";

static void test_listing(void **state)
{
    (void)state;
    struct lowered l;
    lower(&l, listing);
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.d.n, 0);
    assert_string_equal(l.out.s, "table inet f {\n"
                                 "\tset ifs {\n"
                                 "\t\ttype ifname\n"
                                 "\t\telements = { \"eth0\", \"lo\" }\n"
                                 "\t}\n"
                                 "\n"
                                 "\tchain in {\n"
                                 "\t\ttype filter hook input priority filter + 5; policy drop;\n"
                                 "\t\tct state established,related accept\n"
                                 "\t\tiifname @ifs tcp dport { 22, 80-90 } meta mark set "
                                 "0x00000010 counter packets 3 bytes 180 jump in comment \"ssh\"\n"
                                 "\t}\n"
                                 "}\n");
    /* each line points at its JSON object: the rules at lines 8 and 11 */
    assert_int_equal(l.map.n, 12);
    assert_int_equal(l.map.v[0].line, 3);  /* table */
    assert_int_equal(l.map.v[1].line, 6);  /* set */
    assert_int_equal(l.map.v[6].line, 4);  /* chain */
    assert_int_equal(l.map.v[8].line, 8);  /* first rule */
    assert_int_equal(l.map.v[9].line, 11); /* second rule */
    /* at the item's key, `"rule"` */
    assert_int_equal(l.map.v[9].col, 2);
    assert_int_equal(l.map.v[9].len, 6);
    /* and the item's JSON path */
    assert_string_equal(l.map.paths[l.map.obj[9]], "nftables[5].rule");
    assert_string_equal(l.map.paths[l.map.obj[6]], "nftables[2].chain");
    done(&l);
}

static void test_commands(void **state)
{
    (void)state;
    struct lowered l;
    lower(&l, "{\"nftables\": [{\"flush\": {\"ruleset\": null}},\n"
              "{\"add\": {\"table\": {\"family\": \"ip\", \"name\": \"t\"}}},\n"
              "{\"add\": {\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\", "
              "\"type\": \"nat\", \"hook\": \"postrouting\", \"prio\": 100}}},\n"
              "{\"insert\": {\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", "
              "\"expr\": [{\"masquerade\": {\"flags\": [\"random\", \"persistent\"]}}]}}}]}");
    assert_int_equal(l.rc, 0);
    assert_string_equal(l.out.s, "flush ruleset\n"
                                 "add table ip t\n"
                                 "add chain ip t c { type nat hook postrouting priority srcnat; "
                                 "policy accept; }\n"
                                 "insert rule ip t c masquerade random,persistent\n");
    assert_int_equal(l.map.v[3].line, 4);
    assert_int_equal(l.map.v[3].col, 13); /* `"rule"` of {"insert": {"rule": ...}} */
    assert_string_equal(l.map.paths[l.map.obj[3]], "nftables[3].insert.rule");
    done(&l);
}

static void test_syntax_error(void **state)
{
    (void)state;
    struct lowered l;
    lower(&l, "{\"nftables\": [\n  {\"table\": {\"family\": \"ip\",, \"name\": \"t\"}}\n]}");
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 1);
    struct strbuf b;
    sb_init(&b);
    diag_format(&l.d, &l.d.v[0], &b, false);
    /* at the second comma (column 29), with the line and a caret */
    assert_non_null(strstr(b.s, "t.json:2:29: error: not valid JSON"));
    assert_non_null(strstr(b.s, "{\"table\": {\"family\": \"ip\",, \"name\": \"t\"}}"));
    sb_free(&b);
    done(&l);
}

static void test_semantic_errors(void **state)
{
    (void)state;
    struct lowered l;
    lower(&l,
          "{\"nftables\": [\n"
          "{\"table\": {\"family\": \"ip\", \"name\": \"t\"}},\n"
          "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\"}},\n"
          "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [\n"
          "  {\"accept\": null},\n"
          "  {\"match\": {\"op\": \"==\", \"left\": {\"bogus\": {\"key\": 1}}, \"right\": 1}}]}},\n"
          "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"nochain\", \"expr\": "
          "[]}},\n"
          "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [\n"
          "  {\"counter\": {\"packets\": \"many\"}}]}}\n"
          "]}");
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 3);
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < l.d.n; i++)
        diag_format(&l.d, &l.d.v[i], &b, false);
    assert_non_null(strstr(b.s, "t.json:6:44: error: unknown expression \"bogus\" (at "
                                "nftables[2].rule.expr[1].match.left.bogus)"));
    assert_non_null(strstr(b.s, "t.json:7:50: error: the rule is in chain nochain, which table "
                                "ip t does not declare (at nftables[3].rule.chain)"));
    assert_non_null(strstr(b.s, "t.json:9:27: error: \"packets\" must be an integer (at "
                                "nftables[4].rule.expr[0].counter.packets)"));
    sb_free(&b);
    done(&l);
}

static void test_not_nftables(void **state)
{
    (void)state;
    struct lowered l;
    lower(&l, "[1, 2]");
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 1);
    done(&l);
    /* deep nesting is an error, never a stack overflow */
    struct strbuf deep;
    sb_init(&deep);
    sb_puts(&deep,
            "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}}, {\"chain\": "
            "{\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\"}}, {\"rule\": "
            "{\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\": [{\"match\": "
            "{\"op\": \"==\", \"left\": ");
    for (int i = 0; i < 500; i++)
        sb_puts(&deep, "{\"&\": [");
    sb_puts(&deep, "1");
    for (int i = 0; i < 500; i++)
        sb_puts(&deep, ", 1]}");
    sb_puts(&deep, ", \"right\": 1}}]}}]}");
    lower(&l, deep.s);
    assert_int_equal(l.rc, -1);
    done(&l);
    sb_free(&deep);
}

/* ---- the whole load ---- */

struct loaded {
    struct ipt_ruleset *rs;
    struct diags d;
    uint32_t file;
    int rc;
    struct strbuf msgs; /* every diagnostic, formatted */
};

static void load(struct loaded *l, const char *json)
{
    l->rs = ruleset_new();
    diags_init(&l->d);
    l->file = diags_add_file(&l->d, "t.json");
    l->rc = nft_json_load_buffer(l->rs, &l->d, l->file, json, strlen(json), NULL);
    sb_init(&l->msgs);
    for (size_t i = 0; i < l->d.n; i++)
        diag_format(&l->d, &l->d.v[i], &l->msgs, false);
}

static void unload(struct loaded *l)
{
    sb_free(&l->msgs);
    diags_free(&l->d);
    ruleset_free(l->rs);
}

/* as `nft -j list ruleset | jq` writes it: one key a line */
static const char pretty[] = "{\n"
                             "  \"nftables\": [\n"
                             "    {\n"
                             "      \"table\": {\"family\": \"ip\", \"name\": \"t\"}\n"
                             "    },\n"
                             "    {\n"
                             "      \"set\": {\"family\": \"ip\", \"table\": \"t\", "
                             "\"name\": \"bad\", \"type\": \"ipv4_addr\",\n"
                             "              \"elem\": [\"192.0.2.1\"]}\n"
                             "    },\n"
                             "    {\n"
                             "      \"chain\": {\"family\": \"ip\", \"table\": \"t\", "
                             "\"name\": \"in\",\n"
                             "                \"type\": \"filter\", \"hook\": \"input\", "
                             "\"prio\": 0, \"policy\": \"drop\"}\n"
                             "    },\n"
                             "    {\n"
                             "      \"rule\": {\n"
                             "        \"family\": \"ip\", \"table\": \"t\", \"chain\": "
                             "\"in\",\n"
                             "        \"expr\": [{\"match\": {\"op\": \"==\", \"left\": "
                             "{\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, "
                             "\"right\": \"@bad\"}}, {\"drop\": null}]\n"
                             "      }\n"
                             "    },\n"
                             "    {\n"
                             "      \"rule\": {\n"
                             "        \"family\": \"ip\", \"table\": \"t\", \"chain\": "
                             "\"in\",\n"
                             "        \"expr\": [{\"match\": {\"op\": \"==\", \"left\": "
                             "{\"payload\": {\"protocol\": \"tcp\", \"field\": \"dport\"}}, "
                             "\"right\": 22}}, {\"accept\": null}]\n"
                             "      }\n"
                             "    }\n"
                             "  ]\n"
                             "}\n";

static void test_load_locations(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, pretty);
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.d.n, 0);
    assert_int_equal(l.rs->ntables, 1);
    struct ipt_table *t = l.rs->tables[0];
    /* every location is the JSON file's: the line of the item's key */
    assert_int_equal(t->loc.file, l.file);
    assert_int_equal(t->loc.line, 4);
    struct ipt_chain *c = table_find_chain(t, "in");
    assert_non_null(c);
    assert_int_equal(c->loc.line, 11);
    assert_int_equal(c->loc.col, 7);
    assert_int_equal(c->nrules, 2);
    assert_int_equal(c->rules[0]->loc.file, l.file);
    assert_int_equal(c->rules[0]->loc.line, 15);
    assert_int_equal(c->rules[0]->loc.col, 7);
    assert_int_equal(c->rules[1]->loc.line, 21);
    struct nft_set *s = nft_table_find_set(t, "bad");
    assert_non_null(s);
    assert_int_equal(s->loc.line, 7);
    /* and it lists as the text it means */
    struct strbuf b;
    sb_init(&b);
    nft_print_ruleset(&b, l.rs);
    assert_non_null(strstr(b.s, "\t\tip saddr @bad drop\n\t\ttcp dport 22 accept\n"));
    sb_free(&b);
    unload(&l);
}

/* b with the first `from` replaced by `to` */
static void replace(struct strbuf *b, const char *from, const char *to)
{
    char *at = strstr(b->s, from);
    assert_non_null(at);
    struct strbuf n;
    sb_init(&n);
    sb_putn(&n, b->s, (size_t)(at - b->s));
    sb_puts(&n, to);
    sb_puts(&n, at + strlen(from));
    sb_free(b);
    *b = n;
}

static void test_load_errors(void **state)
{
    (void)state;
    /* an address the expression library refuses, and a jump to nowhere */
    struct strbuf j;
    sb_init(&j);
    sb_puts(&j, pretty);
    replace(&j, "\"@bad\"", "\"10.0.0.300\"");
    replace(&j, "{\"accept\": null}", "{\"jump\": {\"target\": \"x\"}}");
    struct loaded l;
    load(&l, j.s);
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 2);
    for (size_t i = 0; i < l.d.n; i++)
        assert_int_equal(l.d.v[i].loc.file, l.file);
    /* at the rule's key, with that JSON line, its path and the nft text */
    assert_int_equal(l.d.v[0].loc.line, 15);
    assert_string_equal(l.d.v[0].src_line, "      \"rule\": {");
    assert_non_null(
        strstr(l.d.v[0].msg, "(nftables[3].rule, as nft text: `ip saddr 10.0.0.300 drop`)"));
    assert_non_null(strstr(l.msgs.s, "t.json:15:7: error: "));
    assert_non_null(strstr(l.msgs.s, "t.json:21:7: error: "));
    assert_non_null(strstr(l.d.v[1].msg, "(nftables[4].rule, as nft text: `tcp dport 22 jump x`)"));
    assert_null(strstr(l.msgs.s, "\t\t")); /* no lowered line as an excerpt */
    unload(&l);
    sb_free(&j);

    /* a JSON line over 240 bytes (`nft -j` writes one) is not shown */
    sb_init(&j);
    sb_puts(&j, "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}}, "
                "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\"}}, "
                "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", "
                "\"comment\": \"");
    for (int i = 0; i < 30; i++)
        sb_puts(&j, "padding ");
    sb_puts(&j, "\", \"expr\": [{\"jump\": {\"target\": \"nowhere\"}}]}}]}");
    load(&l, j.s);
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 1);
    assert_int_equal(l.d.v[0].loc.line, 1);
    assert_int_equal(l.d.v[0].loc.col, (uint32_t)(strstr(j.s, "\"rule\"") - j.s) + 1);
    assert_null(l.d.v[0].src_line);
    assert_non_null(strstr(l.d.v[0].msg, "nftables[2].rule, as nft text: `jump nowhere comment"));
    unload(&l);
    sb_free(&j);

    /* errors of the JSON itself: reported, and nothing is loaded */
    load(&l, "{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"t\"}},\n"
             "{\"chain\": {\"family\": \"ip\", \"table\": \"t\", \"name\": \"c\"}},\n"
             "{\"rule\": {\"family\": \"ip\", \"table\": \"t\", \"chain\": \"c\", \"expr\": "
             "[{\"bogus\": 1}]}}]}");
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 1);
    assert_non_null(strstr(l.msgs.s, "t.json:3:"));
    assert_int_equal(l.rs->ntables, 0);
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listing),      cmocka_unit_test(test_commands),
        cmocka_unit_test(test_syntax_error), cmocka_unit_test(test_semantic_errors),
        cmocka_unit_test(test_not_nftables), cmocka_unit_test(test_load_locations),
        cmocka_unit_test(test_load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
