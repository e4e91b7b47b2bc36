/*
 * xt_time.c - `-m time` (net/netfilter/xt_time.c): the packet's arrival
 * time: time of day, weekdays, days of the month, a date window; UTC unless
 * --kerneltz.
 *
 * iptables-save quirk kept: the default end date (INT_MAX seconds) is
 * compared with LONG_MAX by libxt_time.c time_print_date, so on 64-bit it is
 * always printed as "--datestop 2038-01-19T03:14:07".
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ALL_MONTHDAYS 0xfffffffeu /* XT_TIME_ALL_MONTHDAYS: bits 1..31 */
#define ALL_WEEKDAYS  0xfeu       /* bits 1..7, Mon..Sun */
#define MAX_DAYTIME   (24 * 60 * 60 - 1)

struct time_data {
    uint32_t date_start, date_stop;
    uint32_t daytime_start, daytime_stop;
    uint32_t monthdays, weekdays;
};

enum {
    O_DATE_START,
    O_DATE_STOP,
    O_TIME_START,
    O_TIME_STOP,
    O_WEEKDAYS,
    O_MONTHDAYS,
    O_LOCAL_TZ,
    O_UTC,
    O_CONTIGUOUS,
};

static const char *const week_days[] = {NULL, "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static void time_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct time_data *d = e->data;
    d->monthdays = ALL_MONTHDAYS;
    d->weekdays = ALL_WEEKDAYS;
    d->daytime_stop = MAX_DAYTIME;
    d->date_stop = INT32_MAX;
}

/* libxt_time.c time_parse_date(): YYYY[-MM[-DD[Thh[:mm[:ss]]]]], UTC,
 * normalised like mktime() (2020-02-31 is 2020-03-02). */
static int parse_date(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    const char *s = argv[0];
    unsigned long f[6] = {0, 1, 1, 0, 0, 0};
    static const char seps[] = "--T::";
    static const unsigned long max[] = {2038, 12, 31, 23, 59, 59};
    char *end;
    for (int i = 0; i < 6; i++) {
        f[i] = strtoul(s, &end, 10);
        bool last = *end == 0;
        if ((!last && (i == 5 || *end != seps[i])) || f[i] > max[i] || (i == 0 && f[i] < 1970))
            return ext_error(p,
                             "Invalid date \"%s\" specified. Should be "
                             "YYYY[-MM[-DD[Thh[:mm[:ss]]]]]",
                             argv[0]);
        if (last)
            break;
        s = end + 1;
    }
    struct tm tm = {.tm_year = (int)f[0] - 1900,
                    .tm_mon = (int)f[1] - 1,
                    .tm_mday = (int)f[2],
                    .tm_hour = (int)f[3],
                    .tm_min = (int)f[4],
                    .tm_sec = (int)f[5]};
    time_t t = timegm(&tm);
    if (t < 0)
        return ext_error(p, "Invalid date \"%s\": before 1970", argv[0]);
    struct time_data *d = e->data;
    if (o->id == O_DATE_START)
        d->date_start = (uint32_t)t;
    else
        d->date_stop = (uint32_t)t;
    return 0;
}

/* time_parse_minutes(): hh:mm[:ss] */
static int parse_daytime(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                         char **argv)
{
    const char *s = argv[0];
    char *end;
    unsigned long h, m, sec = 0;
    h = strtoul(s, &end, 10);
    if (*end != ':' || h > 23)
        goto bad;
    m = strtoul(end + 1, &end, 10);
    if ((*end != ':' && *end) || m > 59)
        goto bad;
    if (*end) {
        sec = strtoul(end + 1, &end, 10);
        if (*end || sec > 59)
            goto bad;
    }
    struct time_data *d = e->data;
    uint32_t v = (uint32_t)(h * 3600 + m * 60 + sec);
    if (o->id == O_TIME_START)
        d->daytime_start = v;
    else
        d->daytime_stop = v;
    return 0;
bad:
    return ext_error(p,
                     "invalid time \"%s\" specified, should be hh:mm[:ss] format and within "
                     "the boundaries",
                     argv[0]);
}

/* my_strseg() copies each comma-separated item into a small buffer, which
 * cuts long items: 3 characters for weekdays, 2 for month days. */
static const char *next_item(char *buf, size_t n, const char **arg)
{
    if (!*arg || !**arg)
        return NULL;
    const char *sep = strchr(*arg, ',');
    if (!sep) {
        snprintf(buf, n, "%s", *arg);
        *arg = NULL;
    } else {
        snprintf(buf, n, "%.*s", (int)(sep - *arg), *arg);
        *arg = sep + 1;
    }
    return buf;
}

static int parse_weekdays(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                          char **argv)
{
    (void)o;
    const char *arg = argv[0];
    char day[4];
    uint32_t mask = 0;
    while (next_item(day, sizeof(day), &arg)) {
        char *end;
        unsigned long i = strtoul(day, &end, 0);
        if (*end == 0) {
            if (i == 0)
                return ext_error(p, "No, the week does NOT begin with Sunday.");
            /* libxt_time.c sets bit i unchecked: 8 is taken and then
             * saved as an empty list */
            if (i > 31)
                return ext_error(p, "%s is not a valid day specifier", day);
            mask |= 1u << i;
            continue;
        }
        bool valid = false;
        for (unsigned k = 1; k < ARRAY_SIZE(week_days); k++)
            if (strncmp(day, week_days[k], 2) == 0) {
                mask |= 1u << k;
                valid = true;
            }
        if (!valid)
            return ext_error(p, "%s is not a valid day specifier", day);
    }
    struct time_data *d = e->data;
    d->weekdays = ext_inv(e, O_WEEKDAYS) ? mask ^ ALL_WEEKDAYS : mask;
    return 0;
}

static int parse_monthdays(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                           char **argv)
{
    (void)o;
    const char *arg = argv[0];
    char day[3];
    uint32_t mask = 0;
    while (next_item(day, sizeof(day), &arg)) {
        char *end;
        unsigned long i = strtoul(day, &end, 0);
        if (*end || i > 31)
            return ext_error(p, "%s is not a valid day for --monthdays", day);
        mask |= 1u << i;
    }
    struct time_data *d = e->data;
    d->monthdays = ext_inv(e, O_MONTHDAYS) ? mask ^ ALL_MONTHDAYS : mask;
    return 0;
}

static int parse_tz(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)argv;
    if (ext_has(e, o->id == O_UTC ? O_LOCAL_TZ : O_UTC))
        return ext_error_opt(p, "--kerneltz/--localtz and --utc cannot be used together");
    if (strcmp(o->name, "localtz") == 0)
        ext_warn(p, "--localtz is being replaced by --kerneltz, since \"local\" is ambiguous");
    return 0;
}

#define T(f) .off = offsetof(struct time_data, f)
static const struct ext_opt time_opts[] = {
    {"datestart", ARG_CUSTOM, O_DATE_START, 0, T(date_start), .parse = parse_date},
    {"datestop", ARG_CUSTOM, O_DATE_STOP, 0, T(date_stop), .parse = parse_date},
    {"timestart", ARG_CUSTOM, O_TIME_START, 0, T(daytime_start), .parse = parse_daytime},
    {"timestop", ARG_CUSTOM, O_TIME_STOP, 0, T(daytime_stop), .parse = parse_daytime},
    {"weekdays", ARG_CUSTOM, O_WEEKDAYS, EXT_OPT_INVERT, T(weekdays), .parse = parse_weekdays},
    {"monthdays", ARG_CUSTOM, O_MONTHDAYS, EXT_OPT_INVERT, T(monthdays), .parse = parse_monthdays},
    {"kerneltz", ARG_NONE, O_LOCAL_TZ, 0, .parse = parse_tz},
    {"localtz", ARG_NONE, O_LOCAL_TZ, 0, .parse = parse_tz},
    {"utc", ARG_NONE, O_UTC, 0, .parse = parse_tz},
    {"contiguous", ARG_NONE, O_CONTIGUOUS, 0},
};
#undef T

static int time_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct time_data *d = e->data;
    if (ext_has(e, O_CONTIGUOUS) && d->daytime_start < d->daytime_stop)
        return ext_error(p, "time: --contiguous only makes sense when stoptime is smaller than "
                            "starttime");
    return 0;
}

static void print_date(struct strbuf *b, const char *opt, uint32_t date)
{
    if (date == 0)
        return;
    time_t t = (time_t)date;
    struct tm tm;
    gmtime_r(&t, &tm);
    sb_printf(b, " --%s %04d-%02d-%02dT%02d:%02d:%02d", opt, tm.tm_year + 1900, tm.tm_mon + 1,
              tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void time_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct time_data *d = e->data;
    if (d->daytime_start != 0 || d->daytime_stop != MAX_DAYTIME) {
        sb_printf(b, " --timestart %02u:%02u:%02u", d->daytime_start / 3600,
                  d->daytime_start / 60 % 60, d->daytime_start % 60);
        sb_printf(b, " --timestop %02u:%02u:%02u", d->daytime_stop / 3600,
                  d->daytime_stop / 60 % 60, d->daytime_stop % 60);
    }
    if (d->monthdays != ALL_MONTHDAYS) {
        sb_puts(b, " --monthdays ");
        bool first = true;
        for (unsigned i = 1; i <= 31; i++)
            if (d->monthdays & (1u << i)) {
                sb_printf(b, "%s%u", first ? "" : ",", i);
                first = false;
            }
    }
    if (d->weekdays != ALL_WEEKDAYS) {
        sb_puts(b, " --weekdays ");
        bool first = true;
        for (unsigned i = 1; i <= 7; i++)
            if (d->weekdays & (1u << i)) {
                sb_printf(b, "%s%s", first ? "" : ",", week_days[i]);
                first = false;
            }
    }
    print_date(b, "datestart", d->date_start);
    print_date(b, "datestop", d->date_stop);
    if (ext_has(e, O_LOCAL_TZ))
        sb_puts(b, " --kerneltz");
    if (ext_has(e, O_CONTIGUOUS))
        sb_puts(b, " --contiguous");
}

static void describe_date(struct strbuf *b, const char *what, uint32_t date)
{
    time_t t = (time_t)date;
    struct tm tm;
    gmtime_r(&t, &tm);
    sb_printf(b, ", %s %04d-%02d-%02dT%02d:%02d:%02d", what, tm.tm_year + 1900, tm.tm_mon + 1,
              tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* time_mt() (net/netfilter/xt_time.c) reads the clock when the packet
 * passes: the date window, the time of day (a window with start > stop
 * runs over midnight; --contiguous then counts its small hours as the day
 * before), the weekday and the day of the month, in UTC or with
 * --kerneltz the kernel's time zone. When the packet passes is not part of
 * what ipt-sim knows: a fork, except for a match with no restriction at
 * all (matches until 2038) and one that no moment satisfies. */
static int time_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct time_data *d = e->data;
    /* start == stop: the over-midnight test never fails */
    bool all_day = (d->daytime_start == 0 && d->daytime_stop == MAX_DAYTIME) ||
                   (d->daytime_start == d->daytime_stop && !ext_has(e, O_CONTIGUOUS));
    /* only bits 1-7 and 1-31 name days ("--weekdays 8" sets bit 8) */
    if (!(d->weekdays & ALL_WEEKDAYS) || !(d->monthdays & ALL_MONTHDAYS) ||
        d->date_start > d->date_stop)
        return 0;
    if (all_day && (d->weekdays & ALL_WEEKDAYS) == ALL_WEEKDAYS &&
        (d->monthdays & ALL_MONTHDAYS) == ALL_MONTHDAYS && d->date_start == 0 &&
        d->date_stop == INT32_MAX)
        return 1;
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "the packet passes at a time -m time accepts (%s",
              ext_has(e, O_LOCAL_TZ) ? "kernel time zone" : "UTC");
    if (!all_day)
        sb_printf(&t, ", %02u:%02u:%02u to %02u:%02u:%02u%s", d->daytime_start / 3600,
                  d->daytime_start / 60 % 60, d->daytime_start % 60, d->daytime_stop / 3600,
                  d->daytime_stop / 60 % 60, d->daytime_stop % 60,
                  d->daytime_start > d->daytime_stop ? " over midnight" : "");
    if ((d->weekdays & ALL_WEEKDAYS) != ALL_WEEKDAYS) {
        sb_puts(&t, ", on ");
        bool first = true;
        for (unsigned i = 1; i <= 7; i++)
            if (d->weekdays & (1u << i)) {
                sb_printf(&t, "%s%s", first ? "" : ",", week_days[i]);
                first = false;
            }
    }
    if ((d->monthdays & ALL_MONTHDAYS) != ALL_MONTHDAYS) {
        sb_puts(&t, ", on day ");
        bool first = true;
        for (unsigned i = 1; i <= 31; i++)
            if (d->monthdays & (1u << i)) {
                sb_printf(&t, "%s%u", first ? "" : ",", i);
                first = false;
            }
        sb_puts(&t, " of the month");
    }
    if (d->date_start != 0)
        describe_date(&t, "from", d->date_start);
    if (d->date_stop != INT32_MAX)
        describe_date(&t, "until", d->date_stop);
    sb_putc(&t, ')');
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_time = {
    .name = "time",
    .kind = EXT_MATCH,
    .size = sizeof(struct time_data),
    EXT_OPTS(time_opts),
    .init = time_init,
    .check = time_check,
    .save_opts = time_save_opts,
    .match = time_match,
};
