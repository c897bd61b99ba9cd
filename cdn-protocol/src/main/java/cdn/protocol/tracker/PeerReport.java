package cdn.protocol.tracker;

/**
 * Body of {@code POST /v1/peers/{peerId}/reports}: a peer tells the tracker that another
 * one misbehaved. Enough distinct reporters put the reported peer in quarantine.
 *
 * @param reporter the reporting peer's id (must be a registered peer)
 * @param reason one of {@link ReportReason}'s ids
 */
public record PeerReport(String reporter, String reason) {
}
