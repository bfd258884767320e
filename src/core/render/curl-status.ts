// The `--format curl` script's status check. A 409 means "the ACL exists" / "the grant is held" only
// when its body is the IAM's own JSON error, as the IAM client decides (iamConflict in
// src/iam/answers.ts, docs/iam-api.md): a proxy's HTML 409 or an empty one stops the script. POSIX sh
// with tr, sed and grep only (no jq: the script runs wherever the operator is).

/**
 * The script lines that define `expect_status DONE CODE` and the temp file it reads (`tokenVar`: the
 * variable holding the token, which an answer that echoes it must not print). CODE is what a
 * 409's body must carry: ERR_ACL_EXISTS for the ACL, `any` IAM code for the grant (the IAM's code
 * for a held grant is not public).
 */
export const curlStatusLines = (tokenVar: string): readonly string[] => [
  '# 201/204 = done; 409 = the ACL already exists / the grant is already held, but only when its body is',
  "# the IAM's own JSON error (docs/iam-api.md of audit2grant): a proxy's HTML page or an empty body stops",
  '# the script. Each answer is kept in a temp file, removed on exit.',
  `a2g_body=$(mktemp); trap 'rm -f "$a2g_body"' EXIT; trap 'exit 1' HUP INT TERM`,
  '# iam_conflict CODE: the body is one flat JSON object whose last "code" is the string CODE (any: any',
  '# ERR_ and at most 64 of A-Z 0-9 _) and whose last "title" or "description" is a string. Stricter than',
  '# audit2grant only for what the IAM does not send: nested objects or arrays, \\u escapes in a name or the code.',
  String.raw`a2g_member() { printf '%s\n' "$2" | sed -n "s/.*[{,] *\"$1\" *: *//p"; }`,
  'iam_conflict() (',
  '  export LC_ALL=C',
  String.raw`  [ "$1" != any ] || set -- 'ERR_[A-Z0-9_]{1,64}'`,
  '  # A control character other than white space: not JSON.',
  String.raw`  [ -z "$(tr -d '\t\n\r\040-\377' <"$a2g_body" | tr '\000-\037' '[x*]')" ] || exit 1`,
  '  # Escapes become ~, so each " left delimits a string; a tab or CR becomes a line break (none inside a string).',
  String.raw`  j=$(tr '\t\r' '\n\n' <"$a2g_body" | sed 's|\\["\\/bfnrt]|~|g; s|\\u[0-9A-Fa-f]\{4\}|~|g')`,
  String.raw`  v='(""|true|false|null|-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)'`,
  '  # Each string emptied (""), the whole must read {"":value,...}: HTML, a code amid other text, or a bare word does not.',
  String.raw`  printf '%s\n' "$j" | sed 's/"[^"\\]*"/""/g' | tr '\n' ' ' | grep -Eqx ' *\{ *"" *: *'"$v"'( *, *"" *: *'"$v"')* *\} *' || exit 1`,
  String.raw`  j=$(printf '%s\n' "$j" | tr '\n' ' ')`,
  String.raw`  a2g_member code "$j" | grep -Eq "^\"$1\"" && { a2g_member title "$j" | grep -q '^"' || a2g_member description "$j" | grep -q '^"'; }`,
  ')',
  "# expect_status DONE CODE, fed curl's status: DONE, or 409 with the IAM's error CODE; anything else stops, body cut.",
  'expect_status() {',
  '  code=$(cat)',
  '  # Emptied once passed: a later call whose body curl leaves unwritten is never judged by this one.',
  '  if [ "$code" = "$1" ] || { [ "$code" = 409 ] && iam_conflict "$2"; }; then : >"$a2g_body"; return 0; fi',
  `  why=''; [ "$code" != 409 ] || why=" (not the IAM's JSON error with $2 code: a proxy or gateway in the way?)"`,
  // What an operator does next about the two answers a token gets most (docs/iam-api.md).
  `  [ "$code" != 401 ] || why=" (the token was refused: missing, wrong or expired; log in again, e.g. dcos auth login, and set ${tokenVar} anew)"`,
  `  [ "$code" != 403 ] || why=" (the token's account may not change permissions: it needs dcos:superuser, or dcos:adminrouter:acs on 1.10-era clusters)"`,
  String.raw`  body=$(tr '\t\r\n' '   ' <"$a2g_body" | LC_ALL=C tr -c ' -~' '?' | cut -c1-120)`,
  '  # A page that echoes the request (a proxy\'s debug page) would show the token: never printed.',
  `  case "$(cat "$a2g_body")" in *"$${tokenVar}"*) body='(withheld: it holds the token)';; esac`,
  '  echo "unexpected HTTP status $code$why, body: ${body:-(empty)}" >&2; return 1',
  '}',
];
