package cdn.client.metrics;

import java.util.Locale;

/** Where a segment's bytes come from: the value of the {@code source} metric tag. */
public enum Source {

	PEER, EDGE;

	/** Value of the {@code source} metric tag. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
