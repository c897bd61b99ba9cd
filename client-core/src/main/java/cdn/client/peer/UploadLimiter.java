package cdn.client.peer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.client.net.EmulatedLink;
import reactor.core.publisher.Mono;

/**
 * Bounds what one listener gives away: at most {@code maxUploads} answers at once, sent
 * over an uplink of a capped rate (see {@link EmulatedLink}).
 */
public final class UploadLimiter {

	/**
	 * How often a request queued for a slot looks again: an upload on a LAN takes a few
	 * ms.
	 */
	static final Duration SLOT_POLL = Duration.ofMillis(5);

	private final int maxUploads;

	private final EmulatedLink uplink;

	private final AtomicInteger active = new AtomicInteger();

	public UploadLimiter(int maxUploads, EmulatedLink uplink) {
		this.maxUploads = maxUploads;
		this.uplink = uplink;
	}

	/**
	 * Takes an upload slot, or returns false when all are in use (the peer answers busy).
	 */
	public boolean tryAcquire() {
		while (true) {
			int current = this.active.get();
			if (current >= this.maxUploads) {
				return false;
			}
			if (this.active.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Takes an upload slot as soon as one is free, checking every {@link #SLOT_POLL}:
	 * emits false when none freed within {@code atMost}.
	 */
	public Mono<Boolean> acquire(Duration atMost) {
		long polls = Math.max(1, atMost.toNanos() / SLOT_POLL.toNanos());
		return Mono.fromCallable(this::tryAcquire)
			.filter(Boolean::booleanValue)
			.repeatWhenEmpty((empty) -> empty.take(polls).delayElements(SLOT_POLL))
			.defaultIfEmpty(false);
	}

	public void release() {
		this.active.decrementAndGet();
	}

	/** Wall-clock nanos from {@code nowNanos} until {@code bytes} have been sent. */
	public long reserveNanos(long bytes, long nowNanos) {
		return this.uplink.reserve(bytes, nowNanos);
	}

	public long uploadKbps() {
		return this.uplink.kbps();
	}

}
