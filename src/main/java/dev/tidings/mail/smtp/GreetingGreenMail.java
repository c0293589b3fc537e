package dev.tidings.mail.smtp;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/**
 * GreenMail whose SMTP servers greet with words of our choosing (the rest is GreenMail's): the
 * sandbox says it is a catcher ({@link SmtpSandbox#GREETING}); a test relay can say it is none.
 */
class GreetingGreenMail extends GreenMail {
    private final String greeting;

    GreetingGreenMail(ServerSetup setup, String greeting) {
        super(setup);
        this.greeting = greeting;
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
        Map<String, AbstractServer> services = new HashMap<>();
        for (ServerSetup setup : setups) {
            if (!setup.getProtocol().startsWith(ServerSetup.PROTOCOL_SMTP)) {
                services.putAll(super.createServices(new ServerSetup[] {setup}, managers));
                continue;
            }
            services.put(setup.getProtocol(), new GreetingSmtpServer(setup, managers));
        }
        return services;
    }

    /**
     * Why the SMTP server could not open its port (a {@link java.net.BindException} when another
     * process holds it), or null if it did or has not tried yet. Read after {@link #start()} failed.
     */
    IOException openFailure() {
        return getSmtp() instanceof GreetingSmtpServer smtp ? smtp.openFailure : null;
    }

    /**
     * GreenMail's SMTP server with our greeting, whose failure to open its port is kept for
     * {@link #openFailure()} instead of ending its thread with an uncaught exception: the JVM
     * printed that as a stack trace on stderr, before our one-line message (issue 18, item 8).
     */
    private final class GreetingSmtpServer extends SmtpServer {
        private volatile IOException openFailure;

        GreetingSmtpServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ServerSocket openServerSocket() throws IOException {
            try {
                return super.openServerSocket();
            } catch (IOException e) {
                openFailure = e;
                throw e;
            }
        }

        @Override
        public void run() {
            try {
                super.run();
            } catch (IllegalStateException e) {
                if (openFailure == null) {
                    throw e;
                }
                // the port could not be opened: start() sees the server is not running, and the sandbox says why
            }
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket client) {
            return new SmtpHandler(new SmtpCommandRegistry(), managers.getSmtpManager(), client) {
                @Override
                protected void sendGreetings() {
                    // read when a client connects: GreenMail makes its servers before this object is complete
                    conn.send("220 " + setup.getBindAddress() + " " + greeting);
                }
            };
        }
    }
}
