package cdn.client.webrtc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import cdn.client.peer.PeerFailure;
import cdn.protocol.SegmentId;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The asking end of a DataChannel to one peer: requests segments, matches answers to them
 * by request id and collects their bodies. The bytes are returned as sent; the caller
 * checks them against the segment id, as for every transport. Frames arrive on the
 * channel's thread and must be copied by then ({@link #onBinary} copies).
 */
public final class AskingEnd {

	/** A peer never sends more than this for one segment (as over HTTP). */
	public static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

	private final FrameSink sink;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private volatile boolean closed;

	public AskingEnd(FrameSink sink) {
		this.sink = sink;
	}

	private static final class Pending {

		volatile MonoSink<byte[]> answer;

		volatile ChannelFrames.Body body;

	}

	/**
	 * The segment's bytes as the peer sent them; fails with
	 * {@link PeerFailure.Exception}: {@code SEGMENT_ABSENT} (404), {@code BUSY} (429,
	 * 503), {@code TIMEOUT} (no head within {@code stallTimeout}, or no whole answer
	 * within four times that), {@code PROTOCOL_VIOLATION} (a head or body the protocol
	 * does not allow), {@code UNREACHABLE} (the channel closed).
	 */
	public Mono<byte[]> fetch(SegmentId segment, Duration stallTimeout) {
		return Mono.defer(() -> {
			long id = this.ids.getAndIncrement() & ChannelFrames.MAX_ID;
			Pending request = new Pending();
			Mono<byte[]> answer = Mono.create((sink) -> {
				request.answer = sink;
				if (this.closed) {
					sink.error(new PeerFailure.Exception(PeerFailure.UNREACHABLE, "channel closed"));
					return;
				}
				this.pending.put(id, request);
				sink.onDispose(() -> {
					if (this.pending.remove(id) != null && !this.closed) {
						// given up (timeout, cancelled): the peer stops sending
						this.sink.text(ChannelFrames.cancel(id));
					}
				});
				this.sink.text(ChannelFrames.get(id, segment));
			});
			// the head within the stall timeout, the whole body within four times it
			Mono<Long> deadline = Mono.delay(stallTimeout)
				.flatMap((late) -> (request.body == null) ? Mono.just(late) : Mono.delay(stallTimeout.multipliedBy(3)));
			return answer.timeout(deadline)
				.onErrorMap((error) -> !(error instanceof PeerFailure.Exception),
						(error) -> new PeerFailure.Exception(PeerFailure.TIMEOUT, "no answer in time"));
		});
	}

	/** A text frame from the peer. */
	public void onText(String text) {
		ChannelFrames.Text frame = ChannelFrames.parseText(text);
		if (!(frame instanceof ChannelFrames.Res head)) {
			violation("not an answer's head: " + abbreviated(text));
			return;
		}
		Pending request = this.pending.get(head.id());
		if (request == null) {
			return; // cancelled meanwhile
		}
		if (head.status() != ChannelFrames.OK) {
			PeerFailure failure = switch (head.status()) {
				case ChannelFrames.NOT_HELD -> PeerFailure.SEGMENT_ABSENT;
				case ChannelFrames.BUSY, ChannelFrames.CAPPED -> PeerFailure.BUSY;
				default -> PeerFailure.PROTOCOL_VIOLATION;
			};
			fail(head.id(), failure, "status " + head.status());
		}
		else if (head.length() == 0 || head.length() > MAX_SEGMENT_BYTES || request.body != null) {
			fail(head.id(), PeerFailure.PROTOCOL_VIOLATION,
					(request.body != null) ? "a second head" : "announced " + head.length() + " bytes");
		}
		else {
			request.body = new ChannelFrames.Body((int) head.length());
		}
	}

	/**
	 * A binary frame from the peer: read before returning (the buffer is the channel's).
	 */
	public void onBinary(ByteBuffer frame) {
		ChannelFrames.Chunk chunk = ChannelFrames.parseChunk(frame);
		if (chunk == null) {
			violation("a binary frame shorter than its request id");
			return;
		}
		Pending request = this.pending.get(chunk.id());
		if (request == null) {
			return; // cancelled or failed meanwhile: its last chunks may still come
		}
		ChannelFrames.Body body = request.body;
		if (body == null) {
			fail(chunk.id(), PeerFailure.PROTOCOL_VIOLATION, "body before its head");
			return;
		}
		try {
			if (body.add(chunk.payload()) && this.pending.remove(chunk.id(), request)) {
				request.answer.success(body.bytes());
			}
		}
		catch (IllegalStateException ex) {
			fail(chunk.id(), PeerFailure.PROTOCOL_VIOLATION, ex.getMessage());
		}
	}

	/** The channel closed: every request in flight fails, and later ones at once. */
	public void closed() {
		this.closed = true;
		for (Long id : this.pending.keySet()) {
			fail(id, PeerFailure.UNREACHABLE, "channel closed");
		}
	}

	/** Requests waiting for their answer. */
	public int inFlight() {
		return this.pending.size();
	}

	/** A frame that belongs to no request: the channel cannot be trusted, all fail. */
	private void violation(String detail) {
		for (Long id : this.pending.keySet()) {
			fail(id, PeerFailure.PROTOCOL_VIOLATION, detail);
		}
	}

	private void fail(long id, PeerFailure failure, String detail) {
		Pending request = this.pending.remove(id);
		if (request != null) {
			request.answer.error(new PeerFailure.Exception(failure, detail));
		}
	}

	private static String abbreviated(String text) {
		return (text.length() <= 80) ? text : text.substring(0, 80) + "…";
	}

}
