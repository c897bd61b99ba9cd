package cdn.protocol.routing;

import cdn.protocol.CatalogTrack;
import cdn.protocol.TrackId;

/**
 * One edge of a {@link Route}.
 *
 * @param url base URL of the edge, without trailing slash
 * @param region the edge's region
 * @param healthy whether the router's last health checks found it ready
 * @param load share of the edge's capacity in use, 0 to 1, as the edge last reported it
 */
public record RouteEdge(String url, String region, boolean healthy, double load) {

	/**
	 * Absolute URL of a track's master playlist on this edge.
	 */
	public String masterPlaylist(TrackId trackId) {
		return this.url + CatalogTrack.masterPath(trackId);
	}

}
