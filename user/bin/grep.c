/* grep: print the lines that match a regular expression.
 *
 *   grep PATTERN [FILE...]
 *
 * The patterns are a small subset of POSIX basic expressions: c matches
 * itself, . any character, x* zero or more of the preceding x, ^ at the
 * start and $ at the end anchor the match to the line's ends, and \c
 * stands for c literally.  Exit status 0 when some line matched, 1 when
 * none did, 2 on an error.  Lines longer than LINEMAX-1 bytes are
 * split into several lines. */

#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define NITEM   256
#define LINEMAX 4096

/* The pattern, compiled: a sequence of single-character items. */
struct item {
  char c;       /* character to match */
  char any;     /* matches every character (.) */
  char star;    /* repeated zero or more times */
};

static struct item items[NITEM];
static int nitems;
static int anchor_bol, anchor_eol;

static void
compile(const char *p)
{
  if (*p == '^') {
    anchor_bol = 1;
    p++;
  }
  for (; *p; p++) {
    if (p[0] == '$' && p[1] == 0) {
      anchor_eol = 1;
      break;
    }
    if (*p == '*' && nitems > 0 && !items[nitems-1].star) {
      items[nitems-1].star = 1;
      continue;
    }
    if (nitems == NITEM) {
      fprintf(2, "grep: pattern too long\n");
      exit(2);
    }
    if (*p == '\\' && p[1] != 0)
      p++;
    else if (*p == '.')
      items[nitems].any = 1;
    items[nitems++].c = *p;
  }
}

static int
item_matches(struct item *it, char c)
{
  return c != 0 && (it->any || it->c == c);
}

/* Do items it[0..n) match a prefix of s (the whole rest, if anchored)? */
static int
match_at(struct item *it, int n, const char *s)
{
  int k;

  for (; n > 0; it++, n--) {
    if (it->star) {
      /* Take as many as possible, then give them back one by one. */
      for (k = 0; item_matches(it, s[k]); k++)
        ;
      for (; k >= 0; k--)
        if (match_at(it + 1, n - 1, s + k))
          return 1;
      return 0;
    }
    if (!item_matches(it, *s++))
      return 0;
  }
  return !anchor_eol || *s == 0;
}

static int
line_matches(const char *line)
{
  const char *s = line;

  do {
    if (match_at(items, nitems, s))
      return 1;
  } while (!anchor_bol && *s++ != 0);
  return 0;
}

static char buf[LINEMAX];
static const char *fname;   /* prefix for output lines, or 0 */

/* Print line if it matches; returns 1 if it did. */
static int
report(const char *line)
{
  if (!line_matches(line))
    return 0;
  if (fname)
    printf("%s:%s\n", fname, line);
  else
    printf("%s\n", line);
  return 1;
}

/* Print the matching lines of fd.  Returns how many matched, or -1 on a
 * read error. */
static int
grep_fd(int fd)
{
  int have = 0, n, found = 0;
  char *line, *nl;

  for (;;) {
    if ((n = read(fd, buf + have, sizeof buf - 1 - have)) < 0)
      return -1;
    have += n;
    buf[have] = 0;
    for (line = buf; (nl = strchr(line, '\n')) != 0; line = nl + 1) {
      *nl = 0;
      found += report(line);
    }
    have -= line - buf;
    memmove(buf, line, have);
    /* At end of file, or when one line fills the buffer, what is left
     * counts as a line of its own. */
    if (n == 0 || have == sizeof buf - 1) {
      if (have > 0) {
        buf[have] = 0;
        found += report(buf);
      }
      if (n == 0)
        return found;
      have = 0;
    }
  }
}

int
main(int argc, char *argv[])
{
  int i, fd, n, found = 0, err = 0;

  if (argc < 2) {
    fprintf(2, "usage: grep pattern [file...]\n");
    return 2;
  }
  compile(argv[1]);
  if (argc == 2) {
    if ((n = grep_fd(0)) < 0) {
      fprintf(2, "grep: read error on standard input\n");
      return 2;
    }
    return n > 0 ? 0 : 1;
  }
  for (i = 2; i < argc; i++) {
    if ((fd = open(argv[i], O_RDONLY)) < 0) {
      fprintf(2, "grep: cannot open %s\n", argv[i]);
      err = 1;
      continue;
    }
    fname = argc > 3 ? argv[i] : 0;
    if ((n = grep_fd(fd)) < 0) {
      fprintf(2, "grep: read error on %s\n", argv[i]);
      err = 1;
    } else {
      found += n;
    }
    close(fd);
  }
  return err ? 2 : found > 0 ? 0 : 1;
}
