#!/usr/bin/perl
# A tiny DNS for SpamAssassinIT (Net::DNS::Nameserver, which SpamAssassin itself depends on): on
# 127.0.0.1:PORT (UDP and TCP) it answers the TXT query for NAME with TEXT (a DKIM key record), and
# every other query with an empty NOERROR, so that a test can give SpamAssassin's DKIM plugin a
# public key without real DNS, and nothing else it looks up is found or "does not exist".
# Usage: dkim-dns.pl PORT NAME TEXT; prints "ready" once it listens, then serves until killed.
use strict;
use warnings;
use Net::DNS::Nameserver;

my ($port, $name, $text) = @ARGV;
die "usage: dkim-dns.pl PORT NAME TEXT\n" unless defined $text;
my $server = Net::DNS::Nameserver->new(
    LocalAddr => ['127.0.0.1'], LocalPort => $port, Verbose => 0,
    ReplyHandler => sub {
        my ($qname, $qclass, $qtype) = @_;
        if (lc $qname eq lc $name && $qtype eq 'TXT') {
            # A TXT record holds strings of at most 255 octets; a 2048-bit key needs two.
            my $rr = Net::DNS::RR->new(name => $qname, type => 'TXT', ttl => 60, txtdata => [$text =~ /(.{1,250})/g]);
            return ('NOERROR', [$rr], [], [], {aa => 1});
        }
        return ('NOERROR', [], [], [], {aa => 1});
    }) or die "dkim-dns.pl: cannot listen on 127.0.0.1:$port\n";
$| = 1;
print "ready\n";
$server->main_loop;
