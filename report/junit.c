/*
 * junit.c - JUnit XML with libxml2's text writer, so escaping, encoding and
 * well-formedness are libxml2's job. Control characters that XML 1.0 cannot
 * carry (a trace never has them, a comment in a dump might) are replaced by
 * '?' before they reach the writer.
 */
#include "iptsim/junit.h"
#include "iptsim/core.h"

#include <libxml/xmlwriter.h>
#include <string.h>

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
    int rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
    free(v);
    return rc < 0 ? -1 : 0;
}

static int text(xmlTextWriterPtr w, const char *val)
{
    char *v = xml_safe(val);
    int rc = xmlTextWriterWriteString(w, BAD_CAST v);
    free(v);
    return rc < 0 ? -1 : 0;
}

int junit_write(const char *path, const char *suite, const struct junit_case *v, size_t n,
                char *err, size_t nerr)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        snprintf(err, nerr, "cannot create an XML writer");
        if (buf)
            xmlBufferFree(buf);
        return -1;
    }
    size_t nfail = 0;
    for (size_t i = 0; i < n; i++)
        nfail += v[i].failure_message != NULL;
    char num[32];
    int bad = 0;
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
    bad |= xmlTextWriterStartElement(w, BAD_CAST "testsuites") < 0;
    bad |= attr(w, "name", suite);
    snprintf(num, sizeof(num), "%zu", n);
    bad |= attr(w, "tests", num);
    snprintf(num, sizeof(num), "%zu", nfail);
    bad |= attr(w, "failures", num);
    bad |= attr(w, "errors", "0");
    bad |= xmlTextWriterStartElement(w, BAD_CAST "testsuite") < 0;
    bad |= attr(w, "name", suite);
    snprintf(num, sizeof(num), "%zu", n);
    bad |= attr(w, "tests", num);
    snprintf(num, sizeof(num), "%zu", nfail);
    bad |= attr(w, "failures", num);
    bad |= attr(w, "errors", "0");
    bad |= attr(w, "skipped", "0");
    for (size_t i = 0; i < n && !bad; i++) {
        const struct junit_case *c = &v[i];
        bad |= xmlTextWriterStartElement(w, BAD_CAST "testcase") < 0;
        bad |= attr(w, "name", c->name);
        bad |= attr(w, "classname", c->classname ? c->classname : suite);
        if (c->file)
            bad |= attr(w, "file", c->file);
        if (c->line) {
            snprintf(num, sizeof(num), "%u", c->line);
            bad |= attr(w, "line", num);
        }
        if (c->failure_message) {
            bad |= xmlTextWriterStartElement(w, BAD_CAST "failure") < 0;
            bad |= attr(w, "message", c->failure_message);
            bad |= attr(w, "type", c->failure_type ? c->failure_type : "failure");
            if (c->failure_text)
                bad |= text(w, c->failure_text);
            bad |= xmlTextWriterEndElement(w) < 0;
        }
        if (c->system_out) {
            bad |= xmlTextWriterStartElement(w, BAD_CAST "system-out") < 0;
            bad |= text(w, c->system_out);
            bad |= xmlTextWriterEndElement(w) < 0;
        }
        bad |= xmlTextWriterEndElement(w) < 0;
    }
    bad |= xmlTextWriterEndElement(w) < 0; /* testsuite */
    bad |= xmlTextWriterEndElement(w) < 0; /* testsuites */
    bad |= xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    int rc = 0;
    if (bad) {
        snprintf(err, nerr, "cannot write the JUnit XML");
        rc = -1;
    } else {
        FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
        if (!f || fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), f) !=
                      (size_t)xmlBufferLength(buf)) {
            snprintf(err, nerr, "%s: cannot write", path);
            rc = -1;
        }
        if (f && f != stdout && fclose(f) && !rc) {
            snprintf(err, nerr, "%s: cannot write", path);
            rc = -1;
        }
    }
    xmlBufferFree(buf);
    return rc;
}
