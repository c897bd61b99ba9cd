package cdn.client.peer;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import cdn.protocol.SegmentId;
import reactor.core.publisher.Mono;

/**
 * How a peer answers a request for one of its segments, whatever carries the answer
 * (HTTP, a WebRTC DataChannel): the bytes when held and an upload slot is free, paced by
 * the upload cap; not held; or busy (no slot free, or the peer does not upload at all). A
 * segment the peer is loading (it holds the tracker's claim) is answered once it arrives,
 * or not held if it does not within {@link #MAX_LOADING_WAIT}; the asker bounds its own
 * wait.
 */
public final class SegmentServing {

	/**
	 * The longest a request for a segment being loaded is held: the tracker's claim time
	 * to live.
	 */
	public static final Duration MAX_LOADING_WAIT = Duration.ofSeconds(10);

	/** The longest such a request then queues for an upload slot. */
	public static final Duration MAX_SLOT_WAIT = Duration.ofSeconds(2);

	private SegmentServing() {
	}

	/**
	 * The answer to a request for {@code segment}.
	 * @param peer the asked peer, {@code null} when it is not hosted here (not held)
	 * @param send sends the bytes, completing when they are sent: the upload slot is held
	 * until then and counted as uploaded
	 * @param notHeld the answer for a segment the peer does not hold
	 * @param busy the answer for a peer with no upload slot free
	 */
	public static <T> Mono<T> answer(PeerHost peer, SegmentId segment, Function<byte[], Mono<T>> send,
			Supplier<Mono<T>> notHeld, Supplier<Mono<T>> busy) {
		if (peer == null) {
			return notHeld.get();
		}
		byte[] held = peer.cache().get(segment);
		// a peer that uploads nothing now (metered, P2P switched off, the track taken
		// down)
		// holds nobody up for what it is loading
		if (held == null && peer.loading().isLoading(segment) && peer.uploads() != null) {
			// its askers are let go together when it arrives, so they queue for an upload
			// slot: unlike a busy holder's askers they have no other peer to turn to
			return peer.loading()
				.whenEnded(segment, MAX_LOADING_WAIT)
				.then(Mono.defer(() -> send(peer, peer.cache().get(segment), MAX_SLOT_WAIT, send, notHeld, busy)));
		}
		return send(peer, held, Duration.ZERO, send, notHeld, busy);
	}

	private static <T> Mono<T> send(PeerHost peer, byte[] bytes, Duration slotWait, Function<byte[], Mono<T>> send,
			Supplier<Mono<T>> notHeld, Supplier<Mono<T>> busy) {
		if (bytes == null) {
			return notHeld.get();
		}
		UploadLimiter uploads = peer.uploads();
		if (uploads == null) {
			return busy.get();
		}
		Mono<Boolean> slot = slotWait.isZero() ? Mono.fromCallable(uploads::tryAcquire) : uploads.acquire(slotWait);
		return slot.flatMap((acquired) -> acquired ? upload(peer, uploads, bytes, send) : busy.get());
	}

	private static <T> Mono<T> upload(PeerHost peer, UploadLimiter uploads, byte[] bytes,
			Function<byte[], Mono<T>> send) {
		long delay = uploads.reserveNanos(bytes.length, System.nanoTime());
		return Mono.delay(Duration.ofNanos(delay))
			.then(Mono.defer(() -> send.apply(bytes)))
			.doOnSuccess((sent) -> peer.uploaded(bytes.length))
			.doFinally((signal) -> uploads.release());
	}

}
