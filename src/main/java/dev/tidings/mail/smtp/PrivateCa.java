package dev.tidings.mail.smtp;

import dev.tidings.TidingsException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code --ca-file PEM}: the certificates of the user's own certificate authority, trusted for TLS
 * <em>in addition to</em> the JDK's (a company CA on a relay; as curl's {@code --cacert} does for one
 * run, but without dropping the public CAs, so the same option works for a relay with a public
 * certificate too). The server's name is still checked against its certificate.
 */
public final class PrivateCa {
    private PrivateCa() {
    }

    /** A TLS socket factory that trusts the JDK's CAs and the certificates in {@code pemFile}. */
    public static SSLSocketFactory socketFactory(Path pemFile) {
        List<X509Certificate> authorities = read(pemFile);
        try {
            X509TrustManager jdk = trustManager(null);
            KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
            own.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                own.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            X509TrustManager ours = trustManager(own);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrust(jdk, ours)}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw TidingsException.invalidInput(pemFile + ": cannot use these certificates for TLS: " + e.getMessage());
        }
    }

    private static List<X509Certificate> read(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> x509 = new ArrayList<>();
            for (Certificate certificate : certificates) {
                x509.add((X509Certificate) certificate);
            }
            if (x509.isEmpty()) {
                throw TidingsException.invalidInput(pemFile + ": no certificate in it (--ca-file wants the CA's certificate,"
                        + " PEM: -----BEGIN CERTIFICATE-----)");
            }
            return x509;
        } catch (NoSuchFileException e) {
            throw TidingsException.invalidInput(pemFile + ": no such file (--ca-file)");
        } catch (IOException e) {
            throw TidingsException.invalidInput(pemFile + ": cannot read it (--ca-file): " + e.getMessage());
        } catch (CertificateException e) {
            throw TidingsException.invalidInput(pemFile + ": not a PEM certificate (--ca-file wants the CA's certificate,"
                    + " -----BEGIN CERTIFICATE-----)");
        }
    }

    private static X509TrustManager trustManager(KeyStore keys) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keys); // null: the JDK's own cacerts
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a chain either trust manager trusts; reports the JDK's refusal when neither does. */
    private record EitherTrust(X509TrustManager jdk, X509TrustManager ours) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                ours.checkServerTrusted(chain, authType);
            } catch (CertificateException notOurs) {
                jdk.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("tidings is a TLS client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = jdk.getAcceptedIssuers();
            X509Certificate[] b = ours.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
