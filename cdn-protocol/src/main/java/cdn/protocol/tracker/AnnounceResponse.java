package cdn.protocol.tracker;

/**
 * Answer to an announce.
 *
 * @param intervalSeconds when to announce again at the latest (jittered so that peers
 * that joined together do not announce together)
 */
public record AnnounceResponse(int intervalSeconds) {
}
