# The pool client: bin/<tool> runs `perl pool-client.pl <main.js> <tool> args...` when PVE_SIM_SOCKET names a
# socket. It hands the call to a warm worker of the pool (src/pool/manager.ts) and stands in for the `node main.js`
# process it replaces: the worker's frames become its fd 1 / fd 2 output as they arrive, its stdin goes to the call
# once the call reads it, and it exits with the call's code. Without a pool to serve it (no listener, a worker that
# refuses) it runs `node main.js` itself, exactly as bin/<tool> does without the pool.
# Perl builtins only, no modules (not even Socket or strict): each costs milliseconds on every simulated call.
# The wire format is src/pool/protocol.ts. Linux numbers: AF_UNIX = SOCK_STREAM = 1; errno EINTR 4, EAGAIN 11.

my ($main, @argv) = @ARGV;

# bin/<tool> ran this perl with PERL_BADLANG=0; the call (and node, when it runs it) get the caller's setting
if (exists $ENV{PVE_SIM_CALLER_BADLANG}) { $ENV{PERL_BADLANG} = substr(delete $ENV{PVE_SIM_CALLER_BADLANG}, 1); }
else { delete $ENV{PERL_BADLANG}; }

sub fallback {
  $SIG{PIPE} = 'DEFAULT';
  exec('node', $main, @argv);
  print STDERR "node: $!\n";
  exit 127;
}

# Fds 0-2 are open here (bin/<tool> opens /dev/null on a closed one, as node does), so the socket is fd 3 or above.
my $cwd = readlink('/proc/self/cwd');
fallback() unless defined $cwd && -d $cwd;
socket(SOCK, 1, 1, 0) or fallback();
connect(SOCK, pack('S a108', 1, $ENV{PVE_SIM_SOCKET})) or fallback();
$SIG{PIPE} = 'IGNORE';    # write errors come back as EPIPE, as in node

my @o = stat(STDOUT);
my @e = stat(STDERR);
my $merged = (@o && @e && $o[0] == $e[0] && $o[1] == $e[1]) ? 1 : 0;

# Writes all of $buf to a handle; returns 0, or the errno that stopped it.
sub put {
  my ($fh, $buf) = @_;
  my ($off, $len) = (0, length $buf);
  while ($off < $len) {
    my $n = syswrite($fh, $buf, $len - $off, $off);
    if (defined $n) { $off += $n; next; }
    next if $! == 4;
    if ($! == 11) { my $w = ''; vec($w, fileno($fh), 1) = 1; select(undef, $w, undef, undef); next; }
    return $! + 0;
  }
  return 0;
}

sub send_frame {
  my ($type, $data) = @_;
  put(\*SOCK, pack('a N', $type, length $data) . $data);
}

send_frame('h', join("\0", 1, $main, $<, umask, $merged, $cwd, scalar(@argv), @argv, map { "$_=$ENV{$_}" } keys %ENV));

# TERM, INT and HUP end a node process, and its guest command with it (one process group): tell the worker, which
# passes the signal on to the guest; the frames that still come are relayed, then this process dies of the signal.
my $signal = '';
my $signal_sent = 0;
for my $s (qw(TERM INT HUP)) {
  next if defined $SIG{$s} && $SIG{$s} eq 'IGNORE';
  $SIG{$s} = sub { $signal ||= $s; };
}
sub die_of_signal { $SIG{$signal} = 'DEFAULT'; kill($signal, $$); exit(128 + 15); }

my %broken;        # fd => 1: a guest's output on it got EPIPE
my $want_stdin = 0;
my $stdin_done = 0;
my $accepted = 0;
my $rbuf = '';

# Output of the call on fd 1 or 2. The simulator's own output on a broken pipe ends the process as node ends
# (`Error: write EPIPE`, exit 1); a guest's output tells the worker, so the guest's next write fails as it would.
sub output {
  my ($fd, $data, $guest) = @_;
  return if $guest && $broken{$fd};
  my $err = $broken{$fd} ? 32 : put($fd == 1 ? \*STDOUT : \*STDERR, $data);
  return unless $err;
  if ($guest) { $broken{$fd} = 1; send_frame('p', $fd); return; }
  put(\*STDERR, "Error: write EPIPE\n") if $fd == 1;
  exit 1;
}

while (1) {
  if ($signal && !$signal_sent) { send_frame('s', $signal); $signal_sent = 1; }
  my $rin = '';
  vec($rin, fileno(SOCK), 1) = 1;
  vec($rin, 0, 1) = 1 if $want_stdin && !$stdin_done;
  my $n = select(my $rout = $rin, undef, undef, undef);
  if ($n < 0) { next if $! == 4; last; }
  if ($want_stdin && !$stdin_done && vec($rout, 0, 1)) {
    my $r = sysread(STDIN, my $chunk, 65536);
    if (defined $r && $r > 0) { send_frame('i', $chunk); }
    elsif (defined $r || ($! != 4 && $! != 11)) { $stdin_done = 1; send_frame('I', ''); }
  }
  next unless vec($rout, fileno(SOCK), 1);
  my $r = sysread(SOCK, $rbuf, 65536, length $rbuf);
  if (!defined $r) { next if $! == 4 || $! == 11; $r = 0; }
  last if $r == 0;
  while (length($rbuf) >= 5) {
    my ($type, $len) = unpack('a N', $rbuf);
    last if length($rbuf) < 5 + $len;
    my $data = substr($rbuf, 5, $len);
    substr($rbuf, 0, 5 + $len) = '';
    if ($type eq 'o') { output(1, $data, 0); }
    elsif ($type eq 'e') { output(2, $data, 0); }
    elsif ($type eq 'O') { output(1, $data, 1); }
    elsif ($type eq 'E') { output(2, $data, 1); }
    elsif ($type eq 'a') { $accepted = 1; }
    elsif ($type eq 'w') {
      $want_stdin = 1;
      # a stdin that cannot be read is at its end, as node's read of it ends
      if (!stat(STDIN)) { $stdin_done = 1; send_frame('I', ''); }
    }
    elsif ($type eq 'x') { die_of_signal() if $signal; exit(int($data) & 255); }
    elsif ($type eq 'f') { close(SOCK); fallback(); }
  }
}
# The connection ended without an exit code.
die_of_signal() if $signal;
if (!$accepted) { close(SOCK); fallback(); }    # no worker took the call: nothing of it has run
put(\*STDERR, "pve-sim pool: the worker serving this call ended without an exit code\n");
exit 255;
