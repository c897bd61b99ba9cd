package cdn.router.edge;

import cdn.protocol.Region;

/**
 * An edge as discovery sees it: where it answers and which region it serves.
 *
 * @param url base URL without trailing slash, e.g. {@code http://10.0.3.7:8080}
 * @param region the region it serves
 */
public record Edge(String url, String region) {

	public Edge {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("edge url must not be empty");
		}
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		Region.require(region, "edge region");
	}

}
