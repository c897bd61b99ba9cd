package cdn.edge.upstream;

/**
 * A complete, checked answer of an upstream: a {@code 200} with its whole body (length
 * and, for segments, SHA-256 verified) or a {@code 304} to a revalidation.
 *
 * @param notModified whether this is a {@code 304} (then {@code body} is empty)
 * @param body the bytes
 * @param contentType {@code Content-Type}, or {@code null}
 * @param etag {@code ETag}, or {@code null}
 * @param cacheControl {@code Cache-Control}, or {@code null}
 * @param ageSeconds the upstream's {@code Age} (a shield's copy may already be old)
 */
public record UpstreamResponse(boolean notModified, byte[] body, String contentType, String etag, String cacheControl,
		long ageSeconds) {

}
