package dev.wsboot.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/**
 * A WebSocket client on a plain socket that builds every frame itself, byte by byte, masked with
 * a fresh random key, and writes the bytes in chops of a chosen size, like the Autobahn
 * TestSuite's fuzzing client. It reads what the server sends frame by frame and checks the
 * framing rules a server must keep (RFC 6455 section 5): no mask, no reserved bits, continuation
 * frames only inside a fragmented message.
 * <p>
 * Sending and receiving may run on two threads at once, which large echoes need: a server that
 * echoes part by part blocks until its echo is read.
 */
final class RawWebSocketClient implements Closeable {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private final Random random = new Random();

	private RawWebSocketClient(Socket socket, OutputStream out, DataInputStream in) {
		this.socket = socket;
		this.out = out;
		this.in = in;
	}

	/**
	 * Open a connection and complete the opening handshake (RFC 6455 section 4.1).
	 * @param port the server's port on the loopback interface
	 * @param path the endpoint
	 * @param readTimeoutMillis the longest a read may wait for the server
	 * @return the connected client
	 * @throws IOException if the connection or the handshake fails
	 */
	static RawWebSocketClient connect(int port, String path, int readTimeoutMillis) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(readTimeoutMillis);
			byte[] nonce = new byte[16];
			new Random().nextBytes(nonce);
			String key = Base64.getEncoder().encodeToString(nonce);
			String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
					+ "\r\nSec-WebSocket-Version: 13\r\n\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
			String response = readHead(in);
			if (!response.startsWith("HTTP/1.1 101")) {
				throw new IOException("Handshake refused: " + response);
			}
			String accept = Base64.getEncoder()
				.encodeToString(sha1((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
			if (!response.toLowerCase(Locale.ROOT).contains("sec-websocket-accept: " + accept.toLowerCase(Locale.ROOT))) {
				throw new IOException("Wrong Sec-WebSocket-Accept, expected " + accept + ": " + response);
			}
			return new RawWebSocketClient(socket, out, in);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	private static String readHead(DataInputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new EOFException("Connection closed during the handshake: " + head);
			}
			head.write(b);
			matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private static byte[] sha1(byte[] input) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Encode a message as client frames: the first frame carries the opcode, the others are
	 * continuation frames, the last has FIN set; each is masked with its own random key.
	 * @param opcode {@link #TEXT} or {@link #BINARY}
	 * @param payload the message's payload
	 * @param fragmentSize the most payload bytes a frame carries; {@code 0} for one frame
	 * @return the bytes to write
	 */
	byte[] encodeMessage(int opcode, byte[] payload, int fragmentSize) {
		int size = (fragmentSize <= 0) ? Math.max(payload.length, 1) : fragmentSize;
		int frames = Math.max(1, (payload.length + size - 1) / size);
		ByteArrayOutputStream wire = new ByteArrayOutputStream(payload.length + frames * 14);
		int offset = 0;
		for (int i = 0; i < frames; i++) {
			int length = Math.min(size, payload.length - offset);
			writeFrame(wire, i == frames - 1, (i == 0) ? opcode : CONTINUATION, payload, offset, length);
			offset += length;
		}
		return wire.toByteArray();
	}

	/**
	 * Encode one client frame.
	 * @param fin whether the frame ends its message
	 * @param opcode the frame's opcode
	 * @param payload the payload
	 * @return the frame's bytes
	 */
	byte[] encodeFrame(boolean fin, int opcode, byte[] payload) {
		ByteArrayOutputStream wire = new ByteArrayOutputStream(payload.length + 14);
		writeFrame(wire, fin, opcode, payload, 0, payload.length);
		return wire.toByteArray();
	}

	private void writeFrame(ByteArrayOutputStream wire, boolean fin, int opcode, byte[] payload, int offset, int length) {
		wire.write((fin ? 0x80 : 0) | opcode);
		if (length < 126) {
			wire.write(0x80 | length);
		}
		else if (length <= 0xFFFF) {
			wire.write(0x80 | 126);
			wire.write(length >>> 8);
			wire.write(length);
		}
		else {
			wire.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				wire.write((int) ((long) length >>> shift));
			}
		}
		byte[] mask = new byte[4];
		this.random.nextBytes(mask);
		wire.write(mask, 0, 4);
		byte[] masked = new byte[length];
		for (int i = 0; i < length; i++) {
			masked[i] = (byte) (payload[offset + i] ^ mask[i & 3]);
		}
		wire.write(masked, 0, length);
	}

	/**
	 * Write bytes in chops, each its own write to the socket.
	 * @param wire the bytes
	 * @param chopSize the most bytes a write carries; 1 writes byte by byte
	 * @throws IOException if the write fails
	 */
	void write(byte[] wire, int chopSize) throws IOException {
		for (int offset = 0; offset < wire.length; offset += chopSize) {
			this.out.write(wire, offset, Math.min(chopSize, wire.length - offset));
			this.out.flush();
		}
	}

	/**
	 * Start the closing handshake with a code.
	 * @param code the close code
	 * @throws IOException if the write fails
	 */
	void sendClose(int code) throws IOException {
		write(encodeFrame(true, CLOSE, new byte[] { (byte) (code >>> 8), (byte) code }), Integer.MAX_VALUE);
	}

	/**
	 * Read the next whole message or control frame; pings are skipped. A close or pong frame is
	 * returned when it arrives, also inside a fragmented message, whose frames so far are then
	 * dropped.
	 * @return the message: opcode {@link #TEXT}, {@link #BINARY}, {@link #CLOSE} or {@link #PONG}
	 * @throws IOException if reading fails or the server breaks a framing rule
	 */
	Message readMessage() throws IOException {
		ByteArrayOutputStream data = null;
		int messageOpcode = -1;
		int frames = 0;
		while (true) {
			int b0 = this.in.readUnsignedByte();
			int b1 = this.in.readUnsignedByte();
			boolean fin = (b0 & 0x80) != 0;
			int opcode = b0 & 0x0F;
			check((b0 & 0x70) == 0, "reserved bits set in a server frame: " + Integer.toHexString(b0));
			check((b1 & 0x80) == 0, "masked server frame (RFC 6455 section 5.1)");
			long length = b1 & 0x7F;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			check(length >= 0 && length <= Integer.MAX_VALUE - 8, "frame length " + length);
			byte[] payload = new byte[(int) length];
			this.in.readFully(payload);
			if (opcode >= 0x8) {
				check(fin && length <= 125, "fragmented or oversize control frame");
				if (opcode == PING) {
					continue;
				}
				return new Message(opcode, payload, 1);
			}
			if (data == null) {
				check(opcode == TEXT || opcode == BINARY, "message starts with opcode " + opcode);
				messageOpcode = opcode;
				data = new ByteArrayOutputStream(Math.max(32, payload.length));
			}
			else {
				check(opcode == CONTINUATION, "opcode " + opcode + " inside a fragmented message");
			}
			data.write(payload, 0, payload.length);
			frames++;
			if (fin) {
				return new Message(messageOpcode, data.toByteArray(), frames);
			}
		}
	}

	/**
	 * Return whether the server has closed the TCP connection, waiting for it at most the read
	 * timeout.
	 * @return {@code true} at end of stream
	 * @throws IOException if reading fails
	 */
	boolean awaitEndOfStream() throws IOException {
		return this.in.read() < 0;
	}

	private static void check(boolean condition, String problem) throws IOException {
		if (!condition) {
			throw new IOException("Server broke the framing rules: " + problem);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A message as received.
	 * @param opcode the opcode of its first frame
	 * @param payload the payload of all its frames
	 * @param frames how many frames carried it
	 */
	record Message(int opcode, byte[] payload, int frames) {

		int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF) : 1005;
		}

	}

}
