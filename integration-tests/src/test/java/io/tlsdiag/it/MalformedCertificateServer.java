package io.tlsdiag.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * A raw TLS 1.2 "server" on 127.0.0.1 that answers every ClientHello with a ServerHello and a Certificate message
 * whose only certificate is not DER at all: what no real TLS library can be made to send. It reads one ClientHello
 * record, writes both messages in one record, and waits for the client to close.
 */
final class MalformedCertificateServer implements AutoCloseable {

    /** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: offered by every JDK's default client. */
    private static final int CIPHER_SUITE = 0xC02F;
    private static final byte[] NOT_A_CERTIFICATE = "this is not a certificate".getBytes();

    private final ServerSocket socket;
    private final Thread thread;

    MalformedCertificateServer() throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        thread = new Thread(this::serve, "malformed-certificate-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    String url() {
        return "https://localhost:" + port() + "/";
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] header = new byte[5];
                in.readFully(header);
                in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]); // the ClientHello
                OutputStream out = s.getOutputStream();
                out.write(record(concat(serverHello(), certificate())));
                out.flush();
                drain(s.getInputStream());
            } catch (IOException closed) {
                // the client hung up, or the server was closed
            }
        }
    }

    private static byte[] serverHello() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x03);
        b.write(0x03);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        b.writeBytes(random);
        b.write(0); // no session id
        b.write(CIPHER_SUITE >> 8);
        b.write(CIPHER_SUITE & 0xff);
        b.write(0); // no compression
        return handshake(2, b.toByteArray());
    }

    private static byte[] certificate() {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        list.writeBytes(u24(NOT_A_CERTIFICATE.length));
        list.writeBytes(NOT_A_CERTIFICATE);
        byte[] certs = list.toByteArray();
        return handshake(11, concat(u24(certs.length), certs));
    }

    private static byte[] handshake(int type, byte[] body) {
        return concat(new byte[] {(byte) type}, concat(u24(body.length), body));
    }

    private static byte[] record(byte[] fragment) {
        return concat(new byte[] {22, 3, 3, (byte) (fragment.length >> 8), (byte) fragment.length}, fragment);
    }

    private static byte[] u24(int n) {
        return new byte[] {(byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[512];
        while (in.read(buf) >= 0) {
            // until the client closes
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
