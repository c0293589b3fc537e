package dev.tidings.mail.smtp;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A TLS socket to the relay (implicit TLS or STARTTLS) whose decrypted input obeys
 * {@link ReplyLimits}, and whose handshake must finish within the timeout: the JDK's handshake
 * reads with the socket's per-read timeout, so a relay that trickles its certificate would hold
 * the connection for ever. Everything else is the JDK socket's, unchanged: the class only
 * delegates, so that Angus Mail (which checks {@code instanceof SSLSocket} and the server's
 * identity through it) sees a TLS socket as usual.
 */
final class GuardedSslSocket extends SSLSocket {
    private final SSLSocket socket;
    private final Duration timeout;
    private ReplyLimits input;
    private OutputStream output;

    GuardedSslSocket(SSLSocket socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    @Override
    public void startHandshake() throws IOException {
        ScheduledFuture<?> deadline = ReplyLimits.WATCHDOG.schedule(this::closeQuietly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new ReplyLimits.DeadlinePassed(timeout);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the handshake fails either way, which is the point
        }
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new ReplyLimits(socket.getInputStream(), timeout, socket::setSoTimeout);
        }
        return input;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = ((ReplyLimits) getInputStream()).startingTheClock(socket.getOutputStream());
        }
        return output;
    }

    // --- everything else: the JDK socket's ----------------------------------------------------

    @Override public String[] getSupportedCipherSuites() { return socket.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return socket.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { socket.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return socket.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return socket.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { socket.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return socket.getSession(); }
    @Override public SSLSession getHandshakeSession() { return socket.getHandshakeSession(); }
    @Override public void addHandshakeCompletedListener(HandshakeCompletedListener l) { socket.addHandshakeCompletedListener(l); }
    @Override public void removeHandshakeCompletedListener(HandshakeCompletedListener l) { socket.removeHandshakeCompletedListener(l); }
    @Override public void setUseClientMode(boolean mode) { socket.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return socket.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { socket.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return socket.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { socket.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return socket.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { socket.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return socket.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return socket.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters parameters) { socket.setSSLParameters(parameters); }
    @Override public String getApplicationProtocol() { return socket.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return socket.getHandshakeApplicationProtocol(); }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        socket.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return socket.getHandshakeApplicationProtocolSelector();
    }

    @Override public void connect(SocketAddress endpoint) throws IOException { socket.connect(endpoint); }
    @Override public void connect(SocketAddress endpoint, int millis) throws IOException { socket.connect(endpoint, millis); }
    @Override public void bind(SocketAddress local) throws IOException { socket.bind(local); }
    @Override public InetAddress getInetAddress() { return socket.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return socket.getLocalAddress(); }
    @Override public int getPort() { return socket.getPort(); }
    @Override public int getLocalPort() { return socket.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return socket.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return socket.getLocalSocketAddress(); }
    @Override public SocketChannel getChannel() { return socket.getChannel(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { socket.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return socket.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { socket.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return socket.getSoLinger(); }
    @Override public void sendUrgentData(int data) throws IOException { socket.sendUrgentData(data); }
    @Override public void setOOBInline(boolean on) throws SocketException { socket.setOOBInline(on); }
    @Override public boolean getOOBInline() throws SocketException { return socket.getOOBInline(); }
    @Override public void setSoTimeout(int millis) throws SocketException { socket.setSoTimeout(millis); }
    @Override public int getSoTimeout() throws SocketException { return socket.getSoTimeout(); }
    @Override public void setSendBufferSize(int size) throws SocketException { socket.setSendBufferSize(size); }
    @Override public int getSendBufferSize() throws SocketException { return socket.getSendBufferSize(); }
    @Override public void setReceiveBufferSize(int size) throws SocketException { socket.setReceiveBufferSize(size); }
    @Override public int getReceiveBufferSize() throws SocketException { return socket.getReceiveBufferSize(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { socket.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return socket.getKeepAlive(); }
    @Override public void setTrafficClass(int tc) throws SocketException { socket.setTrafficClass(tc); }
    @Override public int getTrafficClass() throws SocketException { return socket.getTrafficClass(); }
    @Override public void setReuseAddress(boolean on) throws SocketException { socket.setReuseAddress(on); }
    @Override public boolean getReuseAddress() throws SocketException { return socket.getReuseAddress(); }
    @Override public void close() throws IOException { socket.close(); }
    @Override public void shutdownInput() throws IOException { socket.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { socket.shutdownOutput(); }
    @Override public String toString() { return socket.toString(); }
    @Override public boolean isConnected() { return socket.isConnected(); }
    @Override public boolean isBound() { return socket.isBound(); }
    @Override public boolean isClosed() { return socket.isClosed(); }
    @Override public boolean isInputShutdown() { return socket.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return socket.isOutputShutdown(); }
    @Override public void setPerformancePreferences(int connection, int latency, int bandwidth) {
        socket.setPerformancePreferences(connection, latency, bandwidth);
    }
    @Override public <T> SSLSocket setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(name, value);
        return this;
    }
    @Override public <T> T getOption(SocketOption<T> name) throws IOException { return socket.getOption(name); }
    @Override public Set<SocketOption<?>> supportedOptions() { return socket.supportedOptions(); }
}
