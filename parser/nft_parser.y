/*
 * nft_parser.y - the structure of an nft file: `nft list ruleset` output
 * and nft scripts (`nft -f`).
 *
 *   table [FAMILY] NAME { table items }        (and `add|create table`)
 *   chain|set|map|flowtable|counter|quota|limit|ct helper|ct timeout|
 *   ct expectation|secmark|synproxy NAME { lines }
 *   [add|create] chain|set|map|... [FAMILY] TABLE NAME [{ lines }]
 *   [add|insert] rule [FAMILY] TABLE CHAIN RULE...
 *   [add|create|delete] element [FAMILY] TABLE SET { ELEMENTS }
 *   flush ruleset [FAMILY] | flush table|chain|set|map SPEC
 *   delete|destroy table|chain|set|map|rule|flowtable|... SPEC [...]
 *   define NAME = VALUE | include "FILE"
 *
 * The tokens come from the scanner (parser/nft_scanner.l) through
 * nft_load.c, which also turns words into the keywords below: a word is a
 * keyword wherever it stands, so a line of a block (a rule, a chain's
 * `type ... hook ...`, a set's `elements = {...}`) is any run of tokens up
 * to a newline or ';' outside braces. What the lines of a block mean is
 * read by nft_load.c; what a rule means by the expression library. The
 * grammar hands both a range of token indices.
 *
 * nft demands a newline or ';' after a block's closing brace and after the
 * last line of some blocks; this grammar does not (a missing separator
 * does not change what the file means).
 */
%define api.pure full
%define api.prefix {nft_yy}
%define parse.error verbose
%param {struct nft_pstate *ps}

%code requires {
#include "nft_load.h"
}

%union {
    uint32_t i;         /* a token index */
    struct nft_span s;  /* a token range */
    struct nft_spec sp; /* [family] table [name] */
}

%code {
static int nft_yylex(NFT_YYSTYPE *lval, struct nft_pstate *ps)
{
    return nft_pstate_lex(ps, &lval->i);
}
static void nft_yyerror(struct nft_pstate *ps, const char *msg)
{
    nft_pstate_syntax_error(ps, msg);
}
}

%token END 0 "end of file"
%token <i> T_NL "newline" T_SEMI "';'" T_LBRACE "'{'" T_RBRACE "'}'" T_EQ "'='"
%token <i> T_WORD "word" T_STRING "string" T_SETREF "set reference" T_VAR "variable"
%token <i> T_PUNCT "punctuation"
%token <i> T_FAMILY "family"
%token <i> T_TABLE "table" T_CHAIN "chain" T_SET "set" T_MAP "map" T_FLOWTABLE "flowtable"
%token <i> T_COUNTER "counter" T_QUOTA "quota" T_LIMIT "limit" T_CT "ct"
%token <i> T_SECMARK "secmark" T_SYNPROXY "synproxy" T_RULE "rule" T_ELEMENT "element"
%token <i> T_ADD "add" T_CREATE "create" T_INSERT "insert" T_DELETE "delete"
%token <i> T_DESTROY "destroy" T_FLUSH "flush" T_RULESET "ruleset" T_DEFINE "define"
%token <i> T_REDEFINE "redefine" T_UNDEFINE "undefine" T_INCLUDE "include" T_LIST "list"

%type <i> name opt_family obj_kind ltok
%type <s> line braces block
%type <sp> table_spec chain_spec

%%

input: cmds ;

cmds: %empty
    | cmds sep
    | cmds cmd sep
    | cmds cmd_block
    | cmds error sep                    { yyerrok; }
    ;

sep: T_NL | T_SEMI ;

/* commands that end with a block end there: a line may follow on the same
 * line after `}` (nft wants a separator; it changes nothing) */
cmd_block: table_head table_block       { nft_ps_table_end(ps); }
    | add_kw T_CHAIN chain_spec block   { nft_ps_chain(ps, &$3, &$4); }
    | T_CHAIN chain_spec block          { nft_ps_chain(ps, &$2, &$3); }
    | add_kw T_SET chain_spec block     { nft_ps_set(ps, &$3, false, &$4); }
    | T_SET chain_spec block            { nft_ps_set(ps, &$2, false, &$3); }
    | add_kw T_MAP chain_spec block     { nft_ps_set(ps, &$3, true, &$4); }
    | T_MAP chain_spec block            { nft_ps_set(ps, &$2, true, &$3); }
    | add_kw T_FLOWTABLE chain_spec block { nft_ps_flowtable(ps, &$3, &$4); }
    | T_FLOWTABLE chain_spec block      { nft_ps_flowtable(ps, &$2, &$3); }
    | add_kw obj_kind chain_spec block  { nft_ps_obj(ps, $2, &$3, &$4); }
    | obj_kind chain_spec block         { nft_ps_obj(ps, $1, &$2, &$3); }
    | add_kw T_ELEMENT chain_spec braces { nft_ps_elements(ps, &$3, &$4, 0); }
    | T_ELEMENT chain_spec braces       { nft_ps_elements(ps, &$2, &$3, 0); }
    | del_kw T_ELEMENT chain_spec braces { nft_ps_elements(ps, &$3, &$4, 1); }
    ;

cmd: add_kw T_TABLE table_spec          { nft_ps_table_begin(ps, &$3); nft_ps_table_end(ps); }
    | T_TABLE table_spec                { nft_ps_table_begin(ps, &$2); nft_ps_table_end(ps); }
    | add_kw T_CHAIN chain_spec         { nft_ps_chain(ps, &$3, NULL); }
    | T_CHAIN chain_spec                { nft_ps_chain(ps, &$2, NULL); }
    | add_kw T_FLOWTABLE chain_spec     { nft_ps_flowtable(ps, &$3, NULL); }
    | add_kw obj_kind chain_spec        { nft_ps_obj(ps, $2, &$3, NULL); }
    | add_kw T_RULE chain_spec line     { nft_ps_rule(ps, &$3, &$4, false); }
    | T_RULE chain_spec line            { nft_ps_rule(ps, &$2, &$3, false); }
    | T_INSERT T_RULE chain_spec line   { nft_ps_rule(ps, &$3, &$4, true); }
    | T_FLUSH T_RULESET opt_family      { nft_ps_flush_ruleset(ps, $3); }
    | T_FLUSH T_TABLE table_spec        { nft_ps_flush(ps, $2, &$3); }
    | T_FLUSH T_CHAIN chain_spec        { nft_ps_flush(ps, $2, &$3); }
    | T_FLUSH T_SET chain_spec          { nft_ps_flush(ps, $2, &$3); }
    | T_FLUSH T_MAP chain_spec          { nft_ps_flush(ps, $2, &$3); }
    | del_kw T_TABLE table_spec         { nft_ps_delete(ps, $2, &$3, NULL); }
    | del_kw T_CHAIN chain_spec         { nft_ps_delete(ps, $2, &$3, NULL); }
    | del_kw T_SET chain_spec           { nft_ps_delete(ps, $2, &$3, NULL); }
    | del_kw T_MAP chain_spec           { nft_ps_delete(ps, $2, &$3, NULL); }
    | del_kw T_FLOWTABLE chain_spec     { nft_ps_delete(ps, $2, &$3, NULL); }
    | del_kw obj_kind chain_spec        { nft_ps_delete(ps, $2, &$3, NULL); }
    | del_kw T_RULE chain_spec line     { nft_ps_delete(ps, $2, &$3, &$4); }
    | T_DEFINE name T_EQ line           { nft_ps_define(ps, $2, &$4, false); }
    | T_REDEFINE name T_EQ line         { nft_ps_define(ps, $2, &$4, true); }
    | T_UNDEFINE name                   { nft_ps_undefine(ps, $2); }
    | T_INCLUDE T_STRING                { nft_ps_include(ps, $2); }
    | T_LIST line                       { nft_ps_ignored(ps, $1); }
    ;

add_kw: T_ADD | T_CREATE ;
del_kw: T_DELETE | T_DESTROY ;

obj_kind: T_COUNTER | T_QUOTA | T_LIMIT | T_SECMARK | T_SYNPROXY
    | T_CT T_WORD                       { $$ = $2; }
    ;

opt_family: %empty                      { $$ = UINT32_MAX; }
    | T_FAMILY
    ;

name: T_WORD | T_STRING | T_VAR ;

table_spec: name                        { $$ = nft_spec(UINT32_MAX, $1, UINT32_MAX); }
    | T_FAMILY name                     { $$ = nft_spec($1, $2, UINT32_MAX); }
    | T_WORD name                       { $$ = nft_spec(nft_ps_bad_family(ps, $1), $2, UINT32_MAX); }
    ;

chain_spec: name name                   { $$ = nft_spec(UINT32_MAX, $1, $2); }
    | T_FAMILY name name                { $$ = nft_spec($1, $2, $3); }
    ;

/* ---- table blocks ---- */

table_head: T_TABLE table_spec          { nft_ps_table_begin(ps, &$2); }
    | add_kw T_TABLE table_spec         { nft_ps_table_begin(ps, &$3); }
    ;

table_block: T_LBRACE table_items T_RBRACE ;

table_items: %empty
    | table_items sep
    | table_items table_item
    | table_items T_WORD line sep       { nft_ps_table_attr(ps, $2, &$3); }
    | table_items T_WORD sep            { nft_ps_table_attr(ps, $2, NULL); }
    | table_items T_DEFINE name T_EQ line sep { nft_ps_define(ps, $3, &$5, false); }
    | table_items T_INCLUDE T_STRING sep { nft_ps_include(ps, $3); }
    | table_items error sep             { yyerrok; }
    ;

table_item: T_CHAIN name block          { nft_ps_chain(ps, &(struct nft_spec){UINT32_MAX, UINT32_MAX, $2}, &$3); }
    | T_SET name block                  { nft_ps_set(ps, &(struct nft_spec){UINT32_MAX, UINT32_MAX, $2}, false, &$3); }
    | T_MAP name block                  { nft_ps_set(ps, &(struct nft_spec){UINT32_MAX, UINT32_MAX, $2}, true, &$3); }
    | T_FLOWTABLE name block            { nft_ps_flowtable(ps, &(struct nft_spec){UINT32_MAX, UINT32_MAX, $2}, &$3); }
    | obj_kind name block               { nft_ps_obj(ps, $1, &(struct nft_spec){UINT32_MAX, UINT32_MAX, $2}, &$3); }
    ;

/* ---- blocks of lines (chains, sets, objects, flowtables) ---- */

/* the lines are handed over as one range; nft_load.c cuts them */
block: T_LBRACE lines T_RBRACE          { $$ = nft_span($1 + 1, $3); }
    | T_LBRACE lines line T_RBRACE      { $$ = nft_span($1 + 1, $4); }
    ;

lines: %empty
    | lines sep
    | lines line sep
    | lines error sep                   { yyerrok; }
    ;

line: ltok                              { $$ = nft_span($1, $1 + 1); }
    | braces
    | line ltok                         { $$ = nft_span($1.a, $2 + 1); }
    | line braces                       { $$ = nft_span($1.a, $2.b); }
    ;

/* nested braces: an anonymous set, a verdict map, a define's list */
braces: T_LBRACE inner T_RBRACE         { $$ = nft_span($1, $3 + 1); } ;

inner: %empty
    | inner ltok
    | inner sep
    | inner braces
    ;

ltok: T_WORD | T_STRING | T_SETREF | T_VAR | T_PUNCT | T_EQ | T_FAMILY
    | T_TABLE | T_CHAIN | T_SET | T_MAP | T_FLOWTABLE | T_COUNTER | T_QUOTA | T_LIMIT | T_CT
    | T_SECMARK | T_SYNPROXY | T_RULE | T_ELEMENT | T_ADD | T_CREATE | T_INSERT | T_DELETE
    | T_DESTROY | T_FLUSH | T_RULESET | T_DEFINE | T_REDEFINE | T_UNDEFINE | T_INCLUDE | T_LIST
    ;

%%
