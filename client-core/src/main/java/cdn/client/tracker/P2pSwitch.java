package cdn.client.tracker;

/**
 * Whether the operator lets this listener use P2P, as the tracker last said: its announce
 * answers (which know the listener's track) and its lookup answers (which do not) each
 * may switch it off; it is on while neither does. Off, the listener fetches from the edge
 * only, claims nothing and serves no peer. Thread-safe: peer servers read it.
 */
public final class P2pSwitch {

	private volatile boolean byAnnounce = true;

	private volatile boolean byLookup = true;

	private volatile boolean trackGone;

	public boolean on() {
		return !this.trackGone && this.byAnnounce && this.byLookup;
	}

	/** The track was taken down: off for the rest of the listener's life. */
	public void trackGone() {
		this.trackGone = true;
	}

	/** Takes an announce answer's word; whether that turned P2P back on. */
	boolean fromAnnounce(boolean on) {
		boolean was = on();
		this.byAnnounce = on;
		return !was && on();
	}

	/** Takes a lookup answer's word; whether that turned P2P off. */
	boolean fromLookup(boolean on) {
		boolean was = on();
		this.byLookup = on;
		return was && !on();
	}

}
