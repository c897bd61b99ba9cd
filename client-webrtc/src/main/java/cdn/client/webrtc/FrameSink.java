package cdn.client.webrtc;

/**
 * Where one end of a DataChannel sends its frames: a real channel, or another end in a
 * test. Implementations must not block.
 */
public interface FrameSink {

	void text(String frame);

	/**
	 * A binary frame: an exact array (webrtc-java sends a buffer's whole backing array).
	 */
	void binary(byte[] frame);

}
