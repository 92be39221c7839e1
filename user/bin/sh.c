/* sh: the MemV6 shell.
 *
 *   sh             commands from standard input ("$ " prompt on a console)
 *   sh -c LINE     run one line
 *   sh FILE        run the lines of a script
 *
 * Grammar (docs/userland.md has the details):
 *
 *   list     := pipeline { (';' | '&' | newline) pipeline } [';' | '&']
 *   pipeline := command { '|' command }
 *   command  := word { word | redir }  |  redir { word | redir }
 *             | '(' list ')' { redir }
 *   redir    := '<' word | '>' word | '>>' word
 *
 * Words are runs of characters other than blanks and | ; & < > ( );
 * '...' and "..." quote such characters, and # starts a comment.  The
 * shell exits with the status of the last foreground command.
 *
 * A line is parsed into a tree of nodes, then run.  Every command but a
 * builtin runs in a child process; a background job runs in a grandchild
 * whose parent exits at once, so init, not the shell, reaps it. */

#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define LINEMAX  4096           /* longest input line, with its NUL */
#define NNODE    128            /* parse-tree nodes per line */
#define NREDIR   64             /* redirections per line */
#define NSTAGE   16             /* commands in one pipeline */
#define NOTFOUND 127            /* status of a command that cannot run */

/* ---------------------------------------------------------------- tree */

enum { N_EXEC, N_GROUP, N_PIPE, N_SEQ, N_BG };

struct redir {
  struct redir *next;
  int fd;                       /* 0 or 1 */
  int append;                   /* >> */
  char *path;
};

struct node {
  int kind;
  struct node *left, *right;    /* PIPE, SEQ: both; BG, GROUP: left */
  int argc;                     /* EXEC */
  char *argv[MAXARG];
  struct redir *redirs;         /* EXEC, GROUP, in source order */
};

static struct node nodes[NNODE];
static struct redir redirs[NREDIR];
static int nnode, nredir;

/* ---------------------------------------------------------------- state */

static int last_status;         /* of the last foreground command */
static int interactive;         /* reading commands from a console */
static int script_fd = -1;      /* open script file; children close it */

/* ---------------------------------------------------------------- lexer */

enum { T_WORD, T_PIPE, T_SEMI, T_AMP, T_IN, T_OUT, T_APPEND,
       T_LPAREN, T_RPAREN, T_END };

/* Operators, longest first so that ">>" wins over ">". */
static const struct { const char *text; int tok; } ops[] = {
  { ">>", T_APPEND }, { "|", T_PIPE }, { ";", T_SEMI }, { "\n", T_SEMI },
  { "&", T_AMP }, { "<", T_IN }, { ">", T_OUT }, { "(", T_LPAREN },
  { ")", T_RPAREN },
};

static const char *src;         /* rest of the line being parsed */
static int tok;                 /* current token */
static const char *tok_text;    /* where it starts in the line */
static char *word;              /* its text, when tok == T_WORD */
static char arena[2*LINEMAX];   /* words, unquoted and NUL-terminated */
static char *arena_top;
static const char *perr;        /* first parse error, or 0 */

static int
is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static int
is_special(char c)
{
  return c != 0 && (is_blank(c) || strchr("|;&<>()\n", c) != 0);
}

static void
parse_error(const char *msg)
{
  if (perr == 0)
    perr = msg;
}

/* Copy one word from src into the arena, removing its quotes. */
static void
lex_word(void)
{
  char q;

  word = arena_top;
  while (*src && !is_special(*src)) {
    if (*src == '\'' || *src == '"') {
      for (q = *src++; *src && *src != q; )
        *arena_top++ = *src++;
      if (*src != q) {
        parse_error("unterminated quote");
        break;
      }
      src++;
    } else {
      *arena_top++ = *src++;
    }
  }
  *arena_top++ = 0;
}

static void
next(void)
{
  uint i, len;

  while (is_blank(*src))
    src++;
  if (*src == '#')
    while (*src && *src != '\n')
      src++;
  tok_text = src;
  if (*src == 0) {
    tok = T_END;
    return;
  }
  for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    len = strlen(ops[i].text);
    if (memcmp(src, ops[i].text, len) == 0) {
      tok = ops[i].tok;
      src += len;
      return;
    }
  }
  tok = T_WORD;
  lex_word();
}

/* ---------------------------------------------------------------- parser */

static struct node *
new_node(int kind, struct node *left, struct node *right)
{
  struct node *n;

  if (nnode == NNODE) {
    parse_error("line too complex");
    return 0;
  }
  n = &nodes[nnode++];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->left = left;
  n->right = right;
  return n;
}

/* Parse one redirection (tok is <, > or >>) and append it to n's list. */
static void
parse_redir(struct node *n)
{
  struct redir *r, **tail;
  int t = tok;

  next();
  if (tok != T_WORD) {
    parse_error("missing file name after redirection");
    return;
  }
  if (nredir == NREDIR) {
    parse_error("too many redirections");
    return;
  }
  r = &redirs[nredir++];
  r->next = 0;
  r->fd = t == T_IN ? 0 : 1;
  r->append = t == T_APPEND;
  r->path = word;
  for (tail = &n->redirs; *tail; tail = &(*tail)->next)
    ;
  *tail = r;
  next();
}

static int
is_redir(int t)
{
  return t == T_IN || t == T_OUT || t == T_APPEND;
}

static struct node *parse_list(void);

static struct node *
parse_command(void)
{
  struct node *n, *body;

  if (tok == T_LPAREN) {
    next();
    body = parse_list();
    if (tok != T_RPAREN)
      parse_error("missing )");
    else if (body == 0)
      parse_error("empty ( )");
    next();
    if ((n = new_node(N_GROUP, body, 0)) == 0)
      return 0;
    while (perr == 0 && is_redir(tok))
      parse_redir(n);
    if (tok == T_WORD || tok == T_LPAREN)
      parse_error("unexpected word after ( )");
    return n;
  }
  if ((n = new_node(N_EXEC, 0, 0)) == 0)
    return 0;
  while (perr == 0 && (tok == T_WORD || is_redir(tok))) {
    if (tok != T_WORD) {
      parse_redir(n);
      continue;
    }
    if (n->argc == MAXARG - 1) {
      parse_error("too many arguments");
      break;
    }
    n->argv[n->argc++] = word;
    next();
  }
  if (n->argc == 0 && n->redirs == 0)
    parse_error(tok == T_END ? "unexpected end of line" : "unexpected operator");
  return n;
}

static struct node *
parse_pipeline(void)
{
  struct node *n = parse_command();

  while (perr == 0 && tok == T_PIPE) {
    next();
    n = new_node(N_PIPE, n, parse_command());
  }
  return n;
}

/* A list ends at the end of the line or at a ')'.  Returns 0 for an
 * empty list (perr tells an error from a blank line). */
static struct node *
parse_list(void)
{
  struct node *list = 0, *p;

  while (perr == 0 && tok != T_END && tok != T_RPAREN) {
    if (tok == T_SEMI) {        /* blank line or empty command */
      next();
      continue;
    }
    p = parse_pipeline();
    if (perr == 0 && tok == T_AMP) {
      p = new_node(N_BG, p, 0);
      next();
    } else if (tok == T_SEMI) {
      next();
    } else if (tok != T_END && tok != T_RPAREN) {
      parse_error("unexpected ( or word");
    }
    list = list ? new_node(N_SEQ, list, p) : p;
  }
  return list;
}

/* ---------------------------------------------------------------- running */

static int run(struct node *n);

/* Make fd `from` appear as fd `to` instead. */
static void
move_fd(int from, int to)
{
  if (from == to)
    return;
  close(to);
  if (dup(from) != to)
    die("sh: cannot set up fd %d", to);
  close(from);
}

/* Position fd at the end of its file: there is no lseek, so read it. */
static void
seek_end(int fd)
{
  static char sink[512];

  while (read(fd, sink, sizeof sink) > 0)
    ;
}

static void
apply_redirs(struct redir *r)
{
  int fd;

  for (; r; r = r->next) {
    if (r->fd == 0)
      fd = open(r->path, O_RDONLY);
    else if (r->append)
      fd = open(r->path, O_RDWR | O_CREATE);
    else
      fd = open(r->path, O_WRONLY | O_CREATE | O_TRUNC);
    if (fd < 0)
      die("sh: cannot open %s", r->path);
    if (r->append)
      seek_end(fd);
    move_fd(fd, r->fd);
  }
}

/* exec argv; a name without '/' is tried in the current directory, then
 * in the root.  Returns only on failure. */
static void
exec_path(char **argv)
{
  char path[MAXPATH];

  exec(argv[0], argv);
  if (strchr(argv[0], '/') == 0 && strlen(argv[0]) + 2 <= MAXPATH) {
    path[0] = '/';
    strcpy(path + 1, argv[0]);
    exec(path, argv);
  }
}

/* ---- builtins: commands that must change the shell itself */

static int
b_cd(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : "/";

  if (chdir(dir) < 0) {
    fprintf(2, "sh: cd: cannot change to %s\n", dir);
    return 1;
  }
  return 0;
}

static int
b_exit(int argc, char **argv)
{
  exit(argc > 1 ? atoi(argv[1]) : last_status);
}

typedef int builtin_fn(int argc, char **argv);

static const struct {
  const char *name;
  builtin_fn *fn;
} builtins[] = {
  { "cd", b_cd },
  { "exit", b_exit },
};

static builtin_fn *
builtin(struct node *n)
{
  uint i;

  if (n->kind == N_EXEC && n->argc > 0)
    for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
      if (strcmp(n->argv[0], builtins[i].name) == 0)
        return builtins[i].fn;
  return 0;
}

/* In a forked child: run n and exit with its status. */
static void
run_child(struct node *n)
{
  builtin_fn *fn;

  if (script_fd >= 0) {
    close(script_fd);
    script_fd = -1;
  }
  if (n->kind != N_EXEC && n->kind != N_GROUP)
    exit(run(n));
  apply_redirs(n->redirs);
  if (n->kind == N_GROUP)
    exit(run(n->left));
  if (n->argc == 0)
    exit(0);
  if ((fn = builtin(n)) != 0)
    exit(fn(n->argc, n->argv));
  exec_path(n->argv);
  fprintf(2, "sh: %s: command not found\n", n->argv[0]);
  exit(NOTFOUND);
}

static int
spawn(struct node *n)
{
  int pid = fork();

  if (pid == 0)
    run_child(n);
  if (pid < 0)
    fprintf(2, "sh: fork failed\n");
  return pid;
}

/* Wait for the n children in pids (entries < 0 are skipped); returns the
 * exit status of the last one. */
static int
wait_all(int *pids, int n)
{
  int left = 0, i, pid, st, status = NOTFOUND;

  for (i = 0; i < n; i++)
    left += pids[i] > 0;
  while (left > 0 && (pid = wait(&st)) >= 0)
    for (i = 0; i < n; i++)
      if (pids[i] == pid) {
        left--;
        if (i == n - 1)
          status = st;
      }
  return status;
}

static int
run_pipeline(struct node *n)
{
  struct node *stage[NSTAGE], *m;
  int pids[NSTAGE], p[2], in = -1, ns = 1, i;

  for (m = n; m->kind == N_PIPE; m = m->left)
    ns++;
  if (ns > NSTAGE) {
    fprintf(2, "sh: pipeline longer than %d commands\n", NSTAGE);
    return 1;
  }
  for (i = ns - 1, m = n; m->kind == N_PIPE; m = m->left)
    stage[i--] = m->right;
  stage[0] = m;

  for (i = 0; i < ns; i++) {
    p[0] = p[1] = -1;
    if (i < ns - 1 && pipe(p) < 0) {
      fprintf(2, "sh: pipe failed\n");
      pids[i] = -1;
      ns = i + 1;
      break;
    }
    if ((pids[i] = fork()) == 0) {
      if (in >= 0)
        move_fd(in, 0);
      if (p[1] >= 0) {
        close(p[0]);
        move_fd(p[1], 1);
      }
      run_child(stage[i]);
    }
    if (pids[i] < 0)
      fprintf(2, "sh: fork failed\n");
    if (in >= 0)
      close(in);
    if (p[1] >= 0)
      close(p[1]);
    in = p[0];
  }
  if (in >= 0)
    close(in);
  return wait_all(pids, ns);
}

/* Start n in a grandchild and return at once; init will reap it. */
static void
run_background(struct node *n)
{
  int pid = fork(), job;

  if (pid == 0) {
    if ((job = fork()) == 0)
      run_child(n);
    if (job < 0)
      die("sh: fork failed");
    if (interactive)
      fprintf(2, "[%d]\n", job);
    exit(0);
  }
  if (pid < 0)
    fprintf(2, "sh: fork failed\n");
  else
    wait_all(&pid, 1);
}

/* Run n in the shell process; returns its exit status. */
static int
run(struct node *n)
{
  builtin_fn *fn;
  int pid;

  switch (n->kind) {
  case N_SEQ:
    run(n->left);
    return run(n->right);
  case N_BG:
    run_background(n->left);
    return 0;
  case N_PIPE:
    return run_pipeline(n);
  }
  if ((fn = builtin(n)) != 0 && n->redirs == 0)
    return fn(n->argc, n->argv);
  pid = spawn(n);
  return wait_all(&pid, 1);
}

/* ---------------------------------------------------------------- input */

static void
run_line(const char *line)
{
  struct node *n;

  nnode = nredir = 0;
  perr = 0;
  arena_top = arena;
  src = line;
  next();
  n = parse_list();
  if (perr == 0 && tok != T_END)
    parse_error("unmatched )");
  if (perr) {
    fprintf(2, "sh: syntax error: %s near '%s'\n", perr, tok_text);
    last_status = 2;
  } else if (n) {
    last_status = run(n);
  }
}

/* Read one line from fd, one byte at a time so that commands run from
 * the same input see the rest of it.  Returns 0 at end of input, -1 for
 * a line too long (skipped), else 1. */
static int
read_line(int fd, char *buf)
{
  int n = 0, toolong = 0, got = 0;
  char c;

  while (read(fd, &c, 1) == 1) {
    got = 1;
    if (c == '\n')
      break;
    if (n < LINEMAX - 1)
      buf[n++] = c;
    else
      toolong = 1;
  }
  if (!got)
    return 0;
  buf[n] = 0;
  return toolong ? -1 : 1;
}

static void
run_input(int fd)
{
  static char line[LINEMAX];
  int r;

  for (;;) {
    if (interactive)
      fprintf(2, "$ ");
    if ((r = read_line(fd, line)) == 0)
      break;
    if (r < 0) {
      fprintf(2, "sh: line longer than %d bytes\n", LINEMAX - 1);
      last_status = 2;
      continue;
    }
    run_line(line);
  }
}

int
main(int argc, char *argv[])
{
  struct stat st;

  if (argc > 1 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3)
      die("usage: sh -c line");
    if (strlen(argv[2]) >= LINEMAX)
      die("sh: line longer than %d bytes", LINEMAX - 1);
    run_line(argv[2]);
  } else if (argc > 1) {
    if ((script_fd = open(argv[1], O_RDONLY)) < 0)
      die("sh: cannot open %s", argv[1]);
    run_input(script_fd);
  } else {
    interactive = fstat(0, &st) == 0 && st.type == T_DEVICE;
    run_input(0);
  }
  return last_status;
}
