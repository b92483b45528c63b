package dev.wsboot.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket client on a plain {@link Socket} that writes and reads frames byte for byte, so
 * that tests can send what a well-behaved client never would: unmasked frames, reserved bits,
 * unknown opcodes, oversized control frames, frames chopped into single-byte writes.
 * <p>
 * Every read is bounded by the socket's {@code SO_TIMEOUT}. Bytes consumed by the frame reader
 * are counted, so that tests can assert how much went over the wire.
 */
public final class RawWebSocket implements AutoCloseable {

	public static final int CONTINUATION = 0x0;

	public static final int TEXT = 0x1;

	public static final int BINARY = 0x2;

	public static final int CLOSE = 0x8;

	public static final int PING = 0x9;

	public static final int PONG = 0xA;

	/** RSV1, as set on the first frame of a compressed message (RFC 7692). */
	public static final int RSV1 = 0b100;

	public static final int RSV2 = 0b010;

	public static final int RSV3 = 0b001;

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Socket socket;

	private final CountingInputStream in;

	private final OutputStream out;

	private final int port;

	private RawWebSocket(Socket socket, int port) throws IOException {
		this.socket = socket;
		this.port = port;
		this.in = new CountingInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
		this.out = socket.getOutputStream();
	}

	/**
	 * Open a TCP connection to {@code 127.0.0.1}.
	 * @param port the server's port
	 * @param readTimeout the bound on every single read
	 * @return the connected, not yet upgraded, client
	 */
	public static RawWebSocket connect(int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) readTimeout.toMillis());
			socket.setTcpNoDelay(true);
			return new RawWebSocket(socket, port);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Open a TCP connection with a 10 second read timeout.
	 * @param port the server's port
	 * @return the connected, not yet upgraded, client
	 */
	public static RawWebSocket connect(int port) throws IOException {
		return connect(port, Duration.ofSeconds(10));
	}

	/**
	 * Open a connection and upgrade it, failing unless the server answers 101.
	 * @param port the server's port
	 * @param path the endpoint
	 * @return the upgraded client
	 */
	public static RawWebSocket open(int port, String path) throws IOException {
		return open(port, path, Map.of());
	}

	/**
	 * Open a connection and upgrade it, failing unless the server answers 101.
	 * @param port the server's port
	 * @param path the endpoint
	 * @param extraHeaders headers to add to the upgrade request
	 * @return the upgraded client
	 */
	public static RawWebSocket open(int port, String path, Map<String, String> extraHeaders) throws IOException {
		RawWebSocket webSocket = connect(port);
		try {
			Handshake handshake = webSocket.handshake(path, extraHeaders);
			if (handshake.status() != 101) {
				throw new IOException("Upgrade of " + path + " answered " + handshake.status());
			}
			return webSocket;
		}
		catch (IOException | RuntimeException ex) {
			webSocket.close();
			throw ex;
		}
	}

	/**
	 * Write the HTTP/1.1 upgrade request and read the response head.
	 * @param path the request target
	 * @param extraHeaders headers to add (or, with the same name, to replace the defaults)
	 * @return the status and headers of the response
	 */
	public Handshake handshake(String path, Map<String, String> extraHeaders) throws IOException {
		byte[] nonce = new byte[16];
		RANDOM.nextBytes(nonce);
		String key = Base64.getEncoder().encodeToString(nonce);
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.put("Host", "127.0.0.1:" + this.port);
		headers.put("Upgrade", "websocket");
		headers.put("Connection", "Upgrade");
		headers.put("Sec-WebSocket-Key", key);
		headers.put("Sec-WebSocket-Version", "13");
		headers.putAll(extraHeaders);
		StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		this.out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
		this.out.flush();
		String statusLine = readLine();
		String[] parts = statusLine.split(" ", 3);
		if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
			throw new IOException("Not an HTTP status line: " + statusLine);
		}
		Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		String line;
		while (!(line = readLine()).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				responseHeaders.computeIfAbsent(line.substring(0, colon).trim(), (name) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
		}
		this.in.resetCount();
		return new Handshake(Integer.parseInt(parts[1]), Collections.unmodifiableMap(responseHeaders),
				expectedAccept(key));
	}

	private String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int b = this.in.read();
			if (b == -1) {
				throw new EOFException("Connection ended in the response head");
			}
			if (previous == '\r' && b == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
			previous = b;
			if (line.size() > 16 * 1024) {
				throw new IOException("Response head line too long");
			}
		}
	}

	private static String expectedAccept(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Start describing a frame to write.
	 * @param opcode the opcode, any value 0 to 15
	 * @return a builder: FIN set, no reserved bits, masked, empty payload, written at once
	 */
	public FrameWriter frame(int opcode) {
		return new FrameWriter(opcode);
	}

	/** Write a whole, masked text message in one frame. */
	public void sendText(String text) throws IOException {
		frame(TEXT).payload(text).write();
	}

	/** Write a whole, masked binary message in one frame. */
	public void sendBinary(byte[] payload) throws IOException {
		frame(BINARY).payload(payload).write();
	}

	/** Write a close frame with a code and reason. */
	public void sendClose(int code, String reason) throws IOException {
		byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
		ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes);
		frame(CLOSE).payload(payload.array()).write();
	}

	/**
	 * Write bytes as they are.
	 * @param bytes the bytes
	 */
	public void writeRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * Run writes on another thread, for payloads the server may stop reading before they are all
	 * written (a blocked write has no timeout, a read has).
	 * @param writes the writes
	 * @return completes when the writes are done, exceptionally if the server cut them off
	 */
	public CompletableFuture<Void> inBackground(Writes writes) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Thread.ofVirtual().name("raw-websocket-writer").start(() -> {
			try {
				writes.write(this);
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		});
		return done;
	}

	/**
	 * Read the next frame.
	 * @return the frame
	 * @throws EOFException if the connection ends
	 * @throws SocketTimeoutException if a read times out
	 */
	public Frame readFrame() throws IOException {
		int b0 = readByte();
		int b1 = readByte();
		boolean fin = (b0 & 0x80) != 0;
		int rsv = (b0 >> 4) & 0x7;
		int opcode = b0 & 0x0F;
		boolean masked = (b1 & 0x80) != 0;
		long length = b1 & 0x7F;
		if (length == 126) {
			length = (readByte() << 8) | readByte();
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | readByte();
			}
		}
		if (length > 64 * 1024 * 1024) {
			throw new IOException("Frame of " + length + " bytes is beyond what tests expect");
		}
		byte[] mask = masked ? readFully(4) : null;
		byte[] payload = readFully((int) length);
		if (mask != null) {
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= mask[i % 4];
			}
		}
		return new Frame(fin, rsv, opcode, masked, payload);
	}

	/**
	 * Read the frames of the next data message, answering nothing and skipping pings and pongs
	 * in between.
	 * @return the message's frames, the first with the message's opcode, the last with FIN
	 */
	public List<Frame> readMessageFrames() throws IOException {
		List<Frame> frames = new ArrayList<>();
		while (true) {
			Frame frame = readFrame();
			if (frame.opcode() == PING || frame.opcode() == PONG) {
				continue;
			}
			if (frame.opcode() == CLOSE) {
				throw new IOException("Connection closed instead of a message: " + frame.closeCode() + " "
						+ frame.closeReason());
			}
			frames.add(frame);
			if (frame.fin()) {
				return frames;
			}
		}
	}

	/**
	 * Read the next data message and join its frames' payloads.
	 * @return the message
	 */
	public Message readMessage() throws IOException {
		List<Frame> frames = readMessageFrames();
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		frames.forEach((frame) -> payload.writeBytes(frame.payload()));
		return new Message(frames.getFirst().opcode(), frames.getFirst().rsv(), payload.toByteArray(), frames.size());
	}

	/**
	 * Read frames until the server's close frame, skipping data and pings.
	 * @param timeout how long to wait at most in all
	 * @return the server's code and reason; 1006 if the connection ended without a close frame
	 */
	public Close readUntilClose(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Frame> skipped = new ArrayList<>();
		try {
			while (System.nanoTime() < deadline) {
				Frame frame = readFrame();
				if (frame.opcode() == CLOSE) {
					return new Close(frame.closeCode(), frame.closeReason(), skipped);
				}
				skipped.add(frame);
			}
			throw new SocketTimeoutException("No close frame within " + timeout);
		}
		catch (EOFException ex) {
			return new Close(1006, "EOF", skipped);
		}
		catch (SocketException ex) {
			// A reset after the server stopped reading counts as an abnormal end, as EOF does.
			return new Close(1006, String.valueOf(ex.getMessage()), skipped);
		}
	}

	/**
	 * Whether the server has ended the TCP connection: reads until EOF within the read timeout.
	 * @return {@code true} on EOF or reset, {@code false} if bytes or a timeout came instead
	 */
	public boolean awaitEof() {
		try {
			return this.in.read() == -1;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Return the bytes the frame reader consumed since the handshake or the last reset.
	 * @return the count
	 */
	public long bytesRead() {
		return this.in.count();
	}

	/** Restart counting the bytes read. */
	public void resetBytesRead() {
		this.in.resetCount();
	}

	public Socket socket() {
		return this.socket;
	}

	private int readByte() throws IOException {
		int b = this.in.read();
		if (b == -1) {
			throw new EOFException("Connection ended");
		}
		return b;
	}

	private byte[] readFully(int length) throws IOException {
		byte[] bytes = new byte[length];
		int read = 0;
		while (read < length) {
			int n = this.in.read(bytes, read, length - read);
			if (n == -1) {
				throw new EOFException("Connection ended after " + read + " of " + length + " payload bytes");
			}
			read += n;
		}
		return bytes;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Nothing left to do.
		}
	}

	/** Writes to run on another thread. */
	@FunctionalInterface
	public interface Writes {

		void write(RawWebSocket webSocket) throws IOException;

	}

	/** The response head of the upgrade request. */
	public record Handshake(int status, Map<String, List<String>> headers, String expectedAccept) {

		/**
		 * Return all values of a header joined with commas.
		 * @param name the name, in any case
		 * @return the value, or {@code null} when the header is absent
		 */
		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? String.join(", ", values) : null;
		}

	}

	/** A frame as read from the wire, unmasked. */
	public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		/** The code of a close frame; 1005 if it has none. */
		public int closeCode() {
			return (this.payload.length >= 2) ? ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF) : 1005;
		}

		public String closeReason() {
			return (this.payload.length > 2) ? new String(this.payload, 2, this.payload.length - 2, StandardCharsets.UTF_8)
					: "";
		}

		@Override
		public String toString() {
			return "Frame[fin=" + this.fin + ", rsv=" + this.rsv + ", opcode=" + this.opcode + ", masked=" + this.masked
					+ ", length=" + this.payload.length + "]";
		}

	}

	/** A data message joined from its frames. */
	public record Message(int opcode, int rsv, byte[] payload, int frames) {

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

	/** The server's close frame, or 1006 for a connection that ended without one. */
	public record Close(int code, String reason, List<Frame> framesBefore) {
	}

	/** Describes one frame to write; every part of the header is under the test's control. */
	public final class FrameWriter {

		private final int opcode;

		private boolean fin = true;

		private int rsv;

		private boolean masked = true;

		private byte[] payload = new byte[0];

		private int chop;

		private FrameWriter(int opcode) {
			this.opcode = opcode;
		}

		public FrameWriter fin(boolean fin) {
			this.fin = fin;
			return this;
		}

		/** Set the reserved bits, {@link #RSV1} for example. */
		public FrameWriter rsv(int rsv) {
			this.rsv = rsv;
			return this;
		}

		public FrameWriter masked(boolean masked) {
			this.masked = masked;
			return this;
		}

		public FrameWriter payload(byte[] payload) {
			this.payload = payload;
			return this;
		}

		public FrameWriter payload(String text) {
			return payload(text.getBytes(StandardCharsets.UTF_8));
		}

		/** Write the frame's bytes in pieces of this size, flushing each; 1 writes byte by byte. */
		public FrameWriter chop(int size) {
			this.chop = size;
			return this;
		}

		/** Return the frame's bytes as they go on the wire. */
		public byte[] toBytes() {
			ByteArrayOutputStream frame = new ByteArrayOutputStream(this.payload.length + 14);
			frame.write((this.fin ? 0x80 : 0) | ((this.rsv & 0x7) << 4) | (this.opcode & 0x0F));
			int maskBit = this.masked ? 0x80 : 0;
			int length = this.payload.length;
			if (length <= 125) {
				frame.write(maskBit | length);
			}
			else if (length <= 0xFFFF) {
				frame.write(maskBit | 126);
				frame.write(length >>> 8);
				frame.write(length & 0xFF);
			}
			else {
				frame.write(maskBit | 127);
				frame.writeBytes(ByteBuffer.allocate(8).putLong(length).array());
			}
			if (this.masked) {
				byte[] mask = new byte[4];
				RANDOM.nextBytes(mask);
				frame.writeBytes(mask);
				byte[] maskedPayload = new byte[length];
				for (int i = 0; i < length; i++) {
					maskedPayload[i] = (byte) (this.payload[i] ^ mask[i % 4]);
				}
				frame.writeBytes(maskedPayload);
			}
			else {
				frame.writeBytes(this.payload);
			}
			return frame.toByteArray();
		}

		public void write() throws IOException {
			byte[] bytes = toBytes();
			OutputStream out = RawWebSocket.this.out;
			if (this.chop <= 0) {
				out.write(bytes);
				out.flush();
				return;
			}
			for (int offset = 0; offset < bytes.length; offset += this.chop) {
				out.write(bytes, offset, Math.min(this.chop, bytes.length - offset));
				out.flush();
			}
		}

	}

	private static final class CountingInputStream extends FilterInputStream {

		private long count;

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b != -1) {
				this.count++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				this.count += n;
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			this.count += skipped;
			return skipped;
		}

		long count() {
			return this.count;
		}

		void resetCount() {
			this.count = 0;
		}

	}

}
