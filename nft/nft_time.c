/*
 * nft_time.c - durations as nft writes them (nftables src/datatype.c
 * time_parse / time_print): timeouts, gc-interval, element expiry.
 */
#include "iptsim/nft.h"

bool nft_time_parse(const char *s, uint64_t *ms)
{
    uint64_t total = 0;
    if (!*s)
        return false;
    while (*s) {
        if (*s < '0' || *s > '9')
            return false;
        uint64_t v = 0;
        while (*s >= '0' && *s <= '9') {
            if (v > UINT64_MAX / 10 / 1000 / 86400)
                return false;
            v = v * 10 + (uint64_t)(*s++ - '0');
        }
        uint64_t mul;
        if (strncmp(s, "ms", 2) == 0) {
            mul = 1;
            s += 2;
        } else if (*s == 'd') {
            mul = 86400000;
            s++;
        } else if (*s == 'h') {
            mul = 3600000;
            s++;
        } else if (*s == 'm') {
            mul = 60000;
            s++;
        } else if (*s == 's' || !*s) {
            mul = 1000; /* a bare number is seconds */
            if (*s)
                s++;
        } else {
            return false;
        }
        if (total > UINT64_MAX - v * mul)
            return false;
        total += v * mul;
    }
    *ms = total;
    return true;
}

void nft_time_print(struct strbuf *b, uint64_t ms)
{
    static const struct {
        uint64_t ms;
        const char *unit;
    } units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};
    if (ms == 0) {
        sb_puts(b, "0ms");
        return;
    }
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (ms >= units[i].ms) {
            sb_printf(b, "%llu%s", (unsigned long long)(ms / units[i].ms), units[i].unit);
            ms %= units[i].ms;
        }
}
