package dev.tidings.mail.dkim;

import dev.tidings.TidingsException;
import dev.tidings.digest.Digest;
import dev.tidings.digest.Dkim;
import dev.tidings.digest.Problem;
import dev.tidings.digest.SourcePosition;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.io.IOException;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a digest (and {@code send}'s {@code --dkim-selector}/{@code --dkim-key}) asks for, checked:
 * the signing domain aligned with From, the key readable and strong enough, and readable by its
 * owner alone. {@code validate} reports the same checks as problems at their fields; {@code send}
 * and {@code render} get a signer or a one-line error before anything is built.
 *
 * @param selector the selector (s=)
 * @param keyFile  the private key file
 * @param domain   the signing domain (d=), ASCII, lower case
 */
public record DkimSetup(String selector, Path keyFile, String domain) {
    static final String FIELD = "newsletter.dkim";
    /** RFC 6376 3.1: a selector is one or more dot-separated sub-domains (letters, digits, inner hyphens). */
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Set<PosixFilePermission> OTHERS_READ = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    /**
     * The setup of a run, or null when DKIM is not configured (neither in the digest nor by the options).
     *
     * @param selector an override of {@code newsletter.dkim.selector}, or null
     * @param keyFile  an override of {@code newsletter.dkim.key_file}, or null
     */
    public static DkimSetup of(Digest digest, String selector, Path keyFile) {
        Dkim configured = digest.newsletter().dkim();
        if (configured != null && configured.signedByRelay()) {
            configured = null;
        }
        if (configured == null && selector == null && keyFile == null) {
            return null;
        }
        String s = selector != null ? selector : configured == null ? null : configured.selector();
        Path k;
        try {
            k = keyFile != null ? keyFile : configured == null || configured.keyFile() == null ? null : configured.keyPath();
        } catch (InvalidPathException e) {
            throw TidingsException.invalidInput(digest.source() + ": " + FIELD + ".key_file: is not a file name this system can open");
        }
        if (s == null && k != null) {
            readKey(k); // a file that is no key is the first thing to fix, and is named (NoStackTraceIT's sweep)
            throw TidingsException.usage("--dkim-key " + k + " needs --dkim-selector (or newsletter.dkim.selector in the digest)");
        }
        if (k == null) {
            throw TidingsException.usage("--dkim-selector needs --dkim-key (or newsletter.dkim.key_file in the digest)");
        }
        String fromDomain = fromDomain(digest.newsletter().from());
        String domain = configured == null || configured.domain() == null ? fromDomain : domainName(configured.domain());
        if (domain == null || fromDomain == null || !aligned(domain, fromDomain)) {
            // validate says so at the field; send and render stop here rather than sign for a domain DMARC will not count
            throw TidingsException.invalidInput(digest.source() + ": " + FIELD + ".domain: must be the From domain ("
                    + fromDomain + ") or a parent of it; run tidings validate " + digest.source());
        }
        return new DkimSetup(s, k, domain);
    }

    /**
     * The problems of the digest's DKIM setup, each at its field; with no DKIM, the warning that says
     * why to configure it and how.
     *
     * @param warnIfUnsigned whether to warn when DKIM is not configured (not while the digest has errors: a
     *                       {@code dkim:} of the wrong shape is reported by the schema, and is not "no dkim")
     */
    public static List<Problem> check(Digest digest, Function<String, SourcePosition> positions, boolean warnIfUnsigned) {
        List<Problem> problems = new ArrayList<>();
        Dkim dkim = digest.newsletter().dkim();
        if (dkim == null && warnIfUnsigned) {
            problems.add(Problem.warning(positions.apply("newsletter"), "newsletter",
                    "no dkim: messages go out unsigned, but Gmail and Yahoo require bulk senders to sign with DKIM aligned with From,"
                            + " and RFC 8058 one-click unsubscribe counts only when List-Unsubscribe is signed;"
                            + " run tidings dkim keygen and add the dkim: lines it prints, or write dkim: relay if your relay signs"));
        }
        if (dkim == null || dkim.signedByRelay()) {
            return problems;
        }
        if (dkim.selector() != null && !isSelector(dkim.selector())) {
            problems.add(Problem.error(positions.apply(FIELD + ".selector"), FIELD + ".selector",
                    "is not a DNS name (letters, digits, inner hyphens, dots): the key is published at SELECTOR._domainkey.DOMAIN"));
        }
        String fromDomain = fromDomain(digest.newsletter().from());
        String domain = dkim.domain() == null ? null : domainName(dkim.domain());
        if (domain != null && fromDomain != null && !aligned(domain, fromDomain)) {
            problems.add(Problem.error(positions.apply(FIELD + ".domain"), FIELD + ".domain",
                    "must be the From domain (" + fromDomain + ") or a parent of it, or DMARC will not count the signature"
                            + " (relaxed alignment, RFC 7489 3.1.1); leave it out to sign as " + fromDomain));
        }
        if (dkim.keyFile() != null) {
            keyFileProblem(dkim, positions.apply(FIELD + ".key_file"), problems);
        }
        return problems;
    }

    private static void keyFileProblem(Dkim dkim, SourcePosition at, List<Problem> problems) {
        Path file;
        try {
            file = dkim.keyPath();
        } catch (InvalidPathException e) {
            problems.add(Problem.error(at, FIELD + ".key_file", "is not a file name this system can open"));
            return;
        }
        try {
            DkimKey.read(file);
            String exposed = exposure(file);
            if (exposed != null) {
                problems.add(Problem.warning(at, FIELD + ".key_file", exposed));
            }
        } catch (DkimKey.Unusable e) {
            problems.add(Problem.error(at, FIELD + ".key_file", shown(file) + " " + e.getMessage()));
        }
    }

    /** The signer, its key read and checked; a key that cannot be used is invalid input, named with its file. */
    public DkimSigner signer(Clock clock) {
        if (!isSelector(selector)) {
            throw TidingsException.usage("DKIM selector '" + selector + "' is not a DNS name (letters, digits, inner hyphens, dots)");
        }
        return new DkimSigner(readKey(keyFile), domain, selector, clock);
    }

    private static DkimKey readKey(Path file) {
        try {
            return DkimKey.read(file);
        } catch (DkimKey.Unusable e) {
            throw TidingsException.invalidInput(shown(file) + ": the DKIM key file " + e.getMessage());
        }
    }

    /** A warning when others than the owner may read the key file, or null: {@code send} prints it. */
    public String exposure() {
        return exposure(keyFile);
    }

    /** A warning when others than the owner may read the key file (a stolen key signs as you until it is replaced), or null. */
    static String exposure(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(OTHERS_READ);
            if (!permissions.isEmpty()) {
                return shown(file) + " is readable by " + (permissions.contains(PosixFilePermission.OTHERS_READ) ? "everyone" : "its group")
                        + ": anyone who reads it can sign mail as you until the key is replaced; chmod 600 " + shown(file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or unreadable (reported by the read itself)
        }
        return null;
    }

    /** Whether a selector is a DNS name, as RFC 6376 3.1 requires. */
    static boolean isSelector(String selector) {
        return SELECTOR.matcher(selector).matches();
    }

    /** The ASCII form of a domain name with at least two labels, lower case, or null when it is none. */
    static String domainName(String domain) {
        try {
            String ascii = ascii(domain);
            return ascii.indexOf('.') > 0 && isSelector(ascii) ? ascii : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key file as a path from the working directory when it is under it (the digest resolved it to an absolute path). */
    static Path shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return file.isAbsolute() && file.startsWith(here) ? here.relativize(file) : file;
    }

    /** Relaxed alignment: the signing domain is the From domain or a parent of it. */
    static boolean aligned(String signing, String from) {
        return from.equals(signing) || from.endsWith("." + signing) && signing.indexOf('.') > 0;
    }

    /** The From address's domain, ASCII, lower case; null when From does not parse (reported by the digest's own rules). */
    static String fromDomain(String from) {
        try {
            String address = InternetAddress.parseHeader(from, true)[0].getAddress();
            return ascii(address.substring(address.lastIndexOf('@') + 1));
        } catch (AddressException | IllegalArgumentException | ArrayIndexOutOfBoundsException | NullPointerException e) {
            return null;
        }
    }

    private static String ascii(String domain) {
        String trimmed = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        return IDN.toASCII(trimmed, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
