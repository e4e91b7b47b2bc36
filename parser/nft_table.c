/*
 * nft_table.c - the nft part of a table (include/iptsim/nft.h): sets and
 * maps by name, named objects, chain devices and comments.
 */
#include "iptsim/nft.h"

#include <stdlib.h>
#include <string.h>

struct nft_table *nft_table_get(struct ipt_table *t)
{
    if (!t->nft) {
        t->nft = arena_alloc(&t->rs->arena, sizeof(*t->nft));
        t->nft->table = t;
        strmap_init_keyed(&t->nft->set_by_name, offsetof(struct nft_set, name));
    }
    return t->nft;
}

void nft_table_free(struct nft_table *nt)
{
    if (!nt)
        return;
    free(nt->sets);
    strmap_free(&nt->set_by_name);
    free(nt->objs);
    free(nt->flowtables);
    free(nt->chain_info);
}

struct nft_set *nft_table_add_set(struct ipt_table *t, const char *name, bool is_map)
{
    struct nft_table *nt = nft_table_get(t);
    struct nft_set *s = arena_alloc(&t->rs->arena, sizeof(*s));
    s->table = t;
    s->is_map = is_map;
    if (is_map)
        s->flags |= NFT_SET_F_MAP;
    if (!name) {
        s->flags |= NFT_SET_F_ANONYMOUS;
        return s; /* anonymous: owned by the rule that uses it */
    }
    s->name = arena_strdup(&t->rs->arena, name);
    if (nt->nsets == nt->capsets) {
        nt->capsets = nt->capsets ? nt->capsets * 2 : 8;
        nt->sets = xrealloc(nt->sets, nt->capsets * sizeof(*nt->sets));
    }
    nt->sets[nt->nsets++] = s;
    strmap_put(&nt->set_by_name, s->name, s);
    return s;
}

struct nft_set *nft_table_find_set(const struct ipt_table *t, const char *name)
{
    return t->nft ? strmap_get(&t->nft->set_by_name, name) : NULL;
}

struct nft_obj *nft_table_find_obj(const struct ipt_table *t, const char *kind, const char *name)
{
    if (!t->nft)
        return NULL;
    for (size_t i = 0; i < t->nft->nobjs; i++) {
        struct nft_obj *o = t->nft->objs[i];
        if (strcmp(o->name, name) == 0 && (!kind || strcmp(o->kind, kind) == 0))
            return o;
    }
    return NULL;
}

struct nft_chain_info *nft_chain_info(struct ipt_chain *c)
{
    struct nft_table *nt = nft_table_get(c->table);
    if (c->index >= nt->nchain_info) {
        size_t n = c->table->nchains > c->index ? c->table->nchains : (size_t)c->index + 1;
        nt->chain_info = xrealloc(nt->chain_info, n * sizeof(*nt->chain_info));
        memset(nt->chain_info + nt->nchain_info, 0,
               (n - nt->nchain_info) * sizeof(*nt->chain_info));
        nt->nchain_info = n;
    }
    if (!nt->chain_info[c->index])
        nt->chain_info[c->index] = arena_alloc(&c->table->rs->arena, sizeof(struct nft_chain_info));
    return nt->chain_info[c->index];
}

const struct nft_chain_info *nft_chain_info_get(const struct ipt_chain *c)
{
    const struct nft_table *nt = c->table->nft;
    return nt && c->index < nt->nchain_info ? nt->chain_info[c->index] : NULL;
}
