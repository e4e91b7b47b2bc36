/*
 * junit.c - JUnit XML with libxml2's text writer, so escaping, encoding and
 * well-formedness are libxml2's job. Control characters that XML 1.0 cannot
 * carry (a trace never has them, a comment in a dump might) are replaced by
 * '?' before they reach the writer.
 *
 * libxml2 is opened with dlopen() when a report is written, not linked:
 * linked, it and the ICU and C++ libraries it pulls in cost every run of
 * every command about 3 MB of memory before the first byte of a dump is
 * read (bench/RESULTS.md measures peak memory against the dump's size).
 */
#include "iptsim/junit.h"
#include "iptsim/core.h"

#include <dlfcn.h>
#include <libxml/xmlwriter.h>
#include <string.h>

/* The libxml2 functions used here, each called through X.NAME. */
#define XML_FUNCTIONS(F)                                                                           \
    F(xmlBufferCreate)                                                                             \
    F(xmlBufferFree)                                                                               \
    F(xmlBufferContent)                                                                            \
    F(xmlBufferLength)                                                                             \
    F(xmlNewTextWriterMemory)                                                                      \
    F(xmlFreeTextWriter)                                                                           \
    F(xmlTextWriterSetIndent)                                                                      \
    F(xmlTextWriterSetIndentString)                                                                \
    F(xmlTextWriterStartDocument)                                                                  \
    F(xmlTextWriterEndDocument)                                                                    \
    F(xmlTextWriterStartElement)                                                                   \
    F(xmlTextWriterEndElement)                                                                     \
    F(xmlTextWriterWriteAttribute)                                                                 \
    F(xmlTextWriterWriteString)

static struct {
    bool tried;
    void *lib;
    char why[160];
#define F(name) __typeof__(&name) name;
    XML_FUNCTIONS(F)
#undef F
} X;

/* Opens libxml2 once; NULL, or why it cannot be used. */
static const char *xml_open(void)
{
    if (X.tried)
        return X.lib ? NULL : X.why;
    X.tried = true;
    X.lib = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!X.lib) {
        snprintf(X.why, sizeof(X.why), "cannot load libxml2 (Debian package libxml2): %s",
                 dlerror());
        return X.why;
    }
#define F(fn)                                                                                      \
    if (!(*(void **)&X.fn = dlsym(X.lib, #fn))) {                                                  \
        snprintf(X.why, sizeof(X.why), "libxml2 has no %s", #fn);                                  \
        dlclose(X.lib);                                                                            \
        X.lib = NULL;                                                                              \
        return X.why;                                                                              \
    }
    XML_FUNCTIONS(F)
#undef F
    return NULL;
}

static char *xml_safe(const char *s)
{
    char *c = xstrdup(s ? s : "");
    for (unsigned char *p = (unsigned char *)c; *p; p++)
        if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
            *p = '?';
    return c;
}

static int attr(xmlTextWriterPtr w, const char *name, const char *val)
{
    char *v = xml_safe(val);
    int rc = X.xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
    free(v);
    return rc < 0 ? -1 : 0;
}

static int text(xmlTextWriterPtr w, const char *val)
{
    char *v = xml_safe(val);
    int rc = X.xmlTextWriterWriteString(w, BAD_CAST v);
    free(v);
    return rc < 0 ? -1 : 0;
}

int junit_write(const char *path, const char *suite, const struct junit_case *v, size_t n,
                char *err, size_t nerr)
{
    const char *why = xml_open();
    if (why) {
        snprintf(err, nerr, "%s", why);
        return -1;
    }
    xmlBufferPtr buf = X.xmlBufferCreate();
    xmlTextWriterPtr w = buf ? X.xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        snprintf(err, nerr, "cannot create an XML writer");
        if (buf)
            X.xmlBufferFree(buf);
        return -1;
    }
    size_t nfail = 0;
    for (size_t i = 0; i < n; i++)
        nfail += v[i].failure_message != NULL;
    char num[32];
    int bad = 0;
    X.xmlTextWriterSetIndent(w, 1);
    X.xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    bad |= X.xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
    bad |= X.xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0;
    bad |= attr(w, "name", suite);
    snprintf(num, sizeof(num), "%zu", n);
    bad |= attr(w, "tests", num);
    snprintf(num, sizeof(num), "%zu", nfail);
    bad |= attr(w, "failures", num);
    bad |= attr(w, "errors", "0");
    bad |= X.xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0;
    bad |= attr(w, "name", suite);
    snprintf(num, sizeof(num), "%zu", n);
    bad |= attr(w, "tests", num);
    snprintf(num, sizeof(num), "%zu", nfail);
    bad |= attr(w, "failures", num);
    bad |= attr(w, "errors", "0");
    bad |= attr(w, "skipped", "0");
    for (size_t i = 0; i < n && !bad; i++) {
        const struct junit_case *c = &v[i];
        bad |= X.xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
        bad |= attr(w, "name", c->name);
        bad |= attr(w, "classname", c->classname ? c->classname : suite);
        if (c->file)
            bad |= attr(w, "file", c->file);
        if (c->line) {
            snprintf(num, sizeof(num), "%u", c->line);
            bad |= attr(w, "line", num);
        }
        if (c->failure_message) {
            bad |= X.xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
            bad |= attr(w, "message", c->failure_message);
            bad |= attr(w, "type", c->failure_type ? c->failure_type : "failure");
            if (c->failure_text)
                bad |= text(w, c->failure_text);
            bad |= X.xmlTextWriterEndElement(w) < 0;
        }
        if (c->system_out) {
            bad |= X.xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0;
            bad |= text(w, c->system_out);
            bad |= X.xmlTextWriterEndElement(w) < 0;
        }
        bad |= X.xmlTextWriterEndElement(w) < 0;
    }
    bad |= X.xmlTextWriterEndElement(w) < 0; /* testsuite */
    bad |= X.xmlTextWriterEndElement(w) < 0; /* testsuites */
    bad |= X.xmlTextWriterEndDocument(w) < 0;
    X.xmlFreeTextWriter(w);
    int rc = 0;
    if (bad) {
        snprintf(err, nerr, "cannot write the JUnit XML");
        rc = -1;
    } else {
        FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
        if (!f || fwrite(X.xmlBufferContent(buf), 1, (size_t)X.xmlBufferLength(buf), f) !=
                      (size_t)X.xmlBufferLength(buf)) {
            snprintf(err, nerr, "%s: cannot write", path);
            rc = -1;
        }
        if (f && f != stdout && fclose(f) && !rc) {
            snprintf(err, nerr, "%s: cannot write", path);
            rc = -1;
        }
    }
    X.xmlBufferFree(buf);
    return rc;
}
