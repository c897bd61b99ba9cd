package cdn.client.webrtc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import cdn.protocol.SegmentId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The peer wire protocol ({@code GET /p2p/segments/{id}} → bytes | 404 | 429 | 503)
 * framed on a DataChannel exactly as the web player frames it
 * ({@code player/p2p/wire.js}): text frames carry JSON, a request {@code {t:"get", id,
 * segment}}, its answer's head {@code {t:"res", id, status, length}}, a cancel
 * {@code {t:"cancel", id}}; the body follows in binary frames of at most
 * {@link #CHUNK_BYTES}, each led by the request id (4 bytes, big endian), so several
 * answers may share a channel.
 */
public final class ChannelFrames {

	/** What every browser's DataChannel delivers whole. */
	public static final int CHUNK_BYTES = 16 * 1024;

	static final int ID_BYTES = 4;

	/** Request ids are unsigned 32-bit integers. */
	public static final long MAX_ID = 0xffffffffL;

	public static final int OK = 200;

	public static final int NOT_HELD = 404;

	public static final int BUSY = 429;

	public static final int CAPPED = 503;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ChannelFrames() {
	}

	/** A text frame: {@link Get}, {@link Res} or {@link Cancel}. */
	public sealed interface Text permits Get, Res, Cancel {

		long id();

	}

	public record Get(long id, SegmentId segment) implements Text {
	}

	public record Res(long id, int status, long length) implements Text {
	}

	public record Cancel(long id) implements Text {
	}

	/** A binary frame: the request it belongs to and a part of its body. */
	public record Chunk(long id, ByteBuffer payload) {
	}

	public static String get(long id, SegmentId segment) {
		return frame("get", id).put("segment", segment.value()).toString();
	}

	public static String res(long id, int status, long length) {
		return frame("res", id).put("status", status).put("length", length).toString();
	}

	public static String cancel(long id) {
		return frame("cancel", id).toString();
	}

	private static ObjectNode frame(String type, long id) {
		checkId(id);
		return JSON.createObjectNode().put("t", type).put("id", id);
	}

	/**
	 * The text frame, or {@code null} when it is not one of ours (a protocol violation).
	 */
	public static Text parseText(String text) {
		JsonNode frame;
		try {
			frame = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (frame == null || !frame.isObject() || !isWhole(frame.get("id")) || !frame.path("t").isString()) {
			return null;
		}
		long id = frame.get("id").longValue();
		if (id < 0 || id > MAX_ID) {
			return null;
		}
		return switch (frame.get("t").stringValue()) {
			case "get" -> {
				JsonNode segment = frame.get("segment");
				yield (segment != null && segment.isString() && SegmentId.isValid(segment.stringValue()))
						? new Get(id, SegmentId.of(segment.stringValue())) : null;
			}
			case "res" ->
				(isWhole(frame.get("status")) && isWhole(frame.get("length")) && frame.get("length").longValue() >= 0)
						? new Res(id, frame.get("status").intValue(), frame.get("length").longValue()) : null;
			case "cancel" -> new Cancel(id);
			default -> null;
		};
	}

	private static boolean isWhole(JsonNode node) {
		return node != null && node.isIntegralNumber() && node.canConvertToLong();
	}

	/** The body of an answer as binary frames, each an exact array (none for no body). */
	public static List<byte[]> chunks(long id, byte[] body) {
		checkId(id);
		int payload = CHUNK_BYTES - ID_BYTES;
		List<byte[]> frames = new ArrayList<>(body.length / payload + 1);
		for (int offset = 0; offset < body.length; offset += payload) {
			int length = Math.min(payload, body.length - offset);
			ByteBuffer frame = ByteBuffer.allocate(ID_BYTES + length);
			frame.putInt((int) id).put(body, offset, length);
			frames.add(frame.array());
		}
		return frames;
	}

	/**
	 * The request id of a binary frame and its payload, or {@code null} when too short.
	 */
	public static Chunk parseChunk(ByteBuffer frame) {
		if (frame.remaining() < ID_BYTES) {
			return null;
		}
		ByteBuffer view = frame.slice();
		long id = Integer.toUnsignedLong(view.getInt());
		return new Chunk(id, view.slice());
	}

	private static void checkId(long id) {
		if (id < 0 || id > MAX_ID) {
			throw new IllegalArgumentException("request id out of range: " + id);
		}
	}

	/** Collects one answer's body; more bytes than its head announced is a violation. */
	public static final class Body {

		private final byte[] bytes;

		private int received;

		public Body(int length) {
			this.bytes = new byte[length];
		}

		/**
		 * Adds a chunk's payload.
		 * @return whether the body is complete
		 * @throws IllegalStateException past the announced length
		 */
		public boolean add(ByteBuffer payload) {
			if (payload.remaining() > this.bytes.length - this.received) {
				throw new IllegalStateException("more bytes than announced");
			}
			int length = payload.remaining();
			payload.get(this.bytes, this.received, length);
			this.received += length;
			return isComplete();
		}

		public boolean isComplete() {
			return this.received == this.bytes.length;
		}

		public byte[] bytes() {
			return this.bytes;
		}

	}

}
