package cdn.router.listeners;

/**
 * Body of {@code POST /v1/listener-reports}: what one page played since its previous
 * report (deltas), so that lost or repeated reports never make counters go backwards.
 *
 * @param peerId the page's peer id: with listener tokens on, the subject of the token the
 * report carries ({@code Authorization: Bearer}); optional without
 * @param region the region the router gave the page (one it routes to)
 * @param bytesPeer segment bytes received from peers, checked
 * @param bytesEdge segment bytes received from edges
 * @param hashFailures peer segments rejected by the SHA-256 check
 * @param stalls stalls after startup
 * @param stalledSeconds seconds stalled after startup
 * @param playedSeconds seconds since playback began, stalls included
 * @param startupMs time to first audio, in the page's first report after it began
 * @param bitrateKbps the rendition playing now
 */
public record ListenerReport(String peerId, String region, Long bytesPeer, Long bytesEdge, Long hashFailures,
		Long stalls, Double stalledSeconds, Double playedSeconds, Long startupMs, Long bitrateKbps) {
}
