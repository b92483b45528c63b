package dev.wsboot.server.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * The permessage-deflate extension (RFC 7692) of one direct session: what was agreed at the
 * handshake, and the compressor and decompressor, made only when a message needs them so that an
 * idle connection holds no zlib state.
 */
public final class PerMessageDeflate {

	/** The extension's name in {@code Sec-WebSocket-Extensions}. */
	public static final String NAME = "permessage-deflate";

	private final Object deflaterMonitor = new Object();

	private boolean ended;

	private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

	private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

	private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

	private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

	/** The empty stored block every compressed message ends with, removed on the wire. */
	private static final byte[] TAIL = { 0x00, 0x00, (byte) 0xFF, (byte) 0xFF };

	private final boolean serverNoContextTakeover;

	private final boolean clientNoContextTakeover;

	private final boolean serverMaxWindowBits;

	private @Nullable Inflater inflater;

	private @Nullable Deflater deflater;

	private boolean tailGiven;

	private PerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
			boolean serverMaxWindowBits) {
		this.serverNoContextTakeover = serverNoContextTakeover;
		this.clientNoContextTakeover = clientNoContextTakeover;
		this.serverMaxWindowBits = serverMaxWindowBits;
	}

	/**
	 * Agree to the first of the client's offers that this implementation can honour. The JDK's
	 * zlib always compresses with a 32 KB window, so an offer that limits the server's window is
	 * declined; any window the client uses can be decompressed.
	 * @param headerValues the request's {@code Sec-WebSocket-Extensions} values, whose offers
	 * are in the client's order of preference
	 * @return the agreement, or {@code null} to go without compression
	 */
	public static @Nullable PerMessageDeflate negotiate(List<String> headerValues) {
		for (String headerValue : headerValues) {
			for (String offer : headerValue.split(",")) {
				String[] elements = offer.split(";");
				if (elements.length == 0 || !NAME.equalsIgnoreCase(elements[0].trim())) {
					continue;
				}
				List<String[]> parameters = new ArrayList<>();
				for (int i = 1; i < elements.length; i++) {
					String element = elements[i].trim();
					int equals = element.indexOf('=');
					parameters.add((equals < 0) ? new String[] { element, null }
							: new String[] { element.substring(0, equals).trim(), element.substring(equals + 1).trim() });
				}
				if (isAcceptable(parameters)) {
					return new PerMessageDeflate(has(parameters, SERVER_NO_CONTEXT_TAKEOVER),
							has(parameters, CLIENT_NO_CONTEXT_TAKEOVER), has(parameters, SERVER_MAX_WINDOW_BITS));
				}
			}
		}
		return null;
	}

	private static boolean has(List<String[]> parameters, String name) {
		return parameters.stream().anyMatch((parameter) -> name.equals(parameter[0]));
	}

	// Parameters are read here, not with Spring's WebSocketExtension, which drops those
	// without a value, such as server_no_context_takeover.
	private static boolean isAcceptable(List<String[]> parameters) {
		Set<String> seen = new HashSet<>();
		for (String[] parameter : parameters) {
			String name = parameter[0];
			String value = parameter[1];
			if (!seen.add(name)) {
				return false;
			}
			switch (name) {
				case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
					if (value != null && !value.isEmpty()) {
						return false;
					}
				}
				case SERVER_MAX_WINDOW_BITS -> {
					if (!"15".equals(unquote(value))) {
						return false;
					}
				}
				case CLIENT_MAX_WINDOW_BITS -> {
					String bits = unquote(value);
					if (bits != null && !bits.isEmpty() && !bits.matches("8|9|1[0-5]")) {
						return false;
					}
				}
				default -> {
					return false;
				}
			}
		}
		return true;
	}

	private static @Nullable String unquote(@Nullable String value) {
		return (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * Return the extension as the handshake response states it.
	 * @return the value of {@code Sec-WebSocket-Extensions}
	 */
	public String responseHeader() {
		// Both are acknowledged as offered: the client said it resets its compressor anyway, and
		// a server asked to reset its own must say so (RFC 7692 section 7.1.1.1).
		StringBuilder header = new StringBuilder(NAME);
		if (this.serverNoContextTakeover) {
			header.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
		}
		if (this.clientNoContextTakeover) {
			header.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
		}
		if (this.serverMaxWindowBits) {
			// An accepted offer of server_max_window_bits must be answered with it (section
			// 7.1.2.1); only 15 is accepted, the window the JDK's zlib compresses with.
			header.append("; ").append(SERVER_MAX_WINDOW_BITS).append("=15");
		}
		return header.toString();
	}

	// Decompression, on the reading thread only.

	/**
	 * Hand over compressed bytes of the message being received.
	 * @param bytes the bytes
	 * @param length how many of them
	 */
	public void inflateInput(byte[] bytes, int length) {
		inflater().setInput(bytes, 0, length);
	}

	/**
	 * Mark the end of the message's compressed bytes, which appends the stored block that the
	 * sender removed.
	 */
	public void inflateEnd() {
		inflater().setInput(TAIL);
		this.tailGiven = true;
	}

	/**
	 * Return whether the decompressor wants more input before it can produce output.
	 * @return {@code true} if all input given so far has been decompressed
	 */
	public boolean needsInput() {
		return this.inflater == null || this.inflater.needsInput();
	}

	/**
	 * Return whether the end of the message has been handed over.
	 * @return {@code true} once {@link #inflateEnd()} was called for the current message
	 */
	public boolean isEndGiven() {
		return this.tailGiven;
	}

	/**
	 * Decompress into the given array.
	 * @param target where the bytes go
	 * @param offset the first index to fill
	 * @param length the most bytes to produce
	 * @return how many bytes were produced
	 * @throws WebSocketProtocolException with 1007 if the bytes are not valid DEFLATE data
	 */
	public int inflate(byte[] target, int offset, int length) throws WebSocketProtocolException {
		try {
			return inflater().inflate(target, offset, length);
		}
		catch (DataFormatException ex) {
			throw new WebSocketProtocolException(1007, "Compressed message is not valid DEFLATE data");
		}
	}

	/**
	 * Return whether the sender ended its DEFLATE stream with a final block, which RFC 7692
	 * allows at the end of a message.
	 * @return {@code true} if the decompressor has seen the end of its stream
	 */
	public boolean isFinished() {
		return this.inflater != null && this.inflater.finished();
	}

	/**
	 * Start the next message. The decompressor keeps its window (context takeover) unless the
	 * sender ended its stream, after which it starts a new one.
	 */
	public void inflateMessageDone() {
		this.tailGiven = false;
		if (this.inflater != null && this.inflater.finished()) {
			this.inflater.reset();
		}
	}

	private Inflater inflater() {
		Inflater inflater = this.inflater;
		if (inflater == null) {
			inflater = new Inflater(true);
			this.inflater = inflater;
		}
		return inflater;
	}

	// Compression, on the sending thread; sends are serialized by the session's users.

	/**
	 * Compress one part of a message.
	 * @param payload the part's bytes, consumed
	 * @param last whether the part ends the message
	 * @return the compressed bytes to send in the part's frame
	 * @throws IllegalStateException if the session has ended
	 */
	public ByteBuffer deflate(ByteBuffer payload, boolean last) {
		// A sender may still be compressing when the session ends on another thread.
		synchronized (this.deflaterMonitor) {
			if (this.ended) {
				throw new IllegalStateException("permessage-deflate has ended with its session");
			}
			return deflateOpen(payload, last);
		}
	}

	private ByteBuffer deflateOpen(ByteBuffer payload, boolean last) {
		Deflater deflater = deflater();
		deflater.setInput(payload);
		byte[] output = new byte[Math.max(64, payload.remaining() + 64)];
		int length = 0;
		while (true) {
			length += deflater.deflate(output, length, output.length - length, Deflater.SYNC_FLUSH);
			if (length < output.length && deflater.needsInput()) {
				break;
			}
			output = Arrays.copyOf(output, output.length * 2);
		}
		if (last) {
			if (endsWithTail(output, length)) {
				// A sync flush ends in the empty stored block, which the wire leaves out.
				length -= TAIL.length;
			}
			else if (length == 0) {
				// Nothing new to flush (an empty message after another one): zlib writes no
				// bytes then, and the message is sent as an empty stored block's first byte,
				// which section 7.2.3.6 allows.
				output[0] = 0x00;
				length = 1;
			}
			if (this.serverNoContextTakeover) {
				deflater.reset();
			}
		}
		return ByteBuffer.wrap(output, 0, length);
	}

	private static boolean endsWithTail(byte[] output, int length) {
		return length >= TAIL.length && Arrays.equals(output, length - TAIL.length, length, TAIL, 0, TAIL.length);
	}

	private Deflater deflater() {
		Deflater deflater = this.deflater;
		if (deflater == null) {
			deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
			this.deflater = deflater;
		}
		return deflater;
	}

	/** Release the zlib state; the session is over. */
	public void end() {
		if (this.inflater != null) {
			this.inflater.end();
		}
		synchronized (this.deflaterMonitor) {
			this.ended = true;
			if (this.deflater != null) {
				this.deflater.end();
			}
		}
	}

}
