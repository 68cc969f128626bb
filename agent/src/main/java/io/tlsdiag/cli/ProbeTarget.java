package io.tlsdiag.cli;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.Properties;

/**
 * The probe's child JVM (started by {@link ProbeCommand} with the agent attached): one handshake, verified the way
 * an HTTPS client verifies (endpoint identification on, SNI from the host name), with this JVM's trust and key
 * settings. Plain Java on purpose: no parsing library is loaded next to the agent.
 *
 * <p>Arguments: {@code host port [--servername NAME] [--proxy-host H --proxy-port P] [--http PATH]
 * [--secrets-on-stdin]}. It answers on stdout, one line each: {@code CLIENT subject} (a client certificate was
 * sent), {@code HTTP status-line}, then {@code OK protocol cipher subject} (exit 0), {@code FAILED why} (exit 1) or
 * {@code ERROR why} (exit 2: the key or trust store could not be opened, nothing was tried).
 */
public final class ProbeTarget {

    /** The last argument when the parent sends secret properties on stdin. */
    static final String SECRETS_ON_STDIN = "--secrets-on-stdin";

    private static final int TIMEOUT_MILLIS = 10000;
    /**
     * After a TLS 1.3 handshake the server checks the client's certificate once the client has finished; a server
     * that refuses says so at once. With no request to send (host:port), the probe listens this long for it.
     */
    private static final int OBJECTION_MILLIS = 1000;

    private String host;
    private int port;
    private String serverName;
    private String proxyHost;
    private int proxyPort;
    private String httpPath;

    private ProbeTarget() {
    }

    public static void main(String[] args) throws IOException {
        ProbeTarget probe = new ProbeTarget();
        boolean secrets = false;
        probe.host = args[0];
        probe.port = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals(SECRETS_ON_STDIN)) {
                secrets = true;
            } else if (args[i].equals("--servername")) {
                probe.serverName = args[++i];
            } else if (args[i].equals("--proxy-host")) {
                probe.proxyHost = args[++i];
            } else if (args[i].equals("--proxy-port")) {
                probe.proxyPort = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--http")) {
                probe.httpPath = args[++i];
            }
        }
        java.util.Set<String> secretKeys = secrets ? readSecrets() : java.util.Collections.<String>emptySet();
        SSLContext context;
        try {
            context = SSLContext.getDefault();
        } catch (Exception e) {
            System.out.println("ERROR the key store or trust store cannot be opened: " + cause(e));
            System.exit(2);
            return;
        } finally {
            // JSSE has read its stores: the passwords leave the system properties, where anyone attaching to this
            // JVM (jcmd VM.system_properties) could read them.
            for (String key : secretKeys) {
                System.clearProperty(key);
            }
        }
        try {
            probe.handshake(context);
        } catch (Exception e) {
            System.out.println("FAILED " + describe(e, probe));
            System.exit(1);
        }
    }

    private void handshake(SSLContext context) throws IOException {
        String name = serverName != null ? serverName : host;
        Socket socket = proxyHost != null ? throughProxy() : direct();
        // The name given here is the one checked against the certificate and, for a DNS name, sent as SNI.
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, name, port, true);
        try {
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (serverName != null && !isIpLiteral(serverName)) {
                // Also a name without a dot (the JDK sends SNI by itself only for those with one).
                p.setServerNames(Collections.<SNIServerName>singletonList(new SNIHostName(serverName)));
            }
            tls.setSSLParameters(p);
            tls.startHandshake();
            String status = null;
            if (httpPath != null) {
                status = headRequest(tls, name);
            } else if ("TLSv1.3".equals(tls.getSession().getProtocol())) {
                awaitObjection(tls);
            }
            Principal client = tls.getSession().getLocalPrincipal();
            if (client != null) {
                System.out.println("CLIENT " + client.getName());
            }
            if (httpPath != null) {
                System.out.println("HTTP " + (status == null ? "-" : status));
            }
            System.out.println("OK " + tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite() + " "
                    + tls.getSession().getPeerPrincipal().getName());
        } finally {
            tls.close();
        }
    }

    private Socket direct() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    /** A tunnel through an HTTP proxy (CONNECT host:port), as curl and the JDK's own clients make one. */
    private Socket throughProxy() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(proxyHost, proxyPort), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        String authority = bracketed(host) + ":" + port;
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: tlsdiag-probe\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String status = readLine(in);
        // The rest of the answer's head, byte by byte: what follows the empty line is the server's TLS.
        String line = status;
        while (line != null && !line.isEmpty()) {
            line = readLine(in);
        }
        if (status == null || !status.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
            socket.close();
            throw new ProxyRefused("the proxy " + bracketed(proxyHost) + ":" + proxyPort + " answered CONNECT "
                    + authority + " with " + (status == null ? "nothing" : "'" + status + "'"));
        }
        return socket;
    }

    /** Like curl: a HEAD request, so a server that refuses the client certificate after the handshake says so. */
    private String headRequest(SSLSocket tls, String name) throws IOException {
        String hostHeader = bracketed(name) + (port == 443 ? "" : ":" + port);
        OutputStream out = tls.getOutputStream();
        out.write(("HEAD " + httpPath + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: tlsdiag-probe\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
            return readLine(tls.getInputStream());
        } catch (SocketTimeoutException noAnswer) {
            return null; // the handshake succeeded; the server just says nothing over HTTP
        }
    }

    private static void awaitObjection(SSLSocket tls) throws IOException {
        tls.setSoTimeout(OBJECTION_MILLIS);
        try {
            tls.getInputStream().read();
        } catch (SocketTimeoutException silence) {
            // nothing to object to
        }
    }

    /** One line of an HTTP head (CRLF or LF), at most 8 KiB; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() < 8192) {
                line.write(c);
            }
        }
        if (c < 0 && line.size() == 0) {
            return null;
        }
        String s = new String(line.toByteArray(), StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.matches("[0-9.]+");
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** Why it failed, in words: TLS failures as Java reports them, network failures as a sentence. */
    private static String describe(Exception e, ProbeTarget p) {
        String where = p.proxyHost != null ? "the proxy " + bracketed(p.proxyHost) + ":" + p.proxyPort
                : bracketed(p.host) + ":" + p.port;
        if (e instanceof ProxyRefused) {
            return e.getMessage();
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + where + ": " + e.getMessage();
        }
        if (e instanceof SocketTimeoutException && !(e.getCause() instanceof SSLException)) {
            return "no answer from " + where + " within " + TIMEOUT_MILLIS / 1000 + " s";
        }
        return String.valueOf(e);
    }

    private static String cause(Exception e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    /** The proxy did not open the tunnel. */
    private static final class ProxyRefused extends IOException {
        ProxyRefused(String message) {
            super(message);
        }
    }

    /**
     * Sets the properties the parent kept off the command line (passwords). This runs before anything here touches
     * a TLS class, and the agent initialises none at startup, so JSSE reads its default trust and key stores with
     * these values; they are cleared again as soon as it has.
     */
    private static java.util.Set<String> readSecrets() throws IOException {
        Properties secrets = new Properties();
        secrets.load(System.in);
        for (String key : secrets.stringPropertyNames()) {
            System.setProperty(key, secrets.getProperty(key));
        }
        return secrets.stringPropertyNames();
    }
}
