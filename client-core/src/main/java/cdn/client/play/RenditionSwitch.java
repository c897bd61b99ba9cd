package cdn.client.play;

/**
 * One ABR decision that changed the rendition.
 *
 * @param wallNanos when (the listener clock's {@link SimClock#wallNanos()})
 * @param fromKbps the rendition's nominal bitrate before
 * @param toKbps and after
 */
public record RenditionSwitch(long wallNanos, long fromKbps, long toKbps) {

	public boolean down() {
		return this.toKbps < this.fromKbps;
	}

}
