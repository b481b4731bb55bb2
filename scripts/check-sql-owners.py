#!/usr/bin/env python3
"""check-sql-owners.py - each module's SQL names only the tables it owns.

    python3 scripts/check-sql-owners.py              the repository's own tree
    python3 scripts/check-sql-owners.py --root DIR   another tree (DIR/src/...)
    tests/owners/run.sh                              this script's own tests

The rule. A module is a folder directly under src/ (src/news/, src/docs/...);
src/main.c is the module "main" (any other file directly under src/ is the
module named by its file name without the extension). A module owns the
tables that its migrations create, and its SQL may name no other table: the
other modules reach those tables through the owner's C header. Every
CREATE TABLE and CREATE VIRTUAL TABLE in src/store/migrations/*.sql is
preceded, on the line right before it, by

    -- owner: MODULE

A table dropped and created again keeps its owner: two different owners for
one name is an error, and so is an owner line followed by no CREATE TABLE
and an owner that is not a module. Indexes, triggers and views are not
tables, and a migration's SQL (triggers included) may name any table. The
shadow tables of a virtual table (article_fts_data...) belong to its owner.
There is no way to exempt a line: the fix for a report is to move the SQL
into the module that owns the table.

How SQL is found in C. Every .c and .h file under src/ is split into tokens
as the C compiler would see them: backslash-newline joins lines first (so a
// comment or a #define may continue on the next line), comments are
skipped, character constants ('"') are tokens of their own, a string
literal's escapes are decoded, and #error text and <header> names are not
read. The literals inside #define bodies are read like any others.

A literal is SQL when it holds one of the words SELECT INSERT UPDATE DELETE
FROM JOIN INTO WHERE VALUES CREATE ALTER DROP MATCH REPLACE PRAGMA, in
capitals, as a whole word; this is decided for each literal, since a
statement is often split over adjacent literals and macros ("SELECT "
CARD_COLUMNS "WHERE ..."). A literal without a keyword is SQL too when the
compiler joins it to SQL: when it is adjacent to an SQL literal (directly
or through macro names), when it is joined to a macro whose body is SQL,
and when it is in the body of an object-like macro pasted into SQL. So
"FROM document d, " "doc_type t " checks doc_type as well.

In an SQL literal every word (Unicode letters, digits and _) is compared,
ignoring case, with the table names: "article_id" names no table, "a.id"
none, "FROM article a" and "'article'" name article. A word that is
another module's table is reported at its own line as

    path:line: module X names table Y (owned by Z)

where X is the module of the file holding the literal (a macro in a header
is its header's module's). An SQL statement that names another module's
table through a macro defined in that module's file is also reported where
the macro is used, with " via macro NAME (path:line)" added.

Output: one line per problem, then "N passed, N failed": the modules found
clean and with problems, plus one for the migrations' own check. Exit
status 0 when everything is clean, 1 otherwise, 2 on bad usage.
"""

import argparse
import os
import re
import sys

SQL_KEYWORDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "FROM", "JOIN", "INTO", "WHERE", "VALUES",
                "CREATE", "ALTER", "DROP", "MATCH", "REPLACE", "PRAGMA")
# \w is Unicode-aware on str: "tin" is not a word of "tinđ", nor "article" of "article_id".
KEYWORD_RE = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(SQL_KEYWORDS))
WORD_RE = re.compile(r"\w+")
OWNER_RE = re.compile(r"^\s*--\s*owner\s*:\s*(.*?)\s*$")
MODULE_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# The tables a virtual table module creates beside the one named.
SHADOW_SUFFIXES = {
    "fts5": ("_data", "_idx", "_content", "_docsize", "_config"),
    "fts4": ("_content", "_segments", "_segdir", "_docsize", "_stat"),
    "fts3": ("_content", "_segments", "_segdir", "_docsize", "_stat"),
    "rtree": ("_node", "_parent", "_rowid"),
}


# --- migrations ---------------------------------------------------------------

def sql_tokens(text):
    """Tokens of SQL text as (kind, value, line): kind is 'w' for a word,
    'q' for a quoted name ("x", `x`, [x]), 's' for a 'string', 'p' for
    anything else. Comments are skipped."""
    out = []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c in "'\"`[":
            close = "]" if c == "[" else c
            j, value = i + 1, []
            while j < n:
                if text[j] == close:
                    if close != "]" and j + 1 < n and text[j + 1] == close:
                        value.append(close)  # '' inside '...', "" inside "..."
                        j += 2
                        continue
                    break
                value.append(text[j])
                j += 1
            out.append(("s" if c == "'" else "q", "".join(value), line))
            line += text.count("\n", i, min(j + 1, n))
            i = j + 1
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            out.append(("w", text[i:j], line))
            i = j
        else:
            out.append(("p", c, line))
            i += 1
    return out


def at(toks, k):
    return toks[k] if 0 <= k < len(toks) else None


def word_is(tok, *words):
    return tok is not None and tok[0] == "w" and tok[1].upper() in words


def read_name(toks, k):
    """The possibly schema-qualified name at toks[k]: (name, line, next k)."""
    tok = at(toks, k)
    if tok is None or tok[0] not in "wqs":
        return None, None, k
    dot, last = at(toks, k + 1), at(toks, k + 2)
    if dot is not None and dot[:2] == ("p", ".") and last is not None and last[0] in "wqs":
        return last[1], last[2], k + 3
    return tok[1], tok[2], k + 1


def check_migrations(root, modules):
    """Returns (tables, problems): tables maps a lower-case table name to
    (owner, path, line); problems are (path, line, message)."""
    mdir = os.path.join(root, "src", "store", "migrations")
    problems = []
    tables = {}
    files = sorted(f for f in os.listdir(mdir) if f.endswith(".sql")) if os.path.isdir(mdir) else []
    if not files:
        problems.append((rel(root, mdir), 0, "no migrations (*.sql) found"))
        return tables, problems
    for f in files:
        path = os.path.join(mdir, f)
        rpath = rel(root, path)
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read().replace("\r\n", "\n")
        lines = text.split("\n")
        owner_lines = {}  # line number -> owner named there
        for no, ln in enumerate(lines, 1):
            m = OWNER_RE.match(ln)
            if m:
                owner_lines[no] = m.group(1)
        used_owner_lines = set()
        toks = sql_tokens(text)
        for k, tok in enumerate(toks):
            if word_is(tok, "CREATE"):
                j = k + 1
                if word_is(at(toks, j), "TEMP", "TEMPORARY"):
                    j += 1
                virtual = word_is(at(toks, j), "VIRTUAL")
                if virtual:
                    j += 1
                if not word_is(at(toks, j), "TABLE"):
                    continue  # an index, a trigger, a view
                j += 1
                if all(word_is(at(toks, j + d), w) for d, w in enumerate(("IF", "NOT", "EXISTS"))):
                    j += 3
                name, _, j = read_name(toks, j)
                what = "CREATE VIRTUAL TABLE" if virtual else "CREATE TABLE"
                if name is None:
                    problems.append((rpath, tok[2], "%s without a table name" % what))
                    continue
                vmodule = None
                if virtual and word_is(at(toks, j), "USING") and at(toks, j + 1) is not None:
                    vmodule = toks[j + 1][1].lower()
                before = tok[2] - 1
                owner = owner_lines.get(before)
                if owner is None:
                    problems.append((rpath, tok[2], '%s %s has no "-- owner: MODULE" line right before it'
                                     % (what, name)))
                    continue
                used_owner_lines.add(before)
                if not MODULE_NAME_RE.match(owner):
                    problems.append((rpath, before, 'owner line of table %s does not name one module: "%s"'
                                     % (name, lines[before - 1].strip())))
                    continue
                if owner not in modules:
                    # Reported, and kept: the modules that name the table are still checked.
                    problems.append((rpath, before, "owner %s of table %s is not a module (no src/%s/)"
                                     % (owner, name, owner)))
                prev = tables.get(name.lower())
                if prev is not None and prev[0] != owner:
                    problems.append((rpath, tok[2], "table %s is owned by %s here but by %s at %s:%d"
                                     % (name, owner, prev[0], prev[1], prev[2])))
                    continue
                for t in [name] + [name + s for s in SHADOW_SUFFIXES.get(vmodule, ())]:
                    tables.setdefault(t.lower(), (owner, rpath, tok[2]))
            elif word_is(tok, "ALTER") and word_is(at(toks, k + 1), "TABLE"):
                # ALTER TABLE x RENAME TO y: y is the same table, with x's owner.
                old, _, j = read_name(toks, k + 2)
                if old is not None and word_is(at(toks, j), "RENAME") and word_is(at(toks, j + 1), "TO"):
                    new, _, _ = read_name(toks, j + 2)
                    if new is not None and old.lower() in tables and new.lower() not in tables:
                        owner = tables[old.lower()][0]
                        tables[new.lower()] = (owner, rpath, toks[j + 2][2])
        for no in sorted(set(owner_lines) - used_owner_lines):
            problems.append((rpath, no, "owner line is not right before a CREATE TABLE"))
    return tables, problems


# --- C sources -----------------------------------------------------------------

class Tok:
    __slots__ = ("kind", "text", "line", "ctx", "chars")

    def __init__(self, kind, text, line, ctx, chars=None):
        self.kind = kind    # 'str', 'char', 'id', 'num', 'punct'
        self.text = text    # decoded value of a literal; the spelling otherwise
        self.line = line    # physical line of its first character
        self.ctx = ctx      # None in code; the number of the directive it is in
        self.chars = chars  # for a literal: the physical line of each character of text


def splice_lines(text):
    """Translation phase 2: backslash-newline disappears. Returns the logical
    text and the physical line of each of its characters. Like GCC, spaces
    between the backslash and the newline are allowed."""
    out, lines = [], []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\\":
            j = i + 1
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == "\n":
                line += 1
                i = j + 1
                continue
        out.append(c)
        lines.append(line)
        if c == "\n":
            line += 1
        i += 1
    return "".join(out), lines


SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
                  "\\": "\\", "'": "'", '"': '"', "?": "?"}
HEX = "0123456789abcdefABCDEF"


def read_literal(s, lines, i, quote):
    """Reads the literal whose opening quote is s[i]. Returns (value, line of
    each value character, index after the literal). An unterminated literal
    ends at the end of its line, as compilers recover."""
    value, where = [], []
    j, n = i + 1, len(s)
    while j < n:
        c = s[j]
        if c == quote:
            return "".join(value), where, j + 1
        if c == "\n":
            break
        if c == "\\" and j + 1 < n:
            line = lines[j]
            e = s[j + 1]
            if e in SIMPLE_ESCAPES:
                value.append(SIMPLE_ESCAPES[e])
                j += 2
            elif e in "01234567":
                k = j + 1
                while k < n and k < j + 4 and s[k] in "01234567":
                    k += 1
                value.append(chr(int(s[j + 1:k], 8)))
                j = k
            elif e == "x":
                k = j + 2
                while k < n and s[k] in HEX:
                    k += 1
                value.append(chr(int(s[j + 2:k], 16) % 0x110000) if k > j + 2 else "x")
                j = k
            elif e in "uU":
                width = 4 if e == "u" else 8
                digits = s[j + 2:j + 2 + width]
                if len(digits) == width and all(d in HEX for d in digits):
                    value.append(chr(int(digits, 16) % 0x110000))
                    j += 2 + width
                else:
                    value.append(e)
                    j += 2
            else:
                value.append(e)
                j += 2
            where.append(line)
            continue
        value.append(c)
        where.append(lines[j])
        j += 1
    return "".join(value), where, j


def is_ident_char(c):
    return c.isalnum() or c == "_" or c == "$" or ord(c) > 127


def lex_c(text):
    """The tokens of a C file, and its #define directives as a dict: directive
    number -> (macro name, line, object-like?)."""
    text = text.replace("\r\n", "\n")
    s, lines = splice_lines(text)
    toks, defines = [], {}
    i, n = 0, len(s)
    bol = True     # nothing but spaces and comments since the last newline
    ctx = None     # number of the directive being read, else None
    nctx = 0
    while i < n:
        c = s[i]
        if c == "\n":
            ctx = None
            bol = True
            i += 1
            continue
        if c in " \t\f\v\r":
            i += 1
            continue
        if s.startswith("/*", i):
            j = s.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if s.startswith("//", i):
            j = s.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "#" and bol and ctx is None:
            nctx += 1
            ctx = nctx
            bol = False
            j = i + 1
            while j < n and s[j] in " \t":
                j += 1
            k = j
            while k < n and is_ident_char(s[k]):
                k += 1
            directive = s[j:k]
            if directive in ("error", "warning") or (directive in ("include", "include_next")
                                                     and s[k:].lstrip(" \t").startswith("<")):
                # Free text or a <header-name>: not tokens of a program.
                e = s.find("\n", k)
                i = n if e < 0 else e
                continue
            if directive == "define":
                m = k
                while m < n and s[m] in " \t":
                    m += 1
                e = m
                while e < n and is_ident_char(s[e]):
                    e += 1
                if e > m:
                    defines[ctx] = (s[m:e], lines[m], not (e < n and s[e] == "("))
                    i = e  # the macro's name is not a token of its body
                    continue
            i = k
            continue
        bol = False
        if c == '"' or c == "'":
            value, where, i2 = read_literal(s, lines, i, c)
            toks.append(Tok("str" if c == '"' else "char", value, lines[i], ctx, where))
            i = i2
            continue
        if c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
            j = i + 1
            while j < n and (is_ident_char(s[j]) or s[j] == "." or
                             (s[j] in "+-" and s[j - 1] in "eEpP")):
                j += 1
            toks.append(Tok("num", s[i:j], lines[i], ctx))
            i = j
            continue
        if is_ident_char(c):
            j = i
            while j < n and is_ident_char(s[j]):
                j += 1
            word = s[i:j]
            if word in ("L", "u", "U", "u8") and j < n and s[j] in "\"'":
                value, where, i2 = read_literal(s, lines, j, s[j])
                toks.append(Tok("str" if s[j] == '"' else "char", value, lines[i], ctx, where))
                i = i2
                continue
            toks.append(Tok("id", word, lines[i], ctx))
            i = j
            continue
        toks.append(Tok("punct", c, lines[i], ctx))
        i += 1
    return toks, defines


class SourceFile:
    def __init__(self, root, path, module):
        self.path = rel(root, path)
        self.module = module
        with open(path, encoding="utf-8", errors="replace") as fh:
            self.toks, self.defines = lex_c(fh.read())


def string_macros(files):
    """Object-like macros whose body is string literals and such macros only:
    name -> list of (file, line of the #define, body tokens)."""
    bodies = {}
    for f in files:
        by_ctx = {}
        for t in f.toks:
            if t.ctx in f.defines:
                by_ctx.setdefault(t.ctx, []).append(t)
        for ctx, (name, line, object_like) in f.defines.items():
            body = by_ctx.get(ctx, [])
            if object_like and body and all(t.kind in ("str", "id") for t in body):
                bodies.setdefault(name, []).append((f, line, body))

    def stringy(body):
        return all(t.kind == "str" or (t.kind == "id" and t.text in known) for t in body)

    known = set()
    changed = True
    while changed:
        changed = False
        for name, defs in bodies.items():
            if name not in known and any(stringy(body) for _f, _l, body in defs):
                known.add(name)
                changed = True
    return {name: [d for d in defs if stringy(d[2])] for name, defs in bodies.items() if name in known}


def groups_of(f, macros):
    """The runs of tokens that the compiler joins into one string: literals,
    macros holding strings, and any identifier between two literals (which
    can only be such a macro). Runs do not cross a directive's end."""
    runs, cur = [], []

    def close():
        # Identifiers at the ends join only when they are string macros.
        lo, hi = 0, len(cur)
        while lo < hi and cur[lo].kind == "id" and cur[lo].text not in macros:
            lo += 1
        while hi > lo and cur[hi - 1].kind == "id" and cur[hi - 1].text not in macros:
            hi -= 1
        run = cur[lo:hi]
        if run:
            runs.append(run)

    for t in f.toks:
        if t.kind in ("str", "id") and (not cur or cur[-1].ctx == t.ctx):
            cur.append(t)
            continue
        close()
        cur = [t] if t.kind in ("str", "id") else []
    close()
    return runs


def rel(root, path):
    return os.path.relpath(path, root).replace(os.sep, "/")


def find_modules(root):
    """module name -> list of .c/.h paths (a module may have none)."""
    src = os.path.join(root, "src")
    modules = {}
    for entry in sorted(os.listdir(src)):
        full = os.path.join(src, entry)
        if os.path.isdir(full):
            paths = modules.setdefault(entry, [])
            for dirpath, dirnames, filenames in os.walk(full):
                dirnames.sort()
                for fn in sorted(filenames):
                    if fn.endswith((".c", ".h")):
                        paths.append(os.path.join(dirpath, fn))
        elif entry.endswith((".c", ".h")):
            modules.setdefault(os.path.splitext(entry)[0], []).append(full)
    return modules


def check_sources(root, modules, tables):
    """Returns a list of (path, line, module, message)."""
    files = [SourceFile(root, p, m) for m, paths in sorted(modules.items()) for p in paths]
    macros = string_macros(files)
    runs = [(f, run) for f in files for run in groups_of(f, macros)]

    # Which runs are SQL. A run with a keyword is; so is a run that uses a
    # macro whose body is SQL by keyword (CARD_COLUMNS holds "FROM ..."), and
    # the body of a macro used in an SQL run (a macro holding "doc_type t "
    # pasted into a SELECT). SQL-ness goes from a macro up to its users and
    # from a user down to its macros, never sideways from one user of a
    # macro to another, so that a macro pasted into a statement and also
    # into messages does not make the messages SQL.
    def has_keyword(run):
        return any(t.kind == "str" and KEYWORD_RE.search(t.text) for t in run)

    def used_macros(run):
        return [t.text for t in run if t.kind == "id" and t.text in macros]

    memo = {}

    def macro_is_sql(name):
        if name not in memo:
            memo[name] = False  # a macro that uses itself does not expand
            memo[name] = any(has_keyword(body) or any(macro_is_sql(m) for m in used_macros(body))
                             for _f, _l, body in macros[name])
        return memo[name]

    sql_runs = {id(run[0]) for _f, run in runs
                if has_keyword(run) or any(macro_is_sql(m) for m in used_macros(run))}
    work = [m for _f, run in runs if id(run[0]) in sql_runs for m in used_macros(run)]
    expanded = set()
    while work:
        name = work.pop()
        if name in expanded:
            continue
        expanded.add(name)
        for _f, _l, body in macros[name]:
            sql_runs.add(id(body[0]))
            work.extend(used_macros(body))

    def tables_named(tok):
        """(table, physical line) for each word of a literal that is a table."""
        for m in WORD_RE.finditer(tok.text):
            key = m.group(0).lower()
            if key in tables:
                yield key, tok.chars[m.start()]

    def macro_tables(name, seen):
        """(table, macro, its file, line of its #define) for the tables that
        the literals of macro name name, through nested macros."""
        if name in seen:
            return
        seen.add(name)
        for df, line, body in macros.get(name, ()):
            for t in body:
                if t.kind == "str":
                    for key, _l in tables_named(t):
                        yield key, name, df, line
                elif t.kind == "id":
                    yield from macro_tables(t.text, seen)

    found = {}
    for f, run in runs:
        if id(run[0]) not in sql_runs:
            continue
        for t in run:
            if t.kind == "str":
                for key, line in tables_named(t):
                    owner = tables[key][0]
                    if owner != f.module:
                        msg = "module %s names table %s (owned by %s)" % (f.module, key, owner)
                        found.setdefault((f.path, line, msg), f.module)
            elif t.kind == "id" and t.text in macros:
                if any(df.module == f.module for df, _l, _b in macros[t.text]):
                    continue  # the module's own macro: its literals are checked where they are
                for key, name, df, dline in macro_tables(t.text, set()):
                    owner = tables[key][0]
                    if owner != f.module:
                        msg = ("module %s names table %s (owned by %s) via macro %s (%s:%d)"
                               % (f.module, key, owner, name, df.path, dline))
                        found.setdefault((f.path, t.line, msg), f.module)
    return [(p, line, module, msg) for (p, line, msg), module in found.items()]


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Each module's SQL names only the tables it owns.",
                                 allow_abbrev=False)
    ap.add_argument("--root", default=os.path.dirname(here),
                    help="the tree to check (default: this repository)")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.root)
    if not os.path.isdir(os.path.join(root, "src")):
        print("%s: no src/ folder" % root, file=sys.stderr)
        return 2

    modules = find_modules(root)
    tables, mproblems = check_migrations(root, set(modules))
    for path, line, msg in sorted(mproblems, key=lambda p: (p[0], p[1])):
        print("%s:%d: %s" % (path, line, msg))

    violations = check_sources(root, modules, tables)
    bad = set()
    for path, line, module, msg in sorted(violations, key=lambda v: (v[0], v[1], v[3])):
        print("%s:%d: %s" % (path, line, msg))
        bad.add(module)

    failed = len(bad) + (1 if mproblems else 0)
    passed = len(modules) - len(bad) + (0 if mproblems else 1)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
