// The Perl of pve-common as an oracle for the validator: the vendored sources
// (../shared/tools/realpve/proxmox-src.tar.xz) are unpacked into a temp dir and PVE::JSONSchema::get_options,
// PVE::JSONSchema::validate and PVE::RESTHandler::getopt_usage run on the same schema as the TypeScript.
// Formats pve-common does not register (pve-container's, qemu-server's, ...) are stubbed there, so the
// comparison covers option parsing, types, patterns, ranges, enums, property strings and the error texts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SCHEMA } from '../src/api/load-schema.js';
import type { Prop } from '../src/api/types.js';

export const TARBALL = resolve(DEFAULT_SCHEMA, '..', '..', 'tools', 'realpve', 'proxmox-src.tar.xz');

export interface OracleCase {
  props: Record<string, Prop>;
  argv: string[];
  args: readonly string[];
  fixed: Record<string, string>;
  prefix: string;
  /** pvesh: validate again against the API method with the path's parameters (call_api_method). */
  second?: { props: Record<string, Prop>; uri: Record<string, string> };
}

const SCRIPT = String.raw`
use strict; use warnings;
use JSON;
use PVE::JSONSchema;
use PVE::RESTHandler;
my %family = %{ decode_json(shift @ARGV) };
my %stubbed;
sub stub_formats {
  my ($p) = @_;
  return if ref($p) ne 'HASH';
  if (defined(my $f = $p->{format})) {
    if (ref($f) eq 'HASH') { stub_formats($_) for values %$f; }
    else {
      (my $base = $f) =~ s/-(list|opt)$//;
      if (!PVE::JSONSchema::get_format($base) && !$stubbed{$base}) {
        PVE::JSONSchema::register_format($base, sub { return $_[0] }); $stubbed{$base} = 1;
      }
    }
  }
  stub_formats($p->{items}) if $p->{items};
}
sub expand {
  my ($props) = @_;
  my $out = {};
  for my $k (keys %$props) {
    if ($k =~ m/^([a-z]+)\[n\]$/) { $out->{"$1$_"} = $props->{$k} for 0 .. ($family{$1} - 1); }
    else { $out->{$k} = $props->{$k}; }
  }
  stub_formats($_) for values %$out;
  return { type => 'object', additionalProperties => 0, properties => $out };
}
if (($ARGV[0] // '') eq 'formats') {
  my @names = @{ decode_json(<STDIN>) };
  print encode_json([ grep { PVE::JSONSchema::get_format($_) } @names ]), "\n";
  exit 0;
}
$| = 1;
while (my $line = <STDIN>) {
  my $c = decode_json($line);
  my $schema = expand($c->{props});
  my @args = @{ $c->{argv} };
  my $warn = '';
  local $SIG{__WARN__} = sub { $warn .= $_[0] };
  # the extract has no descriptions; the short usage does not print them, but building it needs a typetext
  my $plain = { %$schema, properties => { map { ($_ => { %{ $schema->{properties}->{$_} }, typetext => '-' }) } keys %{ $schema->{properties} } } };
  my $usage = PVE::RESTHandler::getopt_usage({ name => 'x', parameters => $plain }, $c->{prefix}, $c->{args}, $c->{fixed}, 'short');
  my $out = eval {
    my $p = PVE::JSONSchema::get_options($schema, \@args, $c->{args}, $c->{fixed});
    PVE::JSONSchema::validate($p, $schema);
    if (my $s = $c->{second}) {
      delete $p->{$_} for ('api_path', 'output-format', 'noheader', 'noborder', 'quiet', 'human-readable');
      $p->{$_} = $s->{uri}->{$_} for keys %{ $s->{uri} };
      PVE::JSONSchema::validate($p, expand($s->{props}));
    }
    'OK';
  };
  if (my $e = $@) { $e->{usage} = $usage if ref($e); $out = "$e"; }
  print encode_json({ out => $warn . $out }), "\n";
}
`;

export interface Oracle { formats(names: string[]): Set<string>; run(cases: OracleCase[]): string[]; close(): void }

/** The oracle, or why it cannot run here (no tarball, no perl, a Perl module missing). */
export function perlOracle(families: Record<string, number>): Oracle | string {
  if (!existsSync(TARBALL)) return `${TARBALL} is absent`;
  const dir = mkdtempSync(join(tmpdir(), 'pve-oracle-'));
  const close = (): void => rmSync(dir, { recursive: true, force: true });
  const tar = spawnSync('tar', ['-xJf', TARBALL, '-C', dir, 'proxmox-src/pve-common/src/PVE'], { encoding: 'utf8' });
  if (tar.status !== 0) { close(); return `tar failed: ${tar.stderr}`; }
  const inc = join(dir, 'proxmox-src', 'pve-common', 'src');
  const script = join(dir, 'oracle.pl');
  writeFileSync(script, SCRIPT);
  const perl = (args: string[], input: string): { status: number | null; stdout: string; stderr: string } =>
    spawnSync('perl', [`-I${inc}`, script, JSON.stringify(families), ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const probe = perl(['formats'], '[]\n');
  if (probe.status !== 0) { close(); return `perl cannot load PVE::JSONSchema / PVE::RESTHandler: ${(probe.stderr || String(probe.status)).split('\n')[0]}`; }
  return {
    formats: (names) => new Set(JSON.parse(perl(['formats'], `${JSON.stringify(names)}\n`).stdout) as string[]),
    run(cases) {
      const r = perl([], cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
      if (r.status !== 0) throw new Error(`perl oracle failed: ${r.stderr}`);
      return r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { out: string }).out);
    },
    close,
  };
}
