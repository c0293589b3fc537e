#!/usr/bin/perl
# Signs a message with DKIM for SpamAssassinIT, with Mail::DKIM (SpamAssassin's own DKIM library):
# a new 2048-bit RSA key, rsa-sha256, relaxed/relaxed, the headers RFC 8058 asks to be signed.
# A stand-in for tidings' own signing (newsletter.dkim) until it is there.
# Usage: dkim-sign.pl IN.eml OUT.eml DOMAIN SELECTOR; prints the key's DNS record text (v=DKIM1; k=rsa; p=...).
use strict;
use warnings;
use Crypt::OpenSSL::RSA;
use File::Temp qw(tempfile);
use Mail::DKIM::Signer;
use Mail::DKIM::TextWrap;

my ($in, $out, $domain, $selector) = @ARGV;
die "usage: dkim-sign.pl IN.eml OUT.eml DOMAIN SELECTOR\n" unless defined $selector;
my $rsa = Crypt::OpenSSL::RSA->generate_key(2048);
my ($keyfh, $keyfile) = tempfile(UNLINK => 1);
print $keyfh $rsa->get_private_key_string;   # PKCS#1, which Mail::DKIM reads
close $keyfh;
my $message = do { local $/; open(my $f, '<', $in) or die "$in: $!\n"; <$f> };
$message =~ s/\r?\n/\r\n/g;
my $signer = Mail::DKIM::Signer->new(Algorithm => 'rsa-sha256', Method => 'relaxed/relaxed',
    Domain => $domain, Selector => $selector, KeyFile => $keyfile,
    Headers => 'from:to:subject:date:message-id:mime-version:content-type:list-id:list-unsubscribe:list-unsubscribe-post');
$signer->PRINT($message);
$signer->CLOSE;
open(my $o, '>', $out) or die "$out: $!\n";
binmode $o;
print $o $signer->signature->as_string, "\r\n", $message;
close $o;
(my $public = $rsa->get_public_key_x509_string) =~ s/-----[^-]+-----|\s//g;
print "v=DKIM1; k=rsa; p=$public\n";
