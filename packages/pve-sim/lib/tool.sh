# Sourced by every bin/<tool> once it knows its own directory ($here): runs dist/src/main.js of this package with the
# script's name as the tool. With a warm pool running (PVE_SIM_SOCKET names its socket, see src/pool/manager.ts) a
# small Perl client hands the call to it.
here=${here%/*}
if [ -S "${PVE_SIM_SOCKET:-}" ] && command -v perl >/dev/null 2>&1; then
  # a closed fd 0-2 gets /dev/null, as node gives it at start (the client's socket must not take its number)
  { true; } 2>/dev/null 3<&0 || exec </dev/null
  { true; } 2>/dev/null 3>&1 || exec >/dev/null
  { true; } 3>&2 2>/dev/null || exec 2>/dev/null
  # perl warns on stderr at its start when the caller's locale is not installed: PERL_BADLANG=0 keeps it quiet,
  # and the client gives the call the caller's own PERL_BADLANG back (or none)
  [ -z "${PERL_BADLANG+set}" ] || export PVE_SIM_CALLER_BADLANG="=$PERL_BADLANG"
  PERL_BADLANG=0 exec perl "$here/../lib/pool-client.pl" "$here/../dist/src/main.js" "${0##*/}" "$@"
fi
exec node "$here/../dist/src/main.js" "${0##*/}" "$@"
