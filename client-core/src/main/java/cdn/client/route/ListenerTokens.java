package cdn.client.route;

import reactor.core.publisher.Mono;

/**
 * The listener token a listener shows the tracker, signaling and edges
 * ({@code Authorization: Bearer}): the one the router issued for its peer id. Edges take
 * only a token issued for a track ({@link #token(String, String, String)}), for that
 * track's playlists and for segments; tracker and signaling take either.
 */
public interface ListenerTokens {

	/** No tokens: services that require none. */
	ListenerTokens NONE = (peerId, region) -> Mono.empty();

	/**
	 * The token of {@code peerId}, or empty when the router issues none.
	 * @param region the listener's region, or {@code null} when the call names none
	 */
	Mono<String> token(String peerId, String region);

	/**
	 * The token of {@code peerId} issued for {@code track}: the one to show edges. By
	 * default the token of {@link #token(String, String)}, for implementations whose
	 * tokens name no track (an edge refuses those: 401).
	 * @param track the track the listener plays, or {@code null} for a token for none
	 */
	default Mono<String> token(String peerId, String region, String track) {
		return token(peerId, region);
	}

}
