package cdn.protocol;

import java.util.Arrays;

/** The audio ladder: AAC at three bitrates. */
public enum Rendition {

	A64(64), A128(128), A256(256);

	private final int kbps;

	Rendition(int kbps) {
		this.kbps = kbps;
	}

	/** The id used in paths and playlists, e.g. {@code a128}. */
	public String id() {
		return "a" + this.kbps;
	}

	public int kbps() {
		return this.kbps;
	}

	public static Rendition of(String id) {
		return Arrays.stream(values())
			.filter((rendition) -> rendition.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new InvalidIdException("rendition must be one of a64, a128, a256"));
	}

	@Override
	public String toString() {
		return id();
	}

}
