package dev.tidings.cli;

import dev.tidings.ExitStatus;
import dev.tidings.mail.dkim.DkimKeyGen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code tidings dkim keygen}: a DKIM key for signing, and the DNS record that publishes its public half. */
@Command(name = "dkim",
        mixinStandardHelpOptions = true,
        description = {
                "DKIM signing keys (RFC 6376): mail signed with one aligned with the From domain is what Gmail and Yahoo require of bulk senders.",
                "  tidings dkim keygen --selector S --domain D --out DIR   make a key and print the DNS record to publish"
        })
final class DkimCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What keygen is asked for. */
    enum Algorithm { rsa, ed25519 }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make a DKIM private key in DIR/SELECTOR.private.pem (PKCS#8 PEM, readable by you alone; never overwritten)"
                    + " and print the TXT record to publish at SELECTOR._domainkey.DOMAIN, and the digest lines that use the key."})
    int keygen(@Option(names = "--selector", required = true, paramLabel = "SELECTOR",
                       description = "The selector: a name for this key (e.g. the year, 2026), so that a new key can be published beside it later.") String selector,
               @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
                       description = "The signing domain: your From address's domain (or a parent of it).") String domain,
               @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for the private key (made if missing).") Path out,
               @Option(names = "--algorithm", paramLabel = "rsa|ed25519", defaultValue = "rsa",
                       description = "rsa (default: every verifier has it) or ed25519 (RFC 8463: short, but not yet verified everywhere;"
                               + " publish it beside an RSA key under another selector).") Algorithm algorithm,
               @Option(names = "--bits", paramLabel = "N", defaultValue = "2048",
                       description = "The RSA key size: 2048 (default) or more.") int bits) {
        PrintWriter stdout = spec.commandLine().getOut();
        DkimKeyGen key = DkimKeyGen.generate(selector, domain, out, algorithm.name(), bits);
        stdout.println("wrote " + key.keyFile() + " (" + (algorithm == Algorithm.rsa ? "RSA, " + bits + " bits" : "Ed25519")
                + "; readable by you alone: keep it out of version control and backups others read)");
        stdout.println();
        stdout.println("Publish this TXT record in your DNS zone (the quoted strings are one value, split as zone files need):");
        key.zoneFileLines().forEach(stdout::println);
        stdout.println();
        stdout.println("Then add to the newsletter in your digest (key_file relative to that file):");
        stdout.println("  dkim:");
        stdout.println("    selector: \"" + selector + "\"");  // quoted: a selector of digits (a year) would be a YAML number
        stdout.println("    key_file: " + key.keyFile());
        stdout.println();
        stdout.println("Once published, check it: dig +short TXT " + key.record());
        stdout.flush();
        return ExitStatus.OK.code();
    }
}
