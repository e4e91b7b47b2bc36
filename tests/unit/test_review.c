/*
 * test_review.c - the pieces of `check` that are not a command line: the
 * JUnit writer (report/junit.c) against the schema in tests/review/junit.xsd
 * with libxml2's validator, and the expectations language (sim/expect.c):
 * its errors and how a result is judged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "iptsim/expect.h"
#include "iptsim/junit.h"

static char xsd_path[4096];

static void quiet(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e; /* the refusals are expected; the test checks the result */
}

/* 0 valid, >0 invalid, <0 could not run */
static int validate(const char *xml_path)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd_path);
    assert_non_null(pc);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(vc, quiet, NULL);
    xmlDocPtr doc = xmlReadFile(xml_path, NULL, XML_PARSE_NONET);
    int rc = doc ? xmlSchemaValidateDoc(vc, doc) : -1;
    if (doc)
        xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

static char *xpath_string(const char *xml_path, const char *expr)
{
    xmlDocPtr doc = xmlReadFile(xml_path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(o);
    xmlChar *s = xmlXPathCastToString(o);
    char *r = strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return r;
}

static void test_junit_valid_and_escaped(void **state)
{
    (void)state;
    char path[] = "/tmp/iptsim-junit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct junit_case c[3] = {
        {.name = "line 1: tcp:1.1.1.1->2.2.2.2:22 in=eth0 => drop",
         .classname = "a.expect",
         .file = "a.expect",
         .line = 1},
        {.name = "line 2: <&\"'>",
         .classname = "a.expect",
         .file = "a.expect",
         .line = 2,
         .failure_message = "expected drop, but it is local & \"fine\"",
         .failure_type = "expectation",
         .failure_text = "PREROUTING\n  nat PREROUTING rule 1 ACCEPT <x>\n\x01 control\n"},
        {.name = "line 3: caf\xc3\xa9", .classname = "a.expect", .line = 3},
    };
    char err[256];
    assert_int_equal(junit_write(path, "ipt-sim check", c, 3, err, sizeof(err)), 0);
    assert_int_equal(validate(path), 0);
    char *s = xpath_string(path, "string(/testsuites/testsuite/@failures)");
    assert_string_equal(s, "1");
    free(s);
    s = xpath_string(path, "string(/testsuites/testsuite/testcase[2]/failure/@message)");
    assert_string_equal(s, "expected drop, but it is local & \"fine\"");
    free(s);
    s = xpath_string(path, "string(/testsuites/testsuite/testcase[2]/failure)");
    assert_non_null(strstr(s, "rule 1 ACCEPT <x>"));
    assert_non_null(strstr(s, "? control")); /* XML 1.0 cannot carry \x01 */
    free(s);
    s = xpath_string(path, "string(/testsuites/testsuite/testcase[3]/@name)");
    assert_string_equal(s, "line 3: caf\xc3\xa9");
    free(s);
    s = xpath_string(path, "count(//testcase)");
    assert_string_equal(s, "3");
    free(s);
    unlink(path);
}

/* The schema is not vacuous: what CI tools refuse, it refuses. */
static void test_schema_refuses_bad_reports(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "<testsuites><testsuite name='s' tests='1'><testcase classname='c'/></testsuite>"
        "</testsuites>",                                            /* testcase without a name */
        "<testsuites><testsuite name='s' tests='x'/></testsuites>", /* count not a number */
        "<testsuites><testsuite name='s' tests='1'><testcase name='n' classname='c'>"
        "<failure/><error/></testcase></testsuite></testsuites>", /* two outcomes */
        "<testsuites><case/></testsuites>",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char path[] = "/tmp/iptsim-junit-bad-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, bad[i], strlen(bad[i])), (ssize_t)strlen(bad[i]));
        close(fd);
        assert_true(validate(path) > 0);
        unlink(path);
    }
}

static int load(const char *text, struct expect_file *f, struct diags *d)
{
    diags_init(d);
    return expect_load_text(f, "t.expect", text, strlen(text), d);
}

static void test_expect_parse(void **state)
{
    (void)state;
    struct expect_file f;
    struct diags d;
    assert_int_equal(load("# comment\n"
                          "# host: --iface eth0=203.0.113.2/24 --route 'default dev eth0'\n"
                          "tcp:1.1.1.1->2.2.2.2:22 in=eth0 => any reject with tcp-rst "
                          "by=\"ssh guard\" # trailing\n"
                          "udp:172.17.0.2->8.8.8.8:53 in=docker0 => forward out=eth+ "
                          "src=203.0.113.2 dst=*:53\n",
                          &f, &d),
                     0);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.nhost, 2);
    assert_string_equal(f.host[1].name, "route");
    assert_string_equal(f.host[1].value, "default dev eth0");
    const struct expect *x = &f.v[0];
    assert_int_equal(x->loc.line, 3);
    assert_int_equal(x->quant, EXPECT_ANY);
    assert_int_equal(x->fate, FATE_REJECT);
    assert_string_equal(x->reject_with, "tcp-reset"); /* the alias, canonical */
    assert_string_equal(x->by, "ssh guard");
    assert_string_equal(x->want, "any reject with tcp-reset by=\"ssh guard\"");
    x = &f.v[1];
    assert_string_equal(x->out, "eth+");
    assert_true(x->src.has_addr);
    assert_false(x->dst.has_addr);
    assert_int_equal(x->dst.port, 53);
    assert_string_equal(x->want, "forward out=eth+ src=203.0.113.2 dst=*:53");
    expect_file_free(&f);
    diags_free(&d);
}

static void test_expect_errors_are_located(void **state)
{
    (void)state;
    struct expect_file f;
    struct diags d;
    assert_int_equal(load("tcp:1.1.1.1->2.2.2.2:22 in=eth0 => forward bogus=1\n"
                          "\n"
                          "tcp:1.1.1.1->2.2.2.2:22 in=eth0 => all\n",
                          &f, &d),
                     -1);
    assert_int_equal(d.nerr, 2);
    assert_int_equal(d.v[0].loc.line, 1);
    assert_int_equal(d.v[0].loc.col, 44);
    assert_int_equal(d.v[0].loc.len, 7);
    assert_int_equal(d.v[1].loc.line, 3);
    assert_non_null(strstr(d.v[1].msg, "expected a fate"));
    expect_file_free(&f);
    diags_free(&d);
}

static void branch(struct sim_branch *b, int kind, const char *out, const char *dst, int dport)
{
    memset(b, 0, sizeof(*b));
    b->fate.kind = (uint8_t)kind;
    snprintf(b->fate.out, sizeof(b->fate.out), "%s", out);
    b->fate.pkt.family = IPT_FAM_IPV4;
    addr_parse(IPT_FAM_IPV4, dst, b->fate.pkt.dst);
    b->fate.pkt.dport = (uint16_t)dport;
    b->fate.by = (char *)(kind >= FATE_DROP ? "filter:INPUT:rule:3" : "forwarded");
}

static void test_expect_judge(void **state)
{
    (void)state;
    struct expect_file f;
    struct diags d;
    assert_int_equal(load("tcp:1.1.1.1->2.2.2.2:80 in=eth0 => forward out=docker0 "
                          "dst=172.17.0.2:8080\n"
                          "tcp:1.1.1.1->2.2.2.2:80 in=eth0 => any forward\n"
                          "tcp:1.1.1.1->2.2.2.2:80 in=eth0 => drop by=filter:INPUT:rule:3\n",
                          &f, &d),
                     0);
    struct sim_branch br[2];
    struct sim_result r = {br, 1, false};
    struct strbuf why;
    sb_init(&why);
    branch(&br[0], FATE_FORWARD, "docker0", "172.17.0.2", 8080);
    assert_true(expect_judge(&f.v[0], &r, NULL));
    branch(&br[0], FATE_FORWARD, "docker0", "172.17.0.2", 8081);
    assert_false(expect_judge(&f.v[0], &r, &why));
    assert_non_null(strstr(why.s, "destination after NAT is 172.17.0.2 port 8081"));
    /* forks: "all" by default, "any" when written */
    branch(&br[0], FATE_FORWARD, "docker0", "172.17.0.2", 8080);
    branch(&br[1], FATE_DROP, "", "2.2.2.2", 80);
    r.nbranches = 2;
    sb_reset(&why);
    assert_false(expect_judge(&f.v[0], &r, &why));
    assert_non_null(strstr(why.s, "in branch 2 it is drop"));
    assert_true(expect_judge(&f.v[1], &r, NULL));
    r.branches = &br[1];
    r.nbranches = 1;
    assert_true(expect_judge(&f.v[2], &r, NULL));
    br[1].fate.by = (char *)"filter:INPUT:rule:4";
    assert_false(expect_judge(&f.v[2], &r, NULL));
    sb_free(&why);
    expect_file_free(&f);
    diags_free(&d);
}

/* --allow lines (diff): patterns of packets, "was" and "=>" */
static void test_allow_patterns(void **state)
{
    (void)state;
    struct expect_file f;
    struct diags d;
    diags_init(&d);
    const char *text = "# intended\n"
                       "tcp:any->10.0.0.0/8,192.0.2.7:80,8000-8080 in=!p1p1 was forward "
                       "dst=192.168.200.2\n"
                       "any:any->any local => drop\n"
                       "udp:198.51.100.0/24:53->any in=eth+ state=ESTABLISHED\n";
    assert_int_equal(expect_load_allow_text(&f, "t.allow", text, strlen(text), &d), 0);
    assert_int_equal(f.n, 3);
    struct sim_pkt_spec s;
    char err[256];
    assert_null(sim_pkt_parse("tcp:1.1.1.1:4000->10.1.2.3:8042 in=eth0", &s, err, sizeof(err)));
    assert_true(expect_pattern_match(f.v[0].pat, &s));
    assert_false(expect_pattern_match(f.v[1].pat, &s)); /* not local */
    assert_false(expect_pattern_match(f.v[2].pat, &s));
    s.pkt.dport = 8081; /* outside 8000-8080 */
    assert_false(expect_pattern_match(f.v[0].pat, &s));
    assert_null(sim_pkt_parse("tcp:1.1.1.1->192.0.2.7:80 in=p1p1", &s, err, sizeof(err)));
    assert_false(expect_pattern_match(f.v[0].pat, &s)); /* in=!p1p1 */
    assert_null(sim_pkt_parse("tcp:1.1.1.1->192.0.2.7:80 local", &s, err, sizeof(err)));
    assert_false(expect_pattern_match(f.v[0].pat, &s)); /* in= wants an interface */
    assert_true(expect_pattern_match(f.v[1].pat, &s));
    assert_null(sim_pkt_parse("udp:198.51.100.9:53->1.1.1.1:9 in=eth1 state=ESTABLISHED", &s, err,
                              sizeof(err)));
    assert_true(expect_pattern_match(f.v[2].pat, &s));
    s.state = -1; /* NEW */
    assert_false(expect_pattern_match(f.v[2].pat, &s));
    /* was and => are judged on the old and the new outcome */
    assert_null(sim_pkt_parse("tcp:1.1.1.1->10.1.2.3:80 in=eth0", &s, err, sizeof(err)));
    struct sim_branch bo, bn;
    struct sim_result ro = {&bo, 1, false}, rn = {&bn, 1, false};
    branch(&bo, FATE_FORWARD, "p1p1", "192.168.200.2", 80);
    branch(&bn, FATE_LOCAL, "", "10.1.2.3", 80);
    assert_true(expect_allows(&f.v[0], &s, &ro, &rn));
    branch(&bo, FATE_FORWARD, "docker0", "172.17.0.2", 80);
    assert_false(expect_allows(&f.v[0], &s, &ro, &rn));
    assert_true(f.v[0].any_now);
    assert_false(f.v[1].any_now);
    assert_string_equal(f.v[1].want, "drop");
    expect_file_free(&f);
    diags_free(&d);
    /* mistakes are located */
    diags_init(&d);
    text = "tcp:any->any:90-80\n"
           "tcp:any->any:80 was\n";
    assert_int_equal(expect_load_allow_text(&f, "t.allow", text, strlen(text), &d), -1);
    assert_int_equal(d.nerr, 2);
    assert_int_equal(d.v[0].loc.line, 1);
    assert_non_null(strstr(d.v[0].msg, "port range"));
    assert_int_equal(d.v[1].loc.col, 20);
    assert_non_null(strstr(d.v[1].msg, "after \"was\""));
    expect_file_free(&f);
    diags_free(&d);
}

int main(void)
{
    /* tests/unit/test_review.c -> tests/review/junit.xsd */
    snprintf(xsd_path, sizeof(xsd_path), "%s", __FILE__);
    char *slash = strrchr(xsd_path, '/');
    *slash = 0;
    slash = strrchr(xsd_path, '/');
    snprintf(slash, sizeof(xsd_path) - (size_t)(slash - xsd_path), "/review/junit.xsd");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_junit_valid_and_escaped),
        cmocka_unit_test(test_schema_refuses_bad_reports),
        cmocka_unit_test(test_expect_parse),
        cmocka_unit_test(test_expect_errors_are_located),
        cmocka_unit_test(test_expect_judge),
        cmocka_unit_test(test_allow_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
