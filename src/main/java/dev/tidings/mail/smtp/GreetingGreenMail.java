package dev.tidings.mail.smtp;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

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
            services.put(setup.getProtocol(), new SmtpServer(setup, managers) {
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
            });
        }
        return services;
    }
}
