package cdn.client.peer;

import java.util.concurrent.atomic.AtomicInteger;

import cdn.client.net.EmulatedLink;

/**
 * Bounds what one listener gives away: at most {@code maxUploads} answers at once, sent
 * over an uplink of a capped rate (see {@link EmulatedLink}).
 */
public final class UploadLimiter {

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
